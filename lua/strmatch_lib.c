/* string.find, string.match, string.gmatch and string.gsub on the budgeted
 * matcher of strmatch.c.
 *
 * Argument handling, results and errors follow Lua 5.4.4's lstrlib.c call
 * for call, down to the order in which arguments are checked, so a script
 * cannot tell these functions from the real ones except by running out of
 * budget. On top of the matcher's steps, gsub charges for what it appends
 * to its result: a step per append plus one per 16 bytes, before appending,
 * so a stop comes before the memory is used. */
#include "lua/strmatch.h"

#include <ctype.h>
#include <lauxlib.h>
#include <lua.h>
#include <string.h>

#include "lua/strmatch_int.h"

/* The upvalue of each function: the charge function, in a full userdata
 * because a function pointer cannot portably travel as a light one. */
typedef struct charge_box {
    lstrmatch_charge_fn fn;
} charge_box;

static lstrmatch_charge_fn upvalue_charge(lua_State *L)
{
    const charge_box *box = lua_touserdata(L, lua_upvalueindex(1));
    return box->fn;
}

/* Turns a start position (1-based, negative counting back from the end) into
 * an offset into a subject of len bytes: 0 for anything at or before the
 * start, len + 1 for anything past the end. The comparisons come before any
 * conversion, so no lua_Integer is narrowed out of range. */
static size_t start_offset(lua_Integer pos, size_t len)
{
    if (pos > 0) {
        if ((lua_Unsigned)pos - 1 > (lua_Unsigned)len) return len + 1;
        return (size_t)(pos - 1);
    }
    if (pos == 0 || pos < -(lua_Integer)len) return 0;
    return len - (size_t)(-pos);
}

/* --- captures ------------------------------------------------------------ */

/* Finds capture i of the match s..e: its text in *cap and its length, or
 * LSTRMATCH_CAP_POSITION with the position already pushed. With no captures
 * at all, capture 0 is the whole match. */
static ptrdiff_t get_capture(lstrmatch_state *ms, int i, const char *s, const char *e,
                             const char **cap)
{
    if (i >= ms->level) {
        if (i != 0) lstrmatch_error(ms->L, "invalid capture index %%%d", i + 1);
        *cap = s;
        return e - s;
    }
    ptrdiff_t len = ms->capture[i].len;
    *cap = ms->capture[i].init;
    if (len == LSTRMATCH_CAP_UNFINISHED) lstrmatch_error(ms->L, "unfinished capture");
    if (len == LSTRMATCH_CAP_POSITION)
        lua_pushinteger(ms->L, (lua_Integer)(ms->capture[i].init - ms->src_init) + 1);
    return len;
}

static void push_capture(lstrmatch_state *ms, int i, const char *s, const char *e)
{
    const char *cap;
    ptrdiff_t len = get_capture(ms, i, s, e, &cap);
    if (len != LSTRMATCH_CAP_POSITION) lua_pushlstring(ms->L, cap, (size_t)len);
}

/* Pushes every capture, or the whole match s..e when there are none and s
 * is given (find passes NULL: it has already pushed the match's bounds). */
static int push_captures(lstrmatch_state *ms, const char *s, const char *e)
{
    int n = (ms->level == 0 && s) ? 1 : ms->level;
    luaL_checkstack(ms->L, n, "too many captures");
    for (int i = 0; i < n; i++)
        push_capture(ms, i, s, e);
    return n;
}

/* --- find and match ------------------------------------------------------ */

