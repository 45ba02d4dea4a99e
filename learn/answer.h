#ifndef LEARN_ANSWER_H
#define LEARN_ANSWER_H

/* Answers as people and answers files write them: a choice number (1-based)
 * or letter, several joined with '+' for multiple response ("2", "b",
 * "1+3", "A+C"), or a number, or text. */

#include <stdbool.h>
#include <stddef.h>

/* Parses a choice answer for n options into picked[0..n). For a single
 * choice exactly one must be named. On failure writes a reason into why. */
bool answer_parse_choice(const char *text, size_t n, bool multi, bool *picked, char *why,
                         size_t why_cap);
/* The canonical form of picked: "2" or "1+3" (1-based numbers). */
void answer_format_choice(const bool *picked, size_t n, char *buf, size_t cap);
/* Parses a number: "4", "4.5", "1e3", "4 shards" (trailing words ignored). */
bool answer_parse_number(const char *text, double *out);
/* Trims white space at both ends into buf. */
void answer_trim(const char *text, char *buf, size_t cap);

#endif
