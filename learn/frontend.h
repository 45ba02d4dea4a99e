#ifndef LEARN_FRONTEND_H
#define LEARN_FRONTEND_H

/* The abstract front end through which scenarios (lua/) and quizzes (learn/)
 * talk to a person. tui/
 * implements it with curses; cli/ implements it headlessly from an answers
 * file. The scenario runtime never knows which. Every text is UTF-8. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    FE_OK = 0,
    FE_QUIT,    /* the person left; the scenario stops, what was answered is kept */
    FE_EOF,     /* the answers ran out (headless) */
    FE_BAD,     /* an answer could not be read (headless); message in the front end */
    FE_HINT,    /* the person asked for a hint ("?" headless, h in the app): ask again after */
    FE_TIMEOUT, /* a timed exam's clock ran out while the question was open */
} fe_status;

/* A block of simulator state to show: any of text, a table, a chart, a
 * timeline. */
typedef struct fe_view {
    const char *title;
    const char *text;  /* preformatted lines, or NULL */
    size_t rows, cols; /* a table: row 0 is the header; cells row-major */
    const char *const *cells;
    size_t npoints; /* a chart: one series of values */
    const double *points;
    const char *unit;
    size_t nevents;                /* a timeline, in the scenario's order: */
    const int64_t *event_ms;       /* when (simulated ms since the epoch), */
    const char *const *event_when; /* the same as a label ("2024-01-02 01:00:00  +1d 1h"), */
    const char *const *event_text; /* and what happened */
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

typedef enum { FE_SAY_NARRATIVE, FE_SAY_EXPLAIN, FE_SAY_NOTICE, FE_SAY_HINT } fe_say_style;

/* The end of a scenario: its score and every anti-pattern the learner hit. */
typedef struct fe_debrief {
    const char *title;
    double score, max_score;
    const fe_antipattern *antipatterns;
    size_t nantipatterns;
    bool completed; /* false when the learner left before the end */
} fe_debrief;

typedef struct frontend {
    void *ud;
    /* A strict front end (an answers file) fails on an unreadable answer; a
     * lenient one (a person) is asked again. */
    bool strict;
    void (*say)(void *ud, fe_say_style style, const char *text);
    /* Fills picked[0..n) (exactly one true unless multi). */
    fe_status (*choose)(void *ud, const char *prompt, const char *const *options, size_t n,
                        bool multi, bool *picked);
    /* Free text or a number; hint may be NULL. The answer is NUL-terminated. */
    fe_status (*input)(void *ud, const char *prompt, const char *hint, char *buf, size_t cap);
    void (*show)(void *ud, const fe_view *view);
    fe_status (*pause)(void *ud, const char *text);
    void (*feedback)(void *ud, const fe_feedback *fb);
    void (*debrief)(void *ud, const fe_debrief *d);
    /* Optional: called before each question with whether a hint exists (and
     * what it costs), so the front end can offer it. */
    void (*offer_hint)(void *ud, bool available, double cost);
} frontend;

#endif
