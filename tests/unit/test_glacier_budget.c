/* Glacier under the script's budget (sim/budget.h): every request is
 * charged before it runs, with the jobs and archives it walks, and its
 * policies charge each statement they evaluate; everything an account holds
 * counts toward the memory cap; a request the budget or the cap refuses
 * changes nothing; with a budget large enough every result (IDs, times,
 * costs, the timeline) is the one without a budget. Also what the bundled
 * glacier scenarios' calls use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/budget.h"
#include "sim/glacier.h"
#include "sim/units.h"
#include "sim_fixture.h"

#define DEFAULT_WORK UINT64_C(200000000) /* the host's default budget */
#define DEFAULT_MEMORY ((size_t)64 << 20)

static const char age_lock[] =
    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"deny-based-on-archive-age\","
    "\"Principal\":\"*\",\"Effect\":\"Deny\",\"Action\":\"glacier:DeleteArchive\","
    "\"Resource\":\"arn:aws:glacier:us-east-1:123456789012:vaults/v\","
    "\"Condition\":{\"NumericLessThan\":{\"glacier:ArchiveAgeInDays\":\"365\"}}}]}";

static glacier *account(fx *f, sim_budget *b)
{
    glacier_config cfg = {.budget = b};
    glacier *g = glacier_new(&cfg, f->clock, f->rng);
    assert_non_null(g);
    return g;
}

static sim_status upload(glacier_vault *v, const char *age, const char *desc, char *id,
                         glacier_call *call)
{
    glacier_upload_opts o = {.size = 2 * SIM_GB, .description = desc};
    if (age) assert_true(sim_duration_parse(age, &o.age_ms));
    return glacier_upload(v, &o, id, call);
}

/* What a compliance run leaves behind, to compare runs with. */
typedef struct outcome {
    char ids[3][GLACIER_ID_LEN + 1], lock_id[GLACIER_ID_LEN + 1], job[GLACIER_ID_LEN + 1];
    sim_status denied;
    glacier_costs costs;
    int64_t completes_ms, expires_ms; /* of the job */
    double job_cost;
    size_t nevents;
    glacier_event events[64];
} outcome;

static void compliance(fx *f, sim_budget *b, outcome *o)
{
    memset(o, 0, sizeof *o);
    sim_clock_advance(f->clock, 400 * SIM_MS_PER_DAY);
    glacier *g = account(f, b);
    glacier_vault *v = glacier_create_vault(g, "v", NULL);
    assert_non_null(v);
    assert_int_equal(glacier_tag_vault(v, "Retention", "365d", NULL), SIM_OK);
    assert_int_equal(upload(v, "100d", "young", o->ids[0], NULL), SIM_OK);
    assert_int_equal(upload(v, "130d", "mid", o->ids[1], NULL), SIM_OK);
    assert_int_equal(upload(v, "400d", "old", o->ids[2], NULL), SIM_OK);
    assert_int_equal(glacier_initiate_lock(v, age_lock, strlen(age_lock), o->lock_id, NULL),
                     SIM_OK);
    sim_clock_advance(f->clock, SIM_MS_PER_HOUR);
    assert_int_equal(glacier_complete_lock(v, o->lock_id, NULL), SIM_OK);
    glacier_call call = {0};
    o->denied = glacier_delete_archive(v, o->ids[0], &call);
    assert_int_equal(glacier_delete_archive(v, o->ids[2], NULL), SIM_OK);
    assert_int_equal(glacier_initiate_job(v, o->ids[1], GLACIER_TIER_BULK, o->job, NULL), SIM_OK);
    sim_clock_advance(f->clock, 13 * SIM_MS_PER_HOUR);
    glacier_job_info info;
    assert_int_equal(glacier_describe_job(v, o->job, &info, NULL), SIM_OK);
    o->completes_ms = info.completes_ms;
    o->expires_ms = info.expires_ms;
    o->job_cost = info.cost;
    uint64_t bytes;
    assert_int_equal(glacier_get_job_output(v, o->job, &bytes, NULL), SIM_OK);
    glacier_vault_costs(v, &o->costs);
    o->nevents = glacier_event_count(v);
    for (size_t i = 0; i < o->nevents && i < 64; i++)
        o->events[i] = *glacier_event_at(v, i);
    glacier_free(g);
}

