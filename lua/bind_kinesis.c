/* aws.kinesis: streams, records, shards, resharding, retention, fan-out,
 * metrics, costs and the producer model. The agent, the log generator and
 * the polling consumer are in bind_kinesis_agent.c. */
#include <lauxlib.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lua/bind.h"
#include "lua/bind_kinesis.h"
#include "sim/kinesis_producer.h"

/* Counts a script gives a stream (shards, hours, seconds) are ints; the
 * simulator refuses what AWS would refuse within them. */
#define INT_ARG(L, t, k, def) ((int)lbind_field_int(L, t, k, def, INT_MIN, INT_MAX))

kinesis_stream *lbind_kinesis_check(lua_State *L, int idx)
{
    lbind_handle *u = lbind_check_object(L, idx, LBIND_KINESIS_STREAM);
    return u->p;
}

static int shard_arg(lua_State *L, kinesis_stream *s, int idx)
{
    int shard = -1;
    if (lua_type(L, idx) == LUA_TNUMBER)
        shard = (int)lbind_check_int(L, idx, 0, INT_MAX);
    else
        shard = kinesis_shard_find(s, lbind_check_name(L, idx));
    if (shard < 0 || shard >= kinesis_shard_count(s))
        return luaL_argerror(L, idx,
                             "no such shard (use \"shardId-000000000000\" or a number from 0)");
    return shard;
}

static void push_hash(lua_State *L, kinesis_hash h)
{
    char buf[48];
    kinesis_hash_format(h, buf, sizeof buf);
    lua_pushstring(L, buf);
}

static void push_shard_id(lua_State *L, int shard)
{
    char id[24];
    kinesis_shard_id(shard, id, sizeof id);
    lua_pushstring(L, id);
}

/* aws.kinesis.stream{ name = "CadabraOrders", shards = 1, retention = 24 } */
static int l_stream(lua_State *L)
{
    lbind_check_opts(L, 1, false);
    kinesis_stream_config cfg = {0};
    cfg.name = lbind_field_name(L, 1, "name", NULL);
    cfg.shards = INT_ARG(L, 1, "shards", 1);
    /* 0 tells the simulator "the default"; a script that writes 0 means
     * zero, so a count given must be at least 1 (the simulator refuses what
     * AWS refuses above that). */
    cfg.retention_hours = (int)lbind_field_int(L, 1, "retention", 0, 1, INT_MAX);
    cfg.series_seconds = (int)lbind_field_int(L, 1, "series_seconds", 0, 1, 86400);
    cfg.budget = lbind_budget(L);
    lbind_handle *u = lbind_new_object(L, sizeof *u, LBIND_KINESIS_STREAM, 0);
    sim_error err = {0};
    u->p = kinesis_stream_new(&cfg, lbind_clock(L), lbind_rng(L), &err);
    if (!u->p) return lbind_fail(L, &err, "aws.kinesis.stream");
    return 1;
}

static int l_gc(lua_State *L)
{
    lbind_handle *u = lbind_gc_object(L, LBIND_KINESIS_STREAM);
    if (u && u->p) {
        kinesis_stream_free(u->p);
        u->p = NULL;
    }
    return 0;
}

static int l_name(lua_State *L)
{
    lua_pushstring(L, kinesis_stream_name(lbind_kinesis_check(L, 1)));
    return 1;
}

/* Reads {key=, data= | size=, hash=} raw. The strings stay alive in the
 * record table, which the argument holds, while the put runs. */
static void read_put(lua_State *L, int t, kinesis_put *p)
{
    size_t kl = 0, dl = 0;
    *p = (kinesis_put){0};
    p->key = lbind_field_bytes(L, t, "key", NULL, &kl);
    p->key_len = kl;
    p->data = lbind_field_bytes(L, t, "data", NULL, &dl);
    p->data_len = dl;
    if (!p->data) {
        /* Only a size: the record's bytes are not kept. More than a record
         * may hold is refused by the stream, whatever the count. */
        uint64_t size = lbind_field_size(L, t, "size", 0);
        p->data_len = size > SIZE_MAX ? SIZE_MAX : (size_t)size;
    }
    p->explicit_hash = lbind_field_name(L, t, "hash", NULL);
    p->has_hash = false;
}

