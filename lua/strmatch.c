/* The pattern matcher behind the budgeted string functions.
 *
 * It is the backtracking algorithm of Lua 5.4.4's lstrlib.c, step for step,
 * so that every pattern gives the same result and the same error; what it
 * adds is a charge for the work. One step is charged for each pattern item
 * the matcher processes (so at least one for every call of the matcher), for
 * each subject character examined while expanding '*', '+' and '-', for each
 * element of a set tried against a character, for each set byte skipped
 * while finding the end of a set, and for each character scanned by %b. Bulk
 * byte work (plain search, back-references) is charged a step per 16 bytes.
 * The steps are handed to the charge function in chunks, and the charge
 * function stops a match by raising an error, which unwinds straight out:
 * the state lives on the C stack, so nothing is left behind. */
#include "lua/strmatch_int.h"

#include <ctype.h>
#include <lauxlib.h>
#include <lua.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Plain search scans the subject with memchr in windows this long, so a
 * long scan is charged as it goes. */
#define PLAIN_WINDOW 2048
/* Byte comparisons are done and charged in blocks this long: a mismatch
 * usually shows early, and is then charged little. */
#define COMPARE_BLOCK 64

void lstrmatch_flush(lstrmatch_state *ms)
{
    uint64_t n = ms->pending;
    /* Cleared first: the charge function may not return. */
    ms->pending = 0;
    if (ms->charge && n) ms->charge(ms->L, n);
}

void lstrmatch_prepare(lstrmatch_state *ms, lua_State *L, lstrmatch_charge_fn charge, const char *s,
                       size_t ls, const char *p, size_t lp)
{
    ms->src_init = s;
    ms->src_end = s + ls;
    ms->p_end = p + lp;
    ms->L = L;
    ms->charge = charge;
    ms->pending = 0;
    lstrmatch_reset(ms);
}

void lstrmatch_reset(lstrmatch_state *ms)
{
    ms->level = 0;
    /* Lua only asserts that the depth is back to its start here. We set it,
     * so that a gmatch iterator stopped mid-match (by the budget or by an
     * error in the pattern) starts its next call with the full limit rather
     * than with whatever was left when it unwound. */
    ms->depth = LSTRMATCH_MAXDEPTH;
}

/* Compares n bytes, charging each block before comparing it. */
static bool same_bytes(lstrmatch_state *ms, const char *a, const char *b, size_t n)
{
    while (n > 0) {
        size_t k = n < COMPARE_BLOCK ? n : COMPARE_BLOCK;
        lstrmatch_step(ms, 1 + k / 16);
        if (memcmp(a, b, k) != 0) return false;
        a += k;
        b += k;
        n -= k;
    }
    return true;
}

const char *lstrmatch_find_plain(lstrmatch_state *ms, const char *s, size_t ls, const char *p,
                                 size_t lp)
{
    if (lp == 0) return s;
    if (lp > ls) return NULL;
    /* Candidates are the places where the first byte occurs and the rest of
     * p still fits; any search that reports the first one agrees with
     * Lua's. */
    const char *at = s;
    size_t left = ls - lp + 1;
    while (left > 0) {
        size_t window = left < PLAIN_WINDOW ? left : PLAIN_WINDOW;
        const char *hit = memchr(at, p[0], window);
        size_t scanned = hit ? (size_t)(hit - at) + 1 : window;
        lstrmatch_step(ms, scanned / 16 + 1);
        if (hit && same_bytes(ms, hit + 1, p + 1, lp - 1)) return hit;
        at += scanned;
        left -= scanned;
    }
    return NULL;
}

bool lstrmatch_has_specials(lstrmatch_state *ms, const char *p, size_t lp)
{
    lstrmatch_step(ms, lp / 16 + 1);
    for (size_t i = 0; i < lp; i++) {
        switch (p[i]) {
        case '^':
        case '$':
        case '*':
        case '+':
        case '?':
        case '.':
        case '(':
        case '[':
        case '%':
        case '-':
            return true;
        default:
            break;
        }
    }
    return false;
}

_Noreturn void lstrmatch_error(lua_State *L, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    luaL_where(L, 1);
    lua_pushvfstring(L, fmt, ap);
    va_end(ap);
    lua_concat(L, 2);
    lua_error(L);
    abort(); /* lua_error does not return */
}

/* --- single items -------------------------------------------------------- */

/* Returns the end of the single item (a character, an escape or a set) at
 * p, where an optional suffix would be. */
