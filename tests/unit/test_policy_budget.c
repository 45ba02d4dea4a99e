/* The policy engine under the script's budget (sim/budget.h): a parse is
 * charged by the byte and its compiled policy (and jansson's tree, while it
 * lives) counts toward the memory cap; an evaluation charges each statement
 * it looks at, and a wildcard that backtracks pays for its steps; a spent
 * budget stops an evaluation, which then says so and denies; with a budget
 * large enough every decision is the one without a budget. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/budget.h"
#include "sim/policy.h"

#define DEFAULT_WORK UINT64_C(200000000) /* the host's default budget */
#define DEFAULT_MEMORY ((size_t)64 << 20)

static const char lock_policy[] =
    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"deny-based-on-archive-age\","
    "\"Principal\":\"*\",\"Effect\":\"Deny\",\"Action\":\"glacier:DeleteArchive\","
    "\"Resource\":[\"arn:aws:glacier:us-west-2:123456789012:vaults/examplevault\"],"
    "\"Condition\":{\"NumericLessThan\":{\"glacier:ArchiveAgeInDays\":\"365\"}}},"
    "{\"Sid\":\"uploads\",\"Principal\":{\"AWS\":\"444455556666\"},\"Effect\":\"Allow\","
    "\"Action\":\"glacier:Upload*\"}]}";

static policy_request request(const char *action, int64_t age)
{
    return (policy_request){
        .action = action,
        .resource = "arn:aws:glacier:us-west-2:123456789012:vaults/examplevault",
        .principal = "arn:aws:iam::444455556666:user/bob",
        .principal_account = "444455556666",
        .has_archive_age = true,
        .archive_age_days = age,
    };
}

