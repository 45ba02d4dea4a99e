#ifndef LEARN_REVIEW_H
#define LEARN_REVIEW_H

/* The review queue's schedule, and what a review quiz asks. Every graded
 * question and scored scenario step updates its item: a miss is due again at
 * once, a success pushes it further out. This is a simple expanding-interval
 * schedule (Leitner-like), kept behind this interface so a fuller scheduler
 * (FSRS) can replace it without touching the callers. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pack/question.h"

typedef enum { REVIEW_WRONG, REVIEW_PARTIAL, REVIEW_CORRECT } review_grade;

typedef struct review_state {
    int64_t due_at; /* ms since the epoch */
    double interval_days;
    int reps, lapses;
} review_state;

#define REVIEW_FIRST_INTERVAL_DAYS 1.0
#define REVIEW_EASY_FIRST_INTERVAL_DAYS 4.0
#define REVIEW_GROWTH 2.5

/* Updates st for a new grade at `now`; is_new when the item had no state. */
void review_update(review_state *st, bool is_new, review_grade g, int64_t now);

/* An item due for review, as the store lists it. */
typedef struct review_due {
    const char *item_id;
    const char *kind;  /* "question" or "step" */
    const char *topic; /* comma-separated */
} review_due;

/* Chooses up to count questions for a review quiz: first the due questions
 * themselves, then questions on the topics of due scenario steps. Fills
 * order with bank indices; returns how many. */
size_t review_pick(const question_bank *bank, const review_due *due, size_t ndue, size_t count,
                   size_t *order);

#endif
