/* EMR clusters: groups of instances, the course's sizing review, HDFS,
 * node losses and resizes, and usage. */
#include "sim/emr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/budget_fail.h"
#include "sim/emr_cost.h"

/* EC2's vCPUs and memory; normalization factors as EC2 and EMR count them
 * (medium 2, large 4, xlarge 8, 2xlarge 16, 8xlarge 64). */
static const emr_instance_type catalog[] = {
    {"t2.medium", 2, 4, 2, "burstable"},      {"m4.large", 2, 8, 4, "general"},
    {"m4.xlarge", 4, 16, 8, "general"},       {"m4.2xlarge", 8, 32, 16, "general"},
    {"c4.xlarge", 4, 7.5, 8, "compute"},      {"c4.2xlarge", 8, 15, 16, "compute"},
    {"r4.xlarge", 4, 30.5, 8, "memory"},      {"r4.2xlarge", 8, 61, 16, "memory"},
    {"cc2.8xlarge", 32, 60.5, 64, "cluster"},
};

#define NTYPES (sizeof catalog / sizeof catalog[0])

size_t emr_instance_type_count(void)
{
    return NTYPES;
}

const emr_instance_type *emr_instance_type_at(size_t i)
{
    return i < NTYPES ? &catalog[i] : NULL;
}

const emr_instance_type *emr_instance_type_find(const char *name)
{
    for (size_t i = 0; name && i < NTYPES; i++)
        if (strcmp(catalog[i].name, name) == 0) return &catalog[i];
    return NULL;
}

const char *emr_role_name(emr_role r)
{
    return r == EMR_MASTER ? "master" : r == EMR_CORE ? "core" : "task";
}

bool emr_market_parse(const char *name, emr_market *out)
{
    if (name && strcmp(name, "ON_DEMAND") == 0) return *out = EMR_ON_DEMAND, true;
    if (name && strcmp(name, "SPOT") == 0) return *out = EMR_SPOT, true;
    return false;
}

bool emr_workload_parse(const char *name, emr_workload *out)
{
    static const char *const names[] = {"general", "external-wait", "compute", "memory",
                                        "network-ml"};
    for (int i = 0; name && i < 5; i++)
        if (strcmp(name, names[i]) == 0) return *out = (emr_workload)i, true;
    return false;
}

/* One instance's life, for billing. */
typedef struct emr_life {
    int64_t start, end; /* end -1 while it runs */
} emr_life;

typedef struct emr_grp {
    emr_group g; /* g.type points into the catalog */
    const emr_instance_type *t;
    emr_life *lives; /* every life the group has had, in the order they began */
    size_t nlives, cap_lives;
    /* The running lives' places in lives[], oldest first: nodes are added
     * at the end and the newest go first, so they are a stack, as many as
     * the group's count. */
    size_t *running;
    size_t nrunning, cap_running;
} emr_grp;

struct emr_cluster {
    emr_grp groups[EMR_GROUPS_MAX];
    size_t ngroups;
    uint32_t disk_gib;
    uint64_t used_gib;
    bool terminated;
    sim_clock *clock;
    sim_budget *budget; /* borrowed; NULL: unlimited */
};

/* Makes an array of `size` bytes a piece hold `need`, doubling, so that a
 * loop of resizes copies each life a few times at most, not once a resize. */
static bool grow(sim_budget *b, void **arr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return true;
    size_t n = *cap * 2 > need ? *cap * 2 : need;
    void *g = sim_reallocarray(b, *arr, n, size);
    if (!g && n > need) g = sim_reallocarray(b, *arr, n = need, size);
    if (!g) return false;
    *arr = g;
    *cap = n;
    return true;
}

/* Makes room for n more lives in a group, so that adding them cannot fail
 * after the cluster has changed. */
static bool reserve_lives(emr_cluster *c, emr_grp *g, int n)
{
    return grow(c->budget, (void **)&g->lives, &g->cap_lives, g->nlives + (size_t)n + 1,
                sizeof *g->lives) &&
           grow(c->budget, (void **)&g->running, &g->cap_running, g->nrunning + (size_t)n + 1,
                sizeof *g->running);
}

