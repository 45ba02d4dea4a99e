#ifndef PACK_IMPORT_GIFT_PRIV_H
#define PACK_IMPORT_GIFT_PRIV_H

/* Shared by the two halves of the GIFT reader: import_gift.c (blocks,
 * titles, categories, text and escapes) and import_gift_answers.c (what is
 * between the braces). */

#include "pack/import_priv.h"

#define NPOS ((size_t)-1)
/* bdw's single and multiple questions hold 2 to 26 choices (pack/question.c). */
#define GIFT_MAX_CHOICES 26

/* One question's text with its comment lines left out, and where each kept
 * line came from, so that a position in it can be named in the file. */
typedef struct gblock {
    imp_buf text;
    size_t *seg_at;   /* offset in text where each kept line starts */
    size_t *seg_line; /* the index of that line in the file */
    size_t nseg, capseg;
} gblock;

typedef struct gift {
    imp_doc *d;
    gblock b;
    char *topic; /* from the last $CATEGORY: line */
    int fmt;     /* the text format of the question being read */
} gift;

enum { GIFT_MOODLE, GIFT_HTML, GIFT_PLAIN, GIFT_MARKDOWN };

/* Fail or warn at offset p of the current block. */
bool gift_fail(gift *g, size_t p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void gift_warn(gift *g, size_t p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The first unescaped character of set in [a, b), or NPOS. */
size_t gift_find(const char *s, size_t a, size_t b, const char *set);
/* The first (or last) unescaped occurrence of needle in [a, b), or NPOS. */
size_t gift_find_str(const char *s, size_t a, size_t b, const char *needle, bool last);
/* [a, b) of the block as a reader sees it: escapes resolved, format marker
 * dropped, HTML made plain; in the current question's format. */
char *gift_text(gift *g, size_t a, size_t b);
/* Reads the answer block between open '{' and close '}' into q; sets
 * *explanation to the general feedback (####) when there is one. */
bool gift_read_answers(gift *g, json_t *q, size_t open, size_t close, char **explanation);

#endif
