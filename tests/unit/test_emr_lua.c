/* The aws.emr binding run through the real sandbox host: a cluster's groups
 * and catalog figures, the course's review per workload, HDFS replication
 * and capacity, what losing and resizing nodes costs, usage, and the error
 * convention: what AWS would refuse is nil, err; what a script gets wrong
 * (an unknown role or workload, a wrong type) raises a Lua error naming it.
 * Each test is a Lua chunk whose asserts fail it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "elasticache_lua.h"

/* PRELUDE's raises and refused, plus M = aws.emr, cluster(core, task, opts)
 * (an m4.large master, `core` m4.xlarge core nodes and, when task is given,
 * that many m4.xlarge Spot task nodes) and has(findings, id). */
#define EMR_PRELUDE                                                                                \
    PRELUDE "local M = aws.emr\n"                                                                  \
            "local function cluster(core, task, market)\n"                                         \
            "  return assert(M.cluster { name = 'c', master = { type = 'm4.large' },\n"            \
            "    core = { type = 'm4.xlarge', count = core, market = market },\n"                  \
            "    task = task and { { type = 'm4.xlarge', count = task, market = 'SPOT' } } })\n"   \
            "end\n"                                                                                \
            "local function has(fs, id)\n"                                                         \
            "  for _, f in ipairs(fs) do if f.antipattern == id then return f end end\n"           \
            "end\n"

static void test_groups_list_roles_types_markets_and_catalog_figures(void **state)
{
    (void)state;
    run(EMR_PRELUDE
        "local c = assert(M.cluster { name = 'etl', master = { type = 'm4.large' },\n"
        "  core = { type = 'm4.xlarge', count = 4 },\n"
        "  task = { { type = 'c4.xlarge', count = 2, market = 'SPOT' },\n"
        "           { type = 'r4.xlarge', count = 1 } } })\n"
        "local g = c:groups()\n"
        "assert(#g == 4)\n"
        "assert(g[1].role == 'master' and g[1].type == 'm4.large' and g[1].count == 1)\n"
        "assert(g[1].market == 'ON_DEMAND' and g[1].vcpu == 2 and g[1].memory_gib == 8)\n"
        "assert(g[2].role == 'core' and g[2].count == 4 and g[2].vcpu == 4)\n"
        "assert(g[3].role == 'task' and g[3].market == 'SPOT' and g[3].memory_gib == 7.5)\n"
        "assert(g[4].type == 'r4.xlarge' and g[4].market == 'ON_DEMAND')\n"
        "assert(c:nodes() == 8)\n"
        "assert(c:vcpus() == 16 and c:vcpus(true) == 16 + 8 + 4, 'core, then core and task')\n"
        "assert(c:terminated() == false)\n"
        "print('done')\n");
}

static void test_instance_types_and_replication_follow_the_course(void **state)
{
    (void)state;
    run(EMR_PRELUDE "local by = {}\n"
                    "for _, t in ipairs(M.instance_types()) do by[t.name] = t end\n"
                    "assert(by['m4.large'].normalized == 4 and by['m4.xlarge'].normalized == 8)\n"
                    "assert(by['m4.xlarge'].vcpu == 4 and by['m4.xlarge'].memory_gib == 16)\n"
                    "assert(by['t2.medium'].family == 'burstable')\n"
                    "assert(by['c4.xlarge'].family == 'compute')\n"
                    "assert(by['r4.xlarge'].family == 'memory')\n"
                    "assert(M.replication(1) == 1 and M.replication(3) == 1)\n"
                    "assert(M.replication(4) == 2 and M.replication(9) == 2)\n"
                    "assert(M.replication(10) == 3 and M.replication(100) == 3)\n"
                    "raises('bad argument #1', M.replication, -1)\n"
                    "raises('bad argument #1', M.replication, 'six')\n"
                    "print('done')\n");
}