/* Adds n running lives to a group that has room for them. */
static void add_lives(emr_grp *g, int n, int64_t now)
{
    for (int i = 0; i < n; i++) {
        g->running[g->nrunning++] = g->nlives;
        g->lives[g->nlives++] = (emr_life){now, -1};
    }
}

/* Charges a call's fixed part and the lives it ends or adds. */
static bool charge(const emr_cluster *c, uint64_t lives_ended, uint64_t nodes_added)
{
    return sim_budget_charge(c->budget, EMR_COST_CALL + lives_ended / EMR_LIVES_PER_UNIT +
                                            nodes_added / EMR_NODES_PER_UNIT);
}

static uint64_t all_lives(const emr_cluster *c)
{
    uint64_t n = 0;
    for (size_t i = 0; i < c->ngroups; i++)
        n += c->groups[i].nlives;
    return n;
}

/* Ends the most recent n running lives of a group. */
static void end_lives(emr_grp *g, int n, int64_t now)
{
    for (; n > 0 && g->nrunning; n--)
        g->lives[g->running[--g->nrunning]].end = now;
}

static emr_grp *core_group(emr_cluster *c)
{
    for (size_t i = 0; i < c->ngroups; i++)
        if (c->groups[i].g.role == EMR_CORE) return &c->groups[i];
    return NULL;
}

static const emr_grp *core_group_c(const emr_cluster *c)
{
    return core_group((emr_cluster *)c);
}

emr_cluster *emr_new(const emr_config *cfg, sim_clock *clock, sim_error *err)
{
    size_t nlen = cfg && cfg->name ? strlen(cfg->name) : 0;
    if (nlen < 1 || nlen > 256) {
        sim_fail(err, SIM_VALIDATION, "The cluster name must be 1 to 256 characters long.");
        return NULL;
    }
    if (!cfg->groups || cfg->ngroups < 2 || cfg->ngroups > EMR_GROUPS_MAX) {
        sim_fail(err, SIM_VALIDATION,
                 "A cluster has a master group, a core group and up to %d task groups.",
                 EMR_GROUPS_MAX - 2);
        return NULL;
    }
    int masters = 0, cores = 0, nodes = 0;
    for (size_t i = 0; i < cfg->ngroups; i++) {
        const emr_group *g = &cfg->groups[i];
        if (!emr_instance_type_find(g->type)) {
            sim_fail(err, SIM_VALIDATION, "The instance type %.40s is not one this simulator has.",
                     g->type ? g->type : "(none)");
            return NULL;
        }
        if (g->count < 0 || g->count > EMR_NODES_MAX) {
            sim_fail(err, SIM_VALIDATION, "An instance group has 0 to %d instances, not %d.",
                     EMR_NODES_MAX, g->count);
            return NULL;
        }
        masters += g->role == EMR_MASTER;
        cores += g->role == EMR_CORE;
        nodes += g->count;
        if (g->role == EMR_MASTER && g->count != 1) {
            sim_fail(err, SIM_VALIDATION, "The master instance group has exactly 1 instance.");
            return NULL;
        }
    }
    if (masters != 1 || cores != 1) {
        sim_fail(err, SIM_VALIDATION,
                 "A cluster has exactly one master group and one core group (it has %d and %d).",
                 masters, cores);
        return NULL;
    }
    if (nodes > EMR_NODES_MAX) {
        sim_fail(err, SIM_LIMIT_EXCEEDED, "The simulator runs at most %d nodes per cluster.",
                 EMR_NODES_MAX);
        return NULL;
    }
    if (!sim_budget_charge(cfg->budget, EMR_COST_NEW + (uint64_t)nodes / EMR_NODES_PER_UNIT)) {
        sim_fail_work(err, "creating cluster %.60s", cfg->name);
        return NULL;
    }
    emr_cluster *c = sim_calloc(cfg->budget, 1, sizeof *c);
    if (!c) {
        sim_fail_memory(err, cfg->budget, "creating cluster %.60s", cfg->name);
        return NULL;
    }
    c->budget = cfg->budget;
    c->clock = clock;
    c->disk_gib = cfg->core_disk_gib ? cfg->core_disk_gib : 64;
    int64_t now = sim_clock_now(clock);
    for (size_t i = 0; i < cfg->ngroups; i++) {
        emr_grp *g = &c->groups[c->ngroups++];
        g->t = emr_instance_type_find(cfg->groups[i].type);
        g->g = cfg->groups[i];
        g->g.type = g->t->name;
        if (!reserve_lives(c, g, g->g.count)) {
            emr_free(c);
            sim_fail_memory(err, cfg->budget, "creating cluster %.60s", cfg->name);
            return NULL;
        }
        add_lives(g, g->g.count, now);
    }
    return c;
}

