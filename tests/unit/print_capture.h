#ifndef TESTS_PRINT_CAPTURE_H
#define TESTS_PRINT_CAPTURE_H

/* What a sandboxed chunk printed, for tests that run chunks in the real
 * host: give `capture` as lhost_config.print and a `captured` as print_ud. */
#include <stddef.h>
#include <string.h>

typedef struct captured {
    char text[8192];
    size_t len;
} captured;

static inline void capture(void *ud, const char *text, size_t len)
{
    captured *c = ud;
    if (c->len + len < sizeof c->text) {
        memcpy(c->text + c->len, text, len);
        c->len += len;
        c->text[c->len] = '\0';
    }
}

#endif
