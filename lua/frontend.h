#ifndef LUA_FRONTEND_H
#define LUA_FRONTEND_H

/* The abstract front end through which a scenario talks to a person. tui/
 * implements it with curses; cli/ implements it headlessly from an answers
 * file. The scenario runtime never knows which. Every text is UTF-8. */

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    FE_OK = 0,
    FE_QUIT, /* the person left; the scenario stops, what was answered is kept */
    FE_EOF,  /* the answers ran out (headless) */
    FE_BAD,  /* an answer could not be read (headless); message in the front end */
} fe_status;

/* A block of simulator state to show: any of text, a table, a chart. */
typedef struct fe_view {
    const char *title;
    const char *text;         /* preformatted lines, or NULL */
    size_t rows, cols;        /* a table: row 0 is the header; cells row-major */
    const char *const *cells;
    size_t npoints;           /* a chart: one series of values */
    const double *points;
    const char *unit;
} fe_view;

/* What the learner is told after a scored step. */
typedef struct fe_antipattern {
    const char *id;
    const char *title;
    const char *why;
    const char *instead;
} fe_antipattern;

typedef enum { FE_WRONG, FE_PARTIAL, FE_CORRECT, FE_UNSCORED } fe_verdict;

typedef struct fe_feedback {
    fe_verdict verdict;
    double points, max_points;
    const char *explanation; /* may be NULL */
    const fe_antipattern *antipatterns;
    size_t nantipatterns;
} fe_feedback;

typedef struct frontend {
    void *ud;
    void (*say)(void *ud, const char *text);
    /* Fills picked[0..n) (exactly one true unless multi). */
    fe_status (*choose)(void *ud, const char *prompt, const char *const *options, size_t n,
                        bool multi, bool *picked);
    /* Free text or a number; hint may be NULL. The answer is NUL-terminated. */
    fe_status (*input)(void *ud, const char *prompt, const char *hint, char *buf, size_t cap);
    void (*show)(void *ud, const fe_view *view);
    fe_status (*pause)(void *ud, const char *text);
    void (*feedback)(void *ud, const fe_feedback *fb);
} frontend;

#endif