/* s:put_record{ key = "user-1", data = "...", hash = "123" } ->
 * { shard_id =, sequence_number = } | nil, err */
static int l_put_record(lua_State *L)
{
    kinesis_stream *s = lbind_kinesis_check(L, 1);
    lbind_check_opts(L, 2, false);
    kinesis_put p;
    read_put(L, 2, &p);
    kinesis_put_result r;
    sim_error err = {0};
    if (kinesis_put_record(s, &p, &r, &err) != SIM_OK)
        return lbind_fail(L, &err, "stream:put_record");
    char seq[KINESIS_SEQ_LEN];
    kinesis_seq_format(s, r.shard, r.seq, seq, sizeof seq);
    lua_createtable(L, 0, 2);
    push_shard_id(L, r.shard);
    lua_setfield(L, -2, "shard_id");
    lua_pushstring(L, seq);
    lua_setfield(L, -2, "sequence_number");
    return 1;
}

/* s:put_records{ {key=, data=}, ... } -> { failed_record_count =, records = {...} } */
static int l_put_records(lua_State *L)
{
    kinesis_stream *s = lbind_kinesis_check(L, 1);
    size_t cnt = (size_t)lbind_check_len(L, 2, 100000, "stream:put_records");
    lbind_charge(L, cnt * 4);
    kinesis_put *p = lua_newuserdatauv(L, (cnt ? cnt : 1) * sizeof *p, 0);
    kinesis_put_result *r = lua_newuserdatauv(L, (cnt ? cnt : 1) * sizeof *r, 0);
    for (size_t i = 0; i < cnt; i++) {
        if (lua_rawgeti(L, 2, (lua_Integer)i + 1) != LUA_TTABLE)
            return luaL_argerror(L, 2, "each record must be a table {key=, data=}");
        read_put(L, lua_gettop(L), &p[i]);
        lua_pop(L, 1); /* the list holds the record table */
    }
    size_t failed = 0;
    sim_error err = {0};
    if (kinesis_put_records(s, p, cnt, r, &failed, &err) != SIM_OK)
        return lbind_fail(L, &err, "stream:put_records");
    lua_createtable(L, 0, 2);
    lua_pushinteger(L, (lua_Integer)failed);
    lua_setfield(L, -2, "failed_record_count");
    lua_createtable(L, (int)cnt, 0);
    for (size_t i = 0; i < cnt; i++) {
        lua_createtable(L, 0, 2);
        if (r[i].code == SIM_OK) {
            char seq[KINESIS_SEQ_LEN];
            kinesis_seq_format(s, r[i].shard, r[i].seq, seq, sizeof seq);
            lua_pushstring(L, seq);
            lua_setfield(L, -2, "sequence_number");
            push_shard_id(L, r[i].shard);
            lua_setfield(L, -2, "shard_id");
        } else {
            char msg[200];
            kinesis_put_error_message(s, &r[i], msg, sizeof msg);
            lua_pushstring(L, r[i].code == SIM_PROVISIONED_THROUGHPUT_EXCEEDED
                                  ? "ProvisionedThroughputExceededException"
                                  : "InternalFailure");
            lua_setfield(L, -2, "error_code");
            lua_pushstring(L, msg);
            lua_setfield(L, -2, "error_message");
        }
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "records");
    return 1;
}

/* s:shard_for_key("user-1") -> "shardId-000000000000", hash key (decimal) */
static int l_shard_for_key(lua_State *L)
{
    kinesis_stream *s = lbind_kinesis_check(L, 1);
    size_t n;
    const char *k = lbind_check_bytes(L, 2, &n);
    kinesis_hash h = kinesis_hash_key(k, n);
    push_shard_id(L, kinesis_shard_for_hash(s, h));
    push_hash(L, h);
    return 2;
}