static void test_review_flags_the_catalog_antipatterns(void **state)
{
    (void)state;
    run(EMR_PRELUDE
        "local big = cluster(20, 39)\n"
        "assert(big:nodes() == 60)\n"
        "local f = has(big:review('general'), 'emr.master-undersized')\n"
        "assert(f and f.role == 'master' and #f.message > 0)\n"
        "local ok = assert(M.cluster { name = 'ok', master = { type = 'm4.xlarge' },\n"
        "  core = { type = 'm4.xlarge', count = 59 } })\n"
        "assert(#ok:review() == 0, 'm4.xlarge over 50 nodes; general is the default')\n"
        "assert(not has(cluster(4, 2):review('general'), 'emr.master-undersized'))\n"
        "local spot = has(cluster(4, 2, 'SPOT'):review('general'), 'emr.spot-core-master')\n"
        "assert(spot and spot.role == 'core')\n"
        "assert(not has(cluster(4, 2):review('general'), 'emr.spot-core-master'),\n"
        "       'Spot task nodes are fine')\n"
        "local function advice(t, w)\n"
        "  local c = assert(M.cluster { name = 'w', master = { type = 'm4.large' },\n"
        "    core = { type = t, count = 4 } })\n"
        "  local r = c:review(w)\n"
        "  for _, x in ipairs(r) do assert(x.antipattern == nil and x.role == 'core') end\n"
        "  return #r\n"
        "end\n"
        "assert(advice('c4.xlarge', 'compute') == 0 and advice('m4.xlarge', 'compute') == 1)\n"
        "assert(advice('t2.medium', 'external-wait') == 0 and advice('r4.xlarge', 'memory') == 0)\n"
        "assert(advice('cc2.8xlarge', 'network-ml') == 0 and advice('t2.medium', 'network-ml') == "
        "1)\n"
        "raises('not a workload', big.review, big, 'batch')\n"
        "raises('bad argument #2', big.review, big, {})\n"
        "print('done')\n");
}

static void test_hdfs_capacity_is_core_disks_over_replication(void **state)
{
    (void)state;
    run(EMR_PRELUDE "local c = cluster(6)\n"
                    "local h = c:hdfs()\n"
                    "assert(h.replication == 2 and h.capacity_gib == 6 * 64 / 2 and h.used_gib == "
                    "0)\n"
                    "assert(c:write(100) == true and c:write('50GB') == true)\n"
                    "assert(c:hdfs().used_gib == 150)\n"
                    "refused('InsufficientCapacityException', '', c:write(43))\n"
                    "assert(c:write('1KB'), 'part of a GiB counts as one') \n"
                    "assert(c:hdfs().used_gib == 151)\n"
                    "local d = assert(M.cluster { name = 'd', master = { type = 'm4.large' },\n"
                    "  core = { type = 'm4.xlarge', count = 10 }, core_disk = '128GB' })\n"
                    "assert(d:hdfs().replication == 3 and d:hdfs().capacity_gib == 1280 // 3)\n"
                    "raises('bad argument #2', c.write, c, -1)\n"
                    "raises('bad argument #2', c.write, c, 'lots')\n"
                    "raises('bad argument #2', c.write, c)\n"
                    "print('done')\n");
}

static void test_losing_spot_core_nodes_loses_data_and_task_nodes_do_not(void **state)
{
    (void)state;
    run(EMR_PRELUDE
        "local c = cluster(6, 6, 'SPOT')\n"
        "assert(c:write(150))\n"
        "local t = assert(c:lose('task', 3))\n"
        "assert(t.nodes_lost == 3 and t.data_lost_gib == 0 and not t.replaced)\n"
        "assert(c:nodes() == 10)\n"
        "local e = assert(c:lose('core', 3))\n"
        "assert(e.nodes_lost == 3 and e.replaced and not e.terminated)\n"
        "assert(e.data_lost_gib == 30, 'C(3,2)/C(6,2) of 150 GiB: ' .. e.data_lost_gib)\n"
        "assert(c:hdfs().used_gib == 120 and c:nodes() == 10, 'core nodes are replaced')\n"
        "refused('ValidationException', 'cannot be lost', c:lose('core', 7))\n"
        "local m = assert(c:lose('master', 1))\n"
        "assert(m.terminated and c:terminated())\n"
        "refused('ValidationException', 'terminated', c:write(1))\n"
        "refused('ValidationException', 'terminated', c:lose('task', 1))\n"
        "raises('not a role', c.lose, c, 'worker', 1)\n"
        "raises('bad argument #3', c.lose, c, 'task', -1)\n"
        "raises('bad argument #3', c.lose, c, 'task')\n"
        "print('done')\n");
}

static void test_resizing_core_below_hdfs_loses_data_task_groups_do_not(void **state)
{
    (void)state;
    run(EMR_PRELUDE "local c = cluster(10, 10)\n"
                    "assert(c:write(150))\n"
                    "local e = assert(c:resize(2, 4))\n"
                    "assert(e.nodes_lost == 6 and e.data_lost_gib == 22, e.data_lost_gib)\n"
                    "assert(c:hdfs().replication == 2 and c:hdfs().used_gib == 128)\n"
                    "local t = assert(c:resize(3, 0))\n"
                    "assert(t.nodes_lost == 10 and t.data_lost_gib == 0)\n"
                    "assert(c:groups()[3].count == 0 and c:nodes() == 5)\n"
                    "local up = assert(c:resize(3, 12))\n"
                    "assert(up.nodes_lost == 0 and c:nodes() == 17)\n"
                    "refused('ValidationException', 'master', c:resize(1, 2))\n"
                    "refused('ValidationException', 'negative', c:resize(3, -1))\n"
                    "raises('no such group', c.resize, c, 0, 1)\n"
                    "raises('no such group', c.resize, c, 4, 1)\n"
                    "raises('bad argument #3', c.resize, c, 3, 'x')\n"
                    "print('done')\n");
}

