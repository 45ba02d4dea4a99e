/* Library functions whose work is bounded before they start.
 *
 * A C function that loops does not return to the VM, so the count hook
 * cannot stop it: string.rep("", math.maxinteger) spins for ever, and
 * table.concat over a table whose __index is a C function does as many
 * steps as it is told without one VM instruction. Each function here works
 * out how many steps it will take, charges them to the run's budget first
 * (lhost_charge raises when they do not fit), then does the work, most of
 * them by calling Lua's own function with every bound made explicit.
 * Pattern matching is in strmatch.c. */
#include <lauxlib.h>
#include <limits.h>
#include <string.h>

#include "lua/host_int.h"

/* How many bytes of a string scan cost one unit: scanning is cheap. */
#define LHOST_SCAN_BYTES 16

/* Calls the closure's upvalue 1 (Lua's own function) with the arguments. */
static int lhost_call_own(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* Charges the number of steps from first to last (none when last < first). */
static void lhost_charge_range(lua_State *L, lua_Integer first, lua_Integer last)
{
    if (last < first) return;
    uint64_t steps = (uint64_t)((lua_Unsigned)last - (lua_Unsigned)first);
    /* From math.mininteger to math.maxinteger is 2^64 steps: more than any
     * budget, and no wrap to 0. */
    lhost_charge(L, steps == UINT64_MAX ? UINT64_MAX : steps + 1);
}

/* --- strings ---------------------------------------------------------------- */

/* string.rep(s, n [, sep]): n copies, even of nothing. The allocator
 * charges the bytes of the result; the copies themselves cost a unit per
 * eight, and when there is nothing to copy the loop still runs n times. A
 * result that cannot fit in memory is left to fail as it allocates, so the
 * message says memory. */
static int lhost_rep(lua_State *L)
{
    size_t l = 0, lsep = 0;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n <= 0) return lhost_call_own(L);
    if (l + lsep == 0) {
        lhost_charge(L, (uint64_t)n);
    } else {
        sim_budget *b = lhost_budget(lhost_from_state(L));
        size_t room = sim_budget_memory_limit(b) - sim_budget_memory_used(b);
        if ((uint64_t)n <= room / (l + lsep)) lhost_charge(L, (uint64_t)n / 8 + 1);
    }
    return lhost_call_own(L);
}

/* string.byte, utf8.len, utf8.offset, utf8.codepoint: one pass over at most
 * the whole string. */
static int lhost_scan(lua_State *L)
{
    size_t l = 0;
    luaL_checklstring(L, 1, &l);
    lhost_charge(L, l / LHOST_SCAN_BYTES + 1);
    return lhost_call_own(L);
}

static void lhost_wrap(lua_State *L, int t, const char *name, lua_CFunction f)
{
    lua_getfield(L, t, name);
    lua_pushcclosure(L, f, 1);
    lua_setfield(L, t, name);
}

void lhost_bound_string(lua_State *L, int strtab)
{
    strtab = lua_absindex(L, strtab);
    lhost_wrap(L, strtab, "rep", lhost_rep);
    lhost_wrap(L, strtab, "byte", lhost_scan);
}

void lhost_bound_utf8(lua_State *L, int utf8tab)
{
    utf8tab = lua_absindex(L, utf8tab);
    lhost_wrap(L, utf8tab, "len", lhost_scan);
    lhost_wrap(L, utf8tab, "offset", lhost_scan);
    lhost_wrap(L, utf8tab, "codepoint", lhost_scan);
}

/* --- tables --------------------------------------------------------------- */

#define TAB_R 1
#define TAB_W 2
#define TAB_L 4

static bool lhost_has_meta(lua_State *L, const char *event)
{
    lua_pushstring(L, event);
    bool has = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 1);
    return has;
}

/* A table, or a value whose metatable gives what the function needs (as
 * ltablib.c accepts). */
static void lhost_check_table(lua_State *L, int arg, int what)
{
    if (lua_type(L, arg) == LUA_TTABLE) return;
    bool ok = lua_getmetatable(L, arg) && (!(what & TAB_R) || lhost_has_meta(L, "__index")) &&
              (!(what & TAB_W) || lhost_has_meta(L, "__newindex")) &&
              (!(what & TAB_L) || lhost_has_meta(L, "__len"));
    if (!ok) luaL_checktype(L, arg, LUA_TTABLE);
    lua_pop(L, 1);
}

static lua_Integer lhost_len(lua_State *L, int arg, int what)
{
    lhost_check_table(L, arg, what | TAB_L);
    return luaL_len(L, arg);
}

/* table.concat(t [, sep [, i [, j]]]): j is read once (a __len may answer
 * differently each time) and passed on. */
static int lhost_concat(lua_State *L)
{
    lua_Integer last = lua_isnoneornil(L, 4) ? lhost_len(L, 1, TAB_R) : luaL_checkinteger(L, 4);
    luaL_optlstring(L, 2, "", NULL);
    lua_Integer i = luaL_optinteger(L, 3, 1);
    lhost_charge_range(L, i, last);
    lua_settop(L, 2);
    lua_pushinteger(L, i);
    lua_pushinteger(L, last);
    return lhost_call_own(L);
}

/* table.unpack(t [, i [, j]]) likewise. */
static int lhost_unpack(lua_State *L)
{
    lua_Integer i = luaL_optinteger(L, 2, 1);
    lua_Integer e = lua_isnoneornil(L, 3) ? luaL_len(L, 1) : luaL_checkinteger(L, 3);
    lhost_charge_range(L, i, e);
    lua_settop(L, 1);
    lua_pushinteger(L, i);
    lua_pushinteger(L, e);
    return lhost_call_own(L);
}

