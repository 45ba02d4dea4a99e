/* The budgeted string.find/match/gmatch/gsub: the same results and errors as
 * Lua 5.4.4's on every case we can think of and on thousands of random ones,
 * and a budget that stops the patterns that would otherwise hold the host. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "lua/strmatch.h"
#include "strmatch_cases.h"

/* What the charge function saw. */
typedef struct meter {
    uint64_t steps;
    uint64_t limit; /* raise once steps reach it; 0 = never */
    uint64_t calls;
    uint64_t largest; /* the largest single charge */
    bool stopped;
} meter;

#define STOP_MESSAGE "strmatch budget spent"

static meter *meter_of(lua_State *L)
{
    meter *m;
    memcpy(&m, lua_getextraspace(L), sizeof m);
    return m;
}

static void count_steps(lua_State *L, uint64_t steps)
{
    meter *m = meter_of(L);
    m->steps += steps;
    m->calls++;
    if (steps > m->largest) m->largest = steps;
    if (m->limit && m->steps >= m->limit) {
        m->stopped = true;
        luaL_error(L, STOP_MESSAGE);
    }
}

typedef struct fixture {
    lua_State *L;
    meter m;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx) return -1;
    fx->L = luaL_newstate();
    if (!fx->L) return -1;
    lua_State *L = fx->L;
    meter *m = &fx->m;
    memcpy(lua_getextraspace(L), &m, sizeof m);
    luaL_openlibs(L);
    lua_getglobal(L, "string");
    static const char *const names[] = {"find", "match", "gmatch", "gsub"};
    for (size_t i = 0; i < 4; i++) {
        char real[32];
        snprintf(real, sizeof real, "real_%s", names[i]);
        lua_getfield(L, -1, names[i]);
        lua_setglobal(L, real);
    }
    lstrmatch_open(L, -1, count_steps);
    lua_pop(L, 1);
    if (luaL_dostring(L, strmatch_harness) != LUA_OK) {
        fprintf(stderr, "harness: %s\n", lua_tostring(L, -1));
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    lua_close(fx->L);
    free(fx);
    return 0;
}

static void reset_meter(fixture *fx, uint64_t limit)
{
    fx->m = (meter){.limit = limit};
}

/* Runs a chunk that must return true; on false, its second result says
 * why. */
static void expect_true(fixture *fx, const char *chunk)
{
    lua_State *L = fx->L;
    if (luaL_loadstring(L, chunk) != LUA_OK || lua_pcall(L, 0, 2, 0) != LUA_OK) {
        fprintf(stderr, "chunk failed: %s\n%s\n", lua_tostring(L, -1), chunk);
        lua_settop(L, 0);
        fail();
    }
    if (!lua_toboolean(L, -2)) {
        const char *why = lua_tostring(L, -1);
        fprintf(stderr, "chunk returned false: %s\n%s\n", why ? why : "", chunk);
        lua_settop(L, 0);
        fail();
    }
    lua_settop(L, 0);
}

/* Pushes an init argument as Lua would read it from source. */
static void push_init(lua_State *L, const char *init)
{
    if (!init)
        lua_pushnil(L);
    else if (lua_stringtonumber(L, init) == 0)
        lua_pushstring(L, init);
}

static void test_cases_match_the_real_functions(void **state)
{
    fixture *fx = *state;
    lua_State *L = fx->L;
    size_t n = sizeof strmatch_cases / sizeof strmatch_cases[0];
    assert_true(n >= 150);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const strmatch_case *c = &strmatch_cases[i];
        reset_meter(fx, 0);
        lua_getglobal(L, "compare");
        lua_pushstring(L, c->s);
        lua_pushstring(L, c->p);
        push_init(L, c->init);
        if (c->repl)
            lua_pushstring(L, c->repl);
        else
            lua_pushnil(L);
        assert_int_equal(lua_pcall(L, 4, 1, 0), LUA_OK);
        if (!lua_isnil(L, -1)) {
            fprintf(stderr, "case %zu: s=\"%s\" p=\"%s\" init=%s repl=%s\n%s\n", i, c->s, c->p,
                    c->init ? c->init : "none", c->repl ? c->repl : "default", lua_tostring(L, -1));
            bad++;
        }
        lua_pop(L, 1);
    }
    assert_int_equal(bad, 0);
}

/* Cases a C string cannot carry: embedded zeros, long subjects, arguments
 * of the wrong type, numbers for strings, the capture limit. */
