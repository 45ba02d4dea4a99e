/* EMR under the script's budget (sim/budget.h): calls are charged before
 * they run, with the instance lives they walk and add; the lives (which
 * grow with every resize, for billing) count toward the memory cap; a call
 * the budget or the cap refuses changes nothing; with a budget large
 * enough every result is the one without a budget. Also what the bundled
 * emr-sizing scenario's calls use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/budget.h"
#include "sim/emr.h"
#include "sim/units.h"
#include "sim_fixture.h"

#define DEFAULT_WORK UINT64_C(200000000) /* the host's default budget */
#define DEFAULT_MEMORY ((size_t)64 << 20)

static emr_cluster *mk(fx *f, sim_budget *b, int core, int task)
{
    emr_group g[3] = {{EMR_MASTER, "m4.large", 1, EMR_ON_DEMAND},
                      {EMR_CORE, "m4.xlarge", core, EMR_ON_DEMAND},
                      {EMR_TASK, "m4.xlarge", task, EMR_SPOT}};
    emr_config cfg = {.name = "c", .groups = g, .ngroups = 3, .budget = b};
    sim_error err = {0};
    emr_cluster *c = emr_new(&cfg, f->clock, &err);
    if (!c) fail_msg("%s", err.message);
    return c;
}

/* A night of resizes and losses; returns the usage at the end. */
static emr_usage night(fx *f, sim_budget *b, emr_event ev[4])
{
    emr_cluster *c = mk(f, b, 10, 10);
    assert_int_equal(emr_hdfs_write(c, 150, NULL), SIM_OK);
    sim_clock_advance(f->clock, SIM_MS_PER_HOUR);
    assert_int_equal(emr_lose_nodes(c, EMR_TASK, 3, &ev[0], NULL), SIM_OK);
    assert_int_equal(emr_lose_nodes(c, EMR_CORE, 2, &ev[1], NULL), SIM_OK);
    sim_clock_advance(f->clock, 25 * SIM_MS_PER_MINUTE);
    assert_int_equal(emr_resize(c, 1, 4, &ev[2], NULL), SIM_OK);
    assert_int_equal(emr_resize(c, 2, 20, &ev[3], NULL), SIM_OK);
    sim_clock_advance(f->clock, 2 * SIM_MS_PER_HOUR);
    emr_usage u;
    emr_usage_get(c, &u);
    emr_free(c);
    return u;
}

