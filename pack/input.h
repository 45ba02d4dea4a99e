#ifndef PACK_INPUT_H
#define PACK_INPUT_H

/* Reading an outside file whole, safely: only a regular file (a FIFO would
 * block the reader, a folder or a device is not a document) unless pipes are
 * allowed on purpose, and never more than a limit. Every reader of pack
 * files, question banks, catalogs, imports and exports goes through here. */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "pack/diag.h"

enum {
    PACK_INPUT_REGULAR = 0,    /* a regular file only */
    PACK_INPUT_PIPES = 1 << 0, /* also a FIFO or pipe named on purpose (`<(...)`) */
};

/* Reads all of path (at most limit bytes) into a NUL-terminated buffer the
 * caller frees. On failure fills d (named display, line 0) and errno:
 * missing (ENOENT, and *missing when not NULL), not a regular file (EISDIR
 * for a folder, EINVAL otherwise), cannot be opened or read: d->kind is
 * PACK_DIAG_NO_INPUT; larger than limit (EFBIG): PACK_DIAG_BAD_DATA. */
bool pack_input_read(const char *path, const char *display, size_t limit, unsigned flags,
                     char **out, size_t *len, pack_diag *d, bool *missing);

/* "a folder", "a FIFO", "a character device", ... for a file type that is
 * not a regular file. */
const char *pack_input_kind(mode_t mode);

#endif
