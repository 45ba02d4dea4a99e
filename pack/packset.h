#ifndef PACK_PACKSET_H
#define PACK_PACKSET_H

/* All packs a learner can reach: the search path (bundled, then
 * $XDG_DATA_HOME/bdw/packs, then every --packs DIR), each folder either a
 * pack itself or a folder of packs. A pack whose id repeats one found earlier
 * replaces it, so a teacher's --packs copy wins over the bundled one. A broken
 * pack is skipped with a warning rather than stopping the app. */

#include <stdbool.h>
#include <stddef.h>

#include "pack/catalog.h"
#include "pack/pack.h"

typedef struct pack_set {
    pack **packs;
    size_t count;
    catalog catalog; /* every pack's anti-patterns together */
    pack_diag *warnings;
    size_t nwarnings;
} pack_set;

/* bdw_version: a pack whose "bdw" asks for a newer one is skipped with a
 * warning (NULL: no check). */
pack_set *pack_set_open(const char *const *dirs, size_t ndirs, const char *bdw_version);
void pack_set_free(pack_set *s);
const pack *pack_set_find(const pack_set *s, const char *id_or_folder);

/* The user's pack folder: $XDG_DATA_HOME/bdw/packs, or ~/.local/share/bdw/packs;
 * a relative XDG_DATA_HOME is ignored, as the XDG spec says. Returns a new
 * string or NULL when neither is usable. */
char *pack_user_dir(void);

#endif