void emr_free(emr_cluster *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->ngroups; i++) {
        sim_free(c->budget, c->groups[i].lives);
        sim_free(c->budget, c->groups[i].running);
    }
    sim_free(c->budget, c);
}

size_t emr_group_count(const emr_cluster *c)
{
    return c->ngroups;
}

const emr_group *emr_group_at(const emr_cluster *c, size_t i)
{
    return i < c->ngroups ? &c->groups[i].g : NULL;
}

int emr_node_count(const emr_cluster *c)
{
    int n = 0;
    for (size_t i = 0; i < c->ngroups; i++)
        n += c->groups[i].g.count;
    return n;
}

int emr_vcpus(const emr_cluster *c, bool task_too)
{
    int n = 0;
    for (size_t i = 0; i < c->ngroups; i++) {
        const emr_grp *g = &c->groups[i];
        if (g->g.role == EMR_CORE || (task_too && g->g.role == EMR_TASK))
            n += g->g.count * g->t->vcpu;
    }
    return n;
}

bool emr_terminated(const emr_cluster *c)
{
    return c->terminated;
}

/* --- review -------------------------------------------------------------- */

static size_t add_finding(emr_finding *out, size_t cap, size_t n, const char *anti, emr_role role,
                          const char *message)
{
    if (n < cap) {
        out[n].antipattern = anti;
        out[n].role = role;
        snprintf(out[n].message, sizeof out[n].message, "%s", message);
    }
    return n + 1;
}

/* The family the course recommends for a workload, and its example. */
static const char *advised(emr_workload w, const char **example)
{
    switch (w) {
    case EMR_WORK_EXTERNAL_WAIT:
        return *example = "t2.medium", "burstable";
    case EMR_WORK_COMPUTE:
        return *example = "c4.xlarge", "compute";
    case EMR_WORK_MEMORY:
        return *example = "r4.xlarge", "memory";
    case EMR_WORK_NETWORK_ML:
        return *example = "cc2.8xlarge", "cluster";
    default:
        return *example = "m4.xlarge", "general";
    }
}

size_t emr_review(const emr_cluster *c, emr_workload w, emr_finding *out, size_t cap)
{
    /* No status to report a spent budget: it answers, and the host stops. */
    (void)sim_budget_charge(c->budget, EMR_COST_REVIEW);
    size_t n = 0;
    int nodes = emr_node_count(c);
    const char *example, *family = advised(w, &example);
    char msg[256];
    for (size_t i = 0; i < c->ngroups; i++) {
        const emr_grp *g = &c->groups[i];
        emr_role r = g->g.role;
        if (r == EMR_MASTER && nodes >= 50 && g->t->normalized < 8) {
            snprintf(msg, sizeof msg,
                     "A %s master for %d nodes: the course sizes the master m4.large under 50 "
                     "nodes and m4.xlarge from 50.",
                     g->t->name, nodes);
            n = add_finding(out, cap, n, "emr.master-undersized", r, msg);
        }
        if ((r == EMR_MASTER || r == EMR_CORE) && g->g.market == EMR_SPOT) {
            snprintf(msg, sizeof msg,
                     "Spot instances for the %s: a reclaim %s. Spot suits task nodes.",
                     emr_role_name(r),
                     r == EMR_MASTER ? "ends the cluster" : "can take HDFS data with it");
            n = add_finding(out, cap, n, "emr.spot-core-master", r, msg);
        }
        /* Family advice for the nodes that do the work; for a general
         * workload any family but burstable will do. */
        bool fits = strcmp(g->t->family, family) == 0 ||
                    (w == EMR_WORK_GENERAL && strcmp(g->t->family, "burstable") != 0);
        if (r != EMR_MASTER && g->g.count > 0 && !fits) {
            snprintf(msg, sizeof msg,
                     "The %s nodes are %s (%s); for this workload the course suggests the %s "
                     "family (e.g. %s).",
                     emr_role_name(r), g->t->name, g->t->family, family, example);
            n = add_finding(out, cap, n, NULL, r, msg);
        }
    }
    return n;
}

