/* aws.firehose: delivery streams into a simulated S3 bucket. */
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "lua/bind.h"
#include "lua/bind_firehose.h"
#include "lua/bind_kinesis.h"
#include "sim/firehose.h"
#include "sim/s3.h"

#define BUCKET LBIND_FIREHOSE_BUCKET

/* bucket:put limits. S3's own: an object is at most 5 TiB. The host's: a
 * bucket takes at most 20,000 objects from scripts. Each object's key and
 * record live outside the Lua heap and its memory cap, and the bucket keeps
 * its objects in key order, so puts out of order cost a move of the objects
 * after them: bounded like this, a script cannot stall the host. */
#define PUT_OBJECT_MAX (UINT64_C(5) << 40)
#define PUT_OBJECTS_MAX 20000

/* A bucket: its own object store (p) and the bucket's name in it. */
typedef struct lbucket {
    lbind_handle h;
    char name[64];
} lbucket;

firehose_stream *lbind_firehose_check(lua_State *L, int idx)
{
    return ((lbind_handle *)lbind_check_object(L, idx, LBIND_FIREHOSE_STREAM))->p;
}

s3 *lbind_firehose_bucket_test(lua_State *L, int idx, const char **name)
{
    lbucket *u = lbind_test_object(L, idx, BUCKET);
    if (!u) return NULL;
    *name = u->name;
    return u->h.p;
}

static lbucket *check_bucket(lua_State *L, int idx)
{
    return lbind_check_object(L, idx, BUCKET);
}

/* aws.firehose.bucket{ name = "cadabra-orders" } */
static int l_bucket(lua_State *L)
{
    lbind_check_opts(L, 1, false);
    const char *name = lbind_field_req_name(L, 1, "name", "aws.firehose.bucket");
    lbucket *u = lbind_new_object(L, sizeof *u, BUCKET, 0);
    u->h.p = s3_new(0);
    if (!u->h.p) return lbind_out_of_memory(L, "aws.firehose.bucket");
    s3_set_budget(u->h.p, lbind_budget(L));
    sim_error err = {0};
    if (s3_create_bucket(u->h.p, name, &err) != SIM_OK)
        return lbind_fail(L, &err, "aws.firehose.bucket");
    snprintf(u->name, sizeof u->name, "%s", name);
    return 1;
}

static int l_bucket_gc(lua_State *L)
{
    lbucket *u = lbind_gc_object(L, BUCKET);
    if (u && u->h.p) {
        s3_free(u->h.p);
        u->h.p = NULL;
    }
    return 0;
}

typedef struct list_ctx {
    lua_State *L;
    int n;
} list_ctx;

static void list_one(void *ud, const s3_object_info *o)
{
    list_ctx *c = ud;
    lua_createtable(c->L, 0, 3);
    lua_pushstring(c->L, o->key);
    lua_setfield(c->L, -2, "key");
    lbind_set_u64(c->L, "size", o->size);
    lua_pushinteger(c->L, (lua_Integer)o->last_modified_ms);
    lua_setfield(c->L, -2, "last_modified");
    lua_rawseti(c->L, -2, ++c->n);
}

/* bucket:objects(prefix) -> { { key, size, last_modified }, ... } in key order */
static int l_bucket_objects(lua_State *L)
{
    lbucket *u = check_bucket(L, 1);
    const char *prefix = lbind_opt_name(L, 2, "");
    /* Charged before the listing: the callback cannot raise inside it. */
    lbind_charge(L, (uint64_t)s3_object_count(u->h.p, u->name) * 8 + 1);
    lua_newtable(L);
    list_ctx c = {L, 0};
    s3_list(u->h.p, u->name, prefix, list_one, &c);
    return 1;
}

