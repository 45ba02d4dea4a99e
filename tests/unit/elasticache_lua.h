#ifndef TESTS_ELASTICACHE_LUA_H
#define TESTS_ELASTICACHE_LUA_H

/* Shared by the aws.elasticache binding tests, which run Lua chunks in the
 * real sandbox host: `run(chunk)` fails the test when the chunk raises or
 * does not print "done". PRELUDE gives a chunk `E = aws.elasticache` and
 * two checks:
 *  - raises(pattern, f, ...): f(...) raised an error containing pattern;
 *  - refused(code, pattern, v, err): a call returned nil and an error table
 *    with that code and a message containing pattern.
 * Include after <cmocka.h>. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lua/host.h"
#include "print_capture.h"

/* Runs chunk in a fresh host seeded with `seed`; fails the test with the
 * script's message when it raises. */
static inline void run_seeded(const char *chunk, uint64_t seed, captured *out)
{
    lhost_config cfg = {.seed = seed, .print = capture, .print_ud = out};
    lhost *h = lhost_new(&cfg);
    assert_non_null(h);
    lhost_error err;
    bool ok = lhost_run(h, chunk, strlen(chunk), "elasticache.lua", &err);
    lhost_free(h);
    if (!ok) fail_msg("%s", err.message);
}

static inline void run(const char *chunk)
{
    captured out = {0};
    run_seeded(chunk, 1, &out);
    assert_non_null(strstr(out.text, "done"));
}

#define PRELUDE                                                                                    \
    "local E = aws.elasticache\n"                                                                  \
    "local function raises(pattern, f, ...)\n"                                                     \
    "  local ok, e = pcall(f, ...)\n"                                                              \
    "  assert(not ok, 'expected an error matching ' .. pattern)\n"                                 \
    "  assert(tostring(e):find(pattern, 1, true), tostring(e))\n"                                  \
    "end\n"                                                                                        \
    "local function refused(code, pattern, v, e)\n"                                                \
    "  assert(v == nil and type(e) == 'table', 'expected nil, err; got ' .. tostring(v))\n"        \
    "  assert(e.code == code, e.code .. ': ' .. e.message)\n"                                      \
    "  assert(e.message:find(pattern, 1, true), e.message)\n"                                      \
    "end\n"

#endif
