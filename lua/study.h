#ifndef LUA_STUDY_H
#define LUA_STUDY_H

/* One study activity, stored as it goes: playing a scenario or taking a
 * quiz. This is the composition that the terminal app and the headless CLI
 * share, so that both store the same things the same way: every answer before
 * the next question, the review queue, content fingerprints, resume. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "learn/frontend.h"
#include "learn/quiz_run.h"
#include "lua/scenario.h"
#include "pack/pack.h"
#include "store/store.h"

typedef struct study {
    store *db;
    int64_t session;
    const char *learner;
    const catalog *catalog;
} study;

/* An attempt the learner left before the end. */
typedef struct study_open {
    int64_t attempt; /* 0 when there is none */
    uint64_t seed;
    size_t answers; /* answers to replay */
    double score, max_score;
} study_open;

bool study_find_open(const study *s, const pack *p, const scn_meta *meta, study_open *out,
                     store_error *err);
/* Closes an open attempt as "quit" with the points it had, so it is no
 * longer offered for resuming. */
bool study_abandon(const study *s, const study_open *o, store_error *err);

typedef struct study_play_opts {
    uint64_t seed;            /* for a new attempt */
    const study_open *resume; /* resume this attempt instead (NULL: a new one) */
    const frontend *fe;
    void (*print)(void *ud, const char *text, size_t len);
    void *print_ud;
    /* Called for every new step after it is stored (for a JSON transcript). */
    void (*observe)(void *ud, const scn_step *step);
    void *observe_ud;
} study_play_opts;

typedef struct study_play_result {
    scn_result scn;
    scn_status status;
    int64_t attempt;
    uint64_t seed;
    size_t replayed; /* answers replayed from the store */
    store_error err; /* for SCN_HOOK_FAILED, and when the attempt cannot start */
    bool started;    /* false when the attempt could not be stored at all */
} study_play_result;

scn_status study_play(const study *s, const pack *p, const pack_file *f, const scn_meta *meta,
                      const study_play_opts *o, study_play_result *r);
void study_play_result_free(study_play_result *r);

typedef struct study_quiz_opts {
    size_t count;
    uint64_t seed;
    quiz_mode mode;
    const frontend *fe;
    const char *title;
    const pack_blueprint *blueprint; /* draw by its domains (NULL: a plain draw) */
    int64_t time_limit_ms;           /* a timed exam (0: untimed) */
    void (*observe)(void *ud, const quiz_answer *a);
    void *observe_ud;
} study_quiz_opts;

typedef struct study_quiz_result {
    quiz_result quiz;
    quiz_status status;
    int64_t attempt;
    size_t review_due; /* review mode: how many questions were due */
    store_error err;
    bool started;
} study_quiz_result;

quiz_status study_quiz(const study *s, const pack *p, const question_bank *bank,
                       const study_quiz_opts *o, study_quiz_result *r);
/* How many questions a review quiz of up to `count` would ask now (0 when
 * nothing is due, or on a store error, in err). */
size_t study_review_count(const study *s, const pack *p, const question_bank *bank, size_t count,
                          store_error *err);

/* Records a graded item in the review queue (the schedule is learn/'s). */
bool study_review_record(const study *s, const char *pack_id, const char *item_id, const char *kind,
                         const char *topic, quiz_verdict grade, store_error *err);

#endif