static const char *class_end(lstrmatch_state *ms, const char *p)
{
    char c = *p++;
    if (c == LSTRMATCH_ESC) {
        if (p == ms->p_end) lstrmatch_error(ms->L, "malformed pattern (ends with '%%')");
        return p + 1;
    }
    if (c != '[') return p;
    if (*p == '^') p++;
    /* The first byte of the set is part of it even when it is ']', which is
     * why the test for the closing bracket comes after the first byte. */
    do {
        if (p == ms->p_end) lstrmatch_error(ms->L, "malformed pattern (missing ']')");
        lstrmatch_step(ms, 1);
        if (*p++ == LSTRMATCH_ESC && p < ms->p_end) p++;
    } while (*p != ']');
    return p + 1;
}

/* Whether character c is in class cl (%a, %d, ...; upper case for the
 * complement); any other cl stands for itself. The <ctype.h> functions are
 * the ones Lua calls, so the classes follow the process locale exactly as
 * the real library's do. */
static bool class_matches(int c, int cl)
{
    int res;
    switch (tolower(cl)) {
    case 'a':
        res = isalpha(c);
        break;
    case 'c':
        res = iscntrl(c);
        break;
    case 'd':
        res = isdigit(c);
        break;
    case 'g':
        res = isgraph(c);
        break;
    case 'l':
        res = islower(c);
        break;
    case 'p':
        res = ispunct(c);
        break;
    case 's':
        res = isspace(c);
        break;
    case 'u':
        res = isupper(c);
        break;
    case 'w':
        res = isalnum(c);
        break;
    case 'x':
        res = isxdigit(c);
        break;
    case 'z': /* '\0'; deprecated, but Lua 5.4 still accepts it */
        res = c == 0;
        break;
    default:
        return cl == c;
    }
    return islower(cl) ? res != 0 : res == 0;
}

/* Whether character c is in the set that starts at p ('[') and whose
 * closing ']' is at last. */
static bool set_matches(lstrmatch_state *ms, int c, const char *p, const char *last)
{
    bool want = true;
    if (p[1] == '^') {
        want = false;
        p++;
    }
    while (++p < last) {
        lstrmatch_step(ms, 1);
        if (*p == LSTRMATCH_ESC) {
            p++;
            if (class_matches(c, (unsigned char)*p)) return want;
        } else if (p[1] == '-' && p + 2 < last) {
            p += 2;
            if ((unsigned char)p[-2] <= c && c <= (unsigned char)*p) return want;
        } else if ((unsigned char)*p == c) {
            return want;
        }
    }
    return !want;
}

/* Whether the subject character at s matches the single item p..ep. */
static bool single_matches(lstrmatch_state *ms, const char *s, const char *p, const char *ep)
{
    if (s >= ms->src_end) return false;
    int c = (unsigned char)*s;
    switch (*p) {
    case '.':
        return true;
    case LSTRMATCH_ESC:
        return class_matches(c, (unsigned char)p[1]);
    case '[':
        return set_matches(ms, c, p, ep - 1);
    default:
        return (unsigned char)*p == c;
    }
}

/* --- compound items ------------------------------------------------------ */

/* %bxy at s, with p pointing at x: the end of the balanced run, or NULL. */
static const char *match_balance(lstrmatch_state *ms, const char *s, const char *p)
{
    if (ms->p_end - p < 2) lstrmatch_error(ms->L, "malformed pattern (missing arguments to '%%b')");
    /* At the end of the subject this reads its '\0', as Lua does. */
    if (*s != *p) return NULL;
    char opener = p[0], closer = p[1];
    int depth = 1;
    while (++s < ms->src_end) {
        lstrmatch_step(ms, 1);
        if (*s == closer) {
            if (--depth == 0) return s + 1;
        } else if (*s == opener) {
            depth++;
        }
    }
    return NULL;
}

/* Greedy repetition of p..ep from s: take as many as match, then give them
 * back one by one until the rest of the pattern matches. */
static const char *max_expand(lstrmatch_state *ms, const char *s, const char *p, const char *ep)
{
    ptrdiff_t n = 0;
    for (;;) {
        lstrmatch_step(ms, 1);
        if (!single_matches(ms, s + n, p, ep)) break;
        n++;
    }
    for (; n >= 0; n--) {
        const char *res = lstrmatch_match(ms, s + n, ep + 1);
        if (res) return res;
    }
    return NULL;
}

/* Lazy repetition: try the rest of the pattern first, then one more. */
static const char *min_expand(lstrmatch_state *ms, const char *s, const char *p, const char *ep)
{
    for (;;) {
        const char *res = lstrmatch_match(ms, s, ep + 1);
        if (res) return res;
        lstrmatch_step(ms, 1);
        if (!single_matches(ms, s, p, ep)) return NULL;
        s++;
    }
}