static void test_special_values_match_the_real_functions(void **state)
{
    expect_true(*state, "local cases = {\n"
                        "  {'a\\0b\\0c', '\\0'}, {'a\\0b\\0c', '%z'}, {'a\\0b', '[\\0]'},\n"
                        "  {'a\\0b', '[^\\0]+'}, {'a\\0b', 'b\\0'}, {'a\\0b', '%Z+'},\n"
                        "  {'a\\0b', '%f[\\0]'}, {'x\\0', '%b\\0x'}, {'\\0', '%b\\0\\0'},\n"
                        "  {'ab\\0', '.-\\0$'}, {'a\\0b\\0', '(\\0)', nil, '%1%1'},\n"
                        "  {'a', '[\\0-\\255]+'}, {12345, '3(4)'}, {'a1b2', 1}, {2.5, '%.'},\n"
                        "  {nil, 'a'}, {'a', nil}, {{}, 'a'}, {'a', 'a', {}},\n"
                        "  {'a', 'a', nil, '=nil'}, {'abc', 'b', nil, 7},\n"
                        "  {'abc', 'b', 2, '%0'}, {'abc', 'b', -1, '%0'},\n"
                        "  {('x'):rep(10000), 'x*$'}, {('ab'):rep(500), '(ab)+'},\n"
                        "  {('a'):rep(100) .. 'b', 'a-b'}, {('(x)'):rep(300), '%b()'},\n"
                        "  {'a', ('()'):rep(32)}, {'a', ('()'):rep(33)},\n"
                        "  {'a', ('(a?)'):rep(32)}, {('a'):rep(40), ('(a)'):rep(33)},\n"
                        "  {('a'):rep(300), ('a?'):rep(300)}, {('a'):rep(250), ('a?'):rep(199)},\n"
                        "  {'x', ('x?'):rep(300) .. '$'}, {('ab'):rep(10), ('[ab]'):rep(30)},\n"
                        "  {('a'):rep(1000), ('%f[a]'):rep(3) .. 'a+'},\n"
                        "}\n"
                        "for i, c in ipairs(cases) do\n"
                        "  local d = compare(c[1], c[2], c[3], c[4])\n"
                        "  if d then return false, i .. ': ' .. d end\n"
                        "end\n"
                        "return true\n");
}

static void test_random_patterns_match_the_real_functions(void **state)
{
    fixture *fx = *state;
    lua_State *L = fx->L;
    for (int seed = 1; seed <= 4; seed++) {
        lua_getglobal(L, "random_cases");
        lua_pushinteger(L, 1500);
        lua_pushinteger(L, seed);
        assert_int_equal(lua_pcall(L, 2, 1, 0), LUA_OK);
        if (!lua_isnil(L, -1)) fprintf(stderr, "seed %d, %s\n", seed, lua_tostring(L, -1));
        assert_true(lua_isnil(L, -1));
        lua_pop(L, 1);
    }
}

/* The host may run under a UTF-8 LC_CTYPE; the classes must then agree with
 * the real library's in the same process, byte for byte. */
static void test_classes_agree_under_a_utf8_locale(void **state)
{
    if (!setlocale(LC_CTYPE, "C.UTF-8") && !setlocale(LC_CTYPE, "C.utf8")) skip();
    expect_true(*state,
                "local classes = 'acdglpsuwxzACDGLPSUWXZ'\n"
                "for c = 0, 255 do\n"
                "  local s = string.char(c)\n"
                "  for i = 1, #classes do\n"
                "    for _, p in ipairs{'%' .. classes:sub(i, i), '[%' .. classes:sub(i, i) ..\n"
                "                       ']', '[^%' .. classes:sub(i, i) .. 'x]'} do\n"
                "      if string.find(s, p) ~= real_find(s, p) then\n"
                "        return false, ('byte %d, pattern %s'):format(c, p)\n"
                "      end\n"
                "    end\n"
                "  end\n"
                "end\n"
                "return compare('caf\\xc3\\xa9 \\xff', '%a+', nil, '%0%0') == nil\n");
    setlocale(LC_CTYPE, "C");
}

static void test_exponential_backtracking_is_stopped(void **state)
{
    fixture *fx = *state;
    reset_meter(fx, 1000000);
    expect_true(fx, "local ok, err = pcall(string.find, ('a'):rep(40), ('a*'):rep(40) .. 'b')\n"
                    "return not ok and err == '" STOP_MESSAGE "', tostring(err)\n");
    assert_true(fx->m.stopped);
    assert_true(fx->m.steps >= fx->m.limit);
    /* The stop is prompt: it comes within a chunk of the limit. */
    assert_true(fx->m.steps < fx->m.limit + 1024);
}