/* s:shards() -> list of { id, starting_hash_key, ending_hash_key, parent,
 * adjacent_parent, open, records } (expired shards are left out, as
 * ListShards leaves them out) */
static int l_shards(lua_State *L)
{
    kinesis_stream *s = lbind_kinesis_check(L, 1);
    lua_newtable(L);
    int k = 0;
    for (int i = 0; i < kinesis_shard_count(s); i++) {
        kinesis_shard_info in;
        if (!kinesis_shard_get(s, i, &in) || in.expired) continue;
        lua_createtable(L, 0, 7);
        lua_pushstring(L, in.id);
        lua_setfield(L, -2, "id");
        push_hash(L, in.start);
        lua_setfield(L, -2, "starting_hash_key");
        push_hash(L, in.end);
        lua_setfield(L, -2, "ending_hash_key");
        if (in.parent >= 0) {
            push_shard_id(L, in.parent);
            lua_setfield(L, -2, "parent");
        }
        if (in.adjacent_parent >= 0) {
            push_shard_id(L, in.adjacent_parent);
            lua_setfield(L, -2, "adjacent_parent");
        }
        lua_pushboolean(L, in.open);
        lua_setfield(L, -2, "open");
        lbind_set_u64(L, "records", in.records);
        lua_rawseti(L, -2, ++k);
    }
    return 1;
}

/* s:get_shard_iterator{ shard = "shardId-000000000000", type = "TRIM_HORIZON",
 *                       sequence_number = "...", timestamp = ms } -> iterator */
static int l_get_shard_iterator(lua_State *L)
{
    kinesis_stream *s = lbind_kinesis_check(L, 1);
    lbind_check_opts(L, 2, false);
    lbind_field(L, 2, "shard");
    int shard = shard_arg(L, s, lua_gettop(L));
    lua_pop(L, 1);
    const char *tn = lbind_field_name(L, 2, "type", "TRIM_HORIZON");
    kinesis_iterator_type t;
    if (!kinesis_iterator_type_parse(tn, &t))
        return luaL_error(L,
                          "type must be TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, "
                          "AFTER_SEQUENCE_NUMBER or AT_TIMESTAMP, not '%s'",
                          tn);
    const char *seq = lbind_field_name(L, 2, "sequence_number", NULL);
    int64_t at = (int64_t)lbind_field_int(L, 2, "timestamp", 0, 0, LUA_MAXINTEGER);
    kinesis_iterator it;
    sim_error err = {0};
    if (kinesis_get_shard_iterator(s, shard, t, seq, at, &it, &err) != SIM_OK)
        return lbind_fail(L, &err, "stream:get_shard_iterator");
    char buf[KINESIS_ITERATOR_LEN];
    kinesis_iterator_format(&it, buf, sizeof buf);
    lua_pushstring(L, buf);
    return 1;
}

static int push_get_result(lua_State *L, kinesis_stream *s, const kinesis_record_view *v,
                           const kinesis_get_result *r)
{
    lua_createtable(L, 0, 3);
    lua_createtable(L, (int)r->count, 0);
    for (size_t i = 0; i < r->count; i++) {
        char seq[KINESIS_SEQ_LEN];
        kinesis_seq_format(s, v[i].shard, v[i].seq, seq, sizeof seq);
        lua_createtable(L, 0, 5);
        lua_pushstring(L, seq);
        lua_setfield(L, -2, "sequence_number");
        lua_pushlstring(L, v[i].key, v[i].key_len);
        lua_setfield(L, -2, "partition_key");
        if (v[i].data || v[i].source) {
            /* Bytes its source makes again are made straight into the string. */
            luaL_Buffer b;
            uint8_t *to = (uint8_t *)luaL_buffinitsize(L, &b, v[i].data_len);
            size_t len;
            const uint8_t *data = kinesis_record_data(&v[i], to, v[i].data_len, &len);
            if (data != to) memcpy(to, data, len);
            luaL_pushresultsize(&b, len);
            lua_setfield(L, -2, "data");
        }
        lbind_set_u64(L, "size", v[i].data_len);
        lbind_set_int(L, "arrival", (lua_Integer)v[i].arrival_ms);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "records");
    if (r->has_next) {
        char buf[KINESIS_ITERATOR_LEN];
        kinesis_iterator_format(&r->next, buf, sizeof buf);
        lua_pushstring(L, buf);
        lua_setfield(L, -2, "next_iterator");
    }
    lua_pushinteger(L, (lua_Integer)r->millis_behind);
    lua_setfield(L, -2, "millis_behind_latest");
    return 1;
}

