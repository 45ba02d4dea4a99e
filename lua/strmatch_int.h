#ifndef LUA_STRMATCH_INT_H
#define LUA_STRMATCH_INT_H

/* Private to the budgeted pattern functions: strmatch.c is the matcher,
 * strmatch_lib.c the four Lua functions built on it. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lua/strmatch.h"

/* The limits of Lua 5.4.4's lstrlib.c (LUA_MAXCAPTURES and MAXCCALLS),
 * which Debian builds with their defaults; the same limits give the same
 * "too many captures" and "pattern too complex" errors. */
#define LSTRMATCH_MAXCAPTURES 32
#define LSTRMATCH_MAXDEPTH 200

/* A capture's length while it is open, and the length that marks a
 * position capture "()". */
#define LSTRMATCH_CAP_UNFINISHED (-1)
#define LSTRMATCH_CAP_POSITION (-2)

/* Steps gathered before the charge function hears of them. */
#define LSTRMATCH_CHUNK 256

/* The escape character of patterns and replacement strings. */
#define LSTRMATCH_ESC '%'

/* One match in progress. It lives on the C stack (or in gmatch's userdata)
 * and holds everything the matcher needs, so a step allocates nothing. */
typedef struct lstrmatch_state {
    const char *src_init; /* the subject; src_end points at its final '\0' */
    const char *src_end;
    const char *p_end; /* the pattern's final '\0' */
    lua_State *L;
    lstrmatch_charge_fn charge;
    uint64_t pending;    /* steps done but not yet charged */
    int depth;           /* nested matcher calls left before "pattern too complex" */
    unsigned char level; /* captures opened so far, finished or not */
    struct {
        const char *init;
        ptrdiff_t len; /* or LSTRMATCH_CAP_UNFINISHED / LSTRMATCH_CAP_POSITION */
    } capture[LSTRMATCH_MAXCAPTURES];
} lstrmatch_state;

/* Sets up ms for subject s[0..ls) and pattern p[0..lp); both must be Lua
 * strings, whose '\0' after the last byte the matcher relies on, as Lua's
 * does. */
void lstrmatch_prepare(lstrmatch_state *ms, lua_State *L, lstrmatch_charge_fn charge, const char *s,
                       size_t ls, const char *p, size_t lp);

/* Forgets the captures of the last attempt, before the next one. */
void lstrmatch_reset(lstrmatch_state *ms);

/* Matches the pattern from p onward against the subject from s onward;
 * returns the end of the match, or NULL. Raises on a malformed pattern. */
const char *lstrmatch_match(lstrmatch_state *ms, const char *s, const char *p);

/* True when p[0..lp) holds a character that makes it a pattern (it may
 * contain '\0' bytes, which are plain). */
bool lstrmatch_has_specials(lstrmatch_state *ms, const char *p, size_t lp);

/* The first occurrence of p[0..lp) in s[0..ls), or NULL; an empty p is
 * found at s. */
const char *lstrmatch_find_plain(lstrmatch_state *ms, const char *s, size_t ls, const char *p,
                                 size_t lp);

/* Charges the pending steps now. */
void lstrmatch_flush(lstrmatch_state *ms);

/* Raises a Lua error as luaL_error does (position, formatted message);
 * declared _Noreturn, which luaL_error is not, so that the compiler knows no
 * code runs after a refusal. */
_Noreturn void lstrmatch_error(lua_State *L, const char *fmt, ...);

/* Counts n steps, charging them once a chunk has gathered. */
static inline void lstrmatch_step(lstrmatch_state *ms, uint64_t n)
{
    ms->pending += n;
    if (ms->pending >= LSTRMATCH_CHUNK) lstrmatch_flush(ms);
}

#endif
