/* Kinesis Data Streams against aws-facts.md: hash ranges as CreateStream
 * makes them, MD5 routing (expected values from `printf %s KEY | md5sum`,
 * converted to decimal by hand), shard ids, sequence numbers, every write
 * limit and validation error, partial PutRecords failure, retention. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/kinesis.h"
#include "sim_fixture.h"

static kinesis_stream *mk(fx *f, const char *name, int shards)
{
    kinesis_stream_config c = {.name = name, .shards = shards};
    kinesis_stream *s = kinesis_stream_new(&c, f->clock, f->rng, NULL);
    assert_non_null(s);
    return s;
}

static kinesis_hash H(const char *dec)
{
    kinesis_hash h;
    assert_true(kinesis_hash_parse(dec, &h));
    return h;
}

#define MAXKEY "340282366920938463463374607431768211455" /* 2^128 - 1 */

static void check_ranges(fx *f, int n, const char *h_dec)
{
    kinesis_stream *s = mk(f, "ranges", n);
    kinesis_hash h = H(h_dec);
    assert_int_equal(kinesis_shard_count(s), n);
    kinesis_hash prev_end = 0;
    for (int i = 0; i < n; i++) {
        kinesis_shard_info in;
        assert_true(kinesis_shard_get(s, i, &in));
        if (i == 0)
            assert_true(in.start == 0);
        else
            assert_true(in.start == prev_end + 1); /* contiguous */
        assert_true(in.start == h * (kinesis_hash)i);
        if (i < n - 1) assert_true(in.end == h * (kinesis_hash)(i + 1) - 1);
        prev_end = in.end;
    }
    assert_true(prev_end == H(MAXKEY));
    kinesis_stream_free(s);
}

static void test_hash_ranges_cover_the_key_space_exactly(void **state)
{
    fx *f = *state;
    /* h = floor(2^128 / N), computed by hand. */
    /* N = 1: h would be 2^128; the one shard is checked on its own below. */
    check_ranges(f, 2, "170141183460469231731687303715884105728");
    check_ranges(f, 3, "113427455640312821154458202477256070485");
    check_ranges(f, 7, "48611766702991209066196372490252601636");
    check_ranges(f, 1000, "340282366920938463463374607431768211");
}

static void test_one_shard_covers_zero_to_max(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, "one", 1);
    kinesis_shard_info in;
    assert_true(kinesis_shard_get(s, 0, &in));
    assert_true(in.start == 0 && in.end == KINESIS_HASH_MAX);
    assert_string_equal(in.id, "shardId-000000000000");
    kinesis_stream_free(s);
}

static void test_partition_keys_route_by_md5(void **state)
{
    fx *f = *state;
    /* printf %s CadabraOrders | md5sum = 7df7c46650df673437d7aa9f915f5677 */
    assert_true(kinesis_hash_key("CadabraOrders", 13) ==
                H("167439980255756357330072410935785379447"));
    /* printf %s key-0 | md5sum = b4428b7e85e1fa85481af6307d7f3cf7 */
    assert_true(kinesis_hash_key("key-0", 5) == H("239606560113066237791549349790285249783"));
    /* printf %s a | md5sum = 0cc175b9c0f1b6a831c399e269772661 */
    assert_true(kinesis_hash_key("a", 1) == H("16955237001963240173058271559858726497"));
    /* printf %s é | md5sum = 66ddcd97cfdeabb2f6fb8a999b4bc76f (UTF-8 bytes) */
    assert_true(kinesis_hash_key("\xc3\xa9", 2) == H("136732923097551493579404309126273812335"));
    kinesis_stream *s = mk(f, "route", 4);
    assert_int_equal(kinesis_shard_for_key(s, "a", 1), 0);
    assert_int_equal(kinesis_shard_for_key(s, "CadabraOrders", 13), 1);
    assert_int_equal(kinesis_shard_for_key(s, "key-0", 5), 2);
    kinesis_stream_free(s);
}

