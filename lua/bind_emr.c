/* aws.emr: an EMR cluster's instance groups (a master, a core group, task
 * groups) sized by the course's rules, its HDFS, the nodes a Spot reclaim or
 * a resize takes, and its normalized instance hours. */
#include <lauxlib.h>
#include <limits.h>
#include <string.h>

#include "lua/bind.h"
#include "sim/emr.h"

#define CLUSTER "bdw.emr.cluster"
#define GIB (UINT64_C(1) << 30)

static emr_cluster *check_cluster(lua_State *L, int idx)
{
    return ((lbind_handle *)lbind_check_object(L, idx, CLUSTER))->p;
}

/* A refusal by the binding itself, in the simulator's error shape. */
static int fail_field(lua_State *L, sim_status code, const char *field, const char *why,
                      const char *value)
{
    sim_error err = {0};
    sim_fail(&err, code, "%s: '%.100s' %s", field, value, why);
    return lbind_fail(L, &err, "aws.emr.cluster");
}

/* A number of nodes to lose as C's int: more than a cluster can have is as
 * many as it has. */
static int clamp_count(lua_Integer n)
{
    if (n < 0) return -1;
    return n > EMR_NODES_MAX + 1 ? EMR_NODES_MAX + 1 : (int)n;
}

static bool role_parse(const char *name, emr_role *out)
{
    static const emr_role roles[] = {EMR_MASTER, EMR_CORE, EMR_TASK};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        if (strcmp(name, emr_role_name(roles[i])) == 0) {
            *out = roles[i];
            return true;
        }
    }
    return false;
}

static const char *market_name(emr_market m)
{
    return m == EMR_SPOT ? "SPOT" : "ON_DEMAND";
}

/* Reads the group table at t (a field of the option table, named `field`)
 * into g; returns 0, or the number of values pushed by a refusal. */
static int read_group(lua_State *L, int t, const char *field, emr_role role, emr_group *g)
{
    t = lua_absindex(L, t);
    if (lua_type(L, t) != LUA_TTABLE)
        return luaL_error(L, "field '%s' must be a table { type =, count =, market = }", field);
    g->role = role;
    g->type = lbind_field_name(L, t, "type", NULL);
    if (!g->type) {
        sim_error err = {0};
        sim_fail(&err, SIM_MISSING_PARAMETER_VALUE, "%s.type: an instance group needs a type",
                 field);
        return lbind_fail(L, &err, "aws.emr.cluster");
    }
    if (!emr_instance_type_find(g->type))
        return fail_field(L, SIM_VALIDATION, field,
                          "is not an instance type EMR offers here (see "
                          "aws.emr.instance_types())",
                          g->type);
    lua_Integer count = lbind_field_int(L, t, "count", 1, LUA_MININTEGER, LUA_MAXINTEGER);
    if (count < 0)
        return fail_field(L, SIM_VALIDATION, field, "cannot have a negative count",
                          lua_pushfstring(L, "%I", count));
    if (count > EMR_NODES_MAX) {
        /* The simulator's words, with the number the script gave (C's int
         * could not hold every count a script may write). */
        sim_error err = {0};
        sim_fail(&err, SIM_VALIDATION, "An instance group has 0 to %d instances, not %lld.",
                 EMR_NODES_MAX, (long long)count);
        return lbind_fail(L, &err, "aws.emr.cluster");
    }
    g->count = (int)count;
    const char *market = lbind_field_name(L, t, "market", "ON_DEMAND");
    if (!emr_market_parse(market, &g->market))
        return fail_field(L, SIM_VALIDATION, field, "is not a market (ON_DEMAND or SPOT)", market);
    return 0;
}

/* aws.emr.cluster{ name, master = { type, market }, core = { type, count,
 *   market }, task = { { type, count, market }, ... }, core_disk = "64GB" }
 * -> cluster | nil, err */