static int find_or_match(lua_State *L, bool find)
{
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    if (init > ls) {
        luaL_pushfail(L); /* nothing can start after the end */
        return 1;
    }
    lstrmatch_state ms;
    lstrmatch_prepare(&ms, L, upvalue_charge(L), s, ls, p, lp);
    if (find && (lua_toboolean(L, 4) || !lstrmatch_has_specials(&ms, p, lp))) {
        const char *hit = lstrmatch_find_plain(&ms, s + init, ls - init, p, lp);
        lstrmatch_flush(&ms);
        if (hit) {
            lua_pushinteger(L, (lua_Integer)(hit - s) + 1);
            lua_pushinteger(L, (lua_Integer)(hit - s) + (lua_Integer)lp);
            return 2;
        }
        luaL_pushfail(L);
        return 1;
    }
    /* The pattern is a Lua string, so reading its first byte is safe even
     * when it is empty. Skipping the anchor leaves the pattern's end where
     * ms has it. */
    bool anchor = *p == '^';
    if (anchor) p++;
    const char *start = s + init;
    for (;;) {
        lstrmatch_reset(&ms);
        const char *end = lstrmatch_match(&ms, start, p);
        if (end) {
            int n;
            if (find) {
                lua_pushinteger(L, (lua_Integer)(start - s) + 1);
                lua_pushinteger(L, (lua_Integer)(end - s));
                n = push_captures(&ms, NULL, NULL) + 2;
            } else {
                n = push_captures(&ms, start, end);
            }
            lstrmatch_flush(&ms);
            return n;
        }
        if (anchor || start >= ms.src_end) break;
        start++;
    }
    lstrmatch_flush(&ms);
    luaL_pushfail(L);
    return 1;
}

static int strmatch_find(lua_State *L)
{
    return find_or_match(L, true);
}
static int strmatch_match(lua_State *L)
{
    return find_or_match(L, false);
}

/* --- gmatch -------------------------------------------------------------- */

typedef struct gmatch_state {
    const char *src;       /* where the next search starts */
    const char *p;         /* the pattern */
    const char *lastmatch; /* end of the last match, which may not match empty again */
    lstrmatch_state ms;
} gmatch_state;

/* The iterator; its upvalues are the subject, the pattern (kept so they are
 * not collected) and the gmatch_state. */
static int gmatch_next(lua_State *L)
{
    gmatch_state *gm = lua_touserdata(L, lua_upvalueindex(3));
    /* The iterator may be called from another coroutine than gmatch was. */
    gm->ms.L = L;
    for (const char *src = gm->src; src <= gm->ms.src_end; src++) {
        lstrmatch_reset(&gm->ms);
        const char *e = lstrmatch_match(&gm->ms, src, gm->p);
        if (e && e != gm->lastmatch) {
            gm->src = gm->lastmatch = e;
            int n = push_captures(&gm->ms, src, e);
            lstrmatch_flush(&gm->ms);
            return n;
        }
    }
    lstrmatch_flush(&gm->ms);
    return 0;
}

static int strmatch_gmatch(lua_State *L)
{
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    lstrmatch_charge_fn charge = upvalue_charge(L);
    lua_settop(L, 2);
    gmatch_state *gm = lua_newuserdatauv(L, sizeof *gm, 0);
    lstrmatch_prepare(&gm->ms, L, charge, s, ls, p, lp);
    /* An init past the end is ls + 1, which the iterator's loop never
     * enters. */
    gm->src = s + init;
    gm->p = p;
    gm->lastmatch = NULL;
    lua_pushcclosure(L, gmatch_next, 3);
    return 1;
}

/* --- gsub ---------------------------------------------------------------- */

static void append(lstrmatch_state *ms, luaL_Buffer *b, const char *s, size_t len)
{
    lstrmatch_step(ms, len / 16 + 1);
    luaL_addlstring(b, s, len);
}

/* Appends the value on top of the stack (a string or a number). */
static void append_value(lstrmatch_state *ms, luaL_Buffer *b)
{
    size_t len;
    lua_tolstring(ms->L, -1, &len);
    lstrmatch_step(ms, len / 16 + 1);
    luaL_addvalue(b);
}

/* Appends the replacement string (argument 3) for the match s..e,
 * expanding %0-%9 and %%. */
