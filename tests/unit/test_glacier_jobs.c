/* Glacier retrieval jobs, provisioned capacity and costs, checked against
 * the numbers in aws-facts.md (retrieval tiers, legacy vault pricing). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/glacier.h"
#include "sim/units.h"

#define MIN SIM_MS_PER_MINUTE
#define HOUR SIM_MS_PER_HOUR
#define DAY SIM_MS_PER_DAY

typedef struct fx {
    sim_clock *clock;
    sim_rng *rng;
    glacier *g;
    glacier_vault *v;
} fx;

static fx *fx_new(uint64_t seed)
{
    fx *f = calloc(1, sizeof *f);
    f->clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    f->rng = sim_rng_new(seed);
    f->g = glacier_new(NULL, f->clock, f->rng);
    f->v = glacier_create_vault(f->g, "restores", NULL);
    return f;
}

static void fx_free(fx *f)
{
    glacier_free(f->g);
    sim_rng_free(f->rng);
    sim_clock_free(f->clock);
    free(f);
}

static int setup(void **state)
{
    *state = fx_new(7);
    return 0;
}

static int teardown(void **state)
{
    fx_free(*state);
    return 0;
}

static void upload(fx *f, uint64_t size, const char *age, char id[GLACIER_ID_LEN + 1])
{
    glacier_upload_opts o = {.size = size};
    if (age) assert_true(sim_duration_parse(age, &o.age_ms));
    assert_int_equal(glacier_upload(f->v, &o, id, NULL), SIM_OK);
}

static void job(fx *f, const char *archive, glacier_tier tier, glacier_job_info *info)
{
    char id[GLACIER_ID_LEN + 1];
    glacier_call c = {0};
    if (glacier_initiate_job(f->v, archive, tier, id, &c) != SIM_OK)
        fail_msg("InitiateJob: %s", c.err.message);
    assert_int_equal(glacier_describe_job(f->v, id, info, NULL), SIM_OK);
}

static void test_completion_times_fall_in_each_tiers_documented_range(void **state)
{
    fx *f = *state;
    char id[GLACIER_ID_LEN + 1];
    upload(f, 100 * SIM_MB, NULL, id);
    /* aws-facts.md: Expedited 1-5 minutes, Standard 3-5 hours, Bulk 5-12 hours. */
    static const struct {
        glacier_tier tier;
        int64_t lo, hi;
    } ranges[] = {
        {GLACIER_TIER_EXPEDITED, 1 * MIN, 5 * MIN},
        {GLACIER_TIER_STANDARD, 3 * HOUR, 5 * HOUR},
        {GLACIER_TIER_BULK, 5 * HOUR, 12 * HOUR},
    };
    for (size_t t = 0; t < 3; t++) {
        int64_t seen_lo = INT64_MAX, seen_hi = 0;
        for (int i = 0; i < 200; i++) {
            glacier_job_info info;
            job(f, id, ranges[t].tier, &info);
            int64_t d = info.completes_ms - info.created_ms;
            assert_true(d >= ranges[t].lo && d <= ranges[t].hi);
            if (d < seen_lo) seen_lo = d;
            if (d > seen_hi) seen_hi = d;
            assert_int_equal(info.expires_ms, info.completes_ms + 24 * HOUR);
        }
        /* The draws spread over the range rather than sitting at one end. */
        int64_t span = ranges[t].hi - ranges[t].lo;
        assert_true(seen_lo < ranges[t].lo + span / 4);
        assert_true(seen_hi > ranges[t].hi - span / 4);
    }
}

static void test_output_only_between_completion_and_24h_later(void **state)
{
    fx *f = *state;
    char id[GLACIER_ID_LEN + 1];
    upload(f, 2 * SIM_GB, NULL, id);
    glacier_job_info info;
    job(f, id, GLACIER_TIER_STANDARD, &info);
    assert_int_equal(info.state, GLACIER_JOB_IN_PROGRESS);
    glacier_call c = {0};
    uint64_t bytes = 0;
    assert_int_equal(glacier_get_job_output(f->v, info.id, &bytes, &c),
                     SIM_INVALID_PARAMETER_VALUE);
    sim_clock_advance(f->clock, info.completes_ms - sim_clock_now(f->clock));
    assert_int_equal(glacier_get_job_output(f->v, info.id, &bytes, &c), SIM_OK);
    assert_int_equal(bytes, 2 * SIM_GB);
    sim_clock_advance(f->clock, 24 * HOUR - 1);
    assert_int_equal(glacier_get_job_output(f->v, info.id, &bytes, &c), SIM_OK);
    sim_clock_advance(f->clock, 1);
    assert_int_equal(glacier_get_job_output(f->v, info.id, &bytes, &c), SIM_RESOURCE_NOT_FOUND);
    assert_int_equal(sim_status_http(c.err.code), 404);
    assert_non_null(strstr(c.err.message, "expired"));
    glacier_job_info now;
    assert_int_equal(glacier_describe_job(f->v, info.id, &now, NULL), SIM_OK);
    assert_int_equal(now.state, GLACIER_JOB_EXPIRED);
}

