/* The sandbox's limits hold in every context a script can reach: threads,
 * message handlers, finalizers, to-be-closed variables, and C functions
 * that loop without returning to the VM. Each test runs a hostile chunk
 * under a small budget and checks how it was stopped; the host survives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lua/host.h"
#include "print_capture.h"

/* A small budget, so that each stop comes quickly. */
static lhost *small_host(captured *c, double seconds)
{
    lhost_config cfg = {.seed = 7,
                        .memory_limit = 16u << 20,
                        .instruction_limit = 5000000,
                        .time_limit = seconds,
                        .print = capture,
                        .print_ud = c};
    lhost *h = lhost_new(&cfg);
    assert_non_null(h);
    return h;
}

/* Runs src; it must fail with a message containing want. Returns the error
 * for further checks. */
static lhost_error run_fail(const char *src, const char *want, double seconds, captured *c)
{
    lhost *h = small_host(c, seconds);
    lhost_error err;
    bool ok = lhost_run(h, src, strlen(src), "attack.lua", &err);
    if (ok || !strstr(err.message, want)) {
        fprintf(stderr, "chunk: %s\nwanted failure with '%s', got ok=%d message '%s'\n", src, want,
                ok, ok ? "" : err.message);
        lhost_free(h);
        fail();
    }
    lhost_free(h);
    return err;
}

static void run_ok(const char *src, captured *c)
{
    lhost *h = small_host(c, 0);
    lhost_error err;
    if (!lhost_run(h, src, strlen(src), "ok.lua", &err)) {
        fprintf(stderr, "chunk failed: %s\n%s\n", err.message, err.traceback);
        lhost_free(h);
        fail();
    }
    lhost_free(h);
}

#define BUDGET "ran past its budget"

/* --- threads ---------------------------------------------------------------- */

static void test_stop_holds_in_a_coroutine_made_before_it(void **state)
{
    (void)state;
    captured c = {0};
    /* The coroutine exists before the budget runs out in the main thread;
     * then it loops, swallowing errors, in a loop of its own. */
    lhost_error e = run_fail("local co = coroutine.wrap(function()\n"
                             "  while true do pcall(function() for i = 1, 1e9 do end end) end\n"
                             "end)\n"
                             "pcall(function() while true do end end)\n"
                             "while true do pcall(co) end\n",
                             BUDGET, 0, &c);
    assert_true(e.out_of_time);
}

static void test_stop_holds_in_a_coroutine_wrap_after_it(void **state)
{
    (void)state;
    captured c = {0};
    run_fail("pcall(function() while true do end end)\n"
             "while true do pcall(coroutine.wrap(function() while true do end end)) end\n",
             BUDGET, 0, &c);
}

static void test_stop_holds_across_resume_loops(void **state)
{
    (void)state;
    captured c = {0};
    run_fail("local co = coroutine.create(function() while true do coroutine.yield() end end)\n"
             "while true do coroutine.resume(co) end\n",
             BUDGET, 0, &c);
}

/* --- what Lua runs with hooks off -------------------------------------- */

static void test_xpcall_handler_that_loops_is_stopped(void **state)
{
    (void)state;
    captured c = {0};
    run_fail("xpcall(function() while true do end end, function() while true do end end)\n", BUDGET,
             0, &c);
    run_fail("xpcall(error, function() while true do end end, 'x')\n", BUDGET, 0, &c);
}

static void test_xpcall_still_calls_its_handler(void **state)
{
    (void)state;
    captured c = {0};
    run_ok("local ok, msg = xpcall(function() error('boom', 0) end, function(m) return 'h:' .. m "
           "end)\n"
           "assert(ok == false and msg == 'h:boom', msg)\n"
           "local ok2, a, b = xpcall(function(x, y) return x + y, 'r' end, print, 2, 3)\n"
           "assert(ok2 and a == 5 and b == 'r')\n"
           "local co = coroutine.wrap(function() return xpcall(function()\n"
           "  coroutine.yield(1) return 2 end, print) end)\n"
           "assert(co() == 1)\n"
           "local ok3, v = co()\n"
           "assert(ok3 and v == 2, 'xpcall bodies may yield')\n"
           "print('ok')\n",
           &c);
    assert_non_null(strstr(c.text, "ok"));
}

