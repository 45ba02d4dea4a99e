#ifndef LEARN_QUIZ_H
#define LEARN_QUIZ_H

/* The quiz engine: draws questions from a bank and grades answers. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pack/question.h"

/* Draws up to count distinct questions (all when count is 0 or larger than
 * the bank), in a seeded order. Fills order[0..*drawn) with bank indices. */
bool quiz_draw(const question_bank *bank, size_t count, uint64_t seed, size_t *order,
               size_t *drawn);

/* Draws count questions in the proportions of a blueprint's domains (largest
 * remainder rounding), seeded; short domains are made up from the others. */
bool quiz_draw_blueprint(const question_bank *bank, const char *const *domains,
                         const double *weights, size_t ndomains, size_t count, uint64_t seed,
                         size_t *order, size_t *drawn);

typedef enum { GRADE_WRONG, GRADE_PARTIAL, GRADE_CORRECT } quiz_verdict;

typedef struct quiz_grade {
    quiz_verdict verdict;
    double points;       /* out of 1 */
    char canonical[256]; /* the answer in replayable form */
} quiz_grade;

/* Grades an answer string. Returns false when the answer cannot be read (a
 * letter that names no choice, text for a number); why says what is wrong. */
bool quiz_grade_answer(const question *q, const char *answer, quiz_grade *g, char *why,
                       size_t why_cap);

const char *quiz_verdict_name(quiz_verdict v);

#endif