/* --- HDFS ---------------------------------------------------------------- */

int emr_replication(int core_nodes)
{
    return core_nodes <= 3 ? 1 : core_nodes <= 9 ? 2 : 3;
}

uint64_t emr_hdfs_capacity_gib(const emr_cluster *c)
{
    const emr_grp *core = core_group_c(c);
    int n = core ? core->g.count : 0;
    if (c->terminated || n == 0) return 0;
    return (uint64_t)n * c->disk_gib / (uint64_t)emr_replication(n);
}

uint64_t emr_hdfs_used_gib(const emr_cluster *c)
{
    return c->used_gib;
}

sim_status emr_hdfs_write(emr_cluster *c, uint64_t gib, sim_error *err)
{
    if (!charge(c, 0, 0)) return sim_fail_work(err, "writing to HDFS");
    if (c->terminated)
        return sim_fail(err, SIM_VALIDATION, "The cluster is terminated: its HDFS is gone.");
    uint64_t cap = emr_hdfs_capacity_gib(c);
    if (gib > cap - c->used_gib)
        return sim_fail(err, SIM_INSUFFICIENT_CAPACITY,
                        "HDFS has %llu GiB free (%llu usable after replication); %llu GiB do "
                        "not fit.",
                        (unsigned long long)(cap - c->used_gib), (unsigned long long)cap,
                        (unsigned long long)gib);
    c->used_gib += gib;
    return SIM_OK;
}

/* --- events -------------------------------------------------------------- */

/* C(n, r) / C(N, r): the share of blocks whose r replicas all sat on n of
 * N nodes. */
static double all_replicas_on(int n, int total, int r)
{
    if (n < r || total < r) return 0;
    double p = 1;
    for (int i = 0; i < r; i++)
        p *= (double)(n - i) / (double)(total - i);
    return p;
}

sim_status emr_lose_nodes(emr_cluster *c, emr_role role, int n, emr_event *out, sim_error *err)
{
    memset(out, 0, sizeof *out);
    if (c->terminated) return sim_fail(err, SIM_VALIDATION, "The cluster is terminated.");
    int64_t now = sim_clock_now(c->clock);
    if (role == EMR_MASTER) {
        if (n != 1) return sim_fail(err, SIM_VALIDATION, "A cluster has one master node.");
        if (!charge(c, (uint64_t)emr_node_count(c), 0))
            return sim_fail_work(err, "losing the master node");
        for (size_t i = 0; i < c->ngroups; i++) {
            end_lives(&c->groups[i], c->groups[i].g.count, now);
            c->groups[i].g.count = 0;
        }
        out->nodes_lost = 1;
        out->terminated = c->terminated = true;
        out->data_lost_gib = c->used_gib;
        c->used_gib = 0;
        return SIM_OK;
    }
    /* The nodes go from the role's groups in order. */
    int have = 0;
    for (size_t i = 0; i < c->ngroups; i++)
        if (c->groups[i].g.role == role) have += c->groups[i].g.count;
    if (n < 1) return sim_fail(err, SIM_VALIDATION, "Losing nodes means at least one.");
    if (n > have)
        return sim_fail(err, SIM_VALIDATION, "The %s groups have %d nodes; %d cannot be lost.",
                        emr_role_name(role), have, n);
    if (!charge(c, (uint64_t)n, role == EMR_CORE ? (uint64_t)n : 0))
        return sim_fail_work(err, "losing %s nodes", emr_role_name(role));
    out->nodes_lost = n;
    if (role == EMR_TASK) {
        int left = n;
        for (size_t i = 0; i < c->ngroups && left; i++) {
            emr_grp *g = &c->groups[i];
            if (g->g.role != EMR_TASK) continue;
            int k = left < g->g.count ? left : g->g.count;
            end_lives(g, k, now);
            g->g.count -= k;
            left -= k;
        }
        return SIM_OK;
    }
    /* Core: the blocks whose every replica was on the lost nodes are gone;
     * EMR replaces the nodes, empty. */
    emr_grp *core = core_group(c);
    if (!reserve_lives(c, core, n))
        return sim_fail_memory(err, c->budget, "replacing the lost core nodes");
    int r = emr_replication(core->g.count);
    out->data_lost_gib =
        (uint64_t)((double)c->used_gib * all_replicas_on(n, core->g.count, r) + 0.5);
    c->used_gib -= out->data_lost_gib;
    end_lives(core, n, now);
    add_lives(core, n, now);
    out->replaced = true;
    return SIM_OK;
}