static void test_evaluation_within_budget_is_unchanged(void **state)
{
    (void)state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    policy *p = policy_parse(lock_policy, strlen(lock_policy), 20 * 1024, NULL);
    policy *q = policy_parse_budget(lock_policy, strlen(lock_policy), 20 * 1024, b, NULL);
    assert_non_null(p);
    assert_non_null(q);
    static const char *const actions[] = {"glacier:DeleteArchive", "glacier:UploadArchive",
                                          "glacier:InitiateJob"};
    for (int i = 0; i < 3; i++) {
        for (int64_t age = 100; age <= 400; age += 300) {
            policy_request r = request(actions[i], age);
            policy_result x = policy_evaluate(p, &r), y = policy_evaluate(q, &r);
            assert_int_equal(x.decision, y.decision);
            assert_int_equal(x.statement, y.statement);
            assert_false(y.budget_spent);
        }
    }
    assert_true(sim_budget_work_used(b) > 0);
    policy_free(p);
    policy_free(q);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

static void test_parse_is_charged_by_the_byte(void **state)
{
    (void)state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    policy *p = policy_parse_budget(lock_policy, strlen(lock_policy), 0, b, NULL);
    assert_non_null(p);
    assert_true(sim_budget_work_used(b) >= strlen(lock_policy));
    /* The compiled policy is held; jansson's tree was only for the parse. */
    assert_true(sim_budget_memory_used(b) > strlen(lock_policy));
    assert_true(sim_budget_memory_peak(b) > sim_budget_memory_used(b) + 10 * strlen(lock_policy));
    policy_free(p);
    assert_int_equal(sim_budget_memory_used(b), 0);
    /* A spent budget parses nothing. */
    sim_budget_stop(b);
    sim_error err = {0};
    assert_null(policy_parse_budget(lock_policy, strlen(lock_policy), 0, b, &err));
    assert_int_equal(err.code, SIM_BUDGET_EXCEEDED);
    assert_non_null(strstr(err.message, "the script's work budget ran out parsing the policy"));
    sim_budget_free(b);
}

static void test_parse_fails_cleanly_at_the_memory_cap(void **state)
{
    (void)state;
    for (size_t cap = 0; cap < 64 * 1024; cap += 1024) {
        sim_budget *b = sim_budget_new(DEFAULT_WORK, cap);
        sim_error err = {0};
        policy *p = policy_parse_budget(lock_policy, strlen(lock_policy), 0, b, &err);
        if (!p) assert_int_equal(err.code, SIM_NO_MEMORY);
        policy_free(p);
        assert_int_equal(sim_budget_memory_used(b), 0);
        sim_budget_free(b);
    }
}

static void test_evaluation_charges_each_statement(void **state)
{
    (void)state;
    static char text[20 * 1024];
    size_t w = (size_t)snprintf(text, sizeof text, "{\"Version\":\"2012-10-17\",\"Statement\":[");
    for (int i = 0; i < 300; i++)
        w += (size_t)snprintf(text + w, sizeof text - w,
                              "%s{\"Effect\":\"Deny\",\"Action\":\"glacier:No%d\"}", i ? "," : "",
                              i);
    snprintf(text + w, sizeof text - w, "]}");
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    policy *p = policy_parse_budget(text, strlen(text), 20 * 1024, b, NULL);
    assert_non_null(p);
    policy_request r = request("glacier:DeleteArchive", 1);
    uint64_t before = sim_budget_work_used(b);
    policy_result res = policy_evaluate(p, &r);
    assert_int_equal(res.decision, POLICY_IMPLICIT_DENY);
    assert_true(sim_budget_work_used(b) - before >= 300 * 2); /* a unit and its bytes each */
    policy_free(p);
    sim_budget_free(b);
}

static void test_a_backtracking_wildcard_pays_for_its_steps(void **state)
{
    (void)state;
    /* "*aaa...ab" against a long resource of a's: the star retries at
     * every place, and each try matches the a's before failing on the b:
     * pattern x text steps. */
    static char text[20 * 1024], pattern[2048], resource[4096];
    pattern[0] = '*';
    memset(pattern + 1, 'a', sizeof pattern - 3);
    pattern[sizeof pattern - 2] = 'b';
    pattern[sizeof pattern - 1] = '\0';
    memset(resource, 'a', sizeof resource - 1);
    resource[sizeof resource - 1] = '\0';
    snprintf(text, sizeof text,
             "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\","
             "\"Resource\":\"%s\"}]}",
             pattern);
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    policy *p = policy_parse_budget(text, strlen(text), 20 * 1024, b, NULL);
    assert_non_null(p);
    policy_request r = request("glacier:DeleteArchive", 1);
    r.resource = resource;
    uint64_t before = sim_budget_work_used(b);
    policy_result res = policy_evaluate(p, &r);
    assert_int_equal(res.decision, POLICY_IMPLICIT_DENY);
    uint64_t paid = sim_budget_work_used(b) - before;
    /* Far more than the pattern's bytes: its steps. */
    assert_true(paid > 100 * strlen(pattern));
    policy_free(p);
    sim_budget_free(b);
}

static void test_evaluation_stops_when_the_budget_is_spent(void **state)
{
    (void)state;
    sim_budget *b = sim_budget_new(DEFAULT_WORK, DEFAULT_MEMORY);
    policy *p = policy_parse_budget(lock_policy, strlen(lock_policy), 20 * 1024, b, NULL);
    sim_budget_stop(b);
    policy_request r = request("glacier:DeleteArchive", 100);
    policy_result res = policy_evaluate(p, &r);
    assert_true(res.budget_spent);
    assert_int_equal(res.decision, POLICY_IMPLICIT_DENY);
    assert_int_equal(res.statement, -1);
    assert_null(res.sid);
    policy_free(p);
    assert_int_equal(sim_budget_memory_used(b), 0);
    sim_budget_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_evaluation_within_budget_is_unchanged),
        cmocka_unit_test(test_parse_is_charged_by_the_byte),
        cmocka_unit_test(test_parse_fails_cleanly_at_the_memory_cap),
        cmocka_unit_test(test_evaluation_charges_each_statement),
        cmocka_unit_test(test_a_backtracking_wildcard_pays_for_its_steps),
        cmocka_unit_test(test_evaluation_stops_when_the_budget_is_spent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
