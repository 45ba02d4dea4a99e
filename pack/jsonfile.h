#ifndef PACK_JSONFILE_H
#define PACK_JSONFILE_H

/* A JSON file read whole, parsed with jansson, with its text kept so that a
 * schema error can name the line and column of the value it refuses. */

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "pack/diag.h"
#include "pack/jsonpos.h"

#define PACK_JSON_FILE_LIMIT ((size_t)16 << 20)

typedef struct pack_jfile {
    char *display; /* the name used in messages, e.g. "core/pack.json" */
    char *text;
    size_t len;
    json_t *root;
} pack_jfile;

/* Reads a whole regular file (at most PACK_JSON_FILE_LIMIT bytes) into a
 * NUL-terminated buffer the caller frees (pack/input.h says how it fails). */
bool pack_read_file(const char *path, const char *display, char **out, size_t *len, pack_diag *d,
                    bool *missing);
/* Reads and parses; a missing file sets *missing (when not NULL). */
bool pack_jfile_load(pack_jfile *f, const char *path, const char *display, pack_diag *d,
                     bool *missing);
bool pack_jfile_parse(pack_jfile *f, const char *text, size_t len, const char *display,
                      pack_diag *d);
void pack_jfile_free(pack_jfile *f);
/* Fills d with the position of the value at path and the message. */
void pack_jfile_fail(const pack_jfile *f, pack_diag *d, const pack_jpath_step *path, size_t depth,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