/* bucket:get(key) -> data | nil (also nil when only metadata was kept) */
static int l_bucket_get(lua_State *L)
{
    lbucket *u = check_bucket(L, 1);
    s3_object_info o;
    if (!s3_object_get(u->h.p, u->name, lbind_check_name(L, 2), &o) || !o.data) {
        lua_pushnil(L);
        return 1;
    }
    lua_pushlstring(L, (const char *)o.data, o.size);
    return 1;
}

/* bucket:put(key, data) or bucket:put(key, { size = "1MB" }) (metadata only)
 * -> true | nil, err */
static int l_bucket_put(lua_State *L)
{
    lbucket *u = check_bucket(L, 1);
    size_t len = 0;
    const char *key = lbind_check_name(L, 2);
    const char *data = NULL;
    uint64_t size;
    if (lua_type(L, 3) == LUA_TTABLE) {
        int missing = lbind_field(L, 3, "size") == LUA_TNIL;
        lua_pop(L, 1);
        luaL_argcheck(L, !missing, 3, "an object without its bytes needs { size = \"1MB\" }");
        size = lbind_field_size(L, 3, "size", 0);
        if (size == 0) data = ""; /* an empty object is kept: there is nothing to keep */
    } else {
        data = lbind_check_bytes(L, 3, &len);
        size = len;
    }
    sim_error err = {0};
    if (size > PUT_OBJECT_MAX) {
        sim_fail(&err, SIM_INVALID_ARGUMENT,
                 "EntityTooLarge: Your proposed upload exceeds the maximum allowed size (5 TiB).");
        return lbind_fail(L, &err, "bucket:put");
    }
    s3_object_info old;
    if (s3_object_count(u->h.p, u->name) >= PUT_OBJECTS_MAX &&
        !s3_object_get(u->h.p, u->name, key, &old)) {
        sim_fail(&err, SIM_LIMIT_EXCEEDED,
                 "The simulated bucket %s holds %d objects, as many as a script may put.", u->name,
                 PUT_OBJECTS_MAX);
        return lbind_fail(L, &err, "bucket:put");
    }
    if (s3_put_object(u->h.p, u->name, key, data, size, sim_clock_now(lbind_clock(L)), &err) !=
        SIM_OK)
        return lbind_fail(L, &err, "bucket:put");
    lua_pushboolean(L, 1);
    return 1;
}

static int l_bucket_name(lua_State *L)
{
    lbucket *u = check_bucket(L, 1);
    lua_pushstring(L, u->name);
    return 1;
}

/* aws.firehose.delivery_stream{ name =, bucket = b, prefix = "", size = "5MB",
 *                               interval = "300s" } */
static int l_delivery_stream(lua_State *L)
{
    lbind_check_opts(L, 1, false);
    firehose_config c = {0};
    c.name = lbind_field_name(L, 1, "name", NULL);
    c.prefix = lbind_field_name(L, 1, "prefix", "");
    c.size_bytes = lbind_field_size(L, 1, "size", 0);
    c.interval_ms = lbind_field_duration(L, 1, "interval", 0, SIM_MS_PER_DAY);
    c.budget = lbind_budget(L);
    lbucket *b = lbind_field_object(L, 1, "bucket", BUCKET);
    if (!b) return luaL_error(L, "aws.firehose.delivery_stream needs bucket = a bucket");
    int bidx = lua_gettop(L);
    c.bucket = b->name;
    lbind_handle *u = lbind_new_object(L, sizeof *u, LBIND_FIREHOSE_STREAM, 1);
    lua_pushvalue(L, bidx);
    lbind_anchor(L, -2, 1); /* the bucket lives as long as the stream */
    sim_error err = {0};
    u->p = firehose_new(&c, lbind_clock(L), lbind_rng(L), b->h.p, &err);
    if (!u->p) return lbind_fail(L, &err, "aws.firehose.delivery_stream");
    return 1;
}

static int l_hose_gc(lua_State *L)
{
    lbind_handle *u = lbind_gc_object(L, LBIND_FIREHOSE_STREAM);
    if (u && u->p) {
        firehose_free(u->p);
        u->p = NULL;
    }
    return 0;
}

