/* The Cadabra log generator: the shape of the Online Retail rows the
 * course's LogGenerator.py replays, file naming, continuation, and
 * determinism. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sim/loggen.h"

static void test_lines_have_the_eight_online_retail_columns(void **state)
{
    (void)state;
    sim_clock *c = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    loggen_config cfg = {.seed = 9};
    loggen *g = loggen_new(&cfg, c);
    char buf[512];
    for (uint64_t n = 0; n < 2000; n++) {
        size_t len = loggen_line(g, n, buf, sizeof buf);
        assert_true(len > 20 && len < 200);
        assert_int_equal(buf[len - 1], '\n');
        int commas = 0;
        for (size_t i = 0; i < len; i++)
            commas += buf[i] == ',';
        assert_int_equal(commas, 7);
    }
    /* The data set's first invoice is 536365, on 12/1/2010 at 8:26. */
    size_t len = loggen_line(g, 0, buf, sizeof buf);
    buf[len] = '\0';
    assert_non_null(strstr(buf, "536365,"));
    assert_non_null(strstr(buf, ",12/1/2010 8:2"));
    loggen_free(g);
    sim_clock_free(c);
}

static void test_same_seed_same_lines_other_seed_other_lines(void **state)
{
    (void)state;
    sim_clock *c = sim_clock_new(0);
    loggen_config a = {.seed = 1}, b = {.seed = 2};
    loggen *g1 = loggen_new(&a, c), *g2 = loggen_new(&a, c), *g3 = loggen_new(&b, c);
    char x[512], y[512], z[512];
    int differ = 0;
    for (uint64_t n = 0; n < 500; n++) {
        size_t lx = loggen_line(g1, n, x, sizeof x), ly = loggen_line(g2, n, y, sizeof y);
        size_t lz = loggen_line(g3, n, z, sizeof z);
        assert_int_equal(lx, ly);
        assert_memory_equal(x, y, lx);
        differ += lx != lz || memcmp(x, z, lx) != 0;
    }
    assert_true(differ > 100);
    loggen_free(g1), loggen_free(g2), loggen_free(g3);
    sim_clock_free(c);
}

static void test_files_are_named_by_time_and_continue_the_data_set(void **state)
{
    (void)state;
    sim_clock *c = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    loggen *g = loggen_new(NULL, c);
    assert_int_equal(loggen_write(g, 100, NULL), 0);
    sim_clock_advance(c, 3723000); /* 1 h 2 min 3 s */
    assert_int_equal(loggen_write(g, 50, NULL), 1);
    assert_string_equal(loggen_file_at(g, 0)->path, "/var/log/cadabra/20240101-000000.log");
    assert_string_equal(loggen_file_at(g, 1)->path, "/var/log/cadabra/20240101-010203.log");
    assert_int_equal(loggen_file_at(g, 1)->first_line, 100); /* LastLine.txt */
    assert_int_equal(loggen_next_line(g), 150);
    assert_int_equal(loggen_write(g, 0, NULL), -1);
    loggen_free(g);
    sim_clock_free(c);
}

static void test_rate_limited_file_grows_with_the_clock(void **state)
{
    (void)state;
    sim_clock *c = sim_clock_new(0);
    loggen_config cfg = {.lines_per_second = 10};
    loggen *g = loggen_new(&cfg, c);
    loggen_write(g, 100, NULL);
    assert_int_equal(loggen_lines_available(g, 0, 0), 1);
    assert_int_equal(loggen_lines_available(g, 0, 5000), 51);
    assert_int_equal(loggen_lines_available(g, 0, 60000), 100);
    loggen_free(g);
    sim_clock_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_have_the_eight_online_retail_columns),
        cmocka_unit_test(test_same_seed_same_lines_other_seed_other_lines),
        cmocka_unit_test(test_files_are_named_by_time_and_continue_the_data_set),
        cmocka_unit_test(test_rate_limited_file_grows_with_the_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
