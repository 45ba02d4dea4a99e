#ifndef LUA_SCENARIO_H
#define LUA_SCENARIO_H

/* The scenario runtime: loads a scenario file in a fresh sandbox, runs it
 * against a front end, scores every step, and reports each answered step
 * through a hook so the caller can store it before the next one is asked. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "learn/frontend.h"
#include "lua/host.h"
#include "pack/catalog.h"

typedef struct scn_meta {
    char id[128];
    char title[256];
    char summary[1024];
    char domain[64];
    char topics[512];   /* course topics, comma-separated */
    char concepts[512]; /* finer concepts the scenario exercises, comma-separated */
    int difficulty;     /* 1 (intro) to 3 (exam-hard); 0 when not given */
    int minutes;
} scn_meta;

typedef struct scn_step {
    int n;            /* 1-based, counting every recorded step */
    const char *kind; /* "choose", "choose_many", "number", "input", "hit", "award" */
    const char *id;   /* the author's step id, or "step-N" */
    const char *prompt;
    const char *answer; /* replayable form; "" for hit/award */
    fe_verdict verdict;
    double points, max_points;
    const char *antipatterns; /* comma-separated ids */
    bool replayed;            /* re-run from stored answers while resuming */
    bool auto_id;             /* id was made up ("step-N"), not given by the author */
    const char *file;         /* where the scenario asked: "pack/scenarios/x.lua" */
    int line;
} scn_step;

typedef enum {
    SCN_COMPLETED,
    SCN_QUIT,
    SCN_OUT_OF_ANSWERS,
    SCN_BAD_ANSWER,
    SCN_SCRIPT_ERROR,
    SCN_HOOK_FAILED,
} scn_status;

struct scn_result;

typedef struct scn_config {
    uint64_t seed;
    const frontend *fe;
    const catalog *catalog; /* for anti-pattern feedback; may be NULL */
    /* Called after each step; returning false stops the scenario. */
    bool (*on_step)(void *ud, const scn_step *step);
    /* Optional: called when run() has ended, before the debrief; false makes
     * the status SCN_HOOK_FAILED and shows no debrief. */
    bool (*on_end)(void *ud, const struct scn_result *r);
    void *ud;
    void (*print)(void *ud, const char *text, size_t len); /* the script's print() */
    void *print_ud;
    /* Answers to replay silently before the front end is asked (resume). */
    const char *const *replay;
    size_t nreplay;
    /* How many steps the store already holds for this attempt: those are
     * re-run while replaying but not reported as new. */
    int stored_steps;
    /* Seconds the script may run, front-end waits left out (0: the host's
     * default); lint's exploration gives each run what is left of its time. */
    double time_limit;
} scn_config;

typedef struct scn_result {
    scn_meta meta;
    scn_status status;
    double score, max_score;
    int steps;
    char **antipatterns; /* unique ids hit, in order */
    size_t nantipatterns;
    lhost_error error;  /* for SCN_SCRIPT_ERROR, SCN_BAD_ANSWER, SCN_HOOK_FAILED */
    uint64_t work;      /* of the run's budget, in instructions' worth */
    size_t memory_peak; /* bytes, Lua and simulators together */
} scn_result;

/* Reads a scenario's metadata without running it. */
bool scn_read_meta(const char *path, const char *display, scn_meta *meta, lhost_error *err);
/* Runs a scenario to its end (or until the person leaves). */
scn_status scn_play(const char *path, const char *display, const scn_config *cfg, scn_result *out);
void scn_result_free(scn_result *r);
const char *scn_status_name(scn_status s);
const char *scn_verdict_name(fe_verdict v);

#endif
