#ifndef PACK_IMPORT_PRIV_H
#define PACK_IMPORT_PRIV_H

/* What the GIFT and Aiken readers share: the checked text split into lines,
 * positions for messages, and the question objects they build. Not part of
 * the public API (pack/import.h). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pack/import.h"

/* One line of the text: offset and length in bytes, line break excluded. */
typedef struct imp_line {
    uint32_t off, len;
} imp_line;

typedef struct imp_doc {
    const char *text; /* the input after any byte-order mark */
    size_t len;
    const char *file;
    const char *prefix;
    imp_line *lines;
    size_t nlines;
    pack_diag *diag;
    pack_import_warnings *warn; /* may be NULL */
    size_t dropped_warnings;
    json_t *bank;      /* {"questions": [...]} being built */
    json_t *questions; /* borrowed from bank */
    json_t *ids;       /* the ids given so far, as keys of an object */
    json_t *suffixes;  /* per clashing id: the next -N suffix to try */
    size_t ordinal;    /* questions begun so far */
} imp_doc;

/* A growable string. */
typedef struct imp_buf {
    char *s;
    size_t len, cap;
} imp_buf;

bool imp_buf_add(imp_buf *b, const char *s, size_t n);
/* Takes the string out of the buffer (never NULL on success). */
char *imp_buf_take(imp_buf *b);
void imp_buf_free(imp_buf *b);

/* Line index (0-based) holding absolute offset off, and its 1-based column. */
size_t imp_line_of(const imp_doc *d, size_t off);
int imp_column(const imp_doc *d, size_t line, size_t off);

/* Fill d->diag at a line index and absolute offset; return false so that a
 * reader can write `return imp_fail(...)`. */
bool imp_fail(imp_doc *d, size_t line, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void imp_warn(imp_doc *d, size_t line, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
bool imp_oom(imp_doc *d);

bool imp_is_space(char c);
/* Trims ASCII whitespace from both ends of [*a, *b). */
void imp_trim(const char *s, size_t *a, size_t *b);

/* Starts the question found at line index `line`: gives it an id (from
 * title when it has one) and sets prompt and type. Returns NULL (diag filled)
 * past PACK_IMPORT_MAX_QUESTIONS or when out of memory. */
json_t *imp_question_begin(imp_doc *d, const char *title, const char *prompt, const char *type,
                           size_t line);
/* Adds explanation and topic (each left out when NULL or empty) and source,
 * then appends q to the bank (taking it). */
bool imp_question_end(imp_doc *d, json_t *q, const char *explanation, const char *topic,
                      size_t line);
/* A choice object: text, correct, weight (when not 0) and why (when set). */
json_t *imp_choice(const char *text, bool correct, double weight, const char *why);
/* A whole number as an integer, anything else as a real. */
json_t *imp_number(double v);
/* Parses a decimal number (digits, sign, point, exponent) whatever the
 * process locale; false when s is not exactly one finite number. */
bool imp_parse_number(const char *s, size_t n, double *out);

/* Plain text for terminal display from text marked [html] (import_html.c). */
char *imp_html_to_text(const char *s);

bool imp_gift_read(imp_doc *d);
bool imp_aiken_read(imp_doc *d);

#endif
