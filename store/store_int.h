#ifndef STORE_STORE_INT_H
#define STORE_STORE_INT_H

/* What store/open.c (finding, checking, opening, migrating the file) and
 * store/store.c (the records) share. Internal to store/. */

#include <stdbool.h>

#include "store/db.h"

struct store {
    db *d;
    bool read_only; /* opened with store_open_readonly: every write is refused */
};

#endif