/* table.move(a1, f, e, t [, a2]): e - f + 1 steps. */
static int lhost_move(lua_State *L)
{
    lua_Integer f = luaL_checkinteger(L, 2);
    lua_Integer e = luaL_checkinteger(L, 3);
    luaL_checkinteger(L, 4);
    lhost_charge_range(L, f, e);
    return lhost_call_own(L);
}

/* table.insert(t, [pos,] v), written here because Lua's reads #t itself. */
static int lhost_insert(lua_State *L)
{
    lua_Integer e = lhost_len(L, 1, TAB_R | TAB_W);
    e = (lua_Integer)((lua_Unsigned)e + 1u); /* the first empty slot */
    lua_Integer pos;
    switch (lua_gettop(L)) {
    case 2:
        pos = e;
        break;
    case 3:
        pos = luaL_checkinteger(L, 2);
        luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2, "position out of bounds");
        lhost_charge_range(L, pos + 1, e);
        for (lua_Integer i = e; i > pos; i--) {
            lua_geti(L, 1, i - 1);
            lua_seti(L, 1, i);
        }
        break;
    default:
        return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_seti(L, 1, pos);
    return 0;
}

/* table.remove(t [, pos]) likewise. */
static int lhost_remove(lua_State *L)
{
    lua_Integer size = lhost_len(L, 1, TAB_R | TAB_W);
    lua_Integer pos = luaL_optinteger(L, 2, size);
    if (pos != size)
        luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 2, "position out of bounds");
    lhost_charge_range(L, pos, size);
    lua_geti(L, 1, pos);
    for (; pos < size; pos++) {
        lua_geti(L, 1, pos + 1);
        lua_seti(L, 1, pos);
    }
    lua_pushnil(L);
    lua_seti(L, 1, pos);
    return 1;
}

/* --- sort -------------------------------------------------------------------- */

/* table.sort(t [, comp]): a bottom-up merge sort. Lua's quicksort picks some
 * pivots from the real clock, so equal elements could come out in another
 * order on another run; a merge sort is stable, so the same table sorts the
 * same way every time, and it takes n log n comparisons whatever the order
 * function does. Every comparison is charged. */
typedef struct lhost_sort {
    lua_State *L;
    bool comp; /* an order function at index 2 */
} lhost_sort;

/* a < b for the values at the given indices. */
static bool lhost_sort_less(lhost_sort *s, int a, int b)
{
    lua_State *L = s->L;
    if (!s->comp) return lua_compare(L, a, b, LUA_OPLT);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, a);
    lua_pushvalue(L, b);
    lua_call(L, 2, 1);
    bool less = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return less;
}

/* Merges from[lo..mid) and from[mid..hi) into to[lo..hi) (both tables,
 * indices from 1). */
static void lhost_merge(lhost_sort *s, int from, int to, lua_Integer lo, lua_Integer mid,
                        lua_Integer hi)
{
    lua_State *L = s->L;
    lhost_charge(L, (uint64_t)(hi - lo));
    lua_Integer i = lo, j = mid, k = lo;
    while (i < mid && j < hi) {
        lua_rawgeti(L, from, i);
        lua_rawgeti(L, from, j);
        int top = lua_gettop(L);
        /* Take the right one only when it is less: equal elements keep
         * their order. */
        if (lhost_sort_less(s, top, top - 1)) {
            lua_rawseti(L, to, k++);
            lua_pop(L, 1);
            j++;
        } else {
            lua_pop(L, 1);
            lua_rawseti(L, to, k++);
            i++;
        }
    }
    for (; i < mid; i++) {
        lua_rawgeti(L, from, i);
        lua_rawseti(L, to, k++);
    }
    for (; j < hi; j++) {
        lua_rawgeti(L, from, j);
        lua_rawseti(L, to, k++);
    }
}

static int lhost_sort_fn(lua_State *L)
{
    lua_Integer n = lhost_len(L, 1, TAB_R | TAB_W);
    if (n <= 1) return 0;
    luaL_argcheck(L, n < INT_MAX, 1, "array too big");
    if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    lhost_sort s = {L, !lua_isnil(L, 2)};
    lhost_charge(L, (uint64_t)n);
    /* Two work arrays the collector owns (freed even when a comparison
     * raises); the elements are read through t's metamethods once. */
    lua_createtable(L, (int)n, 0);
    lua_createtable(L, (int)n, 0);
    int a = 3, b = 4;
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, 1, i);
        lua_rawseti(L, a, i);
    }
    for (lua_Integer width = 1; width < n; width *= 2) {
        for (lua_Integer lo = 1; lo <= n; lo += 2 * width) {
            lua_Integer mid = lo + width > n + 1 ? n + 1 : lo + width;
            lua_Integer hi = lo + 2 * width > n + 1 ? n + 1 : lo + 2 * width;
            lhost_merge(&s, a, b, lo, mid, hi);
        }
        int t = a;
        a = b;
        b = t;
    }
    lhost_charge(L, (uint64_t)n);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, a, i);
        lua_seti(L, 1, i);
    }
    return 0;
}

void lhost_bound_table(lua_State *L, int tabtab)
{
    tabtab = lua_absindex(L, tabtab);
    lhost_wrap(L, tabtab, "concat", lhost_concat);
    lhost_wrap(L, tabtab, "unpack", lhost_unpack);
    lhost_wrap(L, tabtab, "move", lhost_move);
    lua_pushcfunction(L, lhost_insert);
    lua_setfield(L, tabtab, "insert");
    lua_pushcfunction(L, lhost_remove);
    lua_setfield(L, tabtab, "remove");
    lua_pushcfunction(L, lhost_sort_fn);
    lua_setfield(L, tabtab, "sort");
}