static const char *start_capture(lstrmatch_state *ms, const char *s, const char *p, int what)
{
    int level = ms->level;
    if (level >= LSTRMATCH_MAXCAPTURES) lstrmatch_error(ms->L, "too many captures");
    ms->capture[level].init = s;
    ms->capture[level].len = what;
    ms->level = (unsigned char)(level + 1);
    const char *res = lstrmatch_match(ms, s, p);
    if (!res) ms->level--; /* this path failed: the capture never happened */
    return res;
}

static const char *end_capture(lstrmatch_state *ms, const char *s, const char *p)
{
    /* The innermost capture still open is the one this ')' closes. */
    int l = ms->level - 1;
    while (l >= 0 && ms->capture[l].len != LSTRMATCH_CAP_UNFINISHED)
        l--;
    if (l < 0) lstrmatch_error(ms->L, "invalid pattern capture");
    ms->capture[l].len = s - ms->capture[l].init;
    const char *res = lstrmatch_match(ms, s, p);
    if (!res) ms->capture[l].len = LSTRMATCH_CAP_UNFINISHED;
    return res;
}

/* %1..%9 at s: the text of that capture again. */
static const char *match_backref(lstrmatch_state *ms, const char *s, int digit)
{
    int l = digit - '1';
    if (l < 0 || l >= ms->level || ms->capture[l].len == LSTRMATCH_CAP_UNFINISHED)
        lstrmatch_error(ms->L, "invalid capture index %%%d", l + 1);
    /* A position capture's length, taken as a size, is too long to fit,
     * so it never matches: the same outcome as in Lua. */
    size_t len = (size_t)ms->capture[l].len;
    if ((size_t)(ms->src_end - s) >= len && same_bytes(ms, ms->capture[l].init, s, len))
        return s + len;
    return NULL;
}

/* The items of the pattern from p on, one at a time; where Lua's match()
 * tail-calls itself this loops instead, charging a step per item. */
static const char *match_items(lstrmatch_state *ms, const char *s, const char *p)
{
    for (;;) {
        lstrmatch_step(ms, 1);
        if (p == ms->p_end) return s;
        switch (*p) {
        case '(':
            if (p[1] == ')') return start_capture(ms, s, p + 2, LSTRMATCH_CAP_POSITION);
            return start_capture(ms, s, p + 1, LSTRMATCH_CAP_UNFINISHED);
        case ')':
            return end_capture(ms, s, p + 1);
        case '$':
            /* Only a final '$' anchors; elsewhere it is a plain character. */
            if (p + 1 == ms->p_end) return s == ms->src_end ? s : NULL;
            break;
        case LSTRMATCH_ESC:
            if (p[1] == 'b') {
                s = match_balance(ms, s, p + 2);
                if (!s) return NULL;
                p += 4;
                continue;
            }
            if (p[1] == 'f') {
                p += 2;
                if (*p != '[') lstrmatch_error(ms->L, "missing '[' after '%%f' in pattern");
                const char *ep = class_end(ms, p);
                int prev = s == ms->src_init ? 0 : (unsigned char)s[-1];
                /* At the end of the subject the next character is its
                 * '\0', as in Lua. */
                if (set_matches(ms, prev, p, ep - 1) ||
                    !set_matches(ms, (unsigned char)*s, p, ep - 1))
                    return NULL;
                p = ep;
                continue;
            }
            if (p[1] >= '0' && p[1] <= '9') {
                s = match_backref(ms, s, p[1]);
                if (!s) return NULL;
                p += 2;
                continue;
            }
            break; /* a class such as %a, or an escaped character */
        default:
            break;
        }

        /* A single item with an optional suffix. */
        const char *ep = class_end(ms, p);
        if (!single_matches(ms, s, p, ep)) {
            if (*ep == '*' || *ep == '?' || *ep == '-') {
                p = ep + 1; /* zero repetitions are allowed */
                continue;
            }
            return NULL;
        }
        switch (*ep) {
        case '?': {
            const char *res = lstrmatch_match(ms, s + 1, ep + 1);
            if (res) return res;
            p = ep + 1;
            continue;
        }
        case '+':
            return max_expand(ms, s + 1, p, ep);
        case '*':
            return max_expand(ms, s, p, ep);
        case '-':
            return min_expand(ms, s, p, ep);
        default:
            s++;
            p = ep;
            continue;
        }
    }
}

const char *lstrmatch_match(lstrmatch_state *ms, const char *s, const char *p)
{
    /* The recursion is bounded as in Lua, which also bounds the C stack. */
    if (ms->depth-- == 0) lstrmatch_error(ms->L, "pattern too complex");
    const char *res = match_items(ms, s, p);
    ms->depth++;
    return res;
}
