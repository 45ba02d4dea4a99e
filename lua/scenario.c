/* Loading and running scenario files. The API a scenario calls (`s:say`,
 * `s:choose`, ...) is in scenario_api.c. */
#include "lua/scenario.h"

#include <lauxlib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua/scenario_int.h"
#include "sim/utf8.h"

static const char *const status_names[] = {
    [SCN_COMPLETED] = "completed",       [SCN_QUIT] = "quit",
    [SCN_OUT_OF_ANSWERS] = "incomplete", [SCN_BAD_ANSWER] = "bad-answer",
    [SCN_SCRIPT_ERROR] = "script-error", [SCN_HOOK_FAILED] = "store-error",
};

const char *scn_status_name(scn_status s)
{
    return (unsigned)s < sizeof status_names / sizeof status_names[0] ? status_names[s] : "?";
}

const char *scn_verdict_name(fe_verdict v)
{
    switch (v) {
    case FE_CORRECT:
        return "correct";
    case FE_PARTIAL:
        return "partial";
    case FE_WRONG:
        return "wrong";
    case FE_UNSCORED:
        return "unscored";
    }
    return "?";
}

void scn_result_free(scn_result *r)
{
    for (size_t i = 0; i < r->nantipatterns; i++)
        free(r->antipatterns[i]);
    free(r->antipatterns);
    r->antipatterns = NULL;
    r->nantipatterns = 0;
}

/* Copies at most cap - 1 bytes of s, never cutting a character in two. */
static void scn_copy_text(char *buf, size_t cap, const char *s)
{
    size_t n = strlen(s);
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
}

/* Copies a string field (read raw); false when it is not UTF-8 or holds a
 * NUL. */
static bool scn_copy_field(lua_State *L, int t, const char *k, char *buf, size_t cap)
{
    bool ok = true;
    lua_pushstring(L, k);
    if (lua_rawget(L, t) == LUA_TSTRING) {
        size_t len = 0;
        const char *s = lua_tolstring(L, -1, &len);
        ok = strlen(s) == len && sim_utf8_valid(s, len, NULL);
        if (ok) scn_copy_text(buf, cap, s);
    }
    lua_pop(L, 1);
    return ok;
}

/* Joins a list of strings field into buf with commas; false when one is
 * not UTF-8. */
static bool scn_copy_list(lua_State *L, int t, const char *k, char *buf, size_t cap)
{
    bool ok = true;
    int top = lua_gettop(L);
    size_t used = 0;
    buf[0] = '\0';
    lua_pushstring(L, k);
    if (lua_rawget(L, t) == LUA_TTABLE) {
        for (lua_Integer i = 1; i <= 256 && lua_rawgeti(L, top + 1, i) == LUA_TSTRING; i++) {
            size_t len = 0;
            const char *name = lua_tolstring(L, -1, &len);
            if (strlen(name) != len || !sim_utf8_valid(name, len, NULL)) {
                ok = false;
                break;
            }
            int w = snprintf(buf + used, cap - used, "%s%s", used ? "," : "", name);
            lua_pop(L, 1);
            if (w < 0 || (size_t)w >= cap - used) {
                buf[used] = '\0'; /* keep whole names only */
                break;
            }
            used += (size_t)w;
        }
    }
    lua_settop(L, top);
    return ok;
}

/* A whole number field in [0, hi]; absent is 0. */
static int scn_small_int(lua_State *L, int t, const char *k, int hi, const char *display)
{
    lua_pushstring(L, k);
    int ty = lua_rawget(L, t);
    lua_Integer v = 0;
    if (ty != LUA_TNIL) {
        int isint = 0;
        v = lua_tointegerx(L, -1, &isint);
        if (ty != LUA_TNUMBER || !isint || v < 0 || v > hi)
            return luaL_error(L, "%s: the scenario's %s must be a whole number from 0 to %d",
                              display, k, hi);
    }
    lua_pop(L, 1);
    return (int)v;
}

typedef struct scn_meta_read {
    const char *display;
    scn_meta *meta;
} scn_meta_read;

/* Reads the table the chunk returned into meta, as a protected C function
 * (ud, table): nothing of the script's runs, since every read is raw, and
 * any failure is an error report rather than an unprotected error. */
static int scn_take_meta_cf(lua_State *L)
{
    scn_meta_read *r = lua_touserdata(L, 1);
    scn_meta *meta = r->meta;
    memset(meta, 0, sizeof *meta);
    if (!lua_istable(L, 2))
        return luaL_error(L, "%s: the file must end with `return scenario { ... }`", r->display);
    static const char *const fields[] = {"id", "title", "summary", "domain", "topics", "concepts"};
    char *bufs[] = {meta->id,     meta->title,  meta->summary,
                    meta->domain, meta->topics, meta->concepts};
    size_t caps[] = {sizeof meta->id,     sizeof meta->title,  sizeof meta->summary,
                     sizeof meta->domain, sizeof meta->topics, sizeof meta->concepts};
    for (int i = 0; i < 6; i++) {
        bool ok = i < 4 ? scn_copy_field(L, 2, fields[i], bufs[i], caps[i])
                        : scn_copy_list(L, 2, fields[i], bufs[i], caps[i]);
        if (!ok)
            return luaL_error(L, "%s: the scenario's %s is not valid UTF-8: save the file as UTF-8",
                              r->display, fields[i]);
    }
    meta->difficulty = scn_small_int(L, 2, "difficulty", 3, r->display);
    meta->minutes = scn_small_int(L, 2, "minutes", 1000, r->display);
    return 0;
}

