/* aws.kinesis.loggen, aws.kinesis.agent and stream:consumer: the course's
 * log-ingestion exercise. */
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua/bind.h"
#include "lua/bind_kinesis.h"
#include "sim/agent.h"
#include "sim/kinesis_producer.h"
#include "sim/loggen.h"

#define LOGGEN "bdw.kinesis.loggen"
#define AGENT "bdw.kinesis.agent"
#define CONSUMER "bdw.kinesis.consumer"

/* An agent's user values: its log generator, and two private tables of
 * the streams and delivery streams it writes to (copied from the script's
 * lists, which the script may change afterwards). */
enum { AGENT_UV_LOGS = 1, AGENT_UV_STREAMS, AGENT_UV_HOSES, AGENT_NUV };
/* The most destinations one agent may have. */
#define AGENT_MAX_DESTINATIONS 64

static loggen *check_loggen(lua_State *L, int idx)
{
    return ((lbind_handle *)lbind_check_object(L, idx, LOGGEN))->p;
}

/* logs:write(lines) -> path | nil, err (./LogGenerator.py lines) */
static int l_loggen_write(lua_State *L)
{
    loggen *g = check_loggen(L, 1);
    lua_Integer n = lbind_check_int(L, 2, 0, LOGGEN_MAX_LINES);
    sim_error err = {0};
    int f = loggen_write(g, (uint64_t)n, &err);
    if (f < 0) return lbind_fail(L, &err, "logs:write");
    lua_pushstring(L, loggen_file_at(g, (size_t)f)->path);
    return 1;
}

/* aws.kinesis.loggen{ seed = 1, lines = 500000, dir = "/var/log/cadabra",
 *                     rate = 0 } */
static int l_loggen(lua_State *L)
{
    lbind_check_opts(L, 1, false);
    loggen_config c = {0};
    c.seed = (uint64_t)lbind_field_int(L, 1, "seed", 1, 0, LUA_MAXINTEGER);
    c.dir = lbind_field_name(L, 1, "dir", NULL);
    c.lines_per_second = lbind_field_num(L, 1, "rate", 0, 0, 1e9);
    lua_Integer lines = lbind_field_int(L, 1, "lines", 0, 0, LOGGEN_MAX_LINES);
    lbind_handle *u = lbind_new_object(L, sizeof *u, LOGGEN, 0);
    c.budget = lbind_budget(L);
    u->p = loggen_new(&c, lbind_clock(L));
    if (!u->p) return lbind_out_of_memory(L, "aws.kinesis.loggen");
    if (lines) {
        sim_error err = {0};
        if (loggen_write(u->p, (uint64_t)lines, &err) < 0)
            return lbind_fail(L, &err, "aws.kinesis.loggen");
    }
    return 1;
}

static int l_loggen_gc(lua_State *L)
{
    lbind_handle *u = lbind_gc_object(L, LOGGEN);
    if (u && u->p) {
        loggen_free(u->p);
        u->p = NULL;
    }
    return 0;
}

