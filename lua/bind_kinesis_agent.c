/* aws.kinesis.loggen, aws.kinesis.agent and stream:consumer: the course's
 * log-ingestion exercise. */
#include <lauxlib.h>
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

typedef struct lloggen {
    loggen *g;
} lloggen;
typedef struct lagent {
    agent *a;
} lagent;
typedef struct lconsumer {
    kinesis_poller *p;
} lconsumer;

static loggen *check_loggen(lua_State *L, int idx)
{
    lloggen *u = luaL_checkudata(L, idx, LOGGEN);
    return u->g;
}

/* logs:write(lines) -> path | nil, err (./LogGenerator.py lines) */
static int l_loggen_write(lua_State *L)
{
    loggen *g = check_loggen(L, 1);
    lua_Integer n = luaL_checkinteger(L, 2);
    sim_error err = {0};
    int f = loggen_write(g, n > 0 ? (uint64_t)n : 0, &err);
    if (f < 0) return lbind_fail(L, &err);
    lua_pushstring(L, loggen_file_at(g, (size_t)f)->path);
    return 1;
}

/* aws.kinesis.loggen{ seed = 1, lines = 500000, dir = "/var/log/cadabra",
 *                     rate = 0 } */
static int l_loggen(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    loggen_config c = {0};
    c.seed = (uint64_t)lbind_opt_integer_field(L, 1, "seed", 1);
    c.dir = lbind_opt_string_field(L, 1, "dir", NULL);
    c.lines_per_second = lbind_opt_number_field(L, 1, "rate", 0);
    lua_Integer lines = lbind_opt_integer_field(L, 1, "lines", 0);
    lloggen *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->g = NULL;
    luaL_setmetatable(L, LOGGEN);
    u->g = loggen_new(&c, lbind_clock(L));
    if (!u->g) return luaL_error(L, "out of memory");
    if (lines) {
        sim_error err = {0};
        if (loggen_write(u->g, (uint64_t)(lines > 0 ? lines : 0), &err) < 0)
            return lbind_fail(L, &err);
    }
    return 1;
}