static void test_setmetatable_with_gc_is_refused(void **state)
{
    (void)state;
    captured c = {0};
    run_fail("setmetatable({}, { __gc = function() while true do end end })\n", "__gc", 0, &c);
    run_fail("setmetatable({}, { __gc = true })\n", "__gc", 0, &c);
}

static void test_gc_added_after_setmetatable_never_runs(void **state)
{
    (void)state;
    captured c = {0};
    /* Lua marks an object for finalization only when its metatable has
     * __gc as it is set; a __gc added later must never run. */
    run_ok("local mt = {}\n"
           "for i = 1, 200 do setmetatable({}, mt) end\n"
           "mt.__gc = function() print('finalizer ran') end\n"
           "for i = 1, 20000 do local t = { i } end\n"
           "print('done')\n",
           &c);
    assert_null(strstr(c.text, "finalizer ran"));
}

static void test_close_in_a_killed_coroutine_is_not_run(void **state)
{
    (void)state;
    captured c = {0};
    run_fail("local f = coroutine.wrap(function()\n"
             "  local x <close> = setmetatable({}, { __close = function()\n"
             "    while true do end end })\n"
             "  while true do end\n"
             "end)\n"
             "f()\n",
             BUDGET, 0, &c);
    run_fail("local co = coroutine.create(function()\n"
             "  local x <close> = setmetatable({}, { __close = function()\n"
             "    while true do end end })\n"
             "  while true do end\n"
             "end)\n"
             "coroutine.resume(co)\n"
             "coroutine.close(co)\n",
             BUDGET, 0, &c);
}

static void test_close_runs_as_usual_otherwise(void **state)
{
    (void)state;
    captured c = {0};
    run_ok(
        "local closed = 0\n"
        "local mt = { __close = function() closed = closed + 1 end }\n"
        "do local a <close> = setmetatable({}, mt) end\n"
        "pcall(coroutine.wrap(function() local b <close> = setmetatable({}, mt) error('x') end))\n"
        "assert(closed == 2, closed)\n",
        &c);
}

/* --- C functions that loop ------------------------------------------------ */

static void test_string_rep_of_nothing_is_charged(void **state)
{
    (void)state;
    captured c = {0};
    run_fail("string.rep('', math.maxinteger)\n", BUDGET, 0, &c);
    run_fail("string.rep('', 1e8 // 1, '')\n", BUDGET, 0, &c);
    run_ok("assert(('ab'):rep(3, ',') == 'ab,ab,ab' and ('x'):rep(0) == '')\n", &c);
}

static void test_table_concat_over_a_c_index_is_charged(void **state)
{
    (void)state;
    captured c = {0};
    run_fail("local t = setmetatable({}, { __index = table.concat })\n"
             "table.concat(t, '', 1, math.maxinteger)\n",
             BUDGET, 0, &c);
    /* The whole range of integers: 2^64 steps, which must not wrap to 0. */
    run_fail("local t = setmetatable({}, { __index = table.concat })\n"
             "table.concat(t, '', math.mininteger, math.maxinteger)\n",
             BUDGET, 0, &c);
    /* A __len that says one thing, then another, is read once. */
    run_ok("local n = 0\n"
           "local t = setmetatable({ 'a', 'b' }, { __len = function() n = n + 1\n"
           "  return n == 1 and 2 or math.maxinteger end })\n"
           "assert(table.concat(t, '-') == 'a-b')\n",
           &c);
}