static void test_expedited_only_up_to_250_mb(void **state)
{
    fx *f = *state;
    char small[GLACIER_ID_LEN + 1], big[GLACIER_ID_LEN + 1], jid[GLACIER_ID_LEN + 1];
    upload(f, 250 * SIM_MB, NULL, small);
    upload(f, 250 * SIM_MB + 1, NULL, big);
    glacier_call c = {0};
    assert_int_equal(glacier_initiate_job(f->v, small, GLACIER_TIER_EXPEDITED, jid, &c), SIM_OK);
    assert_int_equal(glacier_initiate_job(f->v, big, GLACIER_TIER_EXPEDITED, jid, &c),
                     SIM_INVALID_PARAMETER_VALUE);
    assert_int_equal(glacier_initiate_job(f->v, big, GLACIER_TIER_BULK, jid, &c), SIM_OK);
}

static void test_expedited_without_capacity_fails_at_the_configured_rate(void **state)
{
    fx *f = *state;
    char id[GLACIER_ID_LEN + 1], jid[GLACIER_ID_LEN + 1];
    upload(f, SIM_MB, NULL, id);
    glacier_call c = {0};
    glacier_set_expedited_failure_probability(f->g, 1.0);
    assert_int_equal(glacier_initiate_job(f->v, id, GLACIER_TIER_EXPEDITED, jid, &c),
                     SIM_INSUFFICIENT_CAPACITY);
    assert_string_equal(sim_status_name(c.err.code), "InsufficientCapacityException");
    assert_int_equal(sim_status_http(c.err.code), 503);
    assert_int_equal(glacier_job_count(f->v), 0);
    /* Standard and Bulk never need capacity. */
    assert_int_equal(glacier_initiate_job(f->v, id, GLACIER_TIER_STANDARD, jid, &c), SIM_OK);
    glacier_set_expedited_failure_probability(f->g, 0.0);
    for (int i = 0; i < 50; i++)
        assert_int_equal(glacier_initiate_job(f->v, id, GLACIER_TIER_EXPEDITED, jid, &c), SIM_OK);
    glacier_set_expedited_failure_probability(f->g, 0.5);
    int failed = 0;
    for (int i = 0; i < 400; i++)
        failed += glacier_initiate_job(f->v, id, GLACIER_TIER_EXPEDITED, jid, &c) != SIM_OK;
    assert_true(failed > 120 && failed < 280);
}

static void test_each_capacity_unit_covers_three_expedited_per_five_minutes(void **state)
{
    fx *f = *state;
    char id[GLACIER_ID_LEN + 1];
    upload(f, SIM_MB, NULL, id);
    glacier_set_expedited_failure_probability(f->g, 1.0); /* on-demand always fails */
    glacier_set_provisioned_capacity(f->g, 1);
    glacier_job_info info;
    for (int i = 0; i < 3; i++) {
        job(f, id, GLACIER_TIER_EXPEDITED, &info);
        assert_true(info.provisioned);
        sim_clock_advance(f->clock, MIN);
    }
    char jid[GLACIER_ID_LEN + 1];
    glacier_call c = {0};
    assert_int_equal(glacier_initiate_job(f->v, id, GLACIER_TIER_EXPEDITED, jid, &c),
                     SIM_INSUFFICIENT_CAPACITY);
    /* Five minutes after the first, its slot is free again. */
    sim_clock_advance(f->clock, 2 * MIN + 1);
    job(f, id, GLACIER_TIER_EXPEDITED, &info);
    assert_true(info.provisioned);
    glacier_set_provisioned_capacity(f->g, 2);
    for (int i = 0; i < 3; i++)
        job(f, id, GLACIER_TIER_EXPEDITED, &info);
}

static void collect_times(uint64_t seed, int64_t out[6])
{
    fx *f = fx_new(seed);
    char id[GLACIER_ID_LEN + 1];
    upload(f, SIM_MB, NULL, id);
    for (int i = 0; i < 6; i++) {
        glacier_job_info info;
        job(f, id, (glacier_tier)(i % 3), &info);
        out[i] = info.completes_ms;
    }
    fx_free(f);
}

static void test_same_seed_gives_same_job_times(void **state)
{
    (void)state;
    int64_t a[6], b[6], c[6];
    collect_times(1234, a);
    collect_times(1234, b);
    collect_times(99, c);
    assert_memory_equal(a, b, sizeof a);
    assert_memory_not_equal(a, c, sizeof a);
}

static void assert_usd(double got, double want)
{
    if (fabs(got - want) > 1e-9) fail_msg("got $%.10f, want $%.10f", got, want);
}