static int l_cluster(lua_State *L)
{
    lbind_check_opts(L, 1, false);
    emr_group groups[EMR_GROUPS_MAX];
    emr_config cfg = {.groups = groups, .budget = lbind_budget(L)};
    cfg.name = lbind_field_name(L, 1, "name", NULL);
    if (!cfg.name) {
        sim_error err = {0};
        sim_fail(&err, SIM_MISSING_PARAMETER_VALUE, "name: a cluster needs a name");
        return lbind_fail(L, &err, "aws.emr.cluster");
    }
    /* A missing master or core group is left out, for the simulator to
     * refuse in its own words. */
    static const struct {
        const char *field;
        emr_role role;
    } fixed[] = {{"master", EMR_MASTER}, {"core", EMR_CORE}};
    for (size_t i = 0; i < 2; i++) {
        if (lbind_field(L, 1, fixed[i].field) != LUA_TNIL) {
            int r = read_group(L, -1, fixed[i].field, fixed[i].role, &groups[cfg.ngroups]);
            if (r) return r;
            cfg.ngroups++;
        }
        lua_pop(L, 1);
    }
    if (lbind_field(L, 1, "task") != LUA_TNIL) {
        if (!lua_istable(L, -1)) return luaL_error(L, "field 'task' must be a list of groups");
        int tasks = lua_gettop(L);
        lua_Integer n = (lua_Integer)lua_rawlen(L, tasks);
        if (n == 0 && lbind_field(L, tasks, "type") != LUA_TNIL)
            return luaL_error(L, "field 'task' is a list of groups: task = { { type = ... } }");
        lua_settop(L, tasks);
        for (lua_Integer i = 1; i <= n; i++) {
            if (cfg.ngroups == EMR_GROUPS_MAX)
                return fail_field(L, SIM_LIMIT_EXCEEDED, "task",
                                  "groups are more than a cluster can have",
                                  lua_pushfstring(L, "%I", n));
            lua_rawgeti(L, tasks, i);
            int r = read_group(L, -1, "task", EMR_TASK, &groups[cfg.ngroups]);
            if (r) return r;
            cfg.ngroups++;
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    uint64_t disk = lbind_field_size(L, 1, "core_disk", 64 * GIB);
    /* 0 means "the default" to the simulator; a script that writes 0 means
     * no disk, so it is refused here. Part of a GiB counts as a whole one. */
    if (disk == 0) return fail_field(L, SIM_VALIDATION, "core_disk", "is too small", "0");
    uint64_t gib = disk / GIB + (disk % GIB != 0);
    cfg.core_disk_gib = gib > UINT32_MAX ? UINT32_MAX : (uint32_t)gib;
    lbind_handle *u = lbind_new_object(L, sizeof *u, CLUSTER, 0);
    sim_error err = {0};
    u->p = emr_new(&cfg, lbind_clock(L), &err);
    if (!u->p) return lbind_fail(L, &err, "aws.emr.cluster");
    return 1;
}

static int l_gc(lua_State *L)
{
    lbind_handle *u = lbind_gc_object(L, CLUSTER);
    if (u && u->p) {
        emr_free(u->p);
        u->p = NULL;
    }
    return 0;
}

/* c:groups() -> { { role, type, count, market, vcpu, memory_gib }, ... } */
static int l_groups(lua_State *L)
{
    emr_cluster *c = check_cluster(L, 1);
    size_t n = emr_group_count(c);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        const emr_group *g = emr_group_at(c, i);
        const emr_instance_type *t = emr_instance_type_find(g->type);
        lua_createtable(L, 0, 6);
        lbind_set_str(L, "role", emr_role_name(g->role));
        lbind_set_str(L, "type", g->type);
        lbind_set_int(L, "count", g->count);
        lbind_set_str(L, "market", market_name(g->market));
        lbind_set_int(L, "vcpu", t ? t->vcpu : 0);
        lbind_set_num(L, "memory_gib", t ? t->memory_gib : 0);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* c:review([workload]) -> { { antipattern, role, message }, ... } */
static int l_review(lua_State *L)
{
    emr_cluster *c = check_cluster(L, 1);
    const char *name = lbind_opt_name(L, 2, "general");
    emr_workload w;
    if (!emr_workload_parse(name, &w))
        return luaL_argerror(L, 2,
                             lua_pushfstring(L,
                                             "'%s' is not a workload (general, external-wait, "
                                             "compute, memory or network-ml)",
                                             name));
    emr_finding found[32];
    size_t n = emr_review(c, w, found, sizeof found / sizeof found[0]);
    if (n > sizeof found / sizeof found[0]) n = sizeof found / sizeof found[0];
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_createtable(L, 0, 3);
        lbind_set_str(L, "antipattern", found[i].antipattern);
        lbind_set_str(L, "role", emr_role_name(found[i].role));
        lbind_set_str(L, "message", found[i].message);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static int core_nodes(const emr_cluster *c)
{
    int n = 0;
    for (size_t i = 0; i < emr_group_count(c); i++) {
        const emr_group *g = emr_group_at(c, i);
        if (g->role == EMR_CORE) n += g->count;
    }
    return n;
}

/* c:hdfs() -> { replication, capacity_gib, used_gib } */
static int l_hdfs(lua_State *L)
{
    emr_cluster *c = check_cluster(L, 1);
    lua_createtable(L, 0, 3);
    lbind_set_int(L, "replication", emr_replication(core_nodes(c)));
    lbind_set_u64(L, "capacity_gib", emr_hdfs_capacity_gib(c));
    lbind_set_u64(L, "used_gib", emr_hdfs_used_gib(c));
    return 1;
}

/* c:write(gib) or c:write("500GB") -> true | nil, err */
static int l_write(lua_State *L)
{
    emr_cluster *c = check_cluster(L, 1);
    uint64_t gib;
    if (lua_type(L, 2) == LUA_TNUMBER) {
        lua_Integer n = luaL_checkinteger(L, 2);
        luaL_argcheck(L, n >= 0, 2, "a number of GiB cannot be negative");
        gib = (uint64_t)n;
    } else {
        uint64_t bytes = lbind_check_size(L, 2);
        gib = bytes / GIB + (bytes % GIB != 0);
    }
    sim_error err = {0};
    if (emr_hdfs_write(c, gib, &err) != SIM_OK) return lbind_fail(L, &err, "cluster:write");
    lua_pushboolean(L, 1);
    return 1;
}

static void push_event(lua_State *L, const emr_event *e)
{
    lua_createtable(L, 0, 4);
    lbind_set_int(L, "nodes_lost", e->nodes_lost);
    lbind_set_u64(L, "data_lost_gib", e->data_lost_gib);
    lbind_set_bool(L, "terminated", e->terminated);
    lbind_set_bool(L, "replaced", e->replaced);
}

/* c:lose(role, n) -> { nodes_lost, data_lost_gib, terminated, replaced } | nil, err */
static int l_lose(lua_State *L)
{
    emr_cluster *c = check_cluster(L, 1);
    const char *name = lbind_check_name(L, 2);
    emr_role role;
    if (!role_parse(name, &role))
        return luaL_argerror(L, 2,
                             lua_pushfstring(L, "'%s' is not a role (master, core or task)", name));
    lua_Integer n = luaL_checkinteger(L, 3);
    luaL_argcheck(L, n >= 0, 3, "a number of nodes cannot be negative");
    emr_event e = {0};
    sim_error err = {0};
    if (emr_lose_nodes(c, role, clamp_count(n), &e, &err) != SIM_OK)
        return lbind_fail(L, &err, "cluster:lose");
    push_event(L, &e);
    return 1;
}

/* c:resize(group, count) -> { nodes_lost, data_lost_gib, terminated,
 * replaced } | nil, err; group is 1-based, in c:groups() order. */
static int l_resize(lua_State *L)
{
    emr_cluster *c = check_cluster(L, 1);
    lua_Integer group = luaL_checkinteger(L, 2);
    size_t ngroups = emr_group_count(c);
    if (group < 1 || (lua_Unsigned)group > ngroups)
        return luaL_argerror(L, 2, lua_pushfstring(L, "no such group (1 to %d)", (int)ngroups));
    lua_Integer count = luaL_checkinteger(L, 3);
    if (count < 0)
        return fail_field(L, SIM_VALIDATION, "count", "cannot be negative",
                          lua_pushfstring(L, "%I", count));
    emr_event e = {0};
    sim_error err = {0};
    if (count > EMR_NODES_MAX) {
        sim_fail(&err, SIM_VALIDATION, "A cluster has at most %d nodes; not %lld here.",
                 EMR_NODES_MAX, (long long)count);
        return lbind_fail(L, &err, "cluster:resize");
    }
    if (emr_resize(c, (size_t)group - 1, (int)count, &e, &err) != SIM_OK)
        return lbind_fail(L, &err, "cluster:resize");
    push_event(L, &e);
    return 1;
}

/* c:usage() -> { instance_hours, normalized_hours, elapsed } (elapsed in ms) */
static int l_usage(lua_State *L)
{
    emr_usage u = {0};
    emr_usage_get(check_cluster(L, 1), &u);
    lua_createtable(L, 0, 3);
    lbind_set_num(L, "instance_hours", u.instance_hours);
    lbind_set_u64(L, "normalized_hours", u.normalized_hours);
    lbind_set_int(L, "elapsed", u.elapsed_ms);
    return 1;
}

/* c:nodes() -> the cluster's running instances, every role */
static int l_nodes(lua_State *L)
{
    lua_pushinteger(L, emr_node_count(check_cluster(L, 1)));
    return 1;
}

/* c:vcpus([with_task]) -> the core nodes' vCPUs (and the task nodes') */
static int l_vcpus(lua_State *L)
{
    emr_cluster *c = check_cluster(L, 1);
    lua_pushinteger(L, emr_vcpus(c, lua_toboolean(L, 2)));
    return 1;
}

/* c:terminated() -> whether the cluster has ended (its master was lost) */
static int l_terminated(lua_State *L)
{
    lua_pushboolean(L, emr_terminated(check_cluster(L, 1)));
    return 1;
}

/* aws.emr.instance_types() -> { { name, vcpu, memory_gib, normalized, family }, ... } */
static int l_instance_types(lua_State *L)
{
    size_t n = emr_instance_type_count();
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        const emr_instance_type *t = emr_instance_type_at(i);
        lua_createtable(L, 0, 5);
        lbind_set_str(L, "name", t->name);
        lbind_set_int(L, "vcpu", t->vcpu);
        lbind_set_num(L, "memory_gib", t->memory_gib);
        lbind_set_int(L, "normalized", t->normalized);
        lbind_set_str(L, "family", t->family);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* aws.emr.replication(core_nodes) -> HDFS's default replication factor */
static int l_replication(lua_State *L)
{
    lua_Integer n = luaL_checkinteger(L, 1);
    luaL_argcheck(L, n >= 0, 1, "a number of core nodes cannot be negative");
    lua_pushinteger(L, emr_replication(n > INT_MAX ? INT_MAX : (int)n));
    return 1;
}

static const luaL_Reg cluster_methods[] = {
    {"groups", l_groups}, {"review", l_review},         {"hdfs", l_hdfs},   {"write", l_write},
    {"lose", l_lose},     {"resize", l_resize},         {"usage", l_usage}, {"nodes", l_nodes},
    {"vcpus", l_vcpus},   {"terminated", l_terminated}, {NULL, NULL},
};

static const luaL_Reg emr_fns[] = {
    {"cluster", l_cluster},
    {"instance_types", l_instance_types},
    {"replication", l_replication},
    {NULL, NULL},
};

static const lbind_class emr_classes[] = {
    {.type = "cluster", .methods = cluster_methods, .gc = l_gc},
    {0},
};

const lbind_module lbind_module_emr = {
    .name = "emr",
    .functions = emr_fns,
    .classes = emr_classes,
};