static const char *check_iterator(lua_State *L, int idx, kinesis_iterator *it)
{
    const char *text = lbind_check_name(L, idx);
    if (!kinesis_iterator_parse(text, it)) luaL_argerror(L, idx, "not a shard iterator");
    return text;
}

/* s:get_records(iterator, limit) -> { records, next_iterator, millis_behind_latest } */
static int l_get_records(lua_State *L)
{
    kinesis_stream *s = lbind_kinesis_check(L, 1);
    kinesis_iterator it;
    check_iterator(L, 2, &it);
    lua_Integer limit = lbind_opt_int(L, 3, 10000, LUA_MININTEGER, LUA_MAXINTEGER);
    if (limit < 1 || limit > 10000) limit = limit < 1 ? 0 : 10001; /* let the sim refuse it */
    size_t cap = limit >= 1 && limit <= 10000 ? (size_t)limit : 1;
    kinesis_record_view *v = lua_newuserdatauv(L, cap * sizeof *v, 0);
    kinesis_get_result r;
    sim_error err = {0};
    if (kinesis_get_records(s, &it, (int)limit, v, cap, &r, &err) != SIM_OK)
        return lbind_fail(L, &err, "stream:get_records");
    return push_get_result(L, s, v, &r);
}

/* s:register_consumer("name") -> name | nil, err */
static int l_register_consumer(lua_State *L)
{
    kinesis_stream *s = lbind_kinesis_check(L, 1);
    const char *name = lbind_check_name(L, 2);
    sim_error err = {0};
    if (kinesis_register_consumer(s, name, NULL, &err) != SIM_OK)
        return lbind_fail(L, &err, "stream:register_consumer");
    lua_pushstring(L, name);
    return 1;
}

static int l_deregister_consumer(lua_State *L)
{
    kinesis_stream *s = lbind_kinesis_check(L, 1);
    sim_error err = {0};
    if (kinesis_deregister_consumer(s, lbind_check_name(L, 2), &err) != SIM_OK)
        return lbind_fail(L, &err, "stream:deregister_consumer");
    lua_pushboolean(L, 1);
    return 1;
}

/* s:subscribe_read(consumer, iterator) -> like get_records, 2 MiB/s per
 * consumer per shard */
static int l_subscribe_read(lua_State *L)
{
    kinesis_stream *s = lbind_kinesis_check(L, 1);
    int c = kinesis_consumer_find(s, lbind_check_name(L, 2));
    kinesis_iterator it;
    check_iterator(L, 3, &it);
    size_t cap = 10000;
    kinesis_record_view *v = lua_newuserdatauv(L, cap * sizeof *v, 0);
    kinesis_get_result r;
    sim_error err = {0};
    if (kinesis_subscribe_read(s, c, &it, v, cap, &r, &err) != SIM_OK)
        return lbind_fail(L, &err, "stream:subscribe_read");
    return push_get_result(L, s, v, &r);
}

static int ok_or_fail(lua_State *L, sim_status st, const sim_error *err, const char *what)
{
    if (st != SIM_OK) return lbind_fail(L, err, what);
    lua_pushboolean(L, 1);
    return 1;
}

/* s:split_shard(shard, new_starting_hash_key) */
static int l_split_shard(lua_State *L)
{
    kinesis_stream *s = lbind_kinesis_check(L, 1);
    int shard = shard_arg(L, s, 2);
    kinesis_hash h;
    if (!kinesis_hash_parse(lbind_check_name(L, 3), &h))
        return luaL_argerror(L, 3, "a hash key is a decimal number from 0 to 2^128-1");
    sim_error err = {0};
    return ok_or_fail(L, kinesis_split_shard(s, shard, h, &err), &err, "stream:split_shard");
}

