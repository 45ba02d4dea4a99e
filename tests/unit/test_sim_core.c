/* The simulated clock, the seeded generator, sizes and status names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sim/clock.h"
#include "sim/rng.h"
#include "sim/status.h"
#include "sim/units.h"
#include "sim/utf8.h"

static void test_duration_units_parse_to_milliseconds(void **state)
{
    (void)state;
    int64_t ms;
    assert_true(sim_duration_parse("90s", &ms));
    assert_int_equal(ms, 90000);
    assert_true(sim_duration_parse("25h", &ms));
    assert_int_equal(ms, 25LL * 3600 * 1000);
    assert_true(sim_duration_parse("400d", &ms));
    assert_int_equal(ms, 400LL * 86400 * 1000);
    assert_true(sim_duration_parse("1h30m", &ms));
    assert_int_equal(ms, 90LL * 60 * 1000);
    assert_true(sim_duration_parse("250ms", &ms));
    assert_int_equal(ms, 250);
    assert_true(sim_duration_parse("2w", &ms));
    assert_int_equal(ms, 14LL * 86400 * 1000);
    assert_true(sim_duration_parse("1500", &ms));
    assert_int_equal(ms, 1500);
    assert_true(sim_duration_parse("1d 2h", &ms));
    assert_int_equal(ms, 26LL * 3600 * 1000);
}

static void test_duration_rejects_junk_and_overflow(void **state)
{
    (void)state;
    int64_t ms = 42;
    const char *bad[] = {"",
                         "   ",
                         "h",
                         "5x",
                         "-5s",
                         "5 s",
                         "1.5h",
                         "10s5",
                         "999999999999999999999d",
                         "106751991168d",
                         NULL};
    for (int i = 0; bad[i]; i++) {
        assert_false(sim_duration_parse(bad[i], &ms));
    }
    assert_false(sim_duration_parse(NULL, &ms));
    assert_int_equal(ms, 42);
}

static void test_duration_format_is_readable(void **state)
{
    (void)state;
    char buf[64];
    sim_duration_format(25LL * 3600 * 1000, buf, sizeof buf);
    assert_string_equal(buf, "1d 1h");
    sim_duration_format(90000, buf, sizeof buf);
    assert_string_equal(buf, "1m 30s");
    sim_duration_format(250, buf, sizeof buf);
    assert_string_equal(buf, "250ms");
}

static void test_clock_advances_only_forward(void **state)
{
    (void)state;
    sim_clock *c = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    assert_int_equal(sim_clock_now(c), SIM_CLOCK_DEFAULT_EPOCH_MS);
    assert_true(sim_clock_advance(c, 1000));
    assert_int_equal(sim_clock_now(c), SIM_CLOCK_DEFAULT_EPOCH_MS + 1000);
    assert_false(sim_clock_advance(c, -1));
    assert_false(sim_clock_advance(c, INT64_MAX));
    assert_int_equal(sim_clock_now(c), SIM_CLOCK_DEFAULT_EPOCH_MS + 1000);
    char iso[40];
    sim_time_format(sim_clock_now(c), iso, sizeof iso);
    assert_string_equal(iso, "2024-01-01T00:00:01.000Z");
    sim_clock_free(c);
}

/* Published outputs of the reference xoshiro256** (Vigna) from state
 * {1, 2, 3, 4}, and of splitmix64 from 0 (0xe220a8397b1dcdaf). */
static void test_time_format_floors_before_the_epoch(void **state)
{
    (void)state;
    char buf[64];
    sim_time_format(-1, buf, sizeof buf);
    assert_string_equal(buf, "1969-12-31T23:59:59.999Z");
    sim_time_format(1500, buf, sizeof buf);
    assert_string_equal(buf, "1970-01-01T00:00:01.500Z");
    /* The last instant a clock can hold is still a date, not garbage. */
    sim_time_format(INT64_MAX, buf, sizeof buf);
    assert_string_equal(buf, "292278994-08-17T07:12:55.807Z");
}

static void test_rng_matches_reference_xoshiro256starstar(void **state)
{
    (void)state;
    sim_rng *r = sim_rng_new(0);
    const uint64_t s[4] = {1, 2, 3, 4};
    sim_rng_set_state(r, s);
    assert_true(sim_rng_next(r) == UINT64_C(11520));
    assert_true(sim_rng_next(r) == UINT64_C(0));
    assert_true(sim_rng_next(r) == UINT64_C(1509978240));
    assert_true(sim_rng_next(r) == UINT64_C(1215971899390074240));
    /* Seeding through splitmix64(0): the state is its first four outputs. */
    sim_rng_reseed(r, 0);
    assert_true(sim_rng_next(r) == UINT64_C(0x99ec5f36cb75f2b4));
    sim_rng_free(r);
}

static void test_rng_same_seed_same_sequence(void **state)
{
    (void)state;
    sim_rng *a = sim_rng_new(12345), *b = sim_rng_new(12345), *c = sim_rng_new(12346);
    int differ = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = sim_rng_next(a);
        assert_true(x == sim_rng_next(b));
        differ += x != sim_rng_next(c);
    }
    assert_true(differ > 990);
    sim_rng_free(a);
    sim_rng_free(b);
    sim_rng_free(c);
}