static int l_put_record(lua_State *L)
{
    firehose_stream *f = lbind_firehose_check(L, 1);
    size_t n;
    const char *d = lbind_check_bytes(L, 2, &n);
    sim_error err = {0};
    if (firehose_put_record(f, d, n, &err) != SIM_OK)
        return lbind_fail(L, &err, "delivery_stream:put_record");
    lua_pushboolean(L, 1);
    return 1;
}

/* f:put_record_batch{ "a", "b", ... } -> { failed_put_count = 0 } | nil, err */
static int l_put_record_batch(lua_State *L)
{
    firehose_stream *f = lbind_firehose_check(L, 1);
    lua_Integer n = lbind_check_len(L, 2, 100000, "delivery_stream:put_record_batch");
    lbind_charge(L, (uint64_t)n * 4);
    firehose_record *r = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *r, 0);
    for (lua_Integer i = 0; i < n; i++) {
        size_t len;
        if (lua_rawgeti(L, 2, i + 1) != LUA_TSTRING)
            return luaL_error(L, "record %d must be a string", (int)(i + 1));
        const char *d = lua_tolstring(L, -1, &len);
        r[i] = (firehose_record){d, len};
        lua_pop(L, 1); /* the string stays alive in the argument table */
    }
    size_t failed;
    sim_error err = {0};
    if (firehose_put_record_batch(f, r, (size_t)n, &failed, &err) != SIM_OK)
        return lbind_fail(L, &err, "delivery_stream:put_record_batch");
    lua_createtable(L, 0, 1);
    lbind_set_u64(L, "failed_put_count", failed);
    return 1;
}

/* f:stats() -> { records_in, bytes_in, objects, bytes_delivered, by_size,
 * by_interval, buffered_records, buffered_bytes } (delivers what is due) */
static int l_stats(lua_State *L)
{
    firehose_stream *f = lbind_firehose_check(L, 1);
    sim_status st = firehose_tick(f);
    if (st == SIM_NO_MEMORY || st == SIM_BUDGET_EXCEEDED) {
        sim_error err = {.code = st};
        return lbind_fail(L, &err, "delivery_stream:stats");
    }
    firehose_stats s;
    firehose_stats_get(f, &s);
    lua_createtable(L, 0, 8);
    lbind_set_u64(L, "records_in", s.records_in);
    lbind_set_u64(L, "bytes_in", s.bytes_in);
    lbind_set_u64(L, "objects", s.objects);
    lbind_set_u64(L, "bytes_delivered", s.bytes_delivered);
    lbind_set_u64(L, "by_size", s.by_size);
    lbind_set_u64(L, "by_interval", s.by_interval);
    lbind_set_u64(L, "buffered_records", s.buffered_records);
    lbind_set_u64(L, "buffered_bytes", s.buffered_bytes);
    return 1;
}

static const luaL_Reg bucket_methods[] = {
    {"objects", l_bucket_objects}, {"get", l_bucket_get}, {"put", l_bucket_put},
    {"name", l_bucket_name},       {NULL, NULL},
};
static const luaL_Reg hose_methods[] = {
    {"put_record", l_put_record},
    {"put_record_batch", l_put_record_batch},
    {"stats", l_stats},
    {NULL, NULL},
};
static const luaL_Reg firehose_fns[] = {
    {"bucket", l_bucket},
    {"delivery_stream", l_delivery_stream},
    {NULL, NULL},
};

static const lbind_class firehose_classes[] = {
    {.type = "bucket", .methods = bucket_methods, .gc = l_bucket_gc},
    {.type = "stream", .methods = hose_methods, .gc = l_hose_gc},
    {0},
};

const lbind_module lbind_module_firehose = {
    .name = "firehose",
    .functions = firehose_fns,
    .classes = firehose_classes,
};