static int l_loggen_gc(lua_State *L)
{
    lloggen *u = luaL_checkudata(L, 1, LOGGEN);
    loggen_free(u->g);
    u->g = NULL;
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
        lbind_set_int(L, "lines", (lua_Integer)f->lines);
        lbind_set_int(L, "first_line", (lua_Integer)f->first_line);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* logs:line(n) -> data-set line n (1-based), without its newline */
static int l_loggen_line(lua_State *L)
{
    loggen *g = check_loggen(L, 1);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_argcheck(L, n >= 1, 2, "lines are numbered from 1");
    luaL_argcheck(L, (uint64_t)n <= LOGGEN_MAX_LINES, 2, "the data set has 10^12 lines");
    char buf[512];
    size_t len = loggen_line(g, (uint64_t)(n - 1), buf, sizeof buf);
    lua_pushlstring(L, buf, len ? len - 1 : 0);
    return 1;
}

/* aws.kinesis.agent{ config = json, logs = logs, streams = { s }, firehose = { f } } */
static int l_agent(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    size_t len;
    lua_getfield(L, 1, "config");
    const char *json = lua_tolstring(L, -1, &len);
    if (!json) return luaL_error(L, "config must be the text of agent.json");
    lagent *u = lua_newuserdatauv(L, sizeof *u, 3);
    u->a = NULL;
    luaL_setmetatable(L, AGENT);
    int ud = lua_gettop(L);
    sim_error err = {0};
    u->a = agent_new_json(json, len, lbind_clock(L), lbind_rng(L), &err);
    if (!u->a) return lbind_fail(L, &err);
    /* Keep what the agent points at alive as long as the agent. */
    if (lua_getfield(L, 1, "logs") != LUA_TNIL) {
        agent_attach_logs(u->a, check_loggen(L, -1));
        lua_setiuservalue(L, ud, 1);
    } else {
        lua_pop(L, 1);
    }
    if (lua_getfield(L, 1, "streams") == LUA_TTABLE) {
        for (lua_Integer i = 1; lua_geti(L, -1, i) != LUA_TNIL; i++) {
            agent_add_stream(u->a, lbind_kinesis_check(L, -1));
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
        lua_setiuservalue(L, ud, 2);
    } else {
        lua_pop(L, 1);
    }
    if (lua_getfield(L, 1, "firehose") == LUA_TTABLE) {
        for (lua_Integer i = 1; lua_geti(L, -1, i) != LUA_TNIL; i++) {
            agent_add_delivery(u->a, lbind_firehose_check(L, -1));
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
        lua_setiuservalue(L, ud, 3);
    } else {
        lua_pop(L, 1);
    }
    lua_settop(L, ud);
    return 1;
}

static agent *check_agent(lua_State *L, int idx)
{
    lagent *u = luaL_checkudata(L, idx, AGENT);
    return u->a;
}

static int l_agent_gc(lua_State *L)
{
    lagent *u = luaL_checkudata(L, 1, AGENT);
    agent_free(u->a);
    u->a = NULL;
    return 0;
}

static void push_stats(lua_State *L, const agent_stats *s)
{
    lua_createtable(L, 0, 12);
    lbind_set_int(L, "lines_read", (lua_Integer)s->lines_read);
    lbind_set_int(L, "records_parsed", (lua_Integer)s->records_parsed);
    lbind_set_int(L, "records_skipped", (lua_Integer)s->records_skipped);
    lbind_set_int(L, "records_sent", (lua_Integer)s->records_sent);
    lbind_set_int(L, "throttled", (lua_Integer)s->records_throttled);
    lbind_set_int(L, "failed", (lua_Integer)s->records_failed);
    lbind_set_int(L, "retries", (lua_Integer)s->retries);
    lbind_set_int(L, "put_calls", (lua_Integer)s->put_calls);
    lbind_set_int(L, "bytes_sent", (lua_Integer)s->bytes_sent);
    lbind_set_int(L, "pending", (lua_Integer)s->records_pending);
    lbind_set_int(L, "missing_destination", (lua_Integer)s->missing_destination);
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
        agent_flow_stats_get(a, (int)luaL_checkinteger(L, 2) - 1, &s);
    push_stats(L, &s);
    return 1;
}

/* agent:run{ seconds = 600 | ["until"] = ms | duration = "10m",
 *            idle = true, consumer = c } -> stats */
static int l_agent_run(lua_State *L)
{
    agent *a = check_agent(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    int64_t now = sim_clock_now(lbind_clock(L));
    int64_t until = now + 6 * SIM_MS_PER_HOUR;
    if (lua_getfield(L, 2, "until") != LUA_TNIL) until = (int64_t)luaL_checkinteger(L, -1);
    lua_pop(L, 1);
    double secs = lbind_opt_number_field(L, 2, "seconds", -1);
    if (secs >= 0) until = now + (int64_t)(secs * 1000);
    int64_t dur = lbind_opt_duration_field(L, 2, "duration", -1);
    if (dur >= 0) until = now + dur;
    if (until - now > 7 * SIM_MS_PER_DAY) return luaL_error(L, "a run is at most 7 days");
    bool idle = lbind_opt_bool_field(L, 2, "idle", 1);
    kinesis_poller *p = NULL;
    if (lua_getfield(L, 2, "consumer") != LUA_TNIL) {
        lconsumer *c = luaL_checkudata(L, -1, CONSUMER);
        p = c->p;
    }
    lua_pop(L, 1);
    agent_run(a, lbind_clock(L), until, idle, p);
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
    lua_getiuservalue(L, 1, 1);
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
            lbind_set_int(L, "lines", (lua_Integer)lines);
            lua_rawseti(L, -2, ++k);
        }
    }
    return 1;
}

/* stream:consumer{ from = "TRIM_HORIZON", interval = "1s", limit = 10000 } */
static int l_consumer(lua_State *L)
{
    kinesis_stream *s = lbind_kinesis_check(L, 1);
    const char *from = lbind_opt_string_field(L, 2, "from", "TRIM_HORIZON");
    kinesis_iterator_type t;
    if (!kinesis_iterator_type_parse(from, &t) ||
        (t != KINESIS_TRIM_HORIZON && t != KINESIS_LATEST))
        return luaL_error(L, "from must be TRIM_HORIZON or LATEST");
    int64_t iv = lbind_opt_duration_field(L, 2, "interval", 1000);
    int limit = (int)lbind_opt_integer_field(L, 2, "limit", 10000);
    if (iv < 1 || limit < 1 || limit > 10000)
        return luaL_error(L, "interval must be positive and limit between 1 and 10000");
    lconsumer *u = lua_newuserdatauv(L, sizeof *u, 1);
    u->p = NULL;
    luaL_setmetatable(L, CONSUMER);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, 1);
    u->p = kinesis_poller_new(s, t, iv, limit);
    if (!u->p) return luaL_error(L, "out of memory");
    return 1;
}

static kinesis_poller *check_consumer(lua_State *L, int idx)
{
    lconsumer *u = luaL_checkudata(L, idx, CONSUMER);
    return u->p;
}

static int l_consumer_gc(lua_State *L)
{
    lconsumer *u = luaL_checkudata(L, 1, CONSUMER);
    kinesis_poller_free(u->p);
    u->p = NULL;
    return 0;
}

static int l_consumer_stats(lua_State *L)
{
    kinesis_poller_stats st;
    kinesis_poller_stats_get(check_consumer(L, 1), &st);
    lua_createtable(L, 0, 6);
    lbind_set_int(L, "records", (lua_Integer)st.records);
    lbind_set_int(L, "bytes", (lua_Integer)st.bytes);
    lbind_set_int(L, "calls", (lua_Integer)st.calls);
    lbind_set_int(L, "throttled_calls", (lua_Integer)st.throttled_calls);
    lbind_set_int(L, "max_millis_behind", (lua_Integer)st.max_millis_behind);
    lbind_set_int(L, "millis_behind", (lua_Integer)st.last_millis_behind);
    return 1;
}

/* consumer:run{ seconds = 60 } -> stats */
static int l_consumer_run(lua_State *L)
{
    kinesis_poller *p = check_consumer(L, 1);
    double secs = lbind_opt_number_field(L, 2, "seconds", 60);
    if (secs < 0 || secs > 7 * 86400) return luaL_error(L, "seconds must be 0 to 7 days");
    sim_clock *c = lbind_clock(L);
    kinesis_poller_run(p, c, sim_clock_now(c) + (int64_t)(secs * 1000));
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

static void with_gc(lua_State *L, const char *name, const luaL_Reg *m, lua_CFunction gc)
{
    lbind_new_class(L, name, m);
    luaL_getmetatable(L, name);
    lua_pushcfunction(L, gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
}

void lbind_kinesis_agent_open(lua_State *L)
{
    with_gc(L, LOGGEN, loggen_methods, l_loggen_gc);
    with_gc(L, AGENT, agent_methods, l_agent_gc);
    with_gc(L, CONSUMER, consumer_methods, l_consumer_gc);
    /* stream:consumer lives on the stream class. */
    luaL_getmetatable(L, LBIND_KINESIS_STREAM);
    lua_getfield(L, -1, "__index");
    lua_pushcfunction(L, l_consumer);
    lua_setfield(L, -2, "consumer");
    lua_pop(L, 2);
    lua_pushcfunction(L, l_loggen);
    lua_setfield(L, -2, "loggen");
    lua_pushcfunction(L, l_agent);
    lua_setfield(L, -2, "agent");
}