static void test_explicit_hash_key_overrides_the_partition_key(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, "explicit", 4);
    kinesis_put p = {.key = "a", .key_len = 1, .data = "x", .data_len = 1, .explicit_hash = MAXKEY};
    kinesis_put_result r;
    assert_int_equal(kinesis_put_record(s, &p, &r, NULL), SIM_OK);
    assert_int_equal(r.shard, 3);
    sim_error err;
    p.explicit_hash = "340282366920938463463374607431768211456"; /* 2^128 */
    assert_int_equal(kinesis_put_record(s, &p, &r, &err), SIM_INVALID_ARGUMENT);
    p.explicit_hash = "12ab";
    assert_int_equal(kinesis_put_record(s, &p, &r, &err), SIM_INVALID_ARGUMENT);
    kinesis_stream_free(s);
}

static void test_sequence_numbers_increase_per_shard(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, "seq", 1);
    kinesis_put p = {.key = "k", .key_len = 1, .data = "x", .data_len = 1};
    kinesis_put_result a, b;
    assert_int_equal(kinesis_put_record(s, &p, &a, NULL), SIM_OK);
    assert_int_equal(kinesis_put_record(s, &p, &b, NULL), SIM_OK);
    char sa[KINESIS_SEQ_LEN], sb[KINESIS_SEQ_LEN];
    kinesis_seq_format(s, a.shard, a.seq, sa, sizeof sa);
    kinesis_seq_format(s, b.shard, b.seq, sb, sizeof sb);
    assert_int_equal(strlen(sa), 56);
    assert_true(strcmp(sa, sb) < 0);
    int shard;
    uint64_t n;
    assert_true(kinesis_seq_parse(s, sb, &shard, &n));
    assert_int_equal(shard, 0);
    assert_true(n == b.seq);
    kinesis_stream_free(s);
}

static void test_key_length_is_counted_in_unicode_characters(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, "keys", 1);
    char key[1100];
    kinesis_put_result r;
    sim_error err;
    /* 256 two-byte characters (512 bytes) is a valid key. */
    for (int i = 0; i < 256; i++)
        memcpy(key + 2 * i, "\xc3\xa9", 2);
    kinesis_put p = {.key = key, .key_len = 512, .data = "x", .data_len = 1};
    assert_int_equal(kinesis_put_record(s, &p, &r, &err), SIM_OK);
    memset(key, 'k', 257);
    p.key_len = 257;
    assert_int_equal(kinesis_put_record(s, &p, &r, &err), SIM_VALIDATION);
    assert_non_null(strstr(err.message, "partitionKey"));
    p.key_len = 0;
    assert_int_equal(kinesis_put_record(s, &p, &r, &err), SIM_VALIDATION);
    kinesis_stream_free(s);
}

static void test_record_over_one_mib_is_a_validation_error(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, "big", 1);
    kinesis_put p = {.key = "k", .key_len = 1, .data = NULL, .data_len = (1u << 20) + 1};
    kinesis_put_result r;
    sim_error err;
    assert_int_equal(kinesis_put_record(s, &p, &r, &err), SIM_VALIDATION);
    assert_non_null(strstr(err.message, "data"));
    p.data_len = 1u << 20; /* exactly 1 MiB is allowed */
    assert_int_equal(kinesis_put_record(s, &p, &r, &err), SIM_OK);
    kinesis_stream_free(s);
}

static void test_thousand_and_first_record_in_a_second_is_throttled(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, "rate", 1);
    kinesis_put p = {.key = "k", .key_len = 1, .data = "x", .data_len = 1};
    kinesis_put_result r;
    sim_error err;
    for (int i = 0; i < 1000; i++)
        assert_int_equal(kinesis_put_record(s, &p, &r, NULL), SIM_OK);
    assert_int_equal(kinesis_put_record(s, &p, &r, &err), SIM_PROVISIONED_THROUGHPUT_EXCEEDED);
    assert_non_null(strstr(err.message, "shardId-000000000000"));
    sim_clock_advance(f->clock, 1000); /* the next second has room again */
    assert_int_equal(kinesis_put_record(s, &p, &r, NULL), SIM_OK);
    kinesis_stream_free(s);
}