static void test_requests_within_budget_are_unchanged(void **state)
{
    fx *f = *state;
    outcome free_run, charged;
    compliance(f, NULL, &free_run);
    sim_clock_free(f->clock);
    sim_rng_free(f->rng);
    f->clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    f->rng = sim_rng_new(1);
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    compliance(f, b, &charged);
    assert_int_equal(free_run.denied, SIM_ACCESS_DENIED);
    assert_memory_equal(&free_run, &charged, sizeof free_run);
    assert_true(sim_budget_work_used(b) > 0);
    assert_true(sim_budget_memory_peak(b) > 0);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_account_memory_counts_toward_the_budget(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    glacier *g = account(f, b);
    glacier_vault *v = glacier_create_vault(g, "v", NULL);
    size_t empty = sim_budget_memory_used(b);
    char desc[1000];
    memset(desc, 'd', sizeof desc - 1);
    desc[sizeof desc - 1] = '\0';
    for (int i = 0; i < 100; i++)
        assert_int_equal(upload(v, NULL, desc, NULL, NULL), SIM_OK);
    assert_true(sim_budget_memory_used(b) >= empty + 100 * sizeof desc);
    /* A policy counts while it is set. */
    size_t before = sim_budget_memory_used(b);
    assert_int_equal(glacier_set_access_policy(v, age_lock, strlen(age_lock), NULL), SIM_OK);
    assert_true(sim_budget_memory_used(b) > before + strlen(age_lock));
    assert_int_equal(glacier_delete_access_policy(v, NULL), SIM_OK);
    assert_true(sim_budget_memory_used(b) < before + 1024); /* the timeline grew, a little */
    glacier_free(g);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_uploads_stop_at_the_memory_cap(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, 256 * 1024);
    glacier *g = account(f, b);
    glacier_vault *v = glacier_create_vault(g, "v", NULL);
    char desc[2000];
    memset(desc, 'd', sizeof desc - 1);
    desc[sizeof desc - 1] = '\0';
    glacier_call call = {0};
    sim_status st = SIM_OK;
    char first[GLACIER_ID_LEN + 1];
    size_t n = 0;
    while (st == SIM_OK && n < 10000) {
        st = upload(v, NULL, desc, n ? NULL : first, &call);
        if (st == SIM_OK) n++;
    }
    assert_int_equal(st, SIM_NO_MEMORY);
    assert_non_null(strstr(call.err.message, "out of memory: uploading to vault v"));
    assert_true(n > 10);
    assert_int_equal(glacier_archive_count(v), n);
    /* The vault still works: deletes free room for another upload. */
    glacier_archive_info info;
    assert_true(glacier_archive_find(v, first, &info));
    assert_string_equal(info.description, desc);
    assert_int_equal(glacier_delete_archive(v, first, NULL), SIM_OK);
    assert_true(glacier_archive_at(v, 0, &info));
    assert_int_equal(glacier_delete_archive(v, info.id, NULL), SIM_OK);
    assert_int_equal(upload(v, NULL, desc, NULL, NULL), SIM_OK);
    assert_int_equal(glacier_archive_count(v), n - 1);
    /* A policy the cap refuses leaves the one that was set. (Room for one:
     * the timeline, at most 512 events, takes some of what deletes free.) */
    for (int i = 0; i < 60; i++) {
        assert_true(glacier_archive_at(v, 0, &info));
        assert_int_equal(glacier_delete_archive(v, info.id, NULL), SIM_OK);
    }
    assert_int_equal(glacier_set_access_policy(v, age_lock, strlen(age_lock), NULL), SIM_OK);
    while (upload(v, NULL, desc, NULL, NULL) == SIM_OK)
        ;
    static char big[20 * 1024];
    size_t w = (size_t)snprintf(big, sizeof big,
                                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                                "\"Principal\":\"*\",\"Action\":[");
    while (w < sizeof big - 200)
        w += (size_t)snprintf(big + w, sizeof big - w, "\"glacier:X%zu\",", w);
    snprintf(big + w, sizeof big - w, "\"glacier:Y\"]}]}");
    assert_int_equal(glacier_set_access_policy(v, big, strlen(big), &call), SIM_NO_MEMORY);
    const char *text = glacier_get_access_policy(v, NULL);
    assert_non_null(text);
    assert_string_equal(text, age_lock);
    glacier_free(g);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

/* Requests of every kind at every cap up to what they need: each may be
 * refused for memory, and the account frees cleanly after. */
static void test_requests_fail_cleanly_at_every_memory_cap(void **state)
{
    fx *f = *state;
    for (size_t cap = 0; cap <= 48 * 1024; cap += 512) {
        sim_budget *b = sim_budget_new(DEFAULT_WORK, cap);
        glacier_config cfg = {.budget = b};
        glacier *g = glacier_new(&cfg, f->clock, f->rng);
        glacier_vault *v = g ? glacier_create_vault(g, "v", NULL) : NULL;
        if (v) {
            char id[GLACIER_ID_LEN + 1] = "", lock[GLACIER_ID_LEN + 1], job[GLACIER_ID_LEN + 1];
            policy_tag tags[2] = {{"a", "1"}, {"b", "2"}};
            glacier_upload_opts o = {.size = SIM_GB, .description = "d", .tags = tags, .ntags = 2};
            for (int i = 0; i < 5; i++) {
                sim_status st = glacier_upload(v, &o, id, NULL);
                assert_true(st == SIM_OK || st == SIM_NO_MEMORY);
            }
            sim_status st = glacier_tag_vault(v, "Retention", "365d", NULL);
            assert_true(st == SIM_OK || st == SIM_NO_MEMORY);
            st = glacier_initiate_lock(v, age_lock, strlen(age_lock), lock, NULL);
            assert_true(st == SIM_OK || st == SIM_NO_MEMORY);
            if (st == SIM_OK) assert_int_equal(glacier_complete_lock(v, lock, NULL), SIM_OK);
            if (id[0]) {
                st = glacier_initiate_job(v, id, GLACIER_TIER_STANDARD, job, NULL);
                assert_true(st == SIM_OK || st == SIM_NO_MEMORY);
                st = glacier_delete_archive(v, id, NULL);
                assert_true(st == SIM_OK || st == SIM_ACCESS_DENIED);
            }
            glacier_costs costs;
            glacier_vault_costs(v, &costs);
        }
        glacier_free(g);
        assert_int_equal(sim_budget_memory_used(b), 0);
        sim_budget_free(b);
    }
}

static void test_requests_stop_when_the_budget_is_spent(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    glacier *g = account(f, b);
    glacier_vault *v = glacier_create_vault(g, "v", NULL);
    char id[GLACIER_ID_LEN + 1];
    assert_int_equal(upload(v, NULL, "a", id, NULL), SIM_OK);
    size_t events = glacier_event_count(v);
    sim_budget_stop(b);
    glacier_call call = {0};
    assert_int_equal(upload(v, NULL, "b", NULL, &call), SIM_BUDGET_EXCEEDED);
    assert_non_null(
        strstr(call.err.message, "the script's work budget ran out at UploadArchive on vault v"));
    assert_int_equal(glacier_archive_count(v), 1);
    assert_int_equal(glacier_delete_archive(v, id, &call), SIM_BUDGET_EXCEEDED);
    assert_int_equal(glacier_archive_count(v), 1);
    assert_int_equal(glacier_authorize(v, "DeleteArchive", id, &call), SIM_BUDGET_EXCEEDED);
    assert_int_equal(glacier_initiate_lock(v, age_lock, strlen(age_lock), NULL, &call),
                     SIM_BUDGET_EXCEEDED);
    glacier_lock_info lock;
    assert_int_equal(glacier_get_lock(v, &lock, &call), SIM_BUDGET_EXCEEDED);
    assert_null(glacier_create_vault(g, "w", &call.err));
    assert_int_equal(call.err.code, SIM_BUDGET_EXCEEDED);
    assert_int_equal(glacier_event_count(v), events);
    glacier_free(g);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_policy_evaluations_are_charged_per_statement(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    glacier *g = account(f, b);
    glacier_vault *v = glacier_create_vault(g, "v", NULL);
    /* An access policy of 200 Deny statements that never apply. */
    static char text[20 * 1024];
    size_t w = (size_t)snprintf(text, sizeof text, "{\"Version\":\"2012-10-17\",\"Statement\":[");
    for (int i = 0; i < 200; i++)
        w += (size_t)snprintf(text + w, sizeof text - w,
                              "%s{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":"
                              "\"glacier:Nothing%d\"}",
                              i ? "," : "", i);
    snprintf(text + w, sizeof text - w, "]}");
    uint64_t before = sim_budget_work_used(b);
    assert_int_equal(glacier_authorize(v, "DeleteArchive", NULL, NULL), SIM_OK);
    uint64_t plain = sim_budget_work_used(b) - before;
    assert_int_equal(glacier_set_access_policy(v, text, strlen(text), NULL), SIM_OK);
    before = sim_budget_work_used(b);
    assert_int_equal(glacier_authorize(v, "DeleteArchive", NULL, NULL), SIM_OK);
    uint64_t with_policy = sim_budget_work_used(b) - before;
    assert_true(with_policy >= plain + 200 * 2);
    glacier_free(g);
    sim_budget_free(b);
}

static void test_every_request_pays_for_the_jobs_it_walks(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    glacier *g = account(f, b);
    glacier_vault *v = glacier_create_vault(g, "v", NULL);
    char id[GLACIER_ID_LEN + 1], job[GLACIER_ID_LEN + 1];
    assert_int_equal(upload(v, NULL, NULL, id, NULL), SIM_OK);
    assert_int_equal(glacier_initiate_job(v, id, GLACIER_TIER_BULK, job, NULL), SIM_OK);
    glacier_job_info info;
    uint64_t before = sim_budget_work_used(b);
    assert_int_equal(glacier_describe_job(v, job, &info, NULL), SIM_OK);
    uint64_t one = sim_budget_work_used(b) - before;
    for (int i = 0; i < 4000; i++)
        assert_int_equal(glacier_initiate_job(v, id, GLACIER_TIER_BULK, NULL, NULL), SIM_OK);
    before = sim_budget_work_used(b);
    assert_int_equal(glacier_describe_job(v, job, &info, NULL), SIM_OK);
    uint64_t many = sim_budget_work_used(b) - before;
    assert_true(many >= one + 4000 / 2);
    glacier_free(g);
    sim_budget_free(b);
}

/* The calls scenarios/core/scenarios/glacier-compliance.lua and
 * glacier-restore.lua make, roughly: two vaults, a handful of uploads,
 * policies set and tried a dozen times, a lock, four restores and one
 * Expedited. */
static void test_the_glacier_scenarios_fit_the_default_budget(void **state)
{
    fx *f = *state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    outcome o;
    compliance(f, b, &o);
    glacier *g = account(f, b);
    glacier_vault *test = glacier_create_vault(g, "audit-ledgers-test", NULL);
    char ids[4][GLACIER_ID_LEN + 1], jobs[4][GLACIER_ID_LEN + 1];
    for (int i = 0; i < 4; i++)
        assert_int_equal(upload(test, "100d", "ledger", ids[i], NULL), SIM_OK);
    for (int k = 0; k < 20; k++) {
        glacier_call call = {0};
        glacier_authorize(test, "DeleteArchive", ids[k % 4], &call);
        glacier_set_access_policy(test, age_lock, strlen(age_lock), NULL);
    }
    for (int i = 0; i < 4; i++)
        assert_int_equal(glacier_initiate_job(test, ids[i], GLACIER_TIER_BULK, jobs[i], NULL),
                         SIM_OK);
    sim_clock_advance(f->clock, 13 * SIM_MS_PER_HOUR);
    for (int i = 0; i < 4; i++) {
        glacier_job_info info;
        uint64_t bytes;
        assert_int_equal(glacier_describe_job(test, jobs[i], &info, NULL), SIM_OK);
        assert_int_equal(glacier_get_job_output(test, jobs[i], &bytes, NULL), SIM_OK);
    }
    glacier_costs c;
    glacier_vault_costs(test, &c);
    for (size_t i = 0; i < glacier_event_count(test); i++)
        (void)glacier_event_at(test, i);
    print_message("glacier scenarios: %llu units, peak memory %zu KiB\n",
                  (unsigned long long)sim_budget_work_used(b), sim_budget_memory_peak(b) >> 10);
    assert_true(sim_budget_work_used(b) < DEFAULT_WORK / 1000);
    glacier_free(g);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_requests_fail_cleanly_at_every_memory_cap, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_requests_within_budget_are_unchanged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_account_memory_counts_toward_the_budget, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_uploads_stop_at_the_memory_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_requests_stop_when_the_budget_is_spent, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_policy_evaluations_are_charged_per_statement, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_every_request_pays_for_the_jobs_it_walks, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_the_glacier_scenarios_fit_the_default_budget, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