static void append_template(lstrmatch_state *ms, luaL_Buffer *b, const char *s, const char *e)
{
    lua_State *L = ms->L;
    size_t left;
    const char *t = lua_tolstring(L, 3, &left);
    const char *esc;
    while ((esc = memchr(t, LSTRMATCH_ESC, left)) != NULL) {
        append(ms, b, t, (size_t)(esc - t));
        /* A '%' at the very end is followed by the string's '\0', which is
         * refused below like any other character. */
        const char *d = esc + 1;
        if (*d == LSTRMATCH_ESC) {
            append(ms, b, d, 1);
        } else if (*d == '0') {
            append(ms, b, s, (size_t)(e - s));
        } else if (isdigit((unsigned char)*d)) {
            const char *cap;
            ptrdiff_t len = get_capture(ms, *d - '1', s, e, &cap);
            if (len == LSTRMATCH_CAP_POSITION)
                append_value(ms, b);
            else
                append(ms, b, cap, (size_t)len);
        } else {
            lstrmatch_error(L, "invalid use of '%c' in replacement string", LSTRMATCH_ESC);
        }
        left -= (size_t)(d + 1 - t);
        t = d + 1;
    }
    append(ms, b, t, left);
}

/* Appends the replacement for the match s..e given by argument 3, of type
 * kind. Returns whether the subject changed: a function or table that gives
 * nil or false keeps the matched text. */
static bool append_replacement(lstrmatch_state *ms, luaL_Buffer *b, const char *s, const char *e,
                               int kind)
{
    lua_State *L = ms->L;
    if (kind == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        int n = push_captures(ms, s, e);
        /* The function is the script's own code, under the count hook;
         * charge the matching so far before it runs. */
        lstrmatch_flush(ms);
        lua_call(L, n, 1);
    } else if (kind == LUA_TTABLE) {
        push_capture(ms, 0, s, e);
        lua_gettable(L, 3);
    } else {
        append_template(ms, b, s, e);
        return true;
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        append(ms, b, s, (size_t)(e - s));
        return false;
    }
    if (!lua_isstring(L, -1))
        lstrmatch_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    append_value(ms, b);
    return true;
}

static int strmatch_gsub(lua_State *L)
{
    size_t ls, lp;
    const char *src = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int kind = lua_type(L, 3);
    /* As in Lua, the count is read before the replacement is checked. */
    lua_Integer max_n = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    luaL_argexpected(L,
                     kind == LUA_TNUMBER || kind == LUA_TSTRING || kind == LUA_TFUNCTION ||
                         kind == LUA_TTABLE,
                     3, "string/function/table");
    bool anchor = *p == '^';
    if (anchor) {
        p++;
        lp--;
    }
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    lstrmatch_state ms;
    lstrmatch_prepare(&ms, L, upvalue_charge(L), src, ls, p, lp);
    const char *lastmatch = NULL;
    lua_Integer n = 0;
    bool changed = false;
    while (n < max_n) {
        lstrmatch_reset(&ms);
        const char *e = lstrmatch_match(&ms, src, p);
        if (e && e != lastmatch) {
            n++;
            changed = append_replacement(&ms, &b, src, e, kind) || changed;
            src = lastmatch = e;
        } else if (src < ms.src_end) {
            append(&ms, &b, src++, 1);
        } else {
            break;
        }
        if (anchor) break;
    }
    if (!changed) {
        lua_pushvalue(L, 1);
    } else {
        append(&ms, &b, src, (size_t)(ms.src_end - src));
        luaL_pushresult(&b);
    }
    lstrmatch_flush(&ms);
    lua_pushinteger(L, n);
    return 2;
}

/* --- opening ------------------------------------------------------------- */

void lstrmatch_open(lua_State *L, int strtab, lstrmatch_charge_fn charge)
{
    static const luaL_Reg funcs[] = {
        {"find", strmatch_find},
        {"match", strmatch_match},
        {"gmatch", strmatch_gmatch},
        {"gsub", strmatch_gsub},
    };
    strtab = lua_absindex(L, strtab);
    charge_box *box = lua_newuserdatauv(L, sizeof *box, 0);
    box->fn = charge;
    for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++) {
        lua_pushvalue(L, -1);
        lua_pushcclosure(L, funcs[i].func, 1);
        lua_setfield(L, strtab, funcs[i].name);
    }
    lua_pop(L, 1);
}
