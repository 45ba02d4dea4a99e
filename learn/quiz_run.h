#ifndef LEARN_QUIZ_RUN_H
#define LEARN_QUIZ_RUN_H

/* Runs a quiz against a front end: draws, asks, grades, hands every answer
 * to a hook (the caller stores it), and only when the hook succeeded tells
 * the learner how it scored, before the next question. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "learn/frontend.h"
#include "learn/quiz.h"
#include "pack/catalog.h"

typedef enum { QUIZ_PRACTICE, QUIZ_EXAM, QUIZ_REVIEW } quiz_mode;

typedef struct quiz_answer {
    int n; /* 1-based position in the quiz */
    const question *q;
    const char *answer; /* canonical, replayable */
    const quiz_grade *grade;
} quiz_answer;

typedef enum {
    QUIZ_COMPLETED,
    QUIZ_QUIT,
    QUIZ_OUT_OF_ANSWERS,
    QUIZ_BAD_ANSWER,
    QUIZ_HOOK_FAILED,
    QUIZ_TIME_UP, /* a timed exam ran out of time: what was not answered is wrong */
} quiz_status;

struct quiz_result;

typedef struct quiz_config {
    const question_bank *bank;
    size_t count;
    uint64_t seed;
    quiz_mode mode; /* exam: no feedback until the end */
    const frontend *fe;
    const catalog *catalog;
    /* Called for every graded answer before its feedback; false stops the
     * quiz (QUIZ_HOOK_FAILED) with no feedback for that answer. */
    bool (*on_answer)(void *ud, const quiz_answer *a);
    /* Optional: called when the quiz ended (completed, or time up), before
     * the debrief; false makes it QUIZ_HOOK_FAILED with no debrief. */
    bool (*on_end)(void *ud, const struct quiz_result *r);
    void *ud;
    const char *title;
    /* When set, these bank indices are asked in this order instead of a draw
     * (review quizzes). */
    const size_t *order;
    size_t norder;
    /* A timed exam: no new question is asked after time_limit_ms from the
     * start; now() reads the real clock (injected for tests). */
    int64_t time_limit_ms;
    int64_t (*now)(void *ud);
    void *now_ud;
} quiz_config;

typedef struct quiz_result {
    quiz_status status;
    size_t asked, answered, correct;
    size_t drawn; /* questions in the quiz, asked or not */
    double score;
    char error[512];
} quiz_result;

quiz_status quiz_run(const quiz_config *cfg, quiz_result *out);
const char *quiz_status_name(quiz_status s);
const char *quiz_mode_name(quiz_mode m);

#endif
