/* The aws.kinesis and aws.firehose bindings, run through the real sandbox
 * host: the exercise script and the error convention (nil, err). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lua/host.h"
#include "print_capture.h"

static void test_exercise_script_passes(void **state)
{
    (void)state;
    captured out = {0};
    lhost_config cfg = {.seed = 1, .print = capture, .print_ud = &out};
    lhost *h = lhost_new(&cfg);
    lhost_error err;
    const char *path = BDW_TEST_DATA "/../scripts/kinesis_exercise.lua";
    bool ok = lhost_load_file(h, path, "kinesis_exercise.lua", &err) && lhost_call(h, 0, 0, &err);
    lhost_free(h);
    if (!ok) fail_msg("%s", err.message);
    assert_non_null(strstr(out.text, "kinesis exercise ok"));
}

static void test_errors_come_back_as_nil_and_a_table(void **state)
{
    (void)state;
    const char *chunk = "local s = assert(aws.kinesis.stream{ name = 'x', shards = 1 })\n"
                        "local r, e = s:put_record{ key = '', data = 'x' }\n"
                        "assert(r == nil and e.code == 'ValidationException' and e.status == 400)\n"
                        "local bad, e2 = aws.kinesis.stream{ name = 'y', shards = 0 }\n"
                        "assert(bad == nil and e2.code == 'InvalidArgumentException')\n"
                        "local it = assert(s:get_shard_iterator{ shard = 0, type = 'LATEST' })\n"
                        "clock.advance('6m')\n"
                        "local g, e3 = s:get_records(it)\n"
                        "assert(g == nil and e3.code == 'ExpiredIteratorException')\n"
                        "print('ok')\n";
    captured out = {0};
    lhost_config cfg = {.seed = 1, .print = capture, .print_ud = &out};
    lhost *h = lhost_new(&cfg);
    lhost_error err;
    bool ok = lhost_run(h, chunk, strlen(chunk), "errors.lua", &err);
    lhost_free(h);
    if (!ok) fail_msg("%s", err.message);
    assert_non_null(strstr(out.text, "ok"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exercise_script_passes),
        cmocka_unit_test(test_errors_come_back_as_nil_and_a_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