static int l_merge_shards(lua_State *L)
{
    kinesis_stream *s = lbind_kinesis_check(L, 1);
    int a = shard_arg(L, s, 2), b = shard_arg(L, s, 3);
    sim_error err = {0};
    return ok_or_fail(L, kinesis_merge_shards(s, a, b, &err), &err, "stream:merge_shards");
}

static int l_update_shard_count(lua_State *L)
{
    kinesis_stream *s = lbind_kinesis_check(L, 1);
    sim_error err = {0};
    int n = (int)lbind_check_int(L, 2, INT_MIN, INT_MAX);
    return ok_or_fail(L, kinesis_update_shard_count(s, n, &err), &err, "stream:update_shard_count");
}

static int l_retention(lua_State *L)
{
    lua_pushinteger(L, kinesis_retention_hours(lbind_kinesis_check(L, 1)));
    return 1;
}

static int l_increase_retention(lua_State *L)
{
    kinesis_stream *s = lbind_kinesis_check(L, 1);
    sim_error err = {0};
    int hours = (int)lbind_check_int(L, 2, INT_MIN, INT_MAX);
    return ok_or_fail(L, kinesis_increase_retention(s, hours, &err), &err,
                      "stream:increase_retention");
}

static int l_decrease_retention(lua_State *L)
{
    kinesis_stream *s = lbind_kinesis_check(L, 1);
    sim_error err = {0};
    int hours = (int)lbind_check_int(L, 2, INT_MIN, INT_MAX);
    return ok_or_fail(L, kinesis_decrease_retention(s, hours, &err), &err,
                      "stream:decrease_retention");
}

static void push_row(lua_State *L, int shard, const kinesis_shard_info *in,
                     const kinesis_shard_totals *t)
{
    lua_createtable(L, 7, 0);
    lua_pushstring(L, in->id);
    lua_rawseti(L, -2, 1);
    lua_pushstring(L, in->open ? "open" : "closed");
    lua_rawseti(L, -2, 2);
    uint64_t vals[] = {t->records_in, t->bytes_in, t->throttled_writes, t->records_out,
                       in->records};
    for (int i = 0; i < 5; i++) {
        lbind_push_u64(L, vals[i]);
        lua_rawseti(L, -2, i + 3);
    }
    (void)shard;
}

/* s:metrics() -> { title, columns, rows, totals = {...} } for s:show */
static int l_metrics(lua_State *L)
{
    kinesis_stream *s = lbind_kinesis_check(L, 1);
    lua_createtable(L, 0, 4);
    lua_pushfstring(L, "Stream %s: shards", kinesis_stream_name(s));
    lua_setfield(L, -2, "title");
    static const char *const cols[] = {"shard",     "state",       "records in", "bytes in",
                                       "throttled", "records out", "retained"};
    lua_createtable(L, 7, 0);
    for (int i = 0; i < 7; i++) {
        lua_pushstring(L, cols[i]);
        lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, -2, "columns");
    lua_newtable(L);
    int k = 0;
    for (int i = 0; i < kinesis_shard_count(s); i++) {
        kinesis_shard_info in;
        kinesis_shard_totals t;
        if (!kinesis_shard_get(s, i, &in) || in.expired) continue;
        kinesis_shard_totals_get(s, i, &t);
        push_row(L, i, &in, &t);
        lua_rawseti(L, -2, ++k);
    }
    lua_setfield(L, -2, "rows");
    kinesis_shard_totals t;
    kinesis_stream_totals_get(s, &t);
    lua_createtable(L, 0, 7);
    lbind_set_u64(L, "records_in", t.records_in);
    lbind_set_u64(L, "bytes_in", t.bytes_in);
    lbind_set_u64(L, "throttled", t.throttled_writes);
    lbind_set_u64(L, "records_out", t.records_out);
    lbind_set_u64(L, "bytes_out", t.bytes_out);
    lbind_set_u64(L, "throttled_reads", t.throttled_reads);
    lbind_set_int(L, "open_shards", kinesis_open_shard_count(s));
    lua_setfield(L, -2, "totals");
    return 1;
}