/* The table on top of the stack stays there. */
static bool scn_take_meta(lhost *h, const char *display, scn_meta *meta, lhost_error *err)
{
    lua_State *L = lhost_state(h);
    scn_meta_read r = {display, meta};
    lua_pushvalue(L, -1);
    if (lhost_pcall_c(h, scn_take_meta_cf, &r, 1, 0, err)) return true;
    if (!err->file[0]) snprintf(err->file, sizeof err->file, "%s", display);
    return false;
}

/* Reading metadata runs the file's top level only, which is small in any
 * scenario that means well: it gets a smaller budget than a play, so that
 * listing a pack with a hostile file in it stays quick. */
#define SCN_META_INSTRUCTIONS UINT64_C(20000000)
#define SCN_META_SECONDS 2.0

bool scn_read_meta(const char *path, const char *display, scn_meta *meta, lhost_error *err)
{
    lhost_config cfg = {
        .seed = 1, .instruction_limit = SCN_META_INSTRUCTIONS, .time_limit = SCN_META_SECONDS};
    lhost *h = lhost_new(&cfg);
    if (!h) {
        memset(err, 0, sizeof *err);
        snprintf(err->message, sizeof err->message, "out of memory");
        return false;
    }
    bool ok = lhost_load_file(h, path, display, err) && lhost_call(h, 0, 1, err) &&
              scn_take_meta(h, display, meta, err);
    lhost_free(h);
    return ok;
}

scn_status scn_play(const char *path, const char *display, const scn_config *cfg, scn_result *out)
{
    memset(out, 0, sizeof *out);
    lhost_config hc = {.seed = cfg->seed,
                       .time_limit = cfg->time_limit,
                       .print = cfg->print,
                       .print_ud = cfg->print_ud};
    lhost *h = lhost_new(&hc);
    if (!h) {
        snprintf(out->error.message, sizeof out->error.message, "out of memory");
        return out->status = SCN_SCRIPT_ERROR;
    }
    lua_State *L = lhost_state(h);
    scn_ctx ctx = {.cfg = cfg, .fe = *cfg->fe, .result = out, .host = h};
    if (!lhost_load_file(h, path, display, &out->error) || !lhost_call(h, 0, 1, &out->error) ||
        !scn_take_meta(h, display, &out->meta, &out->error)) {
        lhost_free(h);
        return out->status = SCN_SCRIPT_ERROR;
    }
    /* The same raw read the metadata had: run is a function there. */
    lua_pushliteral(L, "run");
    lua_rawget(L, -2);
    if (!lua_isfunction(L, -1)) {
        memset(&out->error, 0, sizeof out->error);
        snprintf(out->error.message, sizeof out->error.message,
                 "%s: the scenario needs run = function(s) ... end", display);
        snprintf(out->error.file, sizeof out->error.file, "%s", display);
        lhost_free(h);
        return out->status = SCN_SCRIPT_ERROR;
    }
    scn_push_api(L, &ctx);
    bool ok = lhost_call(h, 1, 0, &out->error);
    /* Whatever the script kept of `s` is dead from here on. */
    ctx.finished = true;
    out->work = lhost_work_used(h);
    out->memory_peak = lhost_memory_peak(h);
    if (ctx.stopping) {
        out->status = ctx.stop_status;
        out->error = ctx.stop_error;
    } else if (!ok) {
        out->status = SCN_SCRIPT_ERROR;
    } else {
        out->status = SCN_COMPLETED;
    }
    lhost_free(h);
    if (cfg->on_end && (out->status == SCN_COMPLETED || out->status == SCN_QUIT) &&
        !cfg->on_end(cfg->ud, out)) {
        memset(&out->error, 0, sizeof out->error);
        snprintf(out->error.message, sizeof out->error.message, "the result could not be saved");
        return out->status = SCN_HOOK_FAILED;
    }
    if (out->status == SCN_COMPLETED || out->status == SCN_QUIT) {
        fe_antipattern *list = calloc(out->nantipatterns + 1, sizeof *list);
        for (size_t i = 0; list && i < out->nantipatterns; i++) {
            const antipattern *a = catalog_find(cfg->catalog, out->antipatterns[i]);
            list[i] = (fe_antipattern){out->antipatterns[i], a ? a->title : out->antipatterns[i],
                                       a ? a->why : NULL, a ? a->instead : NULL};
        }
        fe_debrief d = {out->meta.title,
                        out->score,
                        out->max_score,
                        list,
                        list ? out->nantipatterns : 0,
                        out->status == SCN_COMPLETED};
        if (cfg->fe->debrief) cfg->fe->debrief(cfg->fe->ud, &d);
        free(list);
    }
    return out->status;
}