static void test_quadratic_lazy_match_is_stopped(void **state)
{
    fixture *fx = *state;
    reset_meter(fx, 5000000);
    expect_true(fx, "local ok, err = pcall(string.find, ('a'):rep(4e5), '.-b')\n"
                    "return not ok and err == '" STOP_MESSAGE "', tostring(err)\n");
    assert_true(fx->m.stopped);
    assert_true(fx->m.steps >= fx->m.limit);
}

static void test_long_pattern_items_are_charged(void **state)
{
    /* A long pattern of single characters costs its length at every start,
     * even though the matcher loops rather than recursing over it. */
    fixture *fx = *state;
    reset_meter(fx, 2000000);
    expect_true(fx, "local s = ('a'):rep(2e5)\n"
                    "local ok, err = pcall(string.find, s, s:sub(2) .. '.b')\n"
                    "return not ok and err == '" STOP_MESSAGE "', tostring(err)\n");
    assert_true(fx->m.stopped);
}

static void test_plain_find_of_a_long_needle_is_charged(void **state)
{
    /* Each candidate is compared byte by byte, and charged for it, so a
     * needle that nearly matches everywhere cannot make plain search
     * quadratic for free. */
    fixture *fx = *state;
    reset_meter(fx, 2000000);
    expect_true(fx, "local s = ('a'):rep(1e6)\n"
                    "local ok, err = pcall(string.find, s, ('a'):rep(5e5) .. 'b', 1, true)\n"
                    "return not ok and err == '" STOP_MESSAGE "', tostring(err)\n");
    assert_true(fx->m.stopped);
}

static void test_gsub_with_function_and_table(void **state)
{
    fixture *fx = *state;
    reset_meter(fx, 0);
    expect_true(fx, "local r, n = string.gsub('hello world', '%w+', function(w)\n"
                    "  return w:upper() end)\n"
                    "if r ~= 'HELLO WORLD' or n ~= 2 then return false, r end\n"
                    "r, n = string.gsub('$name is $age, $unknown', '%$(%w+)',\n"
                    "                   {name = 'Ann', age = 7})\n"
                    "if r ~= 'Ann is 7, $unknown' or n ~= 3 then return false, r end\n"
                    "r, n = ('abc'):gsub('%w', function(c) if c == 'b' then return false end\n"
                    "  return c .. c end)\n"
                    "if r ~= 'aabcc' or n ~= 3 then return false, r end\n"
                    "r, n = ('abc'):gsub('', '-')\n"
                    "if r ~= '-a-b-c-' or n ~= 4 then return false, r end\n"
                    "r, n = ('abc'):gsub('%w', '%0%0', 2)\n"
                    "if r ~= 'aabbc' or n ~= 2 then return false, r end\n"
                    "local ok, err = pcall(string.gsub, 'abc', '%w', '%x')\n"
                    "if ok or err ~= \"invalid use of '%' in replacement string\" then\n"
                    "  return false, err end\n"
                    "ok, err = pcall(string.gsub, 'abc', '%w', function() return {} end)\n"
                    "if ok or err ~= 'invalid replacement value (a table)' then\n"
                    "  return false, err end\n"
                    "return true\n");
    assert_true(fx->m.steps > 0);
}

static void test_gmatch_with_init(void **state)
{
    expect_true(*state, "local function all(...)\n"
                        "  local t = {}\n"
                        "  for w in string.gmatch(...) do t[#t + 1] = w end\n"
                        "  return table.concat(t, ',')\n"
                        "end\n"
                        "local s = 'hello world from lua'\n"
                        "if all(s, '%a+', 7) ~= 'world,from,lua' then return false, 1 end\n"
                        "if all(s, '%a+', -3) ~= 'lua' then return false, 2 end\n"
                        "if all(s, '%a+', 100) ~= '' then return false, 3 end\n"
                        "if all(s, '%a+', -100) ~= 'hello,world,from,lua' then\n"
                        "  return false, 4 end\n"
                        "if all('abc', '', 4) ~= '' then return false, 5 end\n"
                        "if all('abc', '()', 3) ~= '3,4' then return false, 6 end\n"
                        "if all('^a^a', '^a') ~= '^a,^a' then return false, 7 end\n"
                        "for _, init in ipairs{-5, -1, 0, 1, 2, 5, 6, 7} do\n"
                        "  local d = compare('a1b2c', '%w', init)\n"
                        "  if d then return false, d end\n"
                        "end\n"
                        "return true\n");
}

