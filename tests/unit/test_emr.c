/* EMR against aws-facts.md: the course's sizing rules (master size by node
 * count, Spot only for task nodes, the instance family for a workload),
 * HDFS replication by core node count and usable capacity, what losing
 * task, core and master nodes does, shrinking the core group, and usage
 * (per second with a one-minute minimum; normalized instance hours). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/emr.h"
#include "sim_fixture.h"

static emr_cluster *mk(fx *f, const char *master, emr_market mm, int core, emr_market cm, int task,
                       emr_market tm)
{
    emr_group g[3] = {{EMR_MASTER, master, 1, mm},
                      {EMR_CORE, "m4.xlarge", core, cm},
                      {EMR_TASK, "m4.xlarge", task, tm}};
    emr_config cfg = {.name = "c", .groups = g, .ngroups = task ? 3 : 2, .core_disk_gib = 100};
    sim_error err = {0};
    emr_cluster *c = emr_new(&cfg, f->clock, &err);
    if (!c) fail_msg("%s", err.message);
    return c;
}

static size_t count_anti(const emr_finding *fs, size_t n, const char *id)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += fs[i].antipattern && strcmp(fs[i].antipattern, id) == 0;
    return k;
}

static void test_validation(void **state)
{
    fx *f = *state;
    sim_error err = {0};
    emr_group two_masters[2] = {{EMR_MASTER, "m4.large", 1, EMR_ON_DEMAND},
                                {EMR_MASTER, "m4.large", 1, EMR_ON_DEMAND}};
    emr_config cfg = {.name = "c", .groups = two_masters, .ngroups = 2};
    assert_null(emr_new(&cfg, f->clock, &err));
    assert_non_null(strstr(err.message, "exactly one master group and one core group"));
    emr_group bad_type[2] = {{EMR_MASTER, "m9.huge", 1, EMR_ON_DEMAND},
                             {EMR_CORE, "m4.large", 2, EMR_ON_DEMAND}};
    cfg.groups = bad_type;
    assert_null(emr_new(&cfg, f->clock, &err));
    emr_group three[2] = {{EMR_MASTER, "m4.large", 3, EMR_ON_DEMAND},
                          {EMR_CORE, "m4.large", 2, EMR_ON_DEMAND}};
    cfg.groups = three;
    assert_null(emr_new(&cfg, f->clock, &err));
    assert_non_null(emr_instance_type_find("r4.xlarge"));
    assert_int_equal(emr_instance_type_find("m4.2xlarge")->normalized, 16);
    emr_market m;
    assert_true(emr_market_parse("SPOT", &m) && m == EMR_SPOT);
    assert_false(emr_market_parse("spot", &m));
}

static void test_review_applies_the_course_rules(void **state)
{
    fx *f = *state;
    emr_finding fs[16];
    /* 60 nodes behind an m4.large master. */
    emr_cluster *c = mk(f, "m4.large", EMR_ON_DEMAND, 40, EMR_ON_DEMAND, 19, EMR_SPOT);
    size_t n = emr_review(c, EMR_WORK_GENERAL, fs, 16);
    assert_int_equal(count_anti(fs, n, "emr.master-undersized"), 1);
    assert_int_equal(count_anti(fs, n, "emr.spot-core-master"), 0); /* Spot tasks are fine */
    emr_free(c);
    c = mk(f, "m4.xlarge", EMR_ON_DEMAND, 40, EMR_ON_DEMAND, 19, EMR_SPOT);
    n = emr_review(c, EMR_WORK_GENERAL, fs, 16);
    assert_int_equal(n, 0);
    emr_free(c);
    /* 49 nodes: m4.large is enough; 50 is where the course's "over 50"
     * starts here (it says "< 50" and "> 50"). */
    c = mk(f, "m4.large", EMR_ON_DEMAND, 40, EMR_ON_DEMAND, 8, EMR_ON_DEMAND);
    assert_int_equal(emr_review(c, EMR_WORK_GENERAL, fs, 16), 0);
    emr_free(c);
    c = mk(f, "m4.large", EMR_ON_DEMAND, 40, EMR_ON_DEMAND, 9, EMR_ON_DEMAND);
    n = emr_review(c, EMR_WORK_GENERAL, fs, 16);
    assert_int_equal(count_anti(fs, n, "emr.master-undersized"), 1);
    emr_free(c);
    c = mk(f, "m4.large", EMR_SPOT, 4, EMR_SPOT, 0, EMR_ON_DEMAND);
    n = emr_review(c, EMR_WORK_GENERAL, fs, 16);
    assert_int_equal(count_anti(fs, n, "emr.spot-core-master"), 2);
    /* m4 core nodes for a memory-heavy workload: advice, not an anti-pattern. */
    n = emr_review(c, EMR_WORK_MEMORY, fs, 16);
    assert_int_equal(n, 3);
    assert_null(fs[2].antipattern);
    assert_non_null(strstr(fs[2].message, "r4.xlarge"));
    emr_free(c);
}

static void test_hdfs_replication_and_capacity(void **state)
{
    fx *f = *state;
    assert_int_equal(emr_replication(1), 1);
    assert_int_equal(emr_replication(3), 1);
    assert_int_equal(emr_replication(4), 2);
    assert_int_equal(emr_replication(9), 2);
    assert_int_equal(emr_replication(10), 3);
    emr_cluster *c = mk(f, "m4.large", EMR_ON_DEMAND, 6, EMR_ON_DEMAND, 0, EMR_ON_DEMAND);
    assert_int_equal(emr_hdfs_capacity_gib(c), 6 * 100 / 2);
    assert_int_equal(emr_hdfs_write(c, 250, NULL), SIM_OK);
    sim_error err = {0};
    assert_int_equal(emr_hdfs_write(c, 51, &err), SIM_INSUFFICIENT_CAPACITY);
    assert_non_null(strstr(err.message, "50 GiB free"));
    assert_int_equal(emr_hdfs_used_gib(c), 250);
    emr_free(c);
}

