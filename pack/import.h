#ifndef PACK_IMPORT_H
#define PACK_IMPORT_H

/* Importers for the two plain-text question formats instructors already keep:
 * Moodle GIFT and Aiken. Each reader turns a file into a bdw question bank, the
 * JSON object that a pack's questions/NAME.json holds ({"questions": [...]}), or
 * refuses it with the file, line and column of the first thing it cannot read.
 *
 * Lines and columns are 1-based; a column counts characters (UTF-8 code
 * points), not bytes, as editors and jansson do. docs/import.md lists what each
 * format supports and what is refused. */

#include <jansson.h>
#include <stddef.h>

#include "pack/diag.h"

typedef enum { PACK_IMPORT_AUTO, PACK_IMPORT_GIFT, PACK_IMPORT_AIKEN } pack_import_format;

/* Question files larger than this are refused: a real bank is a few hundred
 * kilobytes, and the limit bounds the memory a hostile file can claim. */
#define PACK_IMPORT_MAX_BYTES ((size_t)8 << 20)
/* A file with more questions is refused: split it. It bounds the memory of
 * the bank (a few hundred bytes of text can make a thousand questions). */
#define PACK_IMPORT_MAX_QUESTIONS 10000
/* At most this many warnings are kept; a count of the rest is the last one. */
#define PACK_IMPORT_MAX_WARNINGS 200

/* Things that were imported but lost something on the way (per-answer feedback
 * that bdw cannot show for a numeric answer, partial-credit alternatives, a
 * question without an explanation). */
typedef struct pack_import_warnings {
    pack_diag *items;
    size_t count;
} pack_import_warnings;

/* Reads text (len bytes, need not be NUL-terminated) named `file` in messages;
 * on success returns a new question bank object; on error returns NULL and
 * fills diag with file, line, column and a message. Ids are
 * "<id_prefix>.<slug of the GIFT ::title::>" or "<id_prefix>.q001" by position
 * (no prefix and no dot when id_prefix is NULL or empty). PACK_IMPORT_AUTO
 * picks the format with pack_import_detect. */
json_t *pack_import_text(const char *text, size_t len, const char *file, pack_import_format fmt,
                         const char *id_prefix, pack_diag *diag);
/* The same on a file read from path (named path in messages): a regular
 * file, or a FIFO or pipe. When it cannot be read, diag has line 0, and
 * errno and diag->kind say why (pack/input.h): PACK_DIAG_NO_INPUT for a
 * missing file (ENOENT), a folder or device, or a read error;
 * PACK_DIAG_BAD_DATA for one over PACK_IMPORT_MAX_BYTES (EFBIG), as for every
 * problem in the text. */
json_t *pack_import_file(const char *path, pack_import_format fmt, const char *id_prefix,
                         pack_diag *diag);

/* The same two, also reporting warnings into *warnings (which may be NULL;
 * release with pack_import_warnings_free, also after an error). */
json_t *pack_import_text_ex(const char *text, size_t len, const char *file, pack_import_format fmt,
                            const char *id_prefix, pack_diag *diag, pack_import_warnings *warnings);
json_t *pack_import_file_ex(const char *path, pack_import_format fmt, const char *id_prefix,
                            pack_diag *diag, pack_import_warnings *warnings);
void pack_import_warnings_free(pack_import_warnings *warnings);

/* The format of a file: by extension first (.gift is GIFT, .aiken is Aiken),
 * otherwise (.txt and anything else) by content: Aiken when some line starts
 * with "ANSWER:" and no answer block "{" appears, else GIFT. Never AUTO. */
pack_import_format pack_import_detect(const char *file, const char *text, size_t len);
/* "gift", "aiken" or "auto". */
const char *pack_import_format_name(pack_import_format fmt);

#endif
