/* Athena costing against the published price rules (aws-facts.md):
 * $5 per TB scanned, rounded up to the MB, 10 MB minimum; failed queries and
 * DDL free; cancelled queries charged for what they scanned. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sim/athena.h"
#include "sim/units.h"

static const athena_prices *P(void)
{
    return athena_default_prices();
}

static void test_one_terabyte_costs_five_dollars(void **state)
{
    (void)state;
    assert_float_equal(athena_query_cost(P(), ATHENA_QUERY_SUCCEEDED, SIM_TB), 5.0, 1e-12);
    assert_float_equal(athena_query_cost(P(), ATHENA_QUERY_SUCCEEDED, 3 * SIM_TB), 15.0, 1e-12);
}

static void test_small_query_is_billed_ten_megabytes(void **state)
{
    (void)state;
    assert_true(athena_billed_bytes(P(), ATHENA_QUERY_SUCCEEDED, 3 * SIM_MB) == 10 * SIM_MB);
    assert_true(athena_billed_bytes(P(), ATHENA_QUERY_SUCCEEDED, 0) == 10 * SIM_MB);
    assert_float_equal(athena_query_cost(P(), ATHENA_QUERY_SUCCEEDED, 1),
                       10.0 / (1024.0 * 1024.0) * 5.0, 1e-15);
}

static void test_scan_rounds_up_to_the_next_megabyte(void **state)
{
    (void)state;
    assert_true(athena_billed_bytes(P(), ATHENA_QUERY_SUCCEEDED, 10 * SIM_MB + 1) == 11 * SIM_MB);
    assert_true(athena_billed_bytes(P(), ATHENA_QUERY_SUCCEEDED, 11 * SIM_MB) == 11 * SIM_MB);
}

static void test_failed_and_ddl_queries_are_free(void **state)
{
    (void)state;
    assert_true(athena_billed_bytes(P(), ATHENA_QUERY_FAILED, 500 * SIM_GB) == 0);
    assert_true(athena_billed_bytes(P(), ATHENA_QUERY_DDL, 0) == 0);
    assert_float_equal(athena_query_cost(P(), ATHENA_QUERY_FAILED, SIM_TB), 0.0, 0);
}

static void test_cancelled_query_pays_for_what_it_scanned(void **state)
{
    (void)state;
    assert_float_equal(athena_query_cost(P(), ATHENA_QUERY_CANCELLED, SIM_TB / 2), 2.5, 1e-12);
}

static void test_columnar_format_reads_only_referenced_columns(void **state)
{
    (void)state;
    athena_table csv = {SIM_TB, ATHENA_FORMAT_CSV, 1.0, 20, 1};
    athena_table pq = {SIM_TB, ATHENA_FORMAT_PARQUET, 1.0, 20, 1};
    athena_query q = {2, 1};
    assert_true(athena_estimate_scan(&csv, &q) == SIM_TB);
    /* 2 of 20 columns: a tenth of the table, to the byte. */
    uint64_t got = athena_estimate_scan(&pq, &q);
    assert_true(got >= SIM_TB / 10 && got <= SIM_TB / 10 + 1);
}

static void test_partition_pruning_and_compression_cut_the_scan(void **state)
{
    (void)state;
    athena_table t = {365 * SIM_GB, ATHENA_FORMAT_ORC, 4.0, 10, 365};
    athena_query q = {10, 30};
    /* 30 of 365 daily partitions, compressed 4x: 30 GB / 4. */
    assert_true(athena_estimate_scan(&t, &q) == 30 * SIM_GB / 4);
}

static void test_format_properties_follow_the_course(void **state)
{
    (void)state;
    athena_format f;
    assert_true(athena_format_parse("Parquet", &f) && f == ATHENA_FORMAT_PARQUET);
    assert_true(athena_format_is_columnar(ATHENA_FORMAT_ORC));
    assert_true(athena_format_is_splittable(ATHENA_FORMAT_AVRO));
    assert_false(athena_format_is_columnar(ATHENA_FORMAT_AVRO));
    assert_false(athena_format_is_splittable(ATHENA_FORMAT_CSV));
    assert_false(athena_format_parse("xlsx", &f));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_terabyte_costs_five_dollars),
        cmocka_unit_test(test_small_query_is_billed_ten_megabytes),
        cmocka_unit_test(test_scan_rounds_up_to_the_next_megabyte),
        cmocka_unit_test(test_failed_and_ddl_queries_are_free),
        cmocka_unit_test(test_cancelled_query_pays_for_what_it_scanned),
        cmocka_unit_test(test_columnar_format_reads_only_referenced_columns),
        cmocka_unit_test(test_partition_pruning_and_compression_cut_the_scan),
        cmocka_unit_test(test_format_properties_follow_the_course),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