static void test_rng_range_is_inclusive_and_bounded(void **state)
{
    (void)state;
    sim_rng *r = sim_rng_new(7);
    int seen[6] = {0};
    for (int i = 0; i < 6000; i++) {
        int64_t v = sim_rng_range(r, 1, 6);
        assert_true(v >= 1 && v <= 6);
        seen[v - 1]++;
    }
    for (int i = 0; i < 6; i++)
        assert_true(seen[i] > 800 && seen[i] < 1200);
    for (int i = 0; i < 1000; i++) {
        double u = sim_rng_uniform(r);
        assert_true(u >= 0.0 && u < 1.0);
    }
    assert_int_equal(sim_rng_range(r, 5, 5), 5);
    sim_rng_free(r);
}

static void test_sizes_parse_binary_units(void **state)
{
    (void)state;
    uint64_t b;
    assert_true(sim_size_parse("2GB", &b));
    assert_true(b == 2 * SIM_GB);
    assert_true(sim_size_parse("250 MB", &b));
    assert_true(b == 250 * SIM_MB);
    assert_true(sim_size_parse("1.5TB", &b));
    assert_true(b == SIM_TB + SIM_TB / 2);
    assert_true(sim_size_parse("100", &b));
    assert_true(b == 100);
    assert_true(sim_size_parse("25kb", &b));
    assert_true(b == 25 * SIM_KB);
    assert_false(sim_size_parse("", &b));
    assert_false(sim_size_parse("GB", &b));
    assert_false(sim_size_parse("-1GB", &b));
    assert_false(sim_size_parse("5 parsecs", &b));
    assert_false(sim_size_parse("1e30PB", &b));
}

static void test_status_names_match_aws(void **state)
{
    (void)state;
    assert_string_equal(sim_status_name(SIM_ACCESS_DENIED), "AccessDeniedException");
    assert_int_equal(sim_status_http(SIM_ACCESS_DENIED), 403);
    assert_string_equal(sim_status_name(SIM_RESOURCE_NOT_FOUND), "ResourceNotFoundException");
    assert_int_equal(sim_status_http(SIM_RESOURCE_NOT_FOUND), 404);
    assert_int_equal(sim_status_http(SIM_INSUFFICIENT_CAPACITY), 503);
    assert_int_equal(sim_status_http(SIM_INVALID_PARAMETER_VALUE), 400);
    assert_string_equal(sim_status_name(SIM_PROVISIONED_THROUGHPUT_EXCEEDED),
                        "ProvisionedThroughputExceededException");
    sim_error e;
    assert_int_equal(sim_fail(&e, SIM_POLICY_ENFORCED, "x=%d", 3), SIM_POLICY_ENFORCED);
    assert_string_equal(e.message, "x=3");
}

static void test_utf8_is_checked_strictly(void **state)
{
    (void)state;
    size_t bad = 99;
    assert_true(sim_utf8_valid("", 0, &bad));
    assert_true(sim_utf8_valid("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14, &bad));
    assert_true(sim_utf8_valid("\xf4\x8f\xbf\xbf", 4, NULL)); /* U+10FFFF */
    static const struct {
        const char *s;
        size_t at;
    } wrong[] = {
        {"ab\xff", 2},           /* never a UTF-8 byte */
        {"a\xc3", 1},            /* cut short */
        {"\xc0\xaf", 0},         /* overlong '/' */
        {"x\xe0\x80\xaf", 1},    /* overlong, three bytes */
        {"\xed\xa0\x80", 0},     /* a surrogate */
        {"\xf4\x90\x80\x80", 0}, /* above U+10FFFF */
        {"\xc3\xa9\x80", 2},     /* a lone continuation byte */
        {"\xc3(", 0},            /* a lead byte without its continuation */
    };
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        bad = 99;
        assert_false(sim_utf8_valid(wrong[i].s, strlen(wrong[i].s), &bad));
        assert_int_equal(bad, wrong[i].at);
    }
    /* Columns count characters, not bytes. */
    assert_int_equal(sim_utf8_column("caf\xc3\xa9!", 5), 5);
    assert_int_equal(sim_utf8_column("abc", 0), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_duration_units_parse_to_milliseconds),
        cmocka_unit_test(test_duration_rejects_junk_and_overflow),
        cmocka_unit_test(test_duration_format_is_readable),
        cmocka_unit_test(test_clock_advances_only_forward),
        cmocka_unit_test(test_time_format_floors_before_the_epoch),
        cmocka_unit_test(test_rng_matches_reference_xoshiro256starstar),
        cmocka_unit_test(test_rng_same_seed_same_sequence),
        cmocka_unit_test(test_rng_range_is_inclusive_and_bounded),
        cmocka_unit_test(test_sizes_parse_binary_units),
        cmocka_unit_test(test_status_names_match_aws),
        cmocka_unit_test(test_utf8_is_checked_strictly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
