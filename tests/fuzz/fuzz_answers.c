/* Fuzz target: answers-file lines, read as choices, numbers and text, and
 * graded against questions of every type. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "learn/answer.h"
#include "learn/quiz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = malloc(size + 1);
    if (!line) return 0;
    memcpy(line, data, size);
    line[size] = '\0';
    bool picked[26];
    char why[256], canon[256];
    for (size_t n = 1; n <= 26; n += 5) {
        if (answer_parse_choice(line, n, true, picked, why, sizeof why))
            answer_format_choice(picked, n, canon, sizeof canon);
        answer_parse_choice(line, n, false, picked, why, sizeof why);
    }
    double v;
    answer_parse_number(line, &v);
    question_choice ch[3] = {
        {"a", true, NULL, NULL}, {"b", false, NULL, NULL}, {"c", true, NULL, NULL}};
    char *accepted[] = {"Parquet"};
    question qs[] = {
        {.id = "s", .type = QUESTION_SINGLE, .choices = ch, .nchoices = 3},
        {.id = "m", .type = QUESTION_MULTIPLE, .choices = ch, .nchoices = 3},
        {.id = "n", .type = QUESTION_NUMERIC, .answer = 4, .tolerance = 0.5},
        {.id = "t", .type = QUESTION_TEXT, .answers = accepted, .nanswers = 1},
    };
    ch[2].correct = false;
    qs[0].choices = ch;
    for (size_t i = 0; i < 4; i++) {
        quiz_grade g;
        quiz_grade_answer(&qs[i], line, &g, why, sizeof why);
    }
    free(line);
    return 0;
}