static void test_gmatch_iterator_runs_in_another_coroutine(void **state)
{
    expect_true(*state, "local it = ('one two three'):gmatch('%a+')\n"
                        "local got = {it()}\n"
                        "coroutine.wrap(function() got[#got + 1] = it() end)()\n"
                        "got[#got + 1] = it()\n"
                        "return table.concat(got, ',') == 'one,two,three'\n");
}

static void test_gmatch_iterator_survives_a_stop(void **state)
{
    /* A stop unwinds out of the iterator mid-match; if the script catches
     * it and has budget left, the iterator starts that search again. */
    fixture *fx = *state;
    reset_meter(fx, 20000);
    expect_true(fx, "s = ('a'):rep(1000) .. 'c' .. 'aab'\n"
                    "it = s:gmatch('a-b')\n"
                    "local ok, err = pcall(it)\n"
                    "return not ok and err == '" STOP_MESSAGE "', tostring(err)\n");
    reset_meter(fx, 0);
    expect_true(fx, "local a, b = it(), it()\n"
                    "return a == 'aab' and b == nil, tostring(a)\n");
}

static void test_frontier_and_balance(void **state)
{
    expect_true(*state,
                "local s = 'THE (quick) [brown] fox'\n"
                "local t = {}\n"
                "for w in s:gmatch('%f[%a]%a+%f[%A]') do t[#t + 1] = w end\n"
                "if table.concat(t, ',') ~= 'THE,quick,brown,fox' then return false, 1 end\n"
                "if s:match('%b()') ~= '(quick)' or s:match('%b[]') ~= '[brown]' then\n"
                "  return false, 2 end\n"
                "if ('f(a(b)c) x'):match('%b()') ~= '(a(b)c)' then return false, 3 end\n"
                "if ('((x)'):find('%b()') ~= 2 then return false, 4 end\n"
                "if ('abc'):find('%f[%z]') ~= 4 then return false, 5 end\n"
                "local ok, err = pcall(string.find, 'x', '%b(')\n"
                "if ok or err ~= \"malformed pattern (missing arguments to '%b')\" then\n"
                "  return false, err end\n"
                "ok, err = pcall(string.find, 'x', '%fx')\n"
                "if ok or err ~= \"missing '[' after '%f' in pattern\" then return false, err end\n"
                "return true\n");
}

static void test_pattern_too_complex(void **state)
{
    expect_true(*state,
                "local ok, err = pcall(string.match, ('a'):rep(300), ('a?'):rep(300))\n"
                "if ok or err ~= 'pattern too complex' then return false, tostring(err) end\n"
                "local rok, rerr = pcall(real_match, ('a'):rep(300), ('a?'):rep(300))\n"
                "if rok or rerr ~= err then return false, tostring(rerr) end\n"
                "return string.match(('a'):rep(300), ('a?'):rep(199)) == ('a'):rep(199)\n");
}

static void test_too_many_captures(void **state)
{
    expect_true(*state, "local t = {string.find('a', ('()'):rep(32))}\n"
                        "if #t ~= 34 then return false, #t end\n"
                        "local ok, err = pcall(string.find, 'a', ('()'):rep(33))\n"
                        "return not ok and err == 'too many captures', err\n");
}

static void test_malformed_patterns_raise_lua_messages(void **state)
{
    expect_true(*state, "local want = {\n"
                        "  ['%'] = \"malformed pattern (ends with '%')\",\n"
                        "  ['[a'] = \"malformed pattern (missing ']')\",\n"
                        "  ['%f'] = \"missing '[' after '%f' in pattern\",\n"
                        "  ['%1'] = 'invalid capture index %1',\n"
                        "  ['(a)%2'] = 'invalid capture index %2',\n"
                        "  ['.)'] = 'invalid pattern capture',\n"
                        "  ['(a'] = 'unfinished capture',\n"
                        "}\n"
                        "for p, msg in pairs(want) do\n"
                        "  local ok, err = pcall(string.find, 'abc', p)\n"
                        "  if ok or err ~= msg then return false, p .. ': ' .. tostring(err) end\n"
                        "end\n"
                        "return true\n");
}