static void test_table_functions_with_a_huge_length_are_charged(void **state)
{
    (void)state;
    captured c = {0};
    const char *huge =
        "local t = setmetatable({}, { __len = function() return math.maxinteger - 1 end,\n"
        "  __index = table.concat, __newindex = type })\n";
    char src[512];
    const char *calls[] = {"table.insert(t, 1, 'x')", "table.remove(t, 1)", "table.sort(t)",
                           "table.move(t, 1, math.maxinteger - 1, 1, {})",
                           "table.unpack(t, 1, 1e7 // 1)"};
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
        snprintf(src, sizeof src, "%s%s\n", huge, calls[i]);
        lhost_error e = run_fail(src, "", 0, &c);
        assert_true(e.out_of_time || strstr(e.message, "too many") || strstr(e.message, "too big"));
    }
}

static void test_table_functions_behave_as_lua(void **state)
{
    (void)state;
    captured c = {0};
    run_ok("local t = { 1, 2, 3 }\n"
           "table.insert(t, 4) table.insert(t, 1, 0)\n"
           "assert(table.concat(t, ',') == '0,1,2,3,4')\n"
           "assert(table.remove(t) == 4 and table.remove(t, 1) == 0)\n"
           "assert(table.concat(t, ',') == '1,2,3')\n"
           "assert(select('#', table.unpack(t)) == 3 and select(2, table.unpack(t)) == 2)\n"
           "assert(table.concat(table.move(t, 1, 3, 2, {}), ',', 2, 4) == '1,2,3')\n"
           "local ok = pcall(table.insert, t, 9, 'x')\n"
           "assert(not ok, 'position out of bounds')\n"
           "assert(table.concat({}, ',') == '' and table.remove({}) == nil)\n"
           "local s = { 5, 3, 9, 1, 7, 2, 8, 6, 4 }\n"
           "table.sort(s) assert(table.concat(s, '') == '123456789')\n"
           "table.sort(s, function(a, b) return a > b end)\n"
           "assert(table.concat(s, '') == '987654321')\n"
           "local w = { 'pear', 'fig', 'apple' } table.sort(w)\n"
           "assert(table.concat(w, ' ') == 'apple fig pear')\n"
           "assert(not pcall(table.sort, { 1, 'a' }), 'comparing a number with a string')\n",
           &c);
}

static void test_sort_keeps_equal_elements_in_order(void **state)
{
    (void)state;
    captured c = {0};
    /* A stable sort gives one answer for ties, on every run and machine. */
    run_ok("local r = {}\n"
           "for i = 1, 300 do r[i] = { score = i % 7, id = i } end\n"
           "table.sort(r, function(a, b) return a.score < b.score end)\n"
           "for i = 2, #r do\n"
           "  local a, b = r[i - 1], r[i]\n"
           "  assert(a.score < b.score or (a.score == b.score and a.id < b.id), i)\n"
           "end\n",
           &c);
}

static void test_utf8_and_byte_scans_are_charged(void **state)
{
    (void)state;
    captured c = {0};
    run_fail("local s = ('x'):rep(1 << 20)\n"
             "while true do utf8.len(s) end\n",
             BUDGET, 0, &c);
    run_fail("local s = ('\\x80'):rep(1 << 20)\n"
             "while true do pcall(utf8.offset, s, 2) end\n",
             BUDGET, 0, &c);
}

static void test_load_is_charged_by_the_byte(void **state)
{
    (void)state;
    captured c = {0};
    run_fail("local src = ('local x = 1\\n'):rep(100000)\n"
             "while true do load(src) end\n",
             BUDGET, 0, &c);
}

static void test_pattern_matching_is_charged(void **state)
{
    (void)state;
    captured c = {0};
    run_fail("string.find(('a'):rep(40), ('a*'):rep(40) .. 'b')\n", BUDGET, 0, &c);
    run_fail("(('a'):rep(4e5 // 1)):find('.-b')\n", BUDGET, 0, &c);
    run_ok("assert(('hello world'):match('(%w+) (%w+)') == 'hello')\n", &c);
}

