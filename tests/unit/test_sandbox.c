/* The Lua sandbox: every escape in testing.md is refused or stopped, and the
 * host survives to run the next chunk. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lua/host.h"
#include "print_capture.h"

static lhost *new_host(captured *c)
{
    lhost_config cfg = {.seed = 42,
                        .memory_limit = 8u << 20,
                        .instruction_limit = 20000000,
                        .print = capture,
                        .print_ud = c};
    lhost *h = lhost_new(&cfg);
    assert_non_null(h);
    return h;
}

/* Runs src; expects it to fail with a message containing want (or, when
 * not NULL, want2: some limits can trip either of two guards first). */
static void expect_fail_either(const char *src, const char *want, const char *want2)
{
    captured c = {0};
    lhost *h = new_host(&c);
    lhost_error err;
    bool ok = lhost_run(h, src, strlen(src), "test.lua", &err);
    if (ok || !(strstr(err.message, want) || (want2 && strstr(err.message, want2)))) {
        fprintf(stderr, "chunk: %s\nwanted failure with '%s', got ok=%d message '%s'\n", src, want,
                ok, ok ? "" : err.message);
        fail();
    }
    /* The host survives: it still runs code afterwards. */
    const char *after = "print('alive')";
    assert_true(lhost_run(h, after, strlen(after), "after.lua", &err) || err.out_of_time ||
                err.out_of_memory);
    lhost_free(h);
}

static void expect_fail(const char *src, const char *want)
{
    expect_fail_either(src, want, NULL);
}

static void expect_ok(const char *src)
{
    captured c = {0};
    lhost *h = new_host(&c);
    lhost_error err;
    if (!lhost_run(h, src, strlen(src), "test.lua", &err)) {
        fprintf(stderr, "chunk failed: %s\n%s\n", err.message, err.traceback);
        fail();
    }
    lhost_free(h);
}

static void test_binary_chunks_are_refused(void **state)
{
    (void)state;
    captured c = {0};
    lhost *h = new_host(&c);
    lhost_error err;
    const char bin[] = "\x1bLua\x54\x00\x19\x93\r\n\x1a\n";
    assert_false(lhost_run(h, bin, sizeof bin - 1, "bin.lua", &err));
    assert_non_null(strstr(err.message, "binary"));
    lhost_free(h);
    expect_fail("local f = load('\\27Lua'); assert(f, 'refused')", "refused");
}

static void test_string_dump_is_unreachable(void **state)
{
    (void)state;
    expect_ok("assert(string.dump == nil)");
    expect_ok("assert(('x').dump == nil)");
}

static void test_dangerous_globals_are_unreachable(void **state)
{
    (void)state;
    const char *names[] = {"os",       "io",       "package",        "require", "debug",
                           "dofile",   "loadfile", "collectgarbage", "rawset",  "rawget",
                           "rawequal", "rawlen",   "warn",           NULL};
    for (int i = 0; names[i]; i++) {
        char src[128];
        snprintf(src, sizeof src, "local x = %s", names[i]);
        expect_fail(src, "undefined global");
    }
    expect_fail("rawset(_G, 'x', 1)", "undefined global 'rawset'");
}

static void test_string_metatable_is_hidden(void **state)
{
    (void)state;
    expect_ok("assert(getmetatable('') == false)");
    expect_fail("setmetatable(_G, nil)", "protected metatable");
    expect_ok("assert(('abc'):upper() == 'ABC')");
}

static void test_infinite_loop_is_stopped(void **state)
{
    (void)state;
    expect_fail("while true do end", "instructions");
}

static void test_infinite_loop_inside_pcall_is_stopped(void **state)
{
    (void)state;
    expect_fail("for i = 1, 10 do pcall(function() while true do end end) end while true do end",
                "instructions");
    /* Swallowing the stop and returning normally still counts as stopped. */
    expect_fail("pcall(function() while true do end end)", "instructions");
    expect_fail("local co = coroutine.wrap(function() while true do end end) co()", "instructions");
}

static void test_huge_string_hits_the_memory_cap(void **state)
{
    (void)state;
    /* Lua itself refuses strings of 2^31 bytes or more; below that, the cap. */
    expect_fail_either("local s = string.rep('x', 2^31)", "memory", "too large");
    expect_fail("local s = string.rep('x', 2^30)", "memory");
    expect_fail("local t = {} for i = 1, 100 do t[i] = string.rep('x', 2^20) .. i end", "memory");
}

static void test_endless_table_hits_the_memory_cap(void **state)
{
    (void)state;
    expect_fail("local t = {} local i = 0 while true do i = i + 1 t[i] = {i} end", "memory");
}

static void test_unbounded_recursion_is_stopped(void **state)
{
    (void)state;
    expect_fail_either("local function f() return 1 + f() end f()", "stack overflow", "memory");
    expect_fail_either("local function f() return pcall(f) end f() while true do end",
                       "stack overflow", "instructions");
}