static void test_charges_are_proportional(void **state)
{
    fixture *fx = *state;
    /* Plain search: a step per 16 bytes scanned, give or take. */
    reset_meter(fx, 0);
    expect_true(fx, "return string.find(('a'):rep(1 << 20), 'xyz') == nil\n");
    assert_true(fx->m.steps >= (1u << 20) / 16);
    assert_true(fx->m.steps <= (1u << 20) / 8);
    /* The matcher: at least a step per start position. */
    reset_meter(fx, 0);
    expect_true(fx, "return string.find(('a'):rep(1 << 20), '%d') == nil\n");
    assert_true(fx->m.steps >= 1u << 20);
    /* Greedy expansion: a step per character taken. */
    reset_meter(fx, 0);
    expect_true(fx, "return #string.match(('a'):rep(1 << 20), '.*') == 1 << 20\n");
    assert_true(fx->m.steps >= 1u << 20);
    /* gsub also pays for what it appends. */
    reset_meter(fx, 0);
    expect_true(fx, "return #string.gsub(('a'):rep(1 << 20), 'x', 'y') == 1 << 20\n");
    uint64_t scan = fx->m.steps;
    assert_true(scan >= 2u << 20);
    /* Short work is charged too, and every charge is reported. */
    reset_meter(fx, 0);
    expect_true(fx, "return string.find('abc', 'b') == 2\n");
    assert_true(fx->m.steps >= 1);
}

static void test_charges_come_in_small_chunks(void **state)
{
    fixture *fx = *state;
    reset_meter(fx, 0);
    expect_true(fx, "local s = ('a'):rep(1 << 20)\n"
                    "local short = s:sub(1, 1e5)\n"
                    "return s:find('x*y') == nil and s:find('xyz') == nil\n"
                    "  and short:find(s:sub(1, 100) .. 'b', 1, true) == nil\n"
                    "  and s:match('(a*)%1$') == s:sub(1, 1 << 19)\n");
    assert_true(fx->m.largest <= 2 * 256);
    assert_true(fx->m.calls >= fx->m.steps / 512);
}

static void test_method_calls_reach_ours(void **state)
{
    fixture *fx = *state;
    reset_meter(fx, 0);
    expect_true(fx, "return ('key=value'):match('(%w+)=(%w+)') == 'key'\n");
    assert_true(fx->m.steps > 0);
}

/* The allocator of test_matching_allocates_nothing: counts allocations. */
static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    (void)osize;
    if (nsize == 0) {
        free(ptr);
        return NULL;
    }
    (*(size_t *)ud)++;
    return realloc(ptr, nsize);
}

static void ignore_steps(lua_State *L, uint64_t steps)
{
    (void)L;
    (void)steps;
}

static void test_matching_allocates_nothing(void **state)
{
    (void)state;
    size_t allocs = 0;
    lua_State *L = lua_newstate(counting_alloc, &allocs);
    assert_non_null(L);
    lua_newtable(L);
    lstrmatch_open(L, -1, ignore_steps);
    lua_getfield(L, -1, "find");
    lua_pushstring(L, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa(b)c");
    lua_pushstring(L, "(a*)(%w-)%b()()[^x]*%f[%z]x");
    int f = lua_gettop(L) - 2;
    for (int round = 0; round < 2; round++) {
        /* The first round may grow the stack; the second must not need
         * any memory at all. */
        size_t before = allocs;
        lua_pushvalue(L, f);
        lua_pushvalue(L, f + 1);
        lua_pushvalue(L, f + 2);
        assert_int_equal(lua_pcall(L, 2, 1, 0), LUA_OK);
        assert_true(lua_isnil(L, -1));
        lua_pop(L, 1);
        if (round == 1) assert_int_equal(allocs, before);
    }
    lua_close(L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cases_match_the_real_functions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_special_values_match_the_real_functions, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_random_patterns_match_the_real_functions, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_classes_agree_under_a_utf8_locale, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exponential_backtracking_is_stopped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quadratic_lazy_match_is_stopped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_pattern_items_are_charged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plain_find_of_a_long_needle_is_charged, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_gsub_with_function_and_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gmatch_with_init, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gmatch_iterator_runs_in_another_coroutine, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_gmatch_iterator_survives_a_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_frontier_and_balance, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pattern_too_complex, setup, teardown),
        cmocka_unit_test_setup_teardown(test_too_many_captures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_patterns_raise_lua_messages, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_charges_are_proportional, setup, teardown),
        cmocka_unit_test_setup_teardown(test_charges_come_in_small_chunks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_method_calls_reach_ours, setup, teardown),
        cmocka_unit_test(test_matching_allocates_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