/* --- time ----------------------------------------------------------------- */

static void test_slow_instructions_meet_the_time_limit(void **state)
{
    (void)state;
    captured c = {0};
    /* Each comparison is one VM instruction over 4 MB: the count barely
     * moves, the time limit stops it. */
    lhost_error e = run_fail("local a = ('x'):rep(4 << 20)\n"
                             "local b = ('x'):rep(4 << 20)\n"
                             "while true do local _ = a == b end\n",
                             "ran for more than", 0.3, &c);
    assert_true(e.out_of_time);
}

/* --- memory ---------------------------------------------------------------- */

static void test_memory_cap_is_shared_and_reported(void **state)
{
    (void)state;
    captured c = {0};
    lhost_error e = run_fail("local t = {} local i = 0\n"
                             "while true do i = i + 1 t[i] = ('x'):rep(1000) .. i end\n",
                             "memory", 0, &c);
    assert_true(e.out_of_memory);
    run_fail("local s = string.rep('x', 1 << 30)\n", "memory", 0, &c);
}

static void test_a_stopped_host_runs_nothing_more(void **state)
{
    (void)state;
    captured c = {0};
    lhost *h = small_host(&c, 0);
    lhost_error err;
    const char *loop = "while true do end";
    assert_false(lhost_run(h, loop, strlen(loop), "loop.lua", &err));
    assert_true(err.out_of_time);
    const char *after = "print('ran')";
    assert_false(lhost_run(h, after, strlen(after), "after.lua", &err));
    assert_null(strstr(c.text, "ran"));
    lhost_free(h);
}

static void test_work_is_counted_and_shared(void **state)
{
    (void)state;
    captured c = {0};
    lhost *h = small_host(&c, 0);
    lhost_error err;
    const char *src = "for i = 1, 100000 do end";
    assert_true(lhost_run(h, src, strlen(src), "count.lua", &err));
    uint64_t used = lhost_work_used(h);
    /* A numeric loop of 100,000 takes at least one instruction a turn. */
    assert_true(used >= 100000);
    assert_true(used < 5000000);
    assert_true(sim_budget_work_used(lhost_budget(h)) == used);
    lhost_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stop_holds_in_a_coroutine_made_before_it),
        cmocka_unit_test(test_stop_holds_in_a_coroutine_wrap_after_it),
        cmocka_unit_test(test_stop_holds_across_resume_loops),
        cmocka_unit_test(test_xpcall_handler_that_loops_is_stopped),
        cmocka_unit_test(test_xpcall_still_calls_its_handler),
        cmocka_unit_test(test_setmetatable_with_gc_is_refused),
        cmocka_unit_test(test_gc_added_after_setmetatable_never_runs),
        cmocka_unit_test(test_close_in_a_killed_coroutine_is_not_run),
        cmocka_unit_test(test_close_runs_as_usual_otherwise),
        cmocka_unit_test(test_string_rep_of_nothing_is_charged),
        cmocka_unit_test(test_table_concat_over_a_c_index_is_charged),
        cmocka_unit_test(test_table_functions_with_a_huge_length_are_charged),
        cmocka_unit_test(test_table_functions_behave_as_lua),
        cmocka_unit_test(test_sort_keeps_equal_elements_in_order),
        cmocka_unit_test(test_utf8_and_byte_scans_are_charged),
        cmocka_unit_test(test_load_is_charged_by_the_byte),
        cmocka_unit_test(test_pattern_matching_is_charged),
        cmocka_unit_test(test_slow_instructions_meet_the_time_limit),
        cmocka_unit_test(test_memory_cap_is_shared_and_reported),
        cmocka_unit_test(test_a_stopped_host_runs_nothing_more),
        cmocka_unit_test(test_work_is_counted_and_shared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