static void test_one_mib_per_second_counts_partition_keys(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, "bytes", 1);
    /* Four records of 262,140 data bytes + 4 key bytes = exactly 1 MiB. */
    kinesis_put p = {.key = "kkkk", .key_len = 4, .data = NULL, .data_len = 262140};
    kinesis_put_result r;
    for (int i = 0; i < 4; i++)
        assert_int_equal(kinesis_put_record(s, &p, &r, NULL), SIM_OK);
    p.data_len = 1;
    assert_int_equal(kinesis_put_record(s, &p, &r, NULL), SIM_PROVISIONED_THROUGHPUT_EXCEEDED);
    kinesis_stream_free(s);
}

static void test_put_records_partially_fails(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, "partial", 1);
    kinesis_put p[500];
    kinesis_put_result r[500];
    for (int i = 0; i < 500; i++)
        p[i] = (kinesis_put){.key = "k", .key_len = 1, .data = "x", .data_len = 1};
    size_t failed;
    assert_int_equal(kinesis_put_records(s, p, 400, r, &failed, NULL), SIM_OK);
    assert_int_equal(failed, 0);
    assert_int_equal(kinesis_put_records(s, p, 500, r, &failed, NULL), SIM_OK);
    assert_int_equal(failed, 0);
    /* 900 in this second: 100 more fit, 400 fail with their own code. */
    assert_int_equal(kinesis_put_records(s, p, 500, r, &failed, NULL), SIM_OK);
    assert_int_equal(failed, 400);
    assert_int_equal(r[99].code, SIM_OK);
    assert_int_equal(r[100].code, SIM_PROVISIONED_THROUGHPUT_EXCEEDED);
    assert_int_equal(r[499].code, SIM_PROVISIONED_THROUGHPUT_EXCEEDED);
    kinesis_stream_free(s);
}

static void test_put_records_request_limits(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, "limits", 8);
    kinesis_put *p = calloc(501, sizeof *p);
    kinesis_put_result *r = calloc(501, sizeof *r);
    for (int i = 0; i < 501; i++)
        p[i] = (kinesis_put){.key = "k", .key_len = 1, .data_len = 1};
    size_t failed;
    sim_error err;
    assert_int_equal(kinesis_put_records(s, p, 501, r, &failed, &err), SIM_VALIDATION);
    assert_int_equal(kinesis_put_records(s, p, 0, r, &failed, &err), SIM_VALIDATION);
    /* Six 1 MiB records: over 5 MiB in one request. */
    for (int i = 0; i < 6; i++)
        p[i].data_len = 1u << 20;
    assert_int_equal(kinesis_put_records(s, p, 6, r, &failed, &err), SIM_INVALID_ARGUMENT);
    assert_non_null(strstr(err.message, "5 MB"));
    /* One bad key fails the whole request. */
    p[0].data_len = 1;
    p[1].key_len = 0;
    assert_int_equal(kinesis_put_records(s, p, 2, r, &failed, &err), SIM_VALIDATION);
    assert_non_null(strstr(err.message, "records.2.member.partitionKey"));
    free(p);
    free(r);
    kinesis_stream_free(s);
}