static void test_losing_nodes_by_role(void **state)
{
    fx *f = *state;
    emr_event ev;
    /* 3 core nodes: replication 1, so each lost node takes its third. */
    emr_cluster *c = mk(f, "m4.large", EMR_ON_DEMAND, 3, EMR_SPOT, 4, EMR_SPOT);
    assert_int_equal(emr_hdfs_write(c, 90, NULL), SIM_OK);
    assert_int_equal(emr_vcpus(c, true), 7 * 4);
    assert_int_equal(emr_lose_nodes(c, EMR_TASK, 4, &ev, NULL), SIM_OK);
    assert_int_equal(ev.data_lost_gib, 0);
    assert_int_equal(emr_vcpus(c, true), 3 * 4);
    assert_int_equal(emr_lose_nodes(c, EMR_CORE, 1, &ev, NULL), SIM_OK);
    assert_int_equal(ev.data_lost_gib, 30);
    assert_true(ev.replaced);
    assert_int_equal(emr_hdfs_used_gib(c), 60);
    assert_int_equal(emr_node_count(c), 4); /* replaced */
    emr_free(c);
    /* 10 core nodes: replication 3; two lost nodes cannot hold all three
     * replicas of a block, three can hold some: C(3,3)/C(10,3) = 1/120. */
    c = mk(f, "m4.large", EMR_ON_DEMAND, 10, EMR_ON_DEMAND, 0, EMR_ON_DEMAND);
    assert_int_equal(emr_hdfs_write(c, 240, NULL), SIM_OK);
    assert_int_equal(emr_lose_nodes(c, EMR_CORE, 2, &ev, NULL), SIM_OK);
    assert_int_equal(ev.data_lost_gib, 0);
    assert_int_equal(emr_lose_nodes(c, EMR_CORE, 3, &ev, NULL), SIM_OK);
    assert_int_equal(ev.data_lost_gib, 2);
    /* The master: the cluster ends. */
    assert_int_equal(emr_lose_nodes(c, EMR_MASTER, 1, &ev, NULL), SIM_OK);
    assert_true(ev.terminated);
    assert_true(emr_terminated(c));
    assert_int_equal(emr_hdfs_capacity_gib(c), 0);
    sim_error err = {0};
    assert_int_equal(emr_hdfs_write(c, 1, &err), SIM_VALIDATION);
    emr_free(c);
}

static void test_shrinking_core_loses_what_no_longer_fits(void **state)
{
    fx *f = *state;
    emr_event ev;
    emr_cluster *c = mk(f, "m4.large", EMR_ON_DEMAND, 10, EMR_ON_DEMAND, 2, EMR_ON_DEMAND);
    assert_int_equal(emr_hdfs_write(c, 300, NULL), SIM_OK); /* of 333 usable */
    /* Task nodes come and go freely. */
    assert_int_equal(emr_resize(c, 2, 8, &ev, NULL), SIM_OK);
    assert_int_equal(emr_resize(c, 2, 0, &ev, NULL), SIM_OK);
    assert_int_equal(ev.data_lost_gib, 0);
    /* 10 -> 6 core nodes: 6 x 100 / 2 = 300 GiB still fits. */
    assert_int_equal(emr_resize(c, 1, 6, &ev, NULL), SIM_OK);
    assert_int_equal(ev.data_lost_gib, 0);
    /* 6 -> 4: 200 GiB usable, 100 lost. */
    assert_int_equal(emr_resize(c, 1, 4, &ev, NULL), SIM_OK);
    assert_int_equal(ev.data_lost_gib, 100);
    assert_int_equal(emr_hdfs_used_gib(c), 200);
    sim_error err = {0};
    assert_int_equal(emr_resize(c, 0, 2, &ev, &err), SIM_VALIDATION);
    emr_free(c);
}

static void test_usage_per_second_and_normalized_hours(void **state)
{
    fx *f = *state;
    emr_cluster *c = mk(f, "m4.large", EMR_ON_DEMAND, 2, EMR_ON_DEMAND, 0, EMR_ON_DEMAND);
    emr_usage u;
    sim_clock_advance(f->clock, 30 * 1000);
    emr_usage_get(c, &u);
    /* Three instances, 30 s each, billed a minute each. */
    assert_float_equal(u.instance_hours, 3.0 / 60, 1e-9);
    /* A started hour each: m4.large 4 + 2 x m4.xlarge 8. */
    assert_int_equal(u.normalized_hours, 4 + 8 + 8);
    sim_clock_advance(f->clock, 90 * 60 * 1000 - 30 * 1000); /* 1 h 30 min in */
    emr_event ev;
    assert_int_equal(emr_resize(c, 1, 3, &ev, NULL), SIM_OK); /* one more core node */
    sim_clock_advance(f->clock, 30 * 60 * 1000);              /* 2 h in */
    emr_usage_get(c, &u);
    assert_float_equal(u.instance_hours, 3 * 2.0 + 0.5, 1e-9);
    assert_int_equal(u.normalized_hours, 2 * 4 + 2 * 2 * 8 + 1 * 8);
    assert_int_equal(u.elapsed_ms, 2 * 3600 * 1000);
    emr_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_applies_the_course_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hdfs_replication_and_capacity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_losing_nodes_by_role, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shrinking_core_loses_what_no_longer_fits, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_usage_per_second_and_normalized_hours, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
