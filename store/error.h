#ifndef STORE_ERROR_H
#define STORE_ERROR_H

/* What a store error says to a person: the database file, what is wrong in
 * words, and what to do. Internal to store/; the SQL and SQLite's own text go
 * to err->detail only. */

#include "store/status.h"

/* The reason a STORE_ERR_FULL gives when the full thing is the process's
 * file-size limit, not the disk. */
#define STORE_WHY_FILE_SIZE_LIMIT "the file-size limit is reached"

/* Sets err->code and err->message for code on path. why, when not NULL,
 * adds the reason in words ("Permission denied", "a folder"); retry is what
 * the person should do again ("try again" when NULL, "answer again" while
 * answering). Leaves err->detail as it is. */
void store_error_explain(store_error *err, store_status code, const char *path, const char *why,
                         const char *retry);
/* Sets err->detail (for a debug log). */
void store_error_detail(store_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
