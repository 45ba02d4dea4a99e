/* s:show(x): turns a Lua value into an fe_view. A string is text; a table
 * may have title, text, columns + rows (a table), chart (a series), and
 * timeline (events at simulated times). */
#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lua/bind.h"
#include "lua/scenario_int.h"
#include "sim/clock.h"

#define SCN_VIEW_MAX_CELLS 4096
#define SCN_VIEW_MAX_POINTS 4096
#define SCN_VIEW_MAX_EVENTS 256
#define SCN_VIEW_LAST_MS INT64_C(253402300799999) /* 9999-12-31T23:59:59.999Z */
#define SCN_VIEW_WHEN 48 /* "2024-01-02 01:00:00  +400d 1h" and room to spare */

/* Converts the value on top of the stack to text and pops it: a string, a
 * number, a boolean or nothing (no metamethod of the script's runs while
 * the view holds pointers into its tables). Converted strings are kept in
 * the anchor table so they live until the view is shown. */
static const char *scn_cell(lua_State *L, int anchor, int *anchored)
{
    const char *s;
    int ty = lua_type(L, -1);
    if (ty == LUA_TBOOLEAN) {
        s = lua_toboolean(L, -1) ? "yes" : "no";
    } else if (ty == LUA_TNIL) {
        s = "";
    } else if (ty == LUA_TSTRING || ty == LUA_TNUMBER) {
        lua_pushvalue(L, -1);
        s = scn_text(L, lua_tostring(L, -1), "a table cell");
        lua_rawseti(L, anchor, ++*anchored);
    } else {
        luaL_error(L, "show: a table cell is a string, a number or a boolean, not a %s",
                   luaL_typename(L, -1));
        return NULL;
    }
    lua_pop(L, 1);
    return s;
}

/* A string field of a view (raw), left on the stack to keep it alive. */
static const char *scn_view_text(lua_State *L, int t, const char *k, const char *what)
{
    int ty = lbind_field(L, t, k);
    if (ty == LUA_TNIL) return NULL;
    if (ty != LUA_TSTRING && ty != LUA_TNUMBER) {
        luaL_error(L, "show: %s must be a string", what);
        return NULL;
    }
    return scn_text(L, lua_tostring(L, -1), what);
}

/* "2024-01-02 01:00:00  +1d 1h": the instant, and how long after the
 * timeline's first event it came. */
static void scn_when(char *buf, size_t cap, int64_t at, int64_t first)
{
    char iso[40], since[32];
    sim_time_format(at, iso, sizeof iso);
    iso[10] = ' ';
    iso[19] = '\0'; /* drop the milliseconds and the Z */
    int64_t d = at - first;
    if (d == 0) {
        snprintf(since, sizeof since, "+0s");
    } else {
        char dur[28];
        sim_duration_format(d < 0 ? -d : d, dur, sizeof dur);
        snprintf(since, sizeof since, "%c%s", d < 0 ? '-' : '+', dur);
    }
    snprintf(buf, cap, "%s  %s", iso, since);
}

/* timeline = { { at = clock.now(), text = "..." }, ... } on the stack at t:
 * fills v's events; the arrays are userdata left on the stack. */
static void scn_timeline(lua_State *L, int t, fe_view *v)
{
    size_t n = (size_t)lua_rawlen(L, t);
    if (n > SCN_VIEW_MAX_EVENTS) {
        luaL_error(L, "show: a timeline has at most %d events", SCN_VIEW_MAX_EVENTS);
        return;
    }
    if (n == 0) return;
    int64_t *ms = lua_newuserdatauv(L, n * sizeof *ms, 0);
    const char **when = lua_newuserdatauv(L, n * sizeof *when, 0);
    const char **text = lua_newuserdatauv(L, n * sizeof *text, 0);
    char *labels = lua_newuserdatauv(L, n * SCN_VIEW_WHEN, 0);
    for (size_t i = 0; i < n; i++) {
        if (lua_rawgeti(L, t, (lua_Integer)i + 1) != LUA_TTABLE) {
            luaL_error(L, "show: timeline event %d is not a table { at = ..., text = ... }",
                       (int)i + 1);
            return;
        }
        int isnum = 0;
        lbind_field(L, -1, "at");
        lua_Integer at = lua_tointegerx(L, -1, &isnum);
        isnum = isnum && lua_type(L, -1) == LUA_TNUMBER;
        lua_pop(L, 1);
        if (!isnum || at < 0 || at > SCN_VIEW_LAST_MS) {
            luaL_error(L,
                       "show: timeline event %d needs at = a time in ms before the year 10000, "
                       "such as clock.now()",
                       (int)i + 1);
            return;
        }
        if (lbind_field(L, -1, "text") != LUA_TSTRING) {
            luaL_error(L, "show: timeline event %d needs text = a string", (int)i + 1);
            return;
        }
        text[i] = scn_text(L, lua_tostring(L, -1), "a timeline event");
        /* The string stays alive: the event table holds it, and the
         * timeline holds the event table until the view is shown. */
        lua_pop(L, 2);
        ms[i] = (int64_t)at;
        when[i] = labels + i * SCN_VIEW_WHEN;
        scn_when(labels + i * SCN_VIEW_WHEN, SCN_VIEW_WHEN, ms[i], ms[0]);
    }
    v->nevents = n;
    v->event_ms = ms;
    v->event_when = when;
    v->event_text = text;
}