sim_status emr_resize(emr_cluster *c, size_t group, int count, emr_event *out, sim_error *err)
{
    memset(out, 0, sizeof *out);
    if (c->terminated) return sim_fail(err, SIM_VALIDATION, "The cluster is terminated.");
    if (group >= c->ngroups)
        return sim_fail(err, SIM_VALIDATION, "The cluster has %zu instance groups.", c->ngroups);
    emr_grp *g = &c->groups[group];
    if (g->g.role == EMR_MASTER)
        return sim_fail(err, SIM_VALIDATION, "The master group cannot be resized.");
    if (count < 0 || emr_node_count(c) - g->g.count + count > EMR_NODES_MAX)
        return sim_fail(err, SIM_VALIDATION, "A cluster has at most %d nodes; not %d here.",
                        EMR_NODES_MAX, count);
    uint64_t added = count > g->g.count ? (uint64_t)(count - g->g.count) : 0;
    uint64_t ended = count < g->g.count ? (uint64_t)(g->g.count - count) : 0;
    if (!charge(c, ended, added)) return sim_fail_work(err, "resizing an instance group");
    int64_t now = sim_clock_now(c->clock);
    if (count > g->g.count) {
        if (!reserve_lives(c, g, count - g->g.count))
            return sim_fail_memory(err, c->budget, "resizing an instance group");
        add_lives(g, count - g->g.count, now);
    } else {
        end_lives(g, g->g.count - count, now);
        out->nodes_lost = g->g.count - count;
    }
    g->g.count = count;
    if (g->g.role == EMR_CORE) {
        uint64_t cap = emr_hdfs_capacity_gib(c);
        if (c->used_gib > cap) {
            out->data_lost_gib = c->used_gib - cap;
            c->used_gib = cap;
        }
    }
    return SIM_OK;
}

/* --- usage --------------------------------------------------------------- */

void emr_usage_get(const emr_cluster *c, emr_usage *out)
{
    /* No status to report a spent budget: it answers, and the host stops. */
    (void)sim_budget_charge(c->budget, all_lives(c) / EMR_USAGE_LIVES_PER_UNIT);
    memset(out, 0, sizeof *out);
    int64_t now = sim_clock_now(c->clock), first = INT64_MAX;
    for (size_t i = 0; i < c->ngroups; i++) {
        const emr_grp *g = &c->groups[i];
        for (size_t k = 0; k < g->nlives; k++) {
            const emr_life *l = &g->lives[k];
            int64_t end = l->end < 0 ? now : l->end, ms = end - l->start;
            if (l->start < first) first = l->start;
            out->instance_hours += (double)(ms < 60000 ? 60000 : ms) / 3.6e6;
            int64_t hours = (ms + 3599999) / 3600000; /* started hours */
            out->normalized_hours += (uint64_t)(hours ? hours : 1) * (uint64_t)g->t->normalized;
        }
    }
    out->elapsed_ms = first == INT64_MAX ? 0 : now - first;
}
