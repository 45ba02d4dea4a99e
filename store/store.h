#ifndef STORE_STORE_H
#define STORE_STORE_H

/* The progress store: who answered what, when, and how it scored. SQLite in
 * WAL mode with synchronous=FULL; every write in its own BEGIN IMMEDIATE, so an
 * answer is on disk before the next question is shown. */

#include <stdbool.h>
#include <stdint.h>

#include "store/status.h"

typedef struct store store;

/* The schema version this bdw writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 2

/* $XDG_DATA_HOME/bdw/progress.db or ~/.local/share/bdw/progress.db (a
 * relative XDG_DATA_HOME is ignored, as the XDG spec says). NULL when HOME is
 * unset too. The caller frees. */
char *store_default_path(void);

/* For commands that write: opens (creating the file and its folder), checks,
 * and migrates. A file or folder that cannot be written is refused
 * (STORE_ERR_READONLY) before SQLite touches it; so is a path that is not a
 * regular file (STORE_ERR_NOTFILE). */
store *store_open(const char *path, store_error *err);
/* Opens an existing database with SQLITE_OPEN_READONLY: no migration, no
 * PRAGMA that writes, no -wal or -shm made beside it unless a -wal with
 * answers is already there (then SQLite reads it through a -shm it must find
 * or make). A missing or empty file is STORE_ERR_NOTFOUND; a schema older than
 * this bdw's is STORE_ERR_OLDER (it needs one write to upgrade); newer is
 * STORE_ERR_NEWER. */
store *store_open_readonly(const char *path, store_error *err);
/* For commands that only read (progress, export): the database as
 * store_open gives it when it and its folder can be written (a missing one
 * is created, as a write would), else read-only. NULL with STORE_ERR_NOTFOUND
 * means nothing has been stored yet (no file, and none can be made). */
store *store_open_read(const char *path, store_error *err);
void store_close(store *s);
bool store_is_read_only(const store *s);
int store_schema_version(store *s);

/* A sitting: one run of bdw by one learner. */
int64_t store_session_begin(store *s, const char *learner, const char *client, store_error *err);
bool store_session_end(store *s, int64_t session, store_error *err);

typedef struct store_attempt {
    int64_t id;
    int64_t session;
    const char *kind; /* "scenario" or "quiz" */
    const char *pack_id;
    const char *pack_version;
    const char *item_id; /* scenario id, or quiz name */
    const char *title;
    int64_t seed;
    const char *mode;   /* quiz: "practice" | "exam"; scenario: NULL */
    const char *status; /* "open", "completed", "quit", "failed" */
    double score, max_score;
    int64_t started_at, finished_at; /* ms since the epoch; 0 when not finished */
    int64_t answers;
    const char *content_hash; /* the scenario file's fingerprint when played */
    const char *learner;      /* read back only */
} store_attempt;

int64_t store_attempt_begin(store *s, const store_attempt *a, store_error *err);
bool store_attempt_finish(store *s, int64_t attempt, const char *status, double score,
                          double max_score, store_error *err);

typedef struct store_answer {
    int64_t attempt;
    int step;            /* 1-based within the attempt */
    const char *item_id; /* the step or question id */
    const char *kind;    /* "choose", "number", "input", "question", ... */
    const char *prompt;
    const char *answer;  /* as the learner gave it, replayable */
    const char *verdict; /* "correct", "partial", "wrong", "unscored" */
    double points, max_points;
    const char *antipatterns; /* comma-separated ids, or "" */
    int64_t answered_at;
    const char *content_hash; /* a question's fingerprint, or "" */
    const char *topic;        /* the question's topic, or the scenario's topics */
} store_answer;

bool store_answer_add(store *s, const store_answer *a, store_error *err);

/* Visits attempts (newest first) and answers (in order). Return false from
 * the callback to stop. */
typedef bool (*store_attempt_cb)(void *ud, const store_attempt *a);
typedef bool (*store_answer_cb)(void *ud, const store_answer *a);
bool store_each_attempt(store *s, store_attempt_cb cb, void *ud, store_error *err);
bool store_each_answer(store *s, int64_t attempt, store_answer_cb cb, void *ud, store_error *err);

/* The newest attempt still open for this item, for resuming; 0 when none. */
int64_t store_open_attempt(store *s, const char *kind, const char *pack_id, const char *item_id,
                           store_attempt_cb cb, void *ud, store_error *err);

/* The review queue: one row per item a learner has been graded on. The
 * schedule itself is learn/review.c's; the store only keeps it. */
typedef struct store_review {
    const char *pack_id;
    const char *item_id;
    const char *kind;  /* "question" or "step" */
    const char *topic; /* comma-separated topics, for drills */
    int64_t due_at;    /* ms since the epoch */
    double interval_days;
    int reps, lapses;
    const char *last_verdict;
} store_review;

typedef bool (*store_review_cb)(void *ud, const store_review *r);

/* Reads one item's review row; *found is false when it has none. The row's
 * strings live until the callback returns. */
bool store_review_get(store *s, const char *learner, const char *pack_id, const char *item_id,
                      store_review_cb cb, void *ud, bool *found, store_error *err);
bool store_review_put(store *s, const char *learner, const store_review *r, store_error *err);
/* Items due at or before `now` (all items when now is INT64_MAX), most
 * overdue first. */
bool store_each_review(store *s, const char *learner, int64_t now, store_review_cb cb, void *ud,
                       store_error *err);

/* Milliseconds since the epoch, from the real clock: progress is about
 * real time, unlike the simulators. */
int64_t store_now_ms(void);

#endif