void lbind_kinesis_push_series(lua_State *L, kinesis_stream *s, int shard, kinesis_series_metric m,
                               int seconds)
{
    double *v = lua_newuserdatauv(L, (size_t)seconds * sizeof *v, 0);
    kinesis_series_get(s, shard, m, seconds, v);
    lua_createtable(L, 0, 3);
    char id[24];
    kinesis_shard_id(shard, id, sizeof id);
    lua_pushfstring(L, "%s %s: %s, last %d s", kinesis_stream_name(s), id,
                    kinesis_series_metric_name(m), seconds);
    lua_setfield(L, -2, "title");
    lua_createtable(L, seconds, 0);
    for (int i = 0; i < seconds; i++) {
        lua_pushnumber(L, v[i]);
        lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, -2, "chart");
    lua_pushstring(L, kinesis_series_metric_unit(m));
    lua_setfield(L, -2, "unit");
    lua_remove(L, -2);
}

/* s:series(shard, { metric = "records", seconds = 60 }) -> { title, chart, unit } */
static int l_series(lua_State *L)
{
    kinesis_stream *s = lbind_kinesis_check(L, 1);
    int shard = shard_arg(L, s, 2);
    lbind_check_opts(L, 3, true);
    const char *mn = lbind_field_name(L, 3, "metric", "records");
    kinesis_series_metric m;
    if (!kinesis_series_metric_parse(mn, &m))
        return luaL_error(L,
                          "metric must be records, bytes, throttled, records_out or "
                          "iterator_age, not '%s'",
                          mn);
    int secs = (int)lbind_field_int(L, 3, "seconds", 60, 1, kinesis_series_capacity(s));
    lbind_kinesis_push_series(L, s, shard, m, secs);
    return 1;
}

/* s:costs() -> { shard_hours, put_units, shard_usd, put_usd, dollars } */
static int l_costs(lua_State *L)
{
    kinesis_costs c;
    kinesis_costs_get(lbind_kinesis_check(L, 1), &c);
    lua_createtable(L, 0, 5);
    lbind_set_num(L, "shard_hours", c.shard_hours);
    lbind_set_u64(L, "put_units", c.put_units);
    lbind_set_num(L, "shard_usd", c.shard_usd);
    lbind_set_num(L, "put_usd", c.put_usd);
    lbind_set_num(L, "dollars", c.total_usd);
    return 1;
}

/* s:produce{ rate = 3000, seconds = 60, record_size = "2KB", keys = 100,
 *            hot_key_share = 0.8, max_retries = 5 } -> summary */
static int l_produce(lua_State *L)
{
    kinesis_stream *s = lbind_kinesis_check(L, 1);
    lbind_check_opts(L, 2, false);
    kinesis_producer_config c = {0};
    /* Ranges wide enough for the simulator to refuse with AWS's words what
     * it refuses; narrow enough that nothing below overflows. */
    c.rate = lbind_field_num(L, 2, "rate", 1000, -1e15, 1e15);
    c.duration_ms = (int64_t)(lbind_field_num(L, 2, "seconds", 60, -1e9, 1e9) * 1000);
    uint64_t size = lbind_field_size(L, 2, "record_size", 1024);
    c.record_size = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
    c.keys = INT_ARG(L, 2, "keys", 1000);
    c.hot_key_share = lbind_field_num(L, 2, "hot_key_share", 0, -1e15, 1e15);
    c.batch_ms = lbind_field_duration(L, 2, "batch", 0, SIM_MS_PER_DAY);
    c.max_retries = (int)lbind_field_int(L, 2, "max_retries", -1, -1, 1000);
    c.backoff_base_ms = lbind_field_duration(L, 2, "backoff", 0, SIM_MS_PER_DAY);
    kinesis_producer_summary sum;
    sim_error err = {0};
    if (kinesis_produce(s, lbind_clock(L), lbind_rng(L), &c, &sum, &err) != SIM_OK)
        return lbind_fail(L, &err, "stream:produce");
    lua_createtable(L, 0, 10);
    lbind_set_u64(L, "generated", sum.generated);
    lbind_set_u64(L, "delivered", sum.delivered);
    lbind_set_u64(L, "throttled", sum.throttled);
    lbind_set_u64(L, "retries", sum.retries);
    lbind_set_u64(L, "dropped", sum.dropped);
    lbind_set_u64(L, "put_calls", sum.put_calls);
    lbind_set_num(L, "mean_latency_ms", sum.mean_latency_ms);
    lbind_set_int(L, "max_latency_ms", (lua_Integer)sum.max_latency_ms);
    lbind_set_int(L, "elapsed_ms", (lua_Integer)sum.elapsed_ms);
    return 1;
}

