/* The aws.glacier binding, run through the real sandbox host. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lua/host.h"
#include "print_capture.h"

static bool run(uint64_t seed, const char *chunk, captured *out, lhost_error *err)
{
    lhost_config cfg = {.seed = seed, .print = capture, .print_ud = out};
    lhost *h = lhost_new(&cfg);
    assert_non_null(h);
    bool ok = lhost_run(h, chunk, strlen(chunk), "test.lua", err);
    lhost_free(h);
    return ok;
}

static void run_ok(const char *chunk, captured *out)
{
    lhost_error err;
    if (!run(1, chunk, out, &err)) fail_msg("%s", err.message);
}

static void test_lifecycle_script_passes(void **state)
{
    (void)state;
    captured out = {0};
    lhost_config cfg = {.seed = 1, .print = capture, .print_ud = &out};
    lhost *h = lhost_new(&cfg);
    lhost_error err;
    const char *path = BDW_TEST_DATA "/../scripts/glacier_lifecycle.lua";
    bool ok = lhost_load_file(h, path, "glacier_lifecycle.lua", &err) && lhost_call(h, 0, 0, &err);
    lhost_free(h);
    if (!ok) fail_msg("%s", err.message);
    assert_non_null(strstr(out.text, "all checks passed"));
}

static void test_denied_delete_names_statement_and_policy(void **state)
{
    (void)state;
    captured out = {0};
    run_ok(
        "local v = aws.glacier.vault{ name = 'logs' }\n"
        "local a = v:upload{ size = '1GB', age = '100d' }\n"
        "assert(v:initiate_lock(aws.glacier.policy_template('deny-delete-by-age', {days=365})))\n"
        "local r = v:try('DeleteArchive', a)\n"
        "print(r.decision, r.policy, r.sid, r.code, r.status)\n",
        &out);
    assert_string_equal(
        out.text, "explicit-deny\tlock\tdeny-based-on-archive-age\tAccessDeniedException\t403\n");
}

static void test_errors_reach_lua_as_nil_and_error_table(void **state)
{
    (void)state;
    captured out = {0};
    run_ok("local v = aws.glacier.vault{ name = 'logs' }\n"
           "local ok, err = v:complete_lock('nope')\n"
           "print(ok, err.code, err.status, tostring(err):match('ResourceNotFoundException') ~= "
           "nil)\n",
           &out);
    assert_string_equal(out.text, "nil\tResourceNotFoundException\t404\ttrue\n");
}

static void test_bad_arguments_raise_lua_errors(void **state)
{
    (void)state;
    captured out = {0};
    lhost_error err;
    assert_false(run(1, "aws.glacier.vault{ name = 'x' }:upload{ size = 'lots' }", &out, &err));
    assert_non_null(strstr(err.message, "size"));
    assert_false(run(1,
                     "aws.glacier.vault{ name = 'x' }:initiate_job{ archive = 'a', tier = 'Fast' }",
                     &out, &err));
    assert_non_null(strstr(err.message, "tier"));
    assert_false(run(1, "aws.glacier.policy_template('nope')", &out, &err));
}

static void test_same_seed_gives_same_ids_and_job_times(void **state)
{
    (void)state;
    static const char chunk[] = "local v = aws.glacier.vault{ name = 'r' }\n"
                                "local a = v:upload{ size = '1GB' }\n"
                                "local j = v:initiate_job{ archive = a, tier = 'Bulk' }\n"
                                "print(a, j.id, j.duration_ms)\n";
    captured a = {0}, b = {0};
    lhost_error err;
    assert_true(run(77, chunk, &a, &err));
    assert_true(run(77, chunk, &b, &err));
    assert_string_equal(a.text, b.text);
}

static void test_collected_vaults_keep_the_simulator_alive(void **state)
{
    (void)state;
    captured out = {0};
    /* Vaults dropped and collected mid-script must not take the simulator
     * with them while another vault still uses it. */
    run_ok("for i = 1, 50 do aws.glacier.vault{ name = 'v' .. i }:upload{ size = '1MB' } end\n"
           "local v = aws.glacier.vault{ name = 'v1' }\n"
           "print(#v:inventory())\n",
           &out);
    assert_string_equal(out.text, "1\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lifecycle_script_passes),
        cmocka_unit_test(test_denied_delete_names_statement_and_policy),
        cmocka_unit_test(test_errors_reach_lua_as_nil_and_error_table),
        cmocka_unit_test(test_bad_arguments_raise_lua_errors),
        cmocka_unit_test(test_same_seed_gives_same_ids_and_job_times),
        cmocka_unit_test(test_collected_vaults_keep_the_simulator_alive),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
