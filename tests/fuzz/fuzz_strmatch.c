/* Fuzz target for the budgeted pattern functions (lua/strmatch.c): ours and
 * Lua 5.4.4's must agree on every input, results and error messages alike.
 *
 * The input is four header bytes, then the pattern, the replacement and
 * the subject:
 *   [0] what to run: bits 0-2 pick find, plain find, match, gmatch, gsub
 *       with a string, gsub with a function, gsub with a table, or gsub
 *       with a string and a count; bit 3 leaves init out;
 *   [1] init (or gsub's count), a signed byte;
 *   [2] the pattern's length, mod 41;   [3] the replacement's length, mod 17;
 * and what is left is the subject, cut to 200 bytes.
 *
 * Ours runs first with a budget of LIMIT steps. Only if it finished within
 * it does the real one run: it is the same algorithm, so it finishes
 * quickly too, while on a pattern that ours stopped it might not finish at
 * all. */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua/strmatch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LIMIT 200000
#define MAX_SUBJECT 200
#define MAX_PATTERN 40
#define MAX_REPL 16

/* The steps of the current run are kept in the state's extra space (a
 * pointer's worth of bytes, enough for the counter), so no global counter is
 * needed. */
static uint64_t steps_of(lua_State *L)
{
    uint64_t n;
    memcpy(&n, lua_getextraspace(L), sizeof n);
    return n;
}

static void set_steps(lua_State *L, uint64_t n)
{
    memcpy(lua_getextraspace(L), &n, sizeof n);
}

static void charge(lua_State *L, uint64_t steps)
{
    uint64_t n = steps_of(L) + steps;
    set_steps(L, n);
    if (n >= LIMIT) luaL_error(L, "fuzz budget spent");
}

/* run(fs, what, s, p, init, repl) calls one function of the set fs and
 * returns what happened as a string. Both sets are called through the same
 * expression, so argument errors would name them alike. */
static const char harness[] =
    "local fmt = string.format\n"
    "local function show(...)\n"
    "  local t = table.pack(...)\n"
    "  local out = {tostring(t.n)}\n"
    "  for i = 1, t.n do\n"
    "    local v = t[i]\n"
    "    out[#out + 1] = type(v) == 'string' and fmt('%q', v) or\n"
    "      (type(v) .. ':' .. tostring(v))\n"
    "  end\n"
    "  return table.concat(out, ' ')\n"
    "end\n"
    "local tab = {a = 'A', b = false, ab = 12, [1] = 'one', [2] = {}, ['(']= 1.5}\n"
    "local function body(fs, what, s, p, init, repl)\n"
    "  if what == 0 then return show(fs.find(s, p, init)) end\n"
    "  if what == 1 then return show(fs.find(s, p, init, true)) end\n"
    "  if what == 2 then return show(fs.match(s, p, init)) end\n"
    "  if what == 3 then\n"
    "    local out = {}\n"
    "    local it = fs.gmatch(s, p, init)\n"
    "    for _ = 1, 300 do\n"
    "      local t = table.pack(it())\n"
    "      out[#out + 1] = show(table.unpack(t, 1, t.n))\n"
    "      if t.n == 0 then break end\n"
    "    end\n"
    "    return table.concat(out, ' | ')\n"
    "  end\n"
    "  if what == 5 then\n"
    "    local log, calls = {}, 0\n"
    "    local r = show(fs.gsub(s, p, function(...)\n"
    "      calls = calls + 1\n"
    "      log[#log + 1] = show(...)\n"
    "      if calls % 3 == 0 then return nil end\n"
    "      if calls % 5 == 0 then return calls end\n"
    "      if calls % 7 == 0 then return {} end\n"
    "      return (...)\n"
    "    end))\n"
    "    return r .. ' calls ' .. table.concat(log, '; ')\n"
    "  end\n"
    "  if what == 6 then return show(fs.gsub(s, p, tab)) end\n"
    "  if what == 7 then return show(fs.gsub(s, p, repl, init)) end\n"
    "  return show(fs.gsub(s, p, repl))\n"
    "end\n"
    "return function(fs, ...)\n"
    "  local ok, r = pcall(body, fs, ...)\n"
    "  return (ok and 'ok ' or 'error ') .. tostring(r)\n"
    "end\n";

