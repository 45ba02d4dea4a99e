/* aws.firehose: delivery streams into a simulated S3 bucket. */
#include <lauxlib.h>
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

typedef struct lbucket {
    s3 *store;
    char name[64];
} lbucket;

typedef struct lhose {
    firehose_stream *f;
} lhose;

firehose_stream *lbind_firehose_check(lua_State *L, int idx)
{
    lhose *u = luaL_checkudata(L, idx, LBIND_FIREHOSE_STREAM);
    if (!u->f) luaL_argerror(L, idx, "the delivery stream was freed");
    return u->f;
}

s3 *lbind_firehose_bucket_test(lua_State *L, int idx, const char **name)
{
    lbucket *u = luaL_testudata(L, idx, BUCKET);
    if (!u || !u->store) return NULL;
    *name = u->name;
    return u->store;
}

/* aws.firehose.bucket{ name = "cadabra-orders" } */
static int l_bucket(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    const char *name = lbind_opt_string_field(L, 1, "name", NULL);
    lbucket *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->store = NULL;
    luaL_setmetatable(L, BUCKET);
    u->store = s3_new(0);
    if (!u->store) return luaL_error(L, "out of memory");
    sim_error err = {0};
    if (s3_create_bucket(u->store, name, &err) != SIM_OK) return lbind_fail(L, &err);
    strncpy(u->name, name, sizeof u->name - 1);
    u->name[sizeof u->name - 1] = '\0';
    return 1;
}

static int l_bucket_gc(lua_State *L)
{
    lbucket *u = luaL_checkudata(L, 1, BUCKET);
    s3_free(u->store);
    u->store = NULL;
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
    lua_pushinteger(c->L, (lua_Integer)o->size);
    lua_setfield(c->L, -2, "size");
    lua_pushinteger(c->L, (lua_Integer)o->last_modified_ms);
    lua_setfield(c->L, -2, "last_modified");
    lua_rawseti(c->L, -2, ++c->n);
}

/* bucket:objects(prefix) -> { { key, size, last_modified }, ... } in key order */
static int l_bucket_objects(lua_State *L)
{
    lbucket *u = luaL_checkudata(L, 1, BUCKET);
    const char *prefix = luaL_optstring(L, 2, "");
    lua_newtable(L);
    list_ctx c = {L, 0};
    s3_list(u->store, u->name, prefix, list_one, &c);
    return 1;
}

