#ifndef PACK_QUESTION_H
#define PACK_QUESTION_H

/* Exam-style questions as a pack's questions/NAME.json holds them. */

#include <stdbool.h>
#include <stddef.h>

#include "pack/diag.h"

typedef enum {
    QUESTION_SINGLE,
    QUESTION_MULTIPLE,
    QUESTION_TRUEFALSE,
    QUESTION_NUMERIC,
    QUESTION_TEXT,
} question_type;

typedef struct question_choice {
    char *text;
    bool correct;
    char *why;         /* feedback for this choice, may be NULL */
    char *antipattern; /* an anti-pattern id this choice embodies, may be NULL */
} question_choice;

typedef struct question {
    char *id;
    char *prompt;
    question_type type;
    question_choice *choices;
    size_t nchoices;
    double answer, tolerance; /* numeric */
    char **answers;           /* text: accepted answers, compared case-insensitively */
    size_t nanswers;
    char *explanation;
    char *topic;
    char *domain;
    char *file; /* where it was defined, for messages */
    int line;
    char hash[17];   /* fingerprint of what the learner sees and what is right */
    bool keep_order; /* "shuffle": false -- choices such as "All of the above" */
} question;

typedef struct question_bank {
    question *items;
    size_t count;
} question_bank;

const char *question_type_name(question_type t);

/* Appends the questions of a bank file to bank. `display` names the file in
 * messages. On a problem, fills d (file:line:column) and returns false; the
 * bank keeps what it had before the call. */
bool question_bank_load(question_bank *bank, const char *path, const char *display, pack_diag *d);
/* The same from text in memory (used by tests and the fuzzers). */
bool question_bank_parse(question_bank *bank, const char *text, size_t len, const char *display,
                         pack_diag *d);
void question_bank_free(question_bank *bank);
const question *question_bank_find(const question_bank *bank, const char *id);

#endif