static void scn_show_view(scn_ctx *ctx, const fe_view *v)
{
    if (!ctx->fe.show) return;
    lhost_pause(ctx->host);
    ctx->fe.show(ctx->fe.ud, v);
    lhost_resume(ctx->host);
}

void scn_show_value(lua_State *L, scn_ctx *ctx, int idx)
{
    idx = lua_absindex(L, idx);
    fe_view v = {0};
    if (lua_type(L, idx) == LUA_TSTRING || lua_type(L, idx) == LUA_TNUMBER) {
        lua_pushvalue(L, idx);
        v.text = scn_text(L, lua_tostring(L, -1), "the text");
        scn_show_view(ctx, &v);
        lua_pop(L, 1);
        return;
    }
    luaL_checktype(L, idx, LUA_TTABLE);
    int top = lua_gettop(L);
    v.title = scn_view_text(L, idx, "title", "the title");
    v.text = scn_view_text(L, idx, "text", "the text");
    v.unit = scn_view_text(L, idx, "unit", "the unit");

    const char **cells = NULL;
    double *points = NULL;
    lua_newtable(L); /* anchors converted cell strings */
    int anchor = lua_gettop(L);
    int anchored = 0;
    if (lbind_field(L, idx, "columns") == LUA_TTABLE) {
        int cols_t = lua_gettop(L);
        size_t ncols = (size_t)lua_rawlen(L, cols_t);
        lbind_field(L, idx, "rows");
        int rows_t = lua_gettop(L);
        size_t nrows = lua_istable(L, rows_t) ? (size_t)lua_rawlen(L, rows_t) : 0;
        if (ncols == 0 || ncols > 64 || (nrows + 1) * ncols > SCN_VIEW_MAX_CELLS) {
            luaL_error(L, "show: a table needs 1 to 64 columns and at most %d cells",
                       SCN_VIEW_MAX_CELLS);
            return;
        }
        /* Userdata, not malloc: freed by the collector even if a cell's
         * __tostring raises. */
        cells = lua_newuserdatauv(L, (nrows + 1) * ncols * sizeof *cells, 0);
        for (size_t r = 0; r <= nrows; r++) {
            if (r > 0) lua_rawgeti(L, rows_t, (lua_Integer)r);
            int row_t = r == 0 ? cols_t : lua_gettop(L);
            for (size_t col = 0; col < ncols; col++) {
                if (lua_istable(L, row_t))
                    lua_rawgeti(L, row_t, (lua_Integer)col + 1);
                else
                    lua_pushnil(L);
                cells[r * ncols + col] = scn_cell(L, anchor, &anchored);
            }
            if (r > 0) lua_pop(L, 1);
        }
        v.rows = nrows + 1;
        v.cols = ncols;
        v.cells = cells;
    }
    if (lbind_field(L, idx, "chart") == LUA_TTABLE) {
        size_t n = (size_t)lua_rawlen(L, -1);
        if (n > SCN_VIEW_MAX_POINTS) n = SCN_VIEW_MAX_POINTS;
        int chart_t = lua_gettop(L);
        points = lua_newuserdatauv(L, (n + 1) * sizeof *points, 0);
        lua_pushvalue(L, chart_t);
        for (size_t i = 0; i < n; i++) {
            int ty = lua_rawgeti(L, -1, (lua_Integer)i + 1);
            points[i] = lua_tonumber(L, -1);
            if (ty != LUA_TNUMBER || !isfinite(points[i])) {
                luaL_error(L, "show: chart point %d is not a finite number", (int)i + 1);
                return;
            }
            lua_pop(L, 1);
        }
        v.npoints = n;
        v.points = points;
    }
    if (lbind_field(L, idx, "timeline") == LUA_TTABLE) scn_timeline(L, lua_gettop(L), &v);
    scn_show_view(ctx, &v);
    lua_settop(L, top);
}
