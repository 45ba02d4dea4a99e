#ifndef PACK_JSONPOS_H
#define PACK_JSONPOS_H

#include <stddef.h>

/* jansson reports positions only for syntax errors. To point an instructor at
 * the exact value a schema check refused, we walk the raw text once more and
 * find where a path such as questions[3].choices starts.
 *
 * A path is a sequence of steps: a key (string) or an index (key == NULL). */
typedef struct pack_jpath_step {
    const char *key;
    size_t index;
} pack_jpath_step;

/* Finds the 1-based line and column where the value at `path` starts in
 * `text`. Returns 0 on success; on failure (path not found, text not JSON)
 * sets line and column to those of the deepest step found, or 0. */
int pack_json_locate(const char *text, size_t len, const pack_jpath_step *path, size_t depth,
                     int *line, int *column);

#endif