static void test_storage_is_billed_per_gb_month(void **state)
{
    fx *f = *state;
    char id[GLACIER_ID_LEN + 1];
    upload(f, 10 * SIM_GB, NULL, id);
    sim_clock_advance(f->clock, 30 * DAY);
    glacier_costs c;
    glacier_vault_costs(f->v, &c);
    /* 10 GB for one 30-day month at $0.004/GB-month. */
    assert_usd(c.gb_months, 10.0);
    assert_usd(c.storage, 0.04);
    assert_usd(c.total, 0.04);
}

static void test_early_deletion_is_charged_pro_rata(void **state)
{
    fx *f = *state;
    char id[GLACIER_ID_LEN + 1];
    upload(f, 10 * SIM_GB, NULL, id);
    sim_clock_advance(f->clock, 30 * DAY);
    assert_int_equal(glacier_delete_archive(f->v, id, NULL), SIM_OK);
    sim_clock_advance(f->clock, 30 * DAY); /* nothing stored any more */
    glacier_costs c;
    glacier_vault_costs(f->v, &c);
    /* Stored 30 of the 90 minimum days: the other 60 days (2 months) of
     * 10 GB at $0.004 are charged: $0.08, on top of $0.04 of storage. */
    assert_usd(c.storage, 0.04);
    assert_usd(c.early_deletion, 0.08);
    assert_usd(c.total, 0.12);
}

static void test_no_early_deletion_fee_after_90_days(void **state)
{
    fx *f = *state;
    char id[GLACIER_ID_LEN + 1];
    upload(f, 10 * SIM_GB, "400d", id);
    assert_int_equal(glacier_delete_archive(f->v, id, NULL), SIM_OK);
    glacier_costs c;
    glacier_vault_costs(f->v, &c);
    assert_usd(c.early_deletion, 0.0);
    /* The 400 days before the simulation began are not billed. */
    assert_usd(c.storage, 0.0);
}

static void test_retrieval_costs_per_gb_and_per_request_by_tier(void **state)
{
    fx *f = *state;
    char big[GLACIER_ID_LEN + 1], small[GLACIER_ID_LEN + 1];
    upload(f, 2 * SIM_GB, NULL, big);
    upload(f, 100 * SIM_MB, NULL, small);
    glacier_job_info info;
    job(f, big, GLACIER_TIER_STANDARD, &info);
    assert_usd(info.cost, 2 * 0.01 + 0.05 / 1000); /* $0.01/GB + $0.05 per 1,000 */
    job(f, big, GLACIER_TIER_BULK, &info);
    assert_usd(info.cost, 2 * 0.0025 + 0.025 / 1000); /* $0.0025/GB + $0.025 per 1,000 */
    job(f, small, GLACIER_TIER_EXPEDITED, &info);
    assert_usd(info.cost, 100.0 / 1024 * 0.03 + 10.0 / 1000); /* $0.03/GB + $10 per 1,000 */
    glacier_costs c;
    glacier_vault_costs(f->v, &c);
    assert_usd(c.retrieval, 2 * 0.01 + 2 * 0.0025 + 100.0 / 1024 * 0.03);
    assert_usd(c.requests, (0.05 + 0.025 + 10.0) / 1000);
    assert_usd(c.total, c.storage + c.retrieval + c.requests + c.early_deletion);
}

static void test_failed_expedited_is_not_charged(void **state)
{
    fx *f = *state;
    char id[GLACIER_ID_LEN + 1], jid[GLACIER_ID_LEN + 1];
    upload(f, SIM_MB, NULL, id);
    glacier_set_expedited_failure_probability(f->g, 1.0);
    assert_int_equal(glacier_initiate_job(f->v, id, GLACIER_TIER_EXPEDITED, jid, NULL),
                     SIM_INSUFFICIENT_CAPACITY);
    glacier_costs c;
    glacier_vault_costs(f->v, &c);
    assert_usd(c.retrieval + c.requests, 0.0);
}

static void test_job_for_unknown_archive_is_resource_not_found(void **state)
{
    fx *f = *state;
    char jid[GLACIER_ID_LEN + 1];
    glacier_call c = {0};
    assert_int_equal(glacier_initiate_job(f->v, "nope", GLACIER_TIER_BULK, jid, &c),
                     SIM_RESOURCE_NOT_FOUND);
    glacier_job_info info;
    assert_int_equal(glacier_describe_job(f->v, "nope", &info, &c), SIM_RESOURCE_NOT_FOUND);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_completion_times_fall_in_each_tiers_documented_range),
        T(test_output_only_between_completion_and_24h_later),
        T(test_expedited_only_up_to_250_mb),
        T(test_expedited_without_capacity_fails_at_the_configured_rate),
        T(test_each_capacity_unit_covers_three_expedited_per_five_minutes),
        T(test_same_seed_gives_same_job_times),
        T(test_storage_is_billed_per_gb_month),
        T(test_early_deletion_is_charged_pro_rata),
        T(test_no_early_deletion_fee_after_90_days),
        T(test_retrieval_costs_per_gb_and_per_request_by_tier),
        T(test_failed_expedited_is_not_charged),
        T(test_job_for_unknown_archive_is_resource_not_found),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