static void test_error_whose_tostring_errors_is_reported_safely(void **state)
{
    (void)state;
    expect_fail("error(setmetatable({}, { __tostring = function() error('boom') end }))",
                "error object is a table");
}

static void test_errors_name_the_chunk_and_line(void **state)
{
    (void)state;
    captured c = {0};
    lhost *h = new_host(&c);
    lhost_error err;
    const char *src = "local a = 1\n\nerror('broken here')\n";
    assert_false(lhost_run(h, src, strlen(src), "core/scenarios/x.lua", &err));
    assert_string_equal(err.file, "core/scenarios/x.lua");
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.message, "core/scenarios/x.lua:3: broken here"));
    assert_non_null(strstr(err.traceback, "stack traceback"));
    lhost_free(h);
}

static void test_syntax_errors_name_the_line(void **state)
{
    (void)state;
    captured c = {0};
    lhost *h = new_host(&c);
    lhost_error err;
    const char *src = "local a = 1\nlocal = 2\n";
    assert_false(lhost_run(h, src, strlen(src), "p/bad.lua", &err));
    assert_string_equal(err.file, "p/bad.lua");
    assert_int_equal(err.line, 2);
    lhost_free(h);
}

static void test_each_host_starts_fresh(void **state)
{
    (void)state;
    captured c = {0};
    lhost *a = new_host(&c), *b = new_host(&c);
    lhost_error err;
    const char *set = "leaked = 42 string.upper = nil";
    assert_true(lhost_run(a, set, strlen(set), "a.lua", &err));
    const char *check = "assert(not pcall(function() return rawequal end)) "
                        "local ok = pcall(function() return leaked end) "
                        "assert(not ok) assert(string.upper('a') == 'A')";
    assert_true(lhost_run(b, check, strlen(check), "b.lua", &err));
    lhost_free(a);
    lhost_free(b);
}

static void test_math_random_is_seeded_and_repeatable(void **state)
{
    (void)state;
    captured c1 = {0}, c2 = {0};
    lhost *a = new_host(&c1), *b = new_host(&c2);
    lhost_error err;
    const char *src = "for i = 1, 5 do print(math.random(1, 1000000)) end print(math.random())";
    assert_true(lhost_run(a, src, strlen(src), "r.lua", &err));
    assert_true(lhost_run(b, src, strlen(src), "r.lua", &err));
    assert_string_equal(c1.text, c2.text);
    assert_true(c1.len > 10);
    lhost_free(a);
    lhost_free(b);
    expect_fail("math.random(5, 1)", "interval is empty");
}

static void test_allowed_libraries_work(void **state)
{
    (void)state;
    expect_ok("assert(table.concat({1,2,3}, ',') == '1,2,3')");
    expect_ok("assert(utf8.len('h\\u{e9}') == 2)");
    expect_ok("local co = coroutine.create(function() coroutine.yield(1) end) "
              "assert(coroutine.resume(co))");
    expect_ok("local f = load('return 1 + 1') assert(f() == 2)");
    expect_ok("assert(clock.now() == 1704067200000) clock.advance('25h') "
              "assert(clock.now() == 1704067200000 + 25 * 3600000)");
    expect_ok("assert(size.bytes('2GB') == 2 * 1024 ^ 3)");
}

static void test_print_goes_to_the_host(void **state)
{
    (void)state;
    captured c = {0};
    lhost *h = new_host(&c);
    lhost_error err;
    const char *src = "print('a', 1, true)";
    assert_true(lhost_run(h, src, strlen(src), "p.lua", &err));
    assert_string_equal(c.text, "a\t1\ttrue\n");
    lhost_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_binary_chunks_are_refused),
        cmocka_unit_test(test_string_dump_is_unreachable),
        cmocka_unit_test(test_dangerous_globals_are_unreachable),
        cmocka_unit_test(test_string_metatable_is_hidden),
        cmocka_unit_test(test_infinite_loop_is_stopped),
        cmocka_unit_test(test_infinite_loop_inside_pcall_is_stopped),
        cmocka_unit_test(test_huge_string_hits_the_memory_cap),
        cmocka_unit_test(test_endless_table_hits_the_memory_cap),
        cmocka_unit_test(test_unbounded_recursion_is_stopped),
        cmocka_unit_test(test_error_whose_tostring_errors_is_reported_safely),
        cmocka_unit_test(test_errors_name_the_chunk_and_line),
        cmocka_unit_test(test_syntax_errors_name_the_line),
        cmocka_unit_test(test_each_host_starts_fresh),
        cmocka_unit_test(test_math_random_is_seeded_and_repeatable),
        cmocka_unit_test(test_allowed_libraries_work),
        cmocka_unit_test(test_print_goes_to_the_host),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