static void test_records_older_than_retention_disappear(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, "ret", 1);
    assert_int_equal(kinesis_retention_hours(s), 24);
    kinesis_put p = {.key = "k", .key_len = 1, .data = "old", .data_len = 3};
    kinesis_put_result r;
    kinesis_put_record(s, &p, &r, NULL);
    sim_clock_advance(f->clock, 23 * SIM_MS_PER_HOUR);
    p.data = "new";
    kinesis_put_record(s, &p, &r, NULL);
    kinesis_shard_info in;
    kinesis_shard_get(s, 0, &in);
    assert_int_equal(in.records, 2);
    sim_clock_advance(f->clock, 2 * SIM_MS_PER_HOUR); /* the first is now 25 h old */
    kinesis_shard_get(s, 0, &in);
    assert_int_equal(in.records, 1);
    kinesis_iterator it;
    assert_int_equal(kinesis_get_shard_iterator(s, 0, KINESIS_TRIM_HORIZON, NULL, 0, &it, NULL),
                     SIM_OK);
    kinesis_record_view v[4];
    kinesis_get_result res;
    assert_int_equal(kinesis_get_records(s, &it, 10, v, 4, &res, NULL), SIM_OK);
    assert_int_equal(res.count, 1);
    assert_memory_equal(v[0].data, "new", 3);
    kinesis_stream_free(s);
}

static void test_retention_increase_and_decrease_rules(void **state)
{
    fx *f = *state;
    kinesis_stream *s = mk(f, "retrules", 1);
    sim_error err;
    assert_int_equal(kinesis_increase_retention(s, 24, &err), SIM_INVALID_ARGUMENT);
    assert_int_equal(kinesis_increase_retention(s, 8761, &err), SIM_INVALID_ARGUMENT);
    assert_int_equal(kinesis_increase_retention(s, 8760, &err), SIM_OK);
    assert_int_equal(kinesis_decrease_retention(s, 8760, &err), SIM_INVALID_ARGUMENT);
    assert_int_equal(kinesis_decrease_retention(s, 23, &err), SIM_INVALID_ARGUMENT);
    assert_int_equal(kinesis_decrease_retention(s, 48, &err), SIM_OK);
    assert_int_equal(kinesis_retention_hours(s), 48);
    kinesis_stream_free(s);
}

static void test_costs_count_shard_hours_and_put_units(void **state)
{
    fx *f = *state;
    const kinesis_limits *lim = kinesis_default_limits();
    /* aws-facts.md: 5 KB -> 1 unit, 45 KB -> 2, 1 MB -> 40. */
    assert_int_equal(kinesis_put_units(lim, 5000), 1);
    assert_int_equal(kinesis_put_units(lim, 45000), 2);
    assert_int_equal(kinesis_put_units(lim, 1000000), 40);
    kinesis_stream *s = mk(f, "cost", 2);
    sim_clock_advance(f->clock, 10 * SIM_MS_PER_HOUR);
    kinesis_costs c;
    kinesis_costs_get(s, &c);
    assert_float_equal(c.shard_hours, 20.0, 1e-9);
    assert_float_equal(c.shard_usd, 20 * 0.015, 1e-9);
    kinesis_stream_free(s);
}

static void test_stream_validation(void **state)
{
    fx *f = *state;
    sim_error err;
    kinesis_stream_config c = {.name = "x", .shards = 0};
    assert_null(kinesis_stream_new(&c, f->clock, f->rng, &err));
    assert_int_equal(err.code, SIM_INVALID_ARGUMENT);
    c.shards = 1;
    c.retention_hours = 8761;
    assert_null(kinesis_stream_new(&c, f->clock, f->rng, &err));
    c.name = "";
    c.retention_hours = 0;
    assert_null(kinesis_stream_new(&c, f->clock, f->rng, &err));
    assert_int_equal(err.code, SIM_VALIDATION);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hash_ranges_cover_the_key_space_exactly, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_one_shard_covers_zero_to_max, setup, teardown),
        cmocka_unit_test_setup_teardown(test_partition_keys_route_by_md5, setup, teardown),
        cmocka_unit_test_setup_teardown(test_explicit_hash_key_overrides_the_partition_key, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_sequence_numbers_increase_per_shard, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_length_is_counted_in_unicode_characters, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_record_over_one_mib_is_a_validation_error, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_thousand_and_first_record_in_a_second_is_throttled,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_mib_per_second_counts_partition_keys, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_put_records_partially_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(test_put_records_request_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_records_older_than_retention_disappear, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_retention_increase_and_decrease_rules, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_costs_count_shard_hours_and_put_units, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_stream_validation, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