static void test_usage_counts_started_hours_times_normalization(void **state)
{
    (void)state;
    run(EMR_PRELUDE "local c = cluster(2)\n"
                    "local u = c:usage()\n"
                    "assert(u.elapsed == 0 and math.abs(u.instance_hours - 3 / 60) < 1e-9,\n"
                    "       'a one-minute minimum per instance')\n"
                    "assert(u.normalized_hours == 4 + 2 * 8)\n"
                    "clock.advance('2h30m')\n"
                    "u = c:usage()\n"
                    "assert(u.elapsed == clock.duration('2h30m'))\n"
                    "assert(math.abs(u.instance_hours - 7.5) < 1e-9)\n"
                    "assert(u.normalized_hours == 3 * 20, 'three started hours')\n"
                    "print('done')\n");
}

/* What AWS would refuse comes back as nil, err; a wrong type raises. */
static void test_bad_cluster_configs_are_refused_or_raise(void **state)
{
    (void)state;
    run(EMR_PRELUDE
        "local function make(t)\n"
        "  t.name = t.name or 'bad'\n"
        "  return M.cluster(t)\n"
        "end\n"
        "local core = { type = 'm4.xlarge', count = 2 }\n"
        "local master = { type = 'm4.large' }\n"
        "refused('MissingParameterValueException', 'name', M.cluster { master = master, core = "
        "core })\n"
        "refused('ValidationException', 'm5.huge', make { master = { type = 'm5.huge' }, core = "
        "core })\n"
        "refused('ValidationException', 'PREEMPTIBLE',\n"
        "        make { master = master, core = { type = 'm4.xlarge', market = 'PREEMPTIBLE' } "
        "})\n"
        "refused('ValidationException', 'exactly 1',\n"
        "        make { master = { type = 'm4.large', count = 2 }, core = core })\n"
        "refused('ValidationException', 'negative',\n"
        "        make { master = master, core = { type = 'm4.xlarge', count = -1 } })\n"
        "refused('ValidationException', 'negative', make { master = master, core = core,\n"
        "        task = { { type = 'm4.xlarge', count = -3 } } })\n"
        "refused('ValidationException', 'core group', make { master = master })\n"
        "refused('ValidationException', 'master group', make { core = core })\n"
        "refused('MissingParameterValueException', 'type', make { master = {}, core = core })\n"
        "refused('ValidationException', 'core_disk', make { master = master, core = core, "
        "core_disk = 0 })\n"
        "local many = {}\n"
        "for i = 1, 7 do many[i] = { type = 'm4.xlarge' } end\n"
        "refused('LimitExceededException', 'task', make { master = master, core = core, task = "
        "many })\n"
        "refused('LimitExceededException', '', make { master = master,\n"
        "        core = { type = 'm4.xlarge', count = 1000 } })\n"
        "raises('bad argument #1', M.cluster, 'emr')\n"
        "raises(\"field 'master' must be a table\", make, { master = 'm4.large', core = core })\n"
        "raises(\"field 'count' must be an integer\",\n"
        "       make, { master = master, core = { type = 'm4.xlarge', count = 'four' } })\n"
        "raises(\"field 'task' is a list\", make, { master = master, core = core,\n"
        "       task = { type = 'm4.xlarge' } })\n"
        "raises(\"field 'core_disk' must be a size\", make, { master = master, core = core,\n"
        "       core_disk = 'big' })\n"
        "raises('bad argument #1', M.cluster({ name = 'x', master = master, core = core }).nodes, "
        "{})\n"
        "print('done')\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_groups_list_roles_types_markets_and_catalog_figures),
        cmocka_unit_test(test_instance_types_and_replication_follow_the_course),
        cmocka_unit_test(test_review_flags_the_catalog_antipatterns),
        cmocka_unit_test(test_hdfs_capacity_is_core_disks_over_replication),
        cmocka_unit_test(test_losing_spot_core_nodes_loses_data_and_task_nodes_do_not),
        cmocka_unit_test(test_resizing_core_below_hdfs_loses_data_task_groups_do_not),
        cmocka_unit_test(test_usage_counts_started_hours_times_normalization),
        cmocka_unit_test(test_bad_cluster_configs_are_refused_or_raise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