static void test_cluster_within_budget_is_unchanged(void **state)
{
    fx *f = *state;
    emr_event free_ev[4], charged_ev[4];
    emr_usage free_u = night(f, NULL, free_ev);
    sim_clock_free(f->clock);
    f->clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    emr_usage charged_u = night(f, b, charged_ev);
    assert_memory_equal(free_ev, charged_ev, sizeof free_ev);
    assert_memory_equal(&free_u, &charged_u, sizeof free_u);
    assert_true(sim_budget_work_used(b) > 0);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_cluster_memory_counts_toward_the_budget(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    emr_cluster *c = mk(f, b, 10, 0);
    size_t small = sim_budget_memory_used(b);
    assert_true(small > 0);
    emr_event ev;
    assert_int_equal(emr_resize(c, 2, 900, &ev, NULL), SIM_OK);
    /* 900 lives of 16 bytes. */
    assert_true(sim_budget_memory_used(b) >= small + 900 * 16);
    emr_free(c);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_resize_loop_stops_at_the_memory_cap(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, 1 << 20);
    emr_cluster *c = mk(f, b, 4, 0);
    sim_error err = {0};
    emr_event ev;
    sim_status st = SIM_OK;
    int rounds = 0;
    /* Every node launched is a life kept for billing: up and down until
     * the lives no longer fit. */
    while (st == SIM_OK && rounds < 10000) {
        st = emr_resize(c, 2, 900, &ev, &err);
        if (st == SIM_OK) st = emr_resize(c, 2, 0, &ev, &err);
        rounds++;
    }
    assert_int_equal(st, SIM_NO_MEMORY);
    assert_non_null(strstr(err.message, "out of memory: resizing an instance group"));
    assert_true(rounds > 10);
    /* The refused resize changed nothing: the group is as it was. */
    assert_int_equal(emr_group_at(c, 2)->count, 0);
    assert_int_equal(emr_node_count(c), 5);
    emr_usage u;
    emr_usage_get(c, &u);
    assert_true(u.instance_hours > 0);
    /* Smaller changes still fit, and so do losses. */
    assert_int_equal(emr_resize(c, 2, 1, &ev, NULL), SIM_OK);
    assert_int_equal(emr_lose_nodes(c, EMR_TASK, 1, &ev, NULL), SIM_OK);
    emr_free(c);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_core_loss_refused_for_memory_changes_nothing(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, 256 * 1024);
    emr_cluster *c = mk(f, b, 900, 0);
    assert_int_equal(emr_hdfs_write(c, 1000, NULL), SIM_OK);
    sim_error err = {0};
    emr_event ev;
    sim_status st = SIM_OK;
    uint64_t used = emr_hdfs_used_gib(c);
    /* Each loss of core nodes replaces them: more lives, until the cap. */
    while (st == SIM_OK) {
        used = emr_hdfs_used_gib(c);
        st = emr_lose_nodes(c, EMR_CORE, 300, &ev, &err);
    }
    assert_int_equal(st, SIM_NO_MEMORY);
    assert_int_equal(emr_hdfs_used_gib(c), used); /* no data lost by the refused call */
    assert_int_equal(emr_group_at(c, 1)->count, 900);
    emr_free(c);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

/* A night of calls at every cap up to what they need. */
static void test_calls_fail_cleanly_at_every_memory_cap(void **state)
{
    fx *f = *state;
    for (size_t cap = 0; cap <= 32 * 1024; cap += 256) {
        sim_budget *b = sim_budget_new(DEFAULT_WORK, cap);
        emr_group g[3] = {{EMR_MASTER, "m4.large", 1, EMR_ON_DEMAND},
                          {EMR_CORE, "m4.xlarge", 10, EMR_ON_DEMAND},
                          {EMR_TASK, "m4.xlarge", 10, EMR_SPOT}};
        emr_config cfg = {.name = "c", .groups = g, .ngroups = 3, .budget = b};
        sim_error err = {0};
        emr_cluster *c = emr_new(&cfg, f->clock, &err);
        if (!c) assert_int_equal(err.code, SIM_NO_MEMORY);
        emr_event ev;
        for (int i = 0; c && i < 20; i++) {
            int nodes = emr_node_count(c);
            sim_status st = emr_resize(c, 2, 10 + i * 40, &ev, NULL);
            assert_true(st == SIM_OK || st == SIM_NO_MEMORY);
            if (st == SIM_NO_MEMORY) assert_int_equal(emr_node_count(c), nodes);
            st = emr_lose_nodes(c, EMR_CORE, 2, &ev, NULL);
            assert_true(st == SIM_OK || st == SIM_NO_MEMORY);
            assert_int_equal(emr_group_at(c, 1)->count, 10);
        }
        emr_free(c);
        assert_int_equal(sim_budget_memory_used(b), 0);
        sim_budget_free(b);
    }
}

static void test_resize_stops_when_the_budget_is_spent(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    emr_cluster *c = mk(f, b, 4, 2);
    sim_budget_stop(b);
    sim_error err = {0};
    emr_event ev;
    assert_int_equal(emr_resize(c, 2, 500, &ev, &err), SIM_BUDGET_EXCEEDED);
    assert_non_null(strstr(err.message, "the script's work budget ran out resizing"));
    assert_int_equal(emr_group_at(c, 2)->count, 2);
    assert_int_equal(emr_lose_nodes(c, EMR_CORE, 1, &ev, &err), SIM_BUDGET_EXCEEDED);
    assert_int_equal(emr_group_at(c, 1)->count, 4);
    assert_int_equal(emr_hdfs_write(c, 1, &err), SIM_BUDGET_EXCEEDED);
    assert_int_equal(emr_hdfs_used_gib(c), 0);
    emr_free(c);
    emr_group g[2] = {{EMR_MASTER, "m4.large", 1, EMR_ON_DEMAND},
                      {EMR_CORE, "m4.xlarge", 2, EMR_ON_DEMAND}};
    emr_config cfg = {.name = "late", .groups = g, .ngroups = 2, .budget = b};
    assert_null(emr_new(&cfg, f->clock, &err));
    assert_int_equal(err.code, SIM_BUDGET_EXCEEDED);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_usage_is_charged_for_every_life_kept(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    emr_cluster *c = mk(f, b, 4, 0);
    emr_event ev;
    emr_usage u;
    uint64_t before = sim_budget_work_used(b);
    assert_int_equal(emr_resize(c, 2, 1, &ev, NULL), SIM_OK);
    uint64_t resize = sim_budget_work_used(b) - before;
    before = sim_budget_work_used(b);
    emr_usage_get(c, &u);
    uint64_t usage = sim_budget_work_used(b) - before;
    for (int i = 0; i < 200; i++) {
        assert_int_equal(emr_resize(c, 2, 900, &ev, NULL), SIM_OK);
        assert_int_equal(emr_resize(c, 2, 1, &ev, NULL), SIM_OK);
    }
    /* A resize pays for the nodes it starts or stops, not for the history
     * behind it... */
    before = sim_budget_work_used(b);
    assert_int_equal(emr_resize(c, 2, 0, &ev, NULL), SIM_OK);
    assert_true(sim_budget_work_used(b) - before <= resize + 1);
    /* ...but usage sums every life kept for billing: 180,000 of them now. */
    before = sim_budget_work_used(b);
    emr_usage_get(c, &u);
    assert_true(sim_budget_work_used(b) - before > usage + 180000 / 4);
    emr_free(c);
    sim_budget_free(b);
}

/* The calls scenarios/core/scenarios/emr-sizing.lua makes. */
static void test_the_sizing_scenario_fits_the_default_budget(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    emr_finding out[16];
    emr_event ev;
    emr_cluster *small = mk(f, b, 20, 39), *big = mk(f, b, 20, 39);
    emr_review(small, EMR_WORK_GENERAL, out, 16);
    emr_review(big, EMR_WORK_GENERAL, out, 16);
    emr_cluster *task_spot = mk(f, b, 6, 6), *core_spot = mk(f, b, 6, 6);
    assert_int_equal(emr_hdfs_write(task_spot, 150, NULL), SIM_OK);
    assert_int_equal(emr_hdfs_write(core_spot, 150, NULL), SIM_OK);
    emr_review(core_spot, EMR_WORK_GENERAL, out, 16);
    assert_int_equal(emr_lose_nodes(task_spot, EMR_TASK, 3, &ev, NULL), SIM_OK);
    assert_int_equal(emr_lose_nodes(core_spot, EMR_CORE, 3, &ev, NULL), SIM_OK);
    for (int k = 0; k < 3; k++)
        emr_free(mk(f, b, k == 0 ? 3 : k == 1 ? 6 : 10, 0));
    emr_cluster *shrink_core = mk(f, b, 10, 10), *shrink_task = mk(f, b, 10, 10);
    assert_int_equal(emr_hdfs_write(shrink_core, 150, NULL), SIM_OK);
    assert_int_equal(emr_hdfs_write(shrink_task, 150, NULL), SIM_OK);
    assert_int_equal(emr_resize(shrink_core, 1, 4, &ev, NULL), SIM_OK);
    assert_int_equal(emr_resize(shrink_task, 2, 0, &ev, NULL), SIM_OK);
    for (int k = 0; k < 4; k++) {
        emr_cluster *fam = mk(f, b, 4, 0);
        emr_review(fam, EMR_WORK_COMPUTE, out, 16);
        emr_free(fam);
    }
    emr_usage u;
    emr_usage_get(big, &u);
    sim_clock_advance(f->clock, 150 * SIM_MS_PER_MINUTE);
    emr_usage_get(big, &u);
    print_message("emr-sizing: %llu units, peak memory %zu KiB\n",
                  (unsigned long long)sim_budget_work_used(b), sim_budget_memory_peak(b) >> 10);
    assert_true(sim_budget_work_used(b) < DEFAULT_WORK / 1000);
    emr_free(small), emr_free(big), emr_free(task_spot), emr_free(core_spot);
    emr_free(shrink_core), emr_free(shrink_task);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_calls_fail_cleanly_at_every_memory_cap, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_cluster_within_budget_is_unchanged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cluster_memory_counts_toward_the_budget, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_resize_loop_stops_at_the_memory_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_core_loss_refused_for_memory_changes_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_resize_stops_when_the_budget_is_spent, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_usage_is_charged_for_every_life_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_sizing_scenario_fits_the_default_budget, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