/* The one state, made on the first call; libFuzzer calls many times in one
 * process, the replay program once per file. The registry holds the harness
 * and the two function sets. */
static lua_State *fuzz_state;

static lua_State *state(void)
{
    if (fuzz_state) return fuzz_state;
    lua_State *L = luaL_newstate();
    if (!L) abort();
    luaL_openlibs(L);
    if (luaL_dostring(L, harness) != LUA_OK) {
        fprintf(stderr, "harness: %s\n", lua_tostring(L, -1));
        abort();
    }
    lua_setfield(L, LUA_REGISTRYINDEX, "fuzz.run");
    static const char *const names[] = {"find", "match", "gmatch", "gsub"};
    lua_getglobal(L, "string");
    lua_newtable(L);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        lua_getfield(L, -2, names[i]);
        lua_setfield(L, -2, names[i]);
    }
    lua_setfield(L, LUA_REGISTRYINDEX, "fuzz.real");
    lua_newtable(L);
    lstrmatch_open(L, -1, charge);
    lua_setfield(L, LUA_REGISTRYINDEX, "fuzz.ours");
    lua_pop(L, 1);
    fuzz_state = L;
    return L;
}

typedef struct fuzz_input {
    int what;
    bool has_init;
    int init;
    const char *p, *repl, *s;
    size_t lp, lrepl, ls;
} fuzz_input;

/* Runs one set of functions on the input; leaves the outcome on the stack. */
static void run(lua_State *L, const char *set, const fuzz_input *in)
{
    lua_getfield(L, LUA_REGISTRYINDEX, "fuzz.run");
    lua_getfield(L, LUA_REGISTRYINDEX, set);
    lua_pushinteger(L, in->what);
    lua_pushlstring(L, in->s, in->ls);
    lua_pushlstring(L, in->p, in->lp);
    if (in->has_init)
        lua_pushinteger(L, in->init);
    else
        lua_pushnil(L);
    lua_pushlstring(L, in->repl, in->lrepl);
    if (lua_pcall(L, 6, 1, 0) != LUA_OK) {
        fprintf(stderr, "harness failed: %s\n", lua_tostring(L, -1));
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4) return 0;
    fuzz_input in = {
        .what = data[0] & 7,
        .has_init = !(data[0] & 8),
        .init = (int8_t)data[1],
    };
    size_t lp = data[2] % (MAX_PATTERN + 1), lrepl = data[3] % (MAX_REPL + 1);
    const char *rest = (const char *)data + 4;
    size_t left = size - 4;
    in.lp = lp < left ? lp : left;
    in.p = rest;
    rest += in.lp;
    left -= in.lp;
    in.lrepl = lrepl < left ? lrepl : left;
    in.repl = rest;
    rest += in.lrepl;
    left -= in.lrepl;
    in.ls = left < MAX_SUBJECT ? left : MAX_SUBJECT;
    in.s = rest;

    lua_State *L = state();
    set_steps(L, 0);
    run(L, "fuzz.ours", &in);
    if (steps_of(L) >= LIMIT) {
        lua_pop(L, 1);
        return 0;
    }
    run(L, "fuzz.real", &in);
    size_t la, lb;
    const char *a = lua_tolstring(L, -2, &la);
    const char *b = lua_tolstring(L, -1, &lb);
    if (la != lb || memcmp(a, b, la) != 0) {
        fprintf(stderr, "ours and Lua's differ (function %d)\nours: %s\nreal: %s\n", in.what, a, b);
        abort();
    }
    lua_pop(L, 2);
    return 0;
}