/* bucket:get(key) -> data | nil (also nil when only metadata was kept) */
static int l_bucket_get(lua_State *L)
{
    lbucket *u = luaL_checkudata(L, 1, BUCKET);
    s3_object_info o;
    if (!s3_object_get(u->store, u->name, luaL_checkstring(L, 2), &o) || !o.data) {
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
    lbucket *u = luaL_checkudata(L, 1, BUCKET);
    size_t klen, len = 0;
    const char *key = luaL_checklstring(L, 2, &klen);
    luaL_argcheck(L, strlen(key) == klen, 2, "a key cannot contain a zero byte");
    const char *data = NULL;
    uint64_t size;
    if (lua_type(L, 3) == LUA_TTABLE) {
        lua_getfield(L, 3, "size");
        int missing = lua_isnil(L, -1);
        lua_pop(L, 1);
        luaL_argcheck(L, !missing, 3, "an object without its bytes needs { size = \"1MB\" }");
        size = lbind_opt_size_field(L, 3, "size", 0);
        if (size == 0) data = ""; /* an empty object is kept: there is nothing to keep */
    } else {
        data = luaL_checklstring(L, 3, &len);
        size = len;
    }
    sim_error err = {0};
    if (size > PUT_OBJECT_MAX) {
        sim_fail(&err, SIM_INVALID_ARGUMENT,
                 "EntityTooLarge: Your proposed upload exceeds the maximum allowed size (5 TiB).");
        return lbind_fail(L, &err);
    }
    s3_object_info old;
    if (s3_object_count(u->store, u->name) >= PUT_OBJECTS_MAX &&
        !s3_object_get(u->store, u->name, key, &old)) {
        sim_fail(&err, SIM_LIMIT_EXCEEDED,
                 "The simulated bucket %s holds %d objects, as many as a script may put.", u->name,
                 PUT_OBJECTS_MAX);
        return lbind_fail(L, &err);
    }
    if (s3_put_object(u->store, u->name, key, data, size, sim_clock_now(lbind_clock(L)), &err) !=
        SIM_OK)
        return lbind_fail(L, &err);
    lua_pushboolean(L, 1);
    return 1;
}

static int l_bucket_name(lua_State *L)
{
    lbucket *u = luaL_checkudata(L, 1, BUCKET);
    lua_pushstring(L, u->name);
    return 1;
}

/* aws.firehose.delivery_stream{ name =, bucket = b, prefix = "", size = "5MB",
 *                               interval = "300s" } */
static int l_delivery_stream(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    firehose_config c = {0};
    c.name = lbind_opt_string_field(L, 1, "name", NULL);
    c.prefix = lbind_opt_string_field(L, 1, "prefix", "");
    c.size_bytes = lbind_opt_size_field(L, 1, "size", 0);
    c.interval_ms = lbind_opt_duration_field(L, 1, "interval", 0);
    lua_getfield(L, 1, "bucket");
    lbucket *b = luaL_checkudata(L, -1, BUCKET);
    int bidx = lua_gettop(L);
    c.bucket = b->name;
    lhose *u = lua_newuserdatauv(L, sizeof *u, 1);
    u->f = NULL;
    luaL_setmetatable(L, LBIND_FIREHOSE_STREAM);
    lua_pushvalue(L, bidx);
    lua_setiuservalue(L, -2, 1); /* the bucket lives as long as the stream */
    sim_error err = {0};
    u->f = firehose_new(&c, lbind_clock(L), lbind_rng(L), b->store, &err);
    if (!u->f) return lbind_fail(L, &err);
    return 1;
}

static int l_hose_gc(lua_State *L)
{
    lhose *u = luaL_checkudata(L, 1, LBIND_FIREHOSE_STREAM);
    firehose_free(u->f);
    u->f = NULL;
    return 0;
}

static int l_put_record(lua_State *L)
{
    firehose_stream *f = lbind_firehose_check(L, 1);
    size_t n;
    const char *d = luaL_checklstring(L, 2, &n);
    sim_error err = {0};
    if (firehose_put_record(f, d, n, &err) != SIM_OK) return lbind_fail(L, &err);
    lua_pushboolean(L, 1);
    return 1;
}

/* f:put_record_batch{ "a", "b", ... } -> { failed_put_count = 0 } | nil, err */
static int l_put_record_batch(lua_State *L)
{
    firehose_stream *f = lbind_firehose_check(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_Integer n = luaL_len(L, 2);
    if (n < 0 || n > 100000) return luaL_error(L, "too many records");
    firehose_record *r = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *r, 0);
    for (lua_Integer i = 0; i < n; i++) {
        lua_geti(L, 2, i + 1);
        size_t len;
        const char *d = lua_tolstring(L, -1, &len);
        if (!d) return luaL_error(L, "record %d must be a string", (int)(i + 1));
        r[i] = (firehose_record){d, len};
        lua_pop(L, 1); /* the string stays alive in the argument table */
    }
    size_t failed;
    sim_error err = {0};
    if (firehose_put_record_batch(f, r, (size_t)n, &failed, &err) != SIM_OK)
        return lbind_fail(L, &err);
    lua_createtable(L, 0, 1);
    lbind_set_int(L, "failed_put_count", (lua_Integer)failed);
    return 1;
}

/* f:stats() -> { records_in, bytes_in, objects, bytes_delivered, by_size,
 * by_interval, buffered_records, buffered_bytes } (delivers what is due) */
static int l_stats(lua_State *L)
{
    firehose_stream *f = lbind_firehose_check(L, 1);
    firehose_tick(f);
    firehose_stats s;
    firehose_stats_get(f, &s);
    lua_createtable(L, 0, 8);
    lbind_set_int(L, "records_in", (lua_Integer)s.records_in);
    lbind_set_int(L, "bytes_in", (lua_Integer)s.bytes_in);
    lbind_set_int(L, "objects", (lua_Integer)s.objects);
    lbind_set_int(L, "bytes_delivered", (lua_Integer)s.bytes_delivered);
    lbind_set_int(L, "by_size", (lua_Integer)s.by_size);
    lbind_set_int(L, "by_interval", (lua_Integer)s.by_interval);
    lbind_set_int(L, "buffered_records", (lua_Integer)s.buffered_records);
    lbind_set_int(L, "buffered_bytes", (lua_Integer)s.buffered_bytes);
    return 1;
}

static const luaL_Reg bucket_methods[] = {
    {"objects", l_bucket_objects},
    {"get", l_bucket_get},
    {"put", l_bucket_put},
    {"name", l_bucket_name},
    {NULL, NULL},
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

int lbind_open_firehose(lua_State *L)
{
    lbind_new_class(L, BUCKET, bucket_methods);
    luaL_getmetatable(L, BUCKET);
    lua_pushcfunction(L, l_bucket_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    lbind_new_class(L, LBIND_FIREHOSE_STREAM, hose_methods);
    luaL_getmetatable(L, LBIND_FIREHOSE_STREAM);
    lua_pushcfunction(L, l_hose_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_newlib(L, firehose_fns);
    return 1;
}
