/* aws.glue: a crawler over a simulated S3 bucket, the tables and partitions
 * it puts in the Data Catalog, and what a query's partition predicates
 * leave to scan. */
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "lua/bind.h"
#include "lua/bind_firehose.h"
#include "sim/glue.h"

#define CATALOG "bdw.glue.catalog"

static glue_catalog *check_catalog(lua_State *L, int idx)
{
    return ((lbind_handle *)lbind_check_object(L, idx, CATALOG))->p;
}

/* A string argument that C sees whole: a zero byte would cut it short and
 * make "sensors\0x" name the table "sensors". */

static void set_strings(lua_State *L, const char *k, char *const *v, size_t n)
{
    lua_createtable(L, (int)(n < 1000000 ? n : 0), 0);
    for (size_t i = 0; i < n; i++) {
        lua_pushstring(L, v[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, k);
}

/* { name, location, classification, compression, columns, partition_keys,
 *   partitions, objects, bytes } */
static void push_table(lua_State *L, const glue_table *t)
{
    lua_createtable(L, 0, 9);
    lbind_set_str(L, "name", t->name);
    lbind_set_str(L, "location", t->location);
    lbind_set_str(L, "classification", t->classification);
    lbind_set_str(L, "compression", t->compression);
    set_strings(L, "columns", t->columns, t->ncolumns);
    set_strings(L, "partition_keys", t->partition_keys, t->nkeys);
    lbind_set_u64(L, "partitions", t->npartitions);
    lbind_set_u64(L, "objects", t->objects);
    lbind_set_u64(L, "bytes", t->bytes);
}

/* The table named at idx, or NULL with err set as Glue's GetTable would. */
static const glue_table *find_table(lua_State *L, const glue_catalog *cat, int idx, sim_error *err)
{
    const char *name = lbind_check_name(L, idx);
    const glue_table *t = glue_table_find(cat, name);
    if (!t)
        sim_fail(err, SIM_RESOURCE_NOT_FOUND,
                 "EntityNotFoundException: Table %.100s not found in the crawler's catalog.", name);
    return t;
}

/* aws.glue.crawl{ bucket = b, path = "sensors/", table_level = nil }
 * -> catalog | nil, err */
static int l_crawl(lua_State *L)
{
    lbind_check_opts(L, 1, false);
    glue_crawl_config cfg = {.budget = lbind_budget(L)};
    lbind_field(L, 1, "bucket");
    const s3 *store = lbind_firehose_bucket_test(L, -1, &cfg.bucket);
    if (!store) return luaL_error(L, "field 'bucket' must be a bucket from aws.firehose.bucket");
    int bidx = lua_gettop(L);
    cfg.path = lbind_field_name(L, 1, "path", "");
    if (lbind_field(L, 1, "table_level") != LUA_TNIL) {
        lua_Integer level = lbind_field_int(L, 1, "table_level", 0, LUA_MININTEGER, LUA_MAXINTEGER);
        if (level < 1) {
            sim_error err = {0};
            sim_fail(&err, SIM_INVALID_PARAMETER_VALUE,
                     "table_level: '%lld' is not a folder level (the top folder is 1)",
                     (long long)level);
            return lbind_fail(L, &err, "aws.glue.crawl");
        }
        cfg.table_level = level > 1024 ? 1024 : (int)level; /* keys are at most 1,024 bytes */
    }
    lua_pop(L, 1);
    lbind_handle *u = lbind_new_object(L, sizeof *u, CATALOG, 1);
    /* The catalog is a snapshot of the crawl; the bucket stays with it so
     * that a script holding only the catalog keeps the data it describes. */
    lua_pushvalue(L, bidx);
    lbind_anchor(L, -2, 1);
    sim_error err = {0};
    u->p = glue_crawl(store, &cfg, &err);
    if (!u->p) return lbind_fail(L, &err, "aws.glue.crawl");
    return 1;
}

static int l_gc(lua_State *L)
{
    lbind_handle *u = lbind_gc_object(L, CATALOG);
    if (u && u->p) {
        glue_catalog_free(u->p);
        u->p = NULL;
    }
    return 0;
}

/* catalog:tables() -> { table, ... } in the catalog's order */
static int l_tables(lua_State *L)
{
    glue_catalog *cat = check_catalog(L, 1);
    size_t n = glue_table_count(cat);
    lbind_charge(L, (uint64_t)n * 16 + 1);
    lua_createtable(L, (int)(n < 1000000 ? n : 0), 0);
    for (size_t i = 0; i < n; i++) {
        push_table(L, glue_table_at(cat, i));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* catalog:table(name) -> table | nil */
static int l_table(lua_State *L)
{
    glue_catalog *cat = check_catalog(L, 1);
    const glue_table *t = glue_table_find(cat, lbind_check_name(L, 2));
    if (t)
        push_table(L, t);
    else
        lua_pushnil(L);
    return 1;
}

/* catalog:partitions(name [, limit]) -> { { values, location, objects,
 * bytes }, ... } in key order | nil, err */
static int l_partitions(lua_State *L)
{
    glue_catalog *cat = check_catalog(L, 1);
    size_t limit = SIZE_MAX;
    if (!lua_isnoneornil(L, 3)) limit = (size_t)lbind_check_int(L, 3, 0, LUA_MAXINTEGER);
    sim_error err = {0};
    const glue_table *t = find_table(L, cat, 2, &err);
    if (!t) return lbind_fail(L, &err, "catalog:partitions");
    size_t n = t->npartitions < limit ? t->npartitions : limit;
    lbind_charge(L, (uint64_t)n * (t->nkeys + 8));
    lua_createtable(L, (int)(n < 1000000 ? n : 0), 0);
    for (size_t i = 0; i < n; i++) {
        const glue_partition *p = &t->partitions[i];
        lua_createtable(L, 0, 4);
        set_strings(L, "values", p->values, t->nkeys);
        lbind_set_str(L, "location", p->location);
        lbind_set_u64(L, "objects", p->objects);
        lbind_set_u64(L, "bytes", p->bytes);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* catalog:objects_crawled() -> the objects the crawl read */
static int l_objects_crawled(lua_State *L)
{
    lbind_push_u64(L, glue_objects_crawled(check_catalog(L, 1)));
    return 1;
}

static int predicate_cmp(const void *a, const void *b)
{
    return strcmp(((const glue_predicate *)a)->key, ((const glue_predicate *)b)->key);
}

/* One end of a range, { lo, hi }[i]: a string or nil. */
static const char *range_end(lua_State *L, int where, int range, lua_Integer i, const char *key)
{
    int ty = lua_rawgeti(L, range, i);
    const char *s = NULL;
    if (ty == LUA_TSTRING) {
        size_t len;
        s = lua_tolstring(L, -1, &len);
        if (strlen(s) != len) {
            luaL_argerror(L, where,
                          lua_pushfstring(L, "where.%s: a value cannot contain a zero byte", key));
            return NULL;
        }
    } else if (ty != LUA_TNIL) {
        luaL_argerror(L, where,
                      lua_pushfstring(L,
                                      "where.%s: a range is { lo, hi }, each a string or nil, "
                                      "not %s",
                                      key, luaL_typename(L, -1)));
        return NULL;
    }
    lua_pop(L, 1); /* the string stays alive in the range table */
    return s;
}

/* Reads `where` at idx (nil, or partition key -> "value" | { lo, hi }) into
 * predicates sorted by key, so that the same table gives the same call
 * whatever order pairs() walks it in. The array lives on the Lua heap, left
 * on the stack. */
static glue_predicate *read_where(lua_State *L, int idx, size_t *n)
{
    *n = 0;
    if (lua_isnoneornil(L, idx)) {
        lua_newuserdatauv(L, sizeof(glue_predicate), 0);
        return lua_touserdata(L, -1);
    }
    luaL_checktype(L, idx, LUA_TTABLE);
    size_t count = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        count++;
        lua_pop(L, 1);
    }
    lbind_charge(L, (uint64_t)count * 8 + 1);
    glue_predicate *p = lua_newuserdatauv(L, (count ? count : 1) * sizeof *p, 0);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            luaL_argerror(L, idx, "where's keys are partition key names (strings)");
            return NULL;
        }
        size_t klen;
        const char *key = lua_tolstring(L, -2, &klen); /* a string: no conversion */
        if (strlen(key) != klen) {
            luaL_argerror(L, idx, "a key cannot contain a zero byte");
            return NULL;
        }
        glue_predicate *q = &p[(*n)++];
        q->key = key;
        int ty = lua_type(L, -1);
        if (ty == LUA_TSTRING) {
            size_t len;
            q->lo = q->hi = lua_tolstring(L, -1, &len);
            if (strlen(q->lo) != len) {
                luaL_argerror(
                    L, idx,
                    lua_pushfstring(L, "where.%s: a value cannot contain a zero byte", key));
                return NULL;
            }
        } else if (ty == LUA_TTABLE) {
            int range = lua_gettop(L);
            lua_pushnil(L);
            while (lua_next(L, range)) {
                lua_Integer i = lua_isinteger(L, -2) ? lua_tointeger(L, -2) : 0;
                if (i != 1 && i != 2) {
                    luaL_argerror(L, idx,
                                  lua_pushfstring(L, "where.%s: a range is { lo, hi }", key));
                    return NULL;
                }
                lua_pop(L, 1);
            }
            q->lo = range_end(L, idx, range, 1, key);
            q->hi = range_end(L, idx, range, 2, key);
        } else {
            luaL_argerror(L, idx,
                          lua_pushfstring(L,
                                          "where.%s: a partition value is a string, as the "
                                          "folder names are ('01', not 1), or a range "
                                          "{ lo, hi }; not %s",
                                          key, luaL_typename(L, -1)));
            return NULL;
        }
        lua_pop(L, 1); /* values stay alive in the where table */
    }
    qsort(p, *n, sizeof *p, predicate_cmp);
    return p;
}

/* catalog:scan(name, where) -> { partitions, objects, bytes, listings,
 * listings_all } | nil, err */
static int l_scan(lua_State *L)
{
    glue_catalog *cat = check_catalog(L, 1);
    lbind_check_name(L, 2);
    size_t n;
    glue_predicate *p = read_where(L, 3, &n);
    sim_error err = {0};
    const glue_table *t = find_table(L, cat, 2, &err);
    if (!t) return lbind_fail(L, &err, "catalog:scan");
    glue_scan s = {0};
    if (glue_scan_estimate(t, p, n, &s, &err) != SIM_OK) return lbind_fail(L, &err, "catalog:scan");
    lua_createtable(L, 0, 5);
    lbind_set_u64(L, "partitions", s.partitions);
    lbind_set_u64(L, "objects", s.objects);
    lbind_set_u64(L, "bytes", s.bytes);
    lbind_set_u64(L, "listings", s.listings);
    lbind_set_u64(L, "listings_all", s.listings_all);
    return 1;
}

static const luaL_Reg catalog_methods[] = {
    {"tables", l_tables},
    {"table", l_table},
    {"partitions", l_partitions},
    {"objects_crawled", l_objects_crawled},
    {"scan", l_scan},
    {NULL, NULL},
};

static const luaL_Reg glue_fns[] = {
    {"crawl", l_crawl},
    {NULL, NULL},
};

static const lbind_class glue_classes[] = {
    {.type = "catalog", .methods = catalog_methods, .gc = l_gc},
    {0},
};

const lbind_module lbind_module_glue = {
    .name = "glue",
    .functions = glue_fns,
    .classes = glue_classes,
};
