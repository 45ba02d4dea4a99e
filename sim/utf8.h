#ifndef SIM_UTF8_H
#define SIM_UTF8_H

/* Strict UTF-8 checks, for every layer that takes text from outside: no
 * overlong forms, no surrogates, nothing above U+10FFFF. */

#include <stdbool.h>
#include <stddef.h>

/* The length of the valid sequence at s (n bytes available), or 0. */
size_t sim_utf8_seq(const unsigned char *s, size_t n);
/* True when s[0..n) is valid UTF-8; otherwise *bad (if given) is the byte
 * offset of the first invalid sequence. */
bool sim_utf8_valid(const char *s, size_t n, size_t *bad);
/* The column (1-based, in characters) of byte offset `at` in s. */
size_t sim_utf8_column(const char *s, size_t at);

#endif
