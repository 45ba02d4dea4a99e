#ifndef SIM_EMR_H
#define SIM_EMR_H

/* EMR clusters as the course sizes them (emr.c): a master, a core group
 * and task groups of EC2 instance types, on demand or Spot; the course's
 * sizing rules as a review; HDFS with its replication factor; what losing
 * nodes does (aws-facts.md, EMR):
 *  - master: YARN ResourceManager and HDFS NameNode; losing it ends the
 *    cluster. m4.large under 50 nodes, m4.xlarge (or larger) from 50.
 *  - core: HDFS DataNodes that run tasks; EMR replaces a failed core node,
 *    but blocks whose every replica was on lost nodes are gone, and
 *    shrinking the core group below what HDFS holds loses data.
 *  - task: tasks only, no HDFS: safe for Spot, added and removed at will.
 *  - HDFS replication: 1 with up to 3 core nodes, 2 with 4 to 9, 3 with 10
 *    or more; usable HDFS = the core nodes' disks / replication.
 *  - Billing: per second with a one-minute minimum per instance; the
 *    console's normalized instance hours count each instance's started
 *    hours times its size (large 4, xlarge 8, 2xlarge 16, ...).
 * Spot reclaims and failures are events a scenario asks for; which blocks a
 * loss takes is the expected share, so runs repeat exactly.
 *
 * A cluster may be given the script's budget (sim/budget.h): each call is
 * charged before it runs, with the instance lives it ends or adds (every
 * node launched, replaced or ended is a life kept for billing, so they grow
 * with resizes), and the lives count toward the memory cap. A call the
 * budget cannot pay for fails with SIM_BUDGET_EXCEEDED and changes nothing;
 * one the memory cap refuses fails with SIM_NO_MEMORY, also changing
 * nothing. emr_review and emr_usage_get are charged too but still answer:
 * the host sees a spent budget with sim_budget_spent() and stops the
 * script. (emr_cost.h has the charges.) */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/budget.h"
#include "sim/clock.h"
#include "sim/status.h"

typedef enum { EMR_MASTER, EMR_CORE, EMR_TASK } emr_role;
typedef enum { EMR_ON_DEMAND, EMR_SPOT } emr_market;

typedef struct emr_instance_type {
    const char *name; /* "m4.xlarge" */
    int vcpu;
    double memory_gib;
    int normalized;     /* normalization factor: large 4, xlarge 8, ... */
    const char *family; /* general, compute, memory, burstable, cluster */
} emr_instance_type;

size_t emr_instance_type_count(void);
const emr_instance_type *emr_instance_type_at(size_t i);
const emr_instance_type *emr_instance_type_find(const char *name);
const char *emr_role_name(emr_role r);
bool emr_market_parse(const char *name, emr_market *out); /* "ON_DEMAND", "SPOT" */

typedef struct emr_group {
    emr_role role;
    const char *type;
    int count; /* master: 1; core: 0..; task: 0.. */
    emr_market market;
} emr_group;

#define EMR_GROUPS_MAX 8 /* a master, a core group, task groups */
#define EMR_NODES_MAX 1000

typedef struct emr_config {
    const char *name;        /* 1..256 characters */
    const emr_group *groups; /* exactly one master (count 1) and one core group */
    size_t ngroups;
    uint32_t core_disk_gib; /* EBS for HDFS on each core node; 0 = 64 */
    sim_budget *budget;     /* borrowed, outlives the cluster; NULL = unlimited, uncounted */
} emr_config;

typedef struct emr_cluster emr_cluster;

emr_cluster *emr_new(const emr_config *cfg, sim_clock *clock, sim_error *err);
void emr_free(emr_cluster *c); /* NULL is fine */
size_t emr_group_count(const emr_cluster *c);
const emr_group *emr_group_at(const emr_cluster *c, size_t i); /* type points into the catalog */
int emr_node_count(const emr_cluster *c);
int emr_vcpus(const emr_cluster *c, bool task_too); /* core (and task) vCPUs */
bool emr_terminated(const emr_cluster *c);

/* --- the course's sizing rules ------------------------------------------- */

/* What a workload mostly does, for the instance family advice. */
typedef enum {
    EMR_WORK_GENERAL,
    EMR_WORK_EXTERNAL_WAIT, /* waits on external dependencies */
    EMR_WORK_COMPUTE,
    EMR_WORK_MEMORY,     /* databases, memory caching */
    EMR_WORK_NETWORK_ML, /* network/CPU heavy: NLP, ML */
} emr_workload;

bool emr_workload_parse(const char *name, emr_workload *out); /* general, external-wait, ... */

typedef struct emr_finding {
    const char *antipattern; /* a catalog id, or NULL for advice */
    emr_role role;
    char message[256];
} emr_finding;

/* Checks the cluster against the course's rules for a workload: the master
 * for the node count, Spot on master or core, and the instance family of
 * the core and task groups. At most two findings a group; returns how many
 * there are (writing at most cap). */
size_t emr_review(const emr_cluster *c, emr_workload w, emr_finding *out, size_t cap);

/* --- HDFS ---------------------------------------------------------------- */

int emr_replication(int core_nodes);                  /* 0 core nodes: no HDFS at all */
uint64_t emr_hdfs_capacity_gib(const emr_cluster *c); /* usable, after replication */
uint64_t emr_hdfs_used_gib(const emr_cluster *c);
/* Writes data into HDFS: refused when it does not fit. */
sim_status emr_hdfs_write(emr_cluster *c, uint64_t gib, sim_error *err);

/* --- events -------------------------------------------------------------- */

typedef struct emr_event {
    int nodes_lost;
    uint64_t data_lost_gib;
    bool terminated;
    bool replaced; /* EMR replaced the lost core nodes */
} emr_event;

/* n nodes of a role are lost (a Spot reclaim, or a failure). Task nodes
 * take capacity with them; core nodes are replaced, but the blocks whose
 * every replica sat on them are lost (the expected share: C(n, r) / C(N, r)
 * of the data for n lost of N nodes at replication r); the master ends the
 * cluster. */
sim_status emr_lose_nodes(emr_cluster *c, emr_role role, int n, emr_event *out, sim_error *err);
/* Resizes a core or task group (group index) to count nodes; shrinking the
 * core group below what HDFS holds loses the difference. The usable capacity
 * is taken at the new count's replication at once, where real HDFS would
 * get there by re-replicating. */
sim_status emr_resize(emr_cluster *c, size_t group, int count, emr_event *out, sim_error *err);

/* --- billing ------------------------------------------------------------- */

typedef struct emr_usage {
    double instance_hours;     /* per second, one-minute minimum per instance */
    uint64_t normalized_hours; /* started hours x normalization factor */
    int64_t elapsed_ms;
} emr_usage;

/* Usage since the cluster started (or since each instance joined), at the
 * clock's now. */
void emr_usage_get(const emr_cluster *c, emr_usage *out);

#endif
