#ifndef PACK_TEMPLATE_H
#define PACK_TEMPLATE_H

#include <stdbool.h>

#include "pack/diag.h"

/* Writes a new pack into dir (created; must not exist or be empty): a
 * manifest, one scenario, a few questions, one catalog entry and a README for
 * the author. The pack lints clean and plays. id must satisfy pack_id_valid. */
bool pack_write_new(const char *dir, const char *id, pack_diag *d);

#endif