/* aws.kinesis.hash("key") -> the decimal 128-bit hash key */
static int l_hash(lua_State *L)
{
    size_t n;
    const char *k = lbind_check_bytes(L, 1, &n);
    push_hash(L, kinesis_hash_key(k, n));
    return 1;
}

/* aws.kinesis.limits() -> the numbers the simulator enforces */
static int l_limits(lua_State *L)
{
    const kinesis_limits *m = kinesis_default_limits();
    lua_createtable(L, 0, 16);
    lbind_set_int(L, "write_bytes_per_s", m->write_bytes_per_s);
    lbind_set_int(L, "write_records_per_s", m->write_records_per_s);
    lbind_set_int(L, "read_bytes_per_s", m->read_bytes_per_s);
    lbind_set_int(L, "read_calls_per_s", m->read_calls_per_s);
    lbind_set_int(L, "get_max_records", m->get_max_records);
    lbind_set_int(L, "get_max_bytes", m->get_max_bytes);
    lbind_set_int(L, "efo_bytes_per_s", m->efo_bytes_per_s);
    lbind_set_int(L, "max_consumers", m->max_consumers);
    lbind_set_int(L, "max_record_bytes", m->max_record_bytes);
    lbind_set_int(L, "put_records_max", m->put_records_max);
    lbind_set_int(L, "put_records_max_bytes", m->put_records_max_bytes);
    lbind_set_int(L, "key_max_chars", m->key_max_chars);
    lbind_set_int(L, "retention_max_hours", m->retention_max_h);
    lbind_set_num(L, "usd_per_shard_hour", m->usd_per_shard_hour);
    lbind_set_num(L, "usd_per_million_put_units", m->usd_per_million_units);
    lbind_set_int(L, "put_unit_bytes", m->put_unit_bytes);
    return 1;
}

static const luaL_Reg stream_methods[] = {
    {"name", l_name},
    {"put_record", l_put_record},
    {"put_records", l_put_records},
    {"shard_for_key", l_shard_for_key},
    {"shards", l_shards},
    {"get_shard_iterator", l_get_shard_iterator},
    {"get_records", l_get_records},
    {"register_consumer", l_register_consumer},
    {"deregister_consumer", l_deregister_consumer},
    {"subscribe_read", l_subscribe_read},
    {"split_shard", l_split_shard},
    {"merge_shards", l_merge_shards},
    {"update_shard_count", l_update_shard_count},
    {"retention", l_retention},
    {"increase_retention", l_increase_retention},
    {"decrease_retention", l_decrease_retention},
    {"metrics", l_metrics},
    {"series", l_series},
    {"costs", l_costs},
    {"produce", l_produce},
    {NULL, NULL},
};

static const luaL_Reg kinesis_fns[] = {
    {"stream", l_stream},
    {"hash", l_hash},
    {"limits", l_limits},
    {NULL, NULL},
};

static const lbind_class kinesis_classes[] = {
    {.type = "stream", .methods = stream_methods, .gc = l_gc},
    {0},
};

const lbind_module lbind_module_kinesis = {
    .name = "kinesis",
    .functions = kinesis_fns,
    .classes = kinesis_classes,
};