/* logs:files() -> { { path, lines, first_line }, ... } */
static int l_loggen_files(lua_State *L)
{
    loggen *g = check_loggen(L, 1);
    lua_newtable(L);
    for (size_t i = 0; i < loggen_file_count(g); i++) {
        const loggen_file *f = loggen_file_at(g, i);
        lua_createtable(L, 0, 3);
        lua_pushstring(L, f->path);
        lua_setfield(L, -2, "path");
        lbind_set_u64(L, "lines", f->lines);
        lbind_set_u64(L, "first_line", f->first_line);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* logs:line(n) -> data-set line n (1-based), without its newline */
static int l_loggen_line(lua_State *L)
{
    loggen *g = check_loggen(L, 1);
    lua_Integer n = lbind_check_int(L, 2, 1, LOGGEN_MAX_LINES);
    char buf[512];
    size_t len = loggen_line(g, (uint64_t)(n - 1), buf, sizeof buf);
    lua_pushlstring(L, buf, len ? len - 1 : 0);
    return 1;
}

/* Copies the objects of list field k (each of class mt) into a private
 * table anchored in the agent's user value uv, calling add for each. */
static void agent_take_list(lua_State *L, int ud, const char *k, const char *mt, int uv,
                            sim_status (*add)(agent *a, void *p))
{
    if (lbind_field(L, 1, k) == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    int list = lua_gettop(L);
    if (lua_type(L, list) != LUA_TTABLE) {
        luaL_error(L, "aws.kinesis.agent: field '%s' must be a list", k);
        return;
    }
    char what[64];
    snprintf(what, sizeof what, "aws.kinesis.agent %s", k);
    lua_Integer n = lbind_check_len(L, list, AGENT_MAX_DESTINATIONS, what);
    lua_createtable(L, (int)n, 0);
    int mine = lua_gettop(L);
    agent *a = ((lbind_handle *)lua_touserdata(L, ud))->p;
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, list, i);
        lbind_handle *h = lbind_test_object(L, -1, mt);
        if (!h) {
            luaL_error(L, "aws.kinesis.agent: %s[%d] must be a %s, not a %s", k, (int)i, mt,
                       luaL_typename(L, -1));
            return;
        }
        lua_rawseti(L, mine, i); /* anchored before the agent points at it */
        if (add(a, h->p) != SIM_OK) {
            lbind_out_of_memory(L, "aws.kinesis.agent");
            return;
        }
    }
    lbind_anchor(L, ud, uv);
    lua_pop(L, 1);
}

static sim_status agent_add_stream_cb(agent *a, void *p)
{
    return agent_add_stream(a, p);
}

static sim_status agent_add_hose_cb(agent *a, void *p)
{
    return agent_add_delivery(a, p);
}

/* aws.kinesis.agent{ config = json, logs = logs, streams = { s }, firehose = { f } } */
static int l_agent(lua_State *L)
{
    lbind_check_opts(L, 1, false);
    size_t len;
    const char *json = lbind_field_bytes(L, 1, "config", NULL, &len);
    if (!json) return luaL_error(L, "aws.kinesis.agent needs config = the text of agent.json");
    lbind_handle *u = lbind_new_object(L, sizeof *u, AGENT, AGENT_NUV - 1);
    int ud = lua_gettop(L);
    sim_error err = {0};
    agent_config *ac = agent_config_parse_budget(json, len, lbind_budget(L), &err);
    u->p = ac ? agent_new(ac, lbind_clock(L), lbind_rng(L), &err) : NULL;
    if (!u->p) return lbind_fail(L, &err, "aws.kinesis.agent");
    /* Keep what the agent points at alive as long as the agent. */
    loggen *g = lbind_field_object(L, 1, "logs", LOGGEN) ? check_loggen(L, -1) : NULL;
    if (g) {
        /* Out of memory here only means the records keep their bytes. */
        (void)agent_attach_logs(u->p, g);
        lbind_anchor(L, ud, AGENT_UV_LOGS);
    } else {
        lua_pop(L, 1);
    }
    agent_take_list(L, ud, "streams", LBIND_KINESIS_STREAM, AGENT_UV_STREAMS, agent_add_stream_cb);
    agent_take_list(L, ud, "firehose", LBIND_FIREHOSE_STREAM, AGENT_UV_HOSES, agent_add_hose_cb);
    lua_settop(L, ud);
    return 1;
}

static agent *check_agent(lua_State *L, int idx)
{
    return ((lbind_handle *)lbind_check_object(L, idx, AGENT))->p;
}

static int l_agent_gc(lua_State *L)
{
    lbind_handle *u = lbind_gc_object(L, AGENT);
    if (u && u->p) {
        agent_free(u->p);
        u->p = NULL;
    }
    return 0;
}

static void push_stats(lua_State *L, const agent_stats *s)
{
    lua_createtable(L, 0, 12);
    lbind_set_u64(L, "lines_read", s->lines_read);
    lbind_set_u64(L, "records_parsed", s->records_parsed);
    lbind_set_u64(L, "records_skipped", s->records_skipped);
    lbind_set_u64(L, "records_sent", s->records_sent);
    lbind_set_u64(L, "throttled", s->records_throttled);
    lbind_set_u64(L, "failed", s->records_failed);
    lbind_set_u64(L, "retries", s->retries);
    lbind_set_u64(L, "put_calls", s->put_calls);
    lbind_set_u64(L, "bytes_sent", s->bytes_sent);
    lbind_set_u64(L, "pending", s->records_pending);
    lbind_set_u64(L, "missing_destination", s->missing_destination);
    lbind_set_int(L, "last_send", (lua_Integer)s->last_send_ms);
}

/* agent:stats() -> totals; agent:stats(flow) -> one flow (1-based) */
static int l_agent_stats(lua_State *L)
{
    agent *a = check_agent(L, 1);
    agent_stats s;
    if (lua_isnoneornil(L, 2))
        agent_stats_get(a, &s);
    else
        agent_flow_stats_get(a, (int)lbind_check_int(L, 2, 1, agent_get_config(a)->nflows) - 1, &s);
    push_stats(L, &s);
    return 1;
}

/* agent:run{ seconds = 600 | ["until"] = ms | duration = "10m",
 *            idle = true, consumer = c } -> stats */
static int l_agent_run(lua_State *L)
{
    agent *a = check_agent(L, 1);
    lbind_check_opts(L, 2, false);
    int64_t now = sim_clock_now(lbind_clock(L));
    int64_t week = 7 * SIM_MS_PER_DAY;
    int64_t until = now + 6 * SIM_MS_PER_HOUR;
    until = (int64_t)lbind_field_int(L, 2, "until", until, now, now + week);
    double secs = lbind_field_num(L, 2, "seconds", -1, -1, (double)(week / 1000));
    if (secs >= 0) until = now + (int64_t)(secs * 1000);
    int64_t dur = lbind_field_duration(L, 2, "duration", -1, week);
    if (dur >= 0) until = now + dur;
    bool idle = lbind_field_bool(L, 2, "idle", 1);
    lbind_handle *c = lbind_field_object(L, 2, "consumer", CONSUMER);
    /* The consumer stays on the stack, alive, while the agent feeds it. */
    if (agent_run(a, lbind_clock(L), until, idle, c ? c->p : NULL) != SIM_OK) {
        sim_error err = {0};
        if (agent_status(a, &err) == SIM_OK && c) kinesis_poller_status(c->p, &err);
        return lbind_fail(L, &err, "agent:run");
    }
    agent_stats s;
    agent_stats_get(a, &s);
    push_stats(L, &s);
    return 1;
}

/* agent:checkpoints() -> { { flow, file, lines }, ... } */
static int l_agent_checkpoints(lua_State *L)
{
    agent *a = check_agent(L, 1);
    lua_newtable(L);
    int k = 0;
    lua_getiuservalue(L, 1, AGENT_UV_LOGS);
    loggen *g = lua_isnil(L, -1) ? NULL : check_loggen(L, -1);
    lua_pop(L, 1);
    for (int f = 0; g && f < agent_get_config(a)->nflows; f++) {
        for (size_t i = 0; i < loggen_file_count(g); i++) {
            uint64_t lines;
            if (!agent_checkpoint(a, f, i, &lines)) continue;
            lua_createtable(L, 0, 3);
            lbind_set_int(L, "flow", f + 1);
            lua_pushstring(L, loggen_file_at(g, i)->path);
            lua_setfield(L, -2, "file");
            lbind_set_u64(L, "lines", lines);
            lua_rawseti(L, -2, ++k);
        }
    }
    return 1;
}

/* stream:consumer{ from = "TRIM_HORIZON", interval = "1s", limit = 10000 } */
static int l_consumer(lua_State *L)
{
    kinesis_stream *s = lbind_kinesis_check(L, 1);
    lbind_check_opts(L, 2, true);
    const char *from = lbind_field_name(L, 2, "from", "TRIM_HORIZON");
    kinesis_iterator_type t;
    if (!kinesis_iterator_type_parse(from, &t) ||
        (t != KINESIS_TRIM_HORIZON && t != KINESIS_LATEST))
        return luaL_error(L, "from must be TRIM_HORIZON or LATEST");
    int64_t iv = lbind_field_duration(L, 2, "interval", 1000, SIM_MS_PER_DAY);
    int limit = (int)lbind_field_int(L, 2, "limit", 10000, 1, 10000);
    if (iv < 1) return luaL_error(L, "field 'interval' must be at least 1 ms");
    lbind_handle *u = lbind_new_object(L, sizeof *u, CONSUMER, 1);
    lua_pushvalue(L, 1);
    lbind_anchor(L, -2, 1); /* the stream lives as long as its consumer */
    u->p = kinesis_poller_new(s, t, iv, limit);
    if (!u->p) return lbind_out_of_memory(L, "stream:consumer");
    return 1;
}

static kinesis_poller *check_consumer(lua_State *L, int idx)
{
    return ((lbind_handle *)lbind_check_object(L, idx, CONSUMER))->p;
}

static int l_consumer_gc(lua_State *L)
{
    lbind_handle *u = lbind_gc_object(L, CONSUMER);
    if (u && u->p) {
        kinesis_poller_free(u->p);
        u->p = NULL;
    }
    return 0;
}

static int l_consumer_stats(lua_State *L)
{
    kinesis_poller_stats st;
    kinesis_poller_stats_get(check_consumer(L, 1), &st);
    lua_createtable(L, 0, 6);
    lbind_set_u64(L, "records", st.records);
    lbind_set_u64(L, "bytes", st.bytes);
    lbind_set_u64(L, "calls", st.calls);
    lbind_set_u64(L, "throttled_calls", st.throttled_calls);
    lbind_set_int(L, "max_millis_behind", (lua_Integer)st.max_millis_behind);
    lbind_set_int(L, "millis_behind", (lua_Integer)st.last_millis_behind);
    return 1;
}

/* consumer:run{ seconds = 60 } -> stats */
static int l_consumer_run(lua_State *L)
{
    kinesis_poller *p = check_consumer(L, 1);
    lbind_check_opts(L, 2, true);
    double secs = lbind_field_num(L, 2, "seconds", 60, 0, 7 * 86400);
    sim_clock *c = lbind_clock(L);
    if (kinesis_poller_run(p, c, sim_clock_now(c) + (int64_t)(secs * 1000)) != SIM_OK) {
        sim_error err = {0};
        kinesis_poller_status(p, &err);
        return lbind_fail(L, &err, "consumer:run");
    }
    lua_settop(L, 1);
    return l_consumer_stats(L);
}

/* consumer:sample() -> the last records read (data text), oldest first */
static int l_consumer_sample(lua_State *L)
{
    kinesis_poller *p = check_consumer(L, 1);
    int n = kinesis_poller_sample_count(p);
    lua_createtable(L, n, 0);
    for (int i = 0; i < n; i++) {
        const char *d;
        size_t len;
        kinesis_poller_sample(p, i, &d, &len, NULL);
        lua_pushlstring(L, d, len);
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

static const luaL_Reg loggen_methods[] = {
    {"write", l_loggen_write},
    {"files", l_loggen_files},
    {"line", l_loggen_line},
    {NULL, NULL},
};
static const luaL_Reg agent_methods[] = {
    {"run", l_agent_run},
    {"stats", l_agent_stats},
    {"checkpoints", l_agent_checkpoints},
    {NULL, NULL},
};
static const luaL_Reg consumer_methods[] = {
    {"run", l_consumer_run},
    {"stats", l_consumer_stats},
    {"sample", l_consumer_sample},
    {NULL, NULL},
};

static const luaL_Reg agent_fns[] = {
    {"loggen", l_loggen},
    {"agent", l_agent},
    {NULL, NULL},
};

static const lbind_class agent_classes[] = {
    {.type = "loggen", .methods = loggen_methods, .gc = l_loggen_gc},
    {.type = "agent", .methods = agent_methods, .gc = l_agent_gc},
    {.type = "consumer", .methods = consumer_methods, .gc = l_consumer_gc},
    {0},
};

/* stream:consumer lives on the stream class. */
static const luaL_Reg stream_extension[] = {
    {"consumer", l_consumer},
    {NULL, NULL},
};

const lbind_module lbind_module_kinesis_agent = {
    .name = "kinesis",
    .functions = agent_fns,
    .classes = agent_classes,
    .extends = LBIND_KINESIS_STREAM,
    .extension = stream_extension,
};
