/* The IAM-style policy engine: parsing, every condition operator, wildcards,
 * Deny over Allow, and the errors a learner sees for a broken policy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/policy.h"

#define VAULT "arn:aws:glacier:us-east-1:123456789012:vaults/audit-logs"
#define OWNER "arn:aws:iam::123456789012:root"

/* The AWS developer guide's vault lock example: "deny deletion permissions
 * for archives less than 365 days old". */
static const char age_lock[] =
    "{\n"
    "  \"Version\": \"2012-10-17\",\n"
    "  \"Statement\": [\n"
    "    {\n"
    "      \"Sid\": \"deny-based-on-archive-age\",\n"
    "      \"Principal\": \"*\",\n"
    "      \"Effect\": \"Deny\",\n"
    "      \"Action\": \"glacier:DeleteArchive\",\n"
    "      \"Resource\": [\"" VAULT "\"],\n"
    "      \"Condition\": { \"NumericLessThan\": { \"glacier:ArchiveAgeInDays\": \"365\" } }\n"
    "    }\n"
    "  ]\n"
    "}\n";

static policy *parse_ok(const char *text)
{
    sim_error err;
    policy *p = policy_parse(text, strlen(text), 20 * 1024, &err);
    if (!p) fail_msg("policy refused: %s", err.message);
    return p;
}

static policy_request req(const char *action, int64_t age)
{
    policy_request r = {
        .action = action,
        .resource = VAULT,
        .principal = OWNER,
        .principal_account = "123456789012",
        .has_archive_age = age >= 0,
        .archive_age_days = age,
    };
    return r;
}

/* A one-statement policy with the given Effect, Action and Condition. */
static policy *one(const char *effect, const char *action_json, const char *cond_json)
{
    char buf[2048];
    snprintf(buf, sizeof buf,
             "{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"s1\",\"Effect\":\"%s\","
             "\"Principal\":\"*\",\"Action\":%s,\"Resource\":\"" VAULT "\"%s%s}}",
             effect, action_json, cond_json ? ",\"Condition\":" : "", cond_json ? cond_json : "");
    return parse_ok(buf);
}

static policy_decision decide(const policy *p, const policy_request *r)
{
    return policy_evaluate(p, r).decision;
}

static void test_lock_example_denies_delete_of_100_day_old_archive(void **state)
{
    (void)state;
    policy *p = parse_ok(age_lock);
    policy_request r = req("glacier:DeleteArchive", 100);
    policy_result res = policy_evaluate(p, &r);
    assert_int_equal(res.decision, POLICY_EXPLICIT_DENY);
    assert_int_equal(res.statement, 0);
    assert_string_equal(res.sid, "deny-based-on-archive-age");
    policy_free(p);
}

static void test_lock_example_does_not_apply_to_400_day_old_archive(void **state)
{
    (void)state;
    policy *p = parse_ok(age_lock);
    policy_request r = req("glacier:DeleteArchive", 400);
    policy_result res = policy_evaluate(p, &r);
    assert_int_equal(res.decision, POLICY_IMPLICIT_DENY);
    assert_int_equal(res.statement, -1);
    assert_null(res.sid);
    policy_free(p);
}

static void test_numeric_less_than_excludes_the_boundary(void **state)
{
    (void)state;
    policy *p = parse_ok(age_lock);
    policy_request r = req("glacier:DeleteArchive", 364);
    assert_int_equal(decide(p, &r), POLICY_EXPLICIT_DENY);
    r.archive_age_days = 365;
    assert_int_equal(decide(p, &r), POLICY_IMPLICIT_DENY);
    policy_free(p);
}

static void test_numeric_operators_compare_as_documented(void **state)
{
    (void)state;
    static const struct {
        const char *op;
        int64_t age;
        bool applies;
    } cases[] = {
        {"NumericLessThanEquals", 365, true},
        {"NumericLessThanEquals", 366, false},
        {"NumericGreaterThan", 365, false},
        {"NumericGreaterThan", 366, true},
        {"NumericGreaterThanEquals", 365, true},
        {"NumericGreaterThanEquals", 364, false},
        {"NumericEquals", 365, true},
        {"NumericEquals", 364, false},
        {"NumericNotEquals", 364, true},
        {"NumericNotEquals", 365, false},
        {"NumericLessThan", 10, true},
        {"NumericLessThan", 365, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char cond[128];
        snprintf(cond, sizeof cond, "{\"%s\":{\"glacier:ArchiveAgeInDays\":\"365\"}}", cases[i].op);
        policy *p = one("Allow", "\"glacier:DeleteArchive\"", cond);
        policy_request r = req("glacier:DeleteArchive", cases[i].age);
        if ((decide(p, &r) == POLICY_ALLOW) != cases[i].applies)
            fail_msg("%s with age %lld", cases[i].op, (long long)cases[i].age);
        policy_free(p);
    }
}

static void test_numeric_value_may_be_a_json_number(void **state)
{
    (void)state;
    policy *p = one("Deny", "\"glacier:DeleteArchive\"",
                    "{\"NumericLessThan\":{\"glacier:ArchiveAgeInDays\":365}}");
    policy_request r = req("glacier:DeleteArchive", 30);
    assert_int_equal(decide(p, &r), POLICY_EXPLICIT_DENY);
    policy_free(p);
}

static void test_condition_keys_are_case_insensitive(void **state)
{
    (void)state;
    /* AWS's own examples spell it glacier:ArchiveAgeinDays too. */
    policy *p = one("Deny", "\"glacier:DeleteArchive\"",
                    "{\"NumericLessThanEquals\":{\"GLACIER:archiveageindays\":\"365\"}}");
    policy_request r = req("glacier:DeleteArchive", 365);
    assert_int_equal(decide(p, &r), POLICY_EXPLICIT_DENY);
    policy_free(p);
}

static void test_missing_condition_key_makes_positive_operator_fail(void **state)
{
    (void)state;
    policy *p = parse_ok(age_lock);
    policy_request r = req("glacier:DeleteArchive", -1); /* no archive in the context */
    assert_int_equal(decide(p, &r), POLICY_IMPLICIT_DENY);
    policy_free(p);
}

static void test_string_equals_and_value_lists_are_or(void **state)
{
    (void)state;
    policy *p = one("Allow", "\"glacier:UploadArchive\"",
                    "{\"StringEquals\":{\"aws:PrincipalAccount\":[\"111122223333\","
                    "\"444455556666\"]}}");
    policy_request r = req("glacier:UploadArchive", -1);
    r.principal_account = "444455556666";
    assert_int_equal(decide(p, &r), POLICY_ALLOW);
    r.principal_account = "999999999999";
    assert_int_equal(decide(p, &r), POLICY_IMPLICIT_DENY);
    policy_free(p);
}

static void test_string_equals_is_case_sensitive_but_ignore_case_is_not(void **state)
{
    (void)state;
    policy_tag tag = {"Stage", "Prod"};
    policy_request r = req("glacier:DeleteArchive", -1);
    r.tags = &tag;
    r.ntags = 1;
    policy *p =
        one("Deny", "\"glacier:*\"", "{\"StringEquals\":{\"glacier:ResourceTag/Stage\":\"prod\"}}");
    assert_int_equal(decide(p, &r), POLICY_IMPLICIT_DENY);
    policy_free(p);
    p = one("Deny", "\"glacier:*\"",
            "{\"StringEqualsIgnoreCase\":{\"glacier:ResourceTag/Stage\":\"prod\"}}");
    assert_int_equal(decide(p, &r), POLICY_EXPLICIT_DENY);
    policy_free(p);
}

static void test_string_like_supports_star_and_question_mark(void **state)
{
    (void)state;
    policy_tag tag = {"LegalHold", "case-2024-17"};
    policy_request r = req("glacier:DeleteArchive", -1);
    r.tags = &tag;
    r.ntags = 1;
    policy *p = one("Deny", "\"glacier:DeleteArchive\"",
                    "{\"StringLike\":{\"glacier:ResourceTag/legalhold\":\"case-20?\?-*\"}}");
    assert_int_equal(decide(p, &r), POLICY_EXPLICIT_DENY);
    tag.value = "case-24-17";
    assert_int_equal(decide(p, &r), POLICY_IMPLICIT_DENY);
    policy_free(p);
}

static void test_string_not_equals_holds_when_key_is_missing(void **state)
{
    (void)state;
    policy *p = one("Deny", "\"glacier:DeleteArchive\"",
                    "{\"StringNotEquals\":{\"glacier:ResourceTag/Owner\":\"audit\"}}");
    policy_request r = req("glacier:DeleteArchive", -1);
    assert_int_equal(decide(p, &r), POLICY_EXPLICIT_DENY);
    policy_tag tag = {"Owner", "audit"};
    r.tags = &tag;
    r.ntags = 1;
    assert_int_equal(decide(p, &r), POLICY_IMPLICIT_DENY);
    policy_free(p);
}

static void test_bool_mfa_true_false_and_absent(void **state)
{
    (void)state;
    policy *p =
        one("Allow", "\"glacier:Delete*\"", "{\"Bool\":{\"aws:MultiFactorAuthPresent\":true}}");
    policy_request r = req("glacier:DeleteArchive", 10);
    r.mfa = POLICY_KEY_TRUE;
    assert_int_equal(decide(p, &r), POLICY_ALLOW);
    r.mfa = POLICY_KEY_FALSE;
    assert_int_equal(decide(p, &r), POLICY_IMPLICIT_DENY);
    policy_free(p);
    /* A Deny on "false" does not catch a request without the key at all:
     * the reason AWS recommends BoolIfExists. */
    p = one("Deny", "\"glacier:Delete*\"", "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"false\"}}");
    r.mfa = POLICY_KEY_ABSENT;
    assert_int_equal(decide(p, &r), POLICY_IMPLICIT_DENY);
    r.mfa = POLICY_KEY_FALSE;
    assert_int_equal(decide(p, &r), POLICY_EXPLICIT_DENY);
    policy_free(p);
    p = one("Deny", "\"glacier:Delete*\"",
            "{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"false\"}}");
    r.mfa = POLICY_KEY_ABSENT;
    assert_int_equal(decide(p, &r), POLICY_EXPLICIT_DENY);
    r.mfa = POLICY_KEY_TRUE;
    assert_int_equal(decide(p, &r), POLICY_IMPLICIT_DENY);
    policy_free(p);
}

static void test_null_operator_tests_key_presence(void **state)
{
    (void)state;
    policy *p = one("Deny", "\"glacier:*\"", "{\"Null\":{\"glacier:ResourceTag/Owner\":\"true\"}}");
    policy_request r = req("glacier:UploadArchive", -1);
    assert_int_equal(decide(p, &r), POLICY_EXPLICIT_DENY);
    policy_tag tag = {"Owner", "x"};
    r.tags = &tag;
    r.ntags = 1;
    assert_int_equal(decide(p, &r), POLICY_IMPLICIT_DENY);
    policy_free(p);
}

static void test_several_conditions_must_all_hold(void **state)
{
    (void)state;
    policy *p = one("Deny", "\"glacier:DeleteArchive\"",
                    "{\"NumericLessThan\":{\"glacier:ArchiveAgeInDays\":\"365\"},"
                    "\"StringEquals\":{\"aws:PrincipalAccount\":\"123456789012\"}}");
    policy_request r = req("glacier:DeleteArchive", 10);
    assert_int_equal(decide(p, &r), POLICY_EXPLICIT_DENY);
    r.principal_account = "444455556666";
    assert_int_equal(decide(p, &r), POLICY_IMPLICIT_DENY);
    policy_free(p);
}

static void test_action_wildcards_and_case(void **state)
{
    (void)state;
    policy *p = one("Allow", "\"glacier:Delete*\"", NULL);
    policy_request r = req("glacier:DeleteArchive", -1);
    assert_int_equal(decide(p, &r), POLICY_ALLOW);
    r.action = "glacier:DeleteVaultAccessPolicy";
    assert_int_equal(decide(p, &r), POLICY_ALLOW);
    r.action = "GLACIER:deletearchive"; /* action names match case-insensitively */
    assert_int_equal(decide(p, &r), POLICY_ALLOW);
    r.action = "glacier:UploadArchive";
    assert_int_equal(decide(p, &r), POLICY_IMPLICIT_DENY);
    policy_free(p);
    p = one("Allow", "\"*\"", NULL);
    r.action = "glacier:InitiateJob";
    assert_int_equal(decide(p, &r), POLICY_ALLOW);
    policy_free(p);
    p = one("Allow", "[\"glacier:Get?obOutput\",\"glacier:UploadArchive\"]", NULL);
    r.action = "glacier:GetJobOutput";
    assert_int_equal(decide(p, &r), POLICY_ALLOW);
    r.action = "glacier:DeleteArchive";
    assert_int_equal(decide(p, &r), POLICY_IMPLICIT_DENY);
    policy_free(p);
}

static void test_resource_wildcards(void **state)
{
    (void)state;
    policy *p = parse_ok("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                         "\"Principal\":\"*\",\"Action\":\"glacier:*\",\"Resource\":"
                         "\"arn:aws:glacier:*:123456789012:vaults/audit-*\"}]}");
    policy_request r = req("glacier:UploadArchive", -1);
    assert_int_equal(decide(p, &r), POLICY_ALLOW);
    r.resource = "arn:aws:glacier:eu-west-1:123456789012:vaults/audit-2024";
    assert_int_equal(decide(p, &r), POLICY_ALLOW);
    r.resource = "arn:aws:glacier:us-east-1:123456789012:vaults/media";
    assert_int_equal(decide(p, &r), POLICY_IMPLICIT_DENY);
    r.resource = "arn:aws:glacier:us-east-1:999999999999:vaults/audit-logs";
    assert_int_equal(decide(p, &r), POLICY_IMPLICIT_DENY);
    policy_free(p);
}

static void test_not_action_and_not_resource(void **state)
{
    (void)state;
    policy *p = parse_ok("{\"Statement\":{\"Sid\":\"read-only\",\"Effect\":\"Deny\",\"Principal\":"
                         "\"*\",\"NotAction\":[\"glacier:Get*\",\"glacier:Describe*\"]}}");
    policy_request r = req("glacier:DeleteArchive", -1);
    assert_int_equal(decide(p, &r), POLICY_EXPLICIT_DENY);
    r.action = "glacier:GetJobOutput";
    assert_int_equal(decide(p, &r), POLICY_IMPLICIT_DENY);
    policy_free(p);
    p = parse_ok("{\"Statement\":{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"*\","
                 "\"NotResource\":\"arn:aws:glacier:*:*:vaults/public-*\"}}");
    r.action = "glacier:UploadArchive";
    assert_int_equal(decide(p, &r), POLICY_EXPLICIT_DENY);
    r.resource = "arn:aws:glacier:us-east-1:123456789012:vaults/public-data";
    assert_int_equal(decide(p, &r), POLICY_IMPLICIT_DENY);
    policy_free(p);
}

static void test_deny_beats_allow_in_either_order(void **state)
{
    (void)state;
    static const char allow[] = "{\"Sid\":\"allow-all\",\"Effect\":\"Allow\",\"Principal\":\"*\","
                                "\"Action\":\"glacier:*\",\"Resource\":\"*\"}";
    static const char deny[] = "{\"Sid\":\"no-deletes\",\"Effect\":\"Deny\",\"Principal\":\"*\","
                               "\"Action\":\"glacier:DeleteArchive\",\"Resource\":\"*\"}";
    char buf[512];
    for (int order = 0; order < 2; order++) {
        snprintf(buf, sizeof buf, "{\"Version\":\"2012-10-17\",\"Statement\":[%s,%s]}",
                 order ? deny : allow, order ? allow : deny);
        policy *p = parse_ok(buf);
        policy_request r = req("glacier:DeleteArchive", -1);
        policy_result res = policy_evaluate(p, &r);
        assert_int_equal(res.decision, POLICY_EXPLICIT_DENY);
        assert_string_equal(res.sid, "no-deletes");
        assert_int_equal(res.statement, order ? 0 : 1);
        r.action = "glacier:UploadArchive";
        res = policy_evaluate(p, &r);
        assert_int_equal(res.decision, POLICY_ALLOW);
        assert_string_equal(res.sid, "allow-all");
        policy_free(p);
    }
}

static void test_principal_forms(void **state)
{
    (void)state;
    static const struct {
        const char *principal_json;
        const char *caller;
        const char *account;
        bool match;
    } cases[] = {
        {"\"*\"", NULL, NULL, true},
        {"{\"AWS\":\"*\"}", "arn:aws:iam::444455556666:user/x", "444455556666", true},
        {"{\"AWS\":\"444455556666\"}", "arn:aws:iam::444455556666:user/x", "444455556666", true},
        {"{\"AWS\":\"arn:aws:iam::444455556666:root\"}", "arn:aws:iam::444455556666:user/x",
         "444455556666", true},
        {"{\"AWS\":\"arn:aws:iam::444455556666:root\"}", "arn:aws:iam::111122223333:root",
         "111122223333", false},
        {"{\"AWS\":[\"arn:aws:iam::444455556666:user/Lawyer1\"]}",
         "arn:aws:iam::444455556666:user/Lawyer1", "444455556666", true},
        {"{\"AWS\":[\"arn:aws:iam::444455556666:user/Lawyer1\"]}",
         "arn:aws:iam::444455556666:user/Intern", "444455556666", false},
        {"{\"Service\":\"glacier.amazonaws.com\"}", "arn:aws:iam::444455556666:root",
         "444455556666", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[512];
        snprintf(
            buf, sizeof buf,
            "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":%s,\"Action\":\"glacier:*\"}]}",
            cases[i].principal_json);
        policy *p = parse_ok(buf);
        policy_request r = req("glacier:UploadArchive", -1);
        r.principal = cases[i].caller;
        r.principal_account = cases[i].account;
        if ((decide(p, &r) == POLICY_ALLOW) != cases[i].match) fail_msg("case %zu", i);
        policy_free(p);
    }
}

static void expect_error(const char *text, sim_status code, const char *starts_with)
{
    sim_error err;
    policy *p = policy_parse(text, strlen(text), 20 * 1024, &err);
    assert_null(p);
    assert_int_equal(err.code, code);
    if (strncmp(err.message, starts_with, strlen(starts_with)) != 0)
        fail_msg("expected \"%s...\", got \"%s\"", starts_with, err.message);
}

static void test_malformed_json_reports_line_and_column(void **state)
{
    (void)state;
    /* A missing comma after "Deny" on line 3: jansson stops at the token
     * it did not expect, "Action" on line 4 (columns 5 to 12), and reports
     * the column of its last character. */
    expect_error("{\n  \"Statement\": {\n    \"Effect\": \"Deny\"\n    \"Action\": \"*\"\n  }\n}",
                 SIM_INVALID_PARAMETER_VALUE, "line 4, column 12: '}' expected near '\"Action\"'");
    expect_error("{\"Statement\": [", SIM_INVALID_PARAMETER_VALUE, "line 1, column");
}

static void test_duplicate_keys_are_rejected(void **state)
{
    (void)state;
    expect_error("{\"Statement\":{\"Effect\":\"Allow\",\"Effect\":\"Deny\",\"Action\":\"*\"}}",
                 SIM_INVALID_PARAMETER_VALUE, "line 1, column");
}

static void test_bad_effect_points_at_its_line_and_column(void **state)
{
    (void)state;
    expect_error("{\n  \"Statement\": [\n    {\n      \"Effect\": \"Alow\",\n"
                 "      \"Action\": \"*\"\n    }\n  ]\n}",
                 SIM_INVALID_PARAMETER_VALUE, "line 4, column 17: Statement[0].Effect");
}

static void test_semantic_errors_are_refused(void **state)
{
    (void)state;
    expect_error("{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\",\"Condition\":"
                 "{\"NumericSmallerThan\":{\"glacier:ArchiveAgeInDays\":\"1\"}}}}",
                 SIM_INVALID_PARAMETER_VALUE, "line 1, column");
    expect_error("{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\",\"Condition\":"
                 "{\"NumericLessThan\":{\"glacier:ArchiveAgeInDays\":\"a year\"}}}}",
                 SIM_INVALID_PARAMETER_VALUE, "line 1, column");
    expect_error("{\"Statement\":{\"Action\":\"*\"}}", SIM_INVALID_PARAMETER_VALUE, "line 1");
    expect_error("{\"Statement\":{\"Effect\":\"Deny\"}}", SIM_INVALID_PARAMETER_VALUE, "line 1");
    expect_error("{\"Statement\":[]}", SIM_INVALID_PARAMETER_VALUE, "line 1");
    expect_error("{\"Version\":\"2012-10-17\"}", SIM_INVALID_PARAMETER_VALUE,
                 "line 1, column 1: the policy has no Statement");
    expect_error(
        "{\"Version\":\"2020-01-01\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\"}}",
        SIM_INVALID_PARAMETER_VALUE, "line 1");
    expect_error("[1,2]", SIM_INVALID_PARAMETER_VALUE, "line 1, column 1: a policy must be");
    expect_error("{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"DeleteArchive\"}}",
                 SIM_INVALID_PARAMETER_VALUE, "line 1");
}

static void test_empty_policy_is_a_missing_parameter(void **state)
{
    (void)state;
    sim_error err;
    assert_null(policy_parse("", 0, 0, &err));
    assert_int_equal(err.code, SIM_MISSING_PARAMETER_VALUE);
}

/* Pads the lock example with spaces to exactly n bytes. */
static char *padded(size_t n)
{
    size_t base = strlen(age_lock);
    char *buf = malloc(n + 1);
    memcpy(buf, age_lock, base);
    memset(buf + base, ' ', n - base);
    buf[n] = '\0';
    return buf;
}

static void test_policy_of_20_kb_is_accepted_and_one_byte_more_is_not(void **state)
{
    (void)state;
    sim_error err;
    char *ok = padded(20 * 1024);
    policy *p = policy_parse(ok, 20 * 1024, 20 * 1024, &err);
    assert_non_null(p);
    policy_free(p);
    free(ok);
    char *big = padded(20 * 1024 + 1);
    assert_null(policy_parse(big, 20 * 1024 + 1, 20 * 1024, &err));
    assert_int_equal(err.code, SIM_INVALID_PARAMETER_VALUE);
    assert_non_null(strstr(err.message, "20 KB"));
    free(big);
}

static void test_statement_may_be_a_single_object(void **state)
{
    (void)state;
    policy *p = one("Deny", "\"glacier:DeleteArchive\"", NULL);
    assert_int_equal(policy_statement_count(p), 1);
    assert_string_equal(policy_statement_sid(p, 0), "s1");
    assert_non_null(strstr(policy_text(p), "\"Sid\":\"s1\""));
    policy_free(p);
}

static void test_wildcard_matching(void **state)
{
    (void)state;
    assert_true(policy_wildcard_match("a*b?c", "aXXXbYc", false));
    assert_true(policy_wildcard_match("*", "", false));
    assert_true(policy_wildcard_match("a**", "a", false));
    assert_false(policy_wildcard_match("a?", "a", false));
    assert_false(policy_wildcard_match("abc", "ABC", false));
    assert_true(policy_wildcard_match("abc", "ABC", true));
    assert_true(policy_wildcard_match("*a*a*a*b", "aaaaaaaaaaaaaaaab", false));
    assert_false(policy_wildcard_match("*a*a*a*b", "aaaaaaaaaaaaaaaaa", false));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lock_example_denies_delete_of_100_day_old_archive),
        cmocka_unit_test(test_lock_example_does_not_apply_to_400_day_old_archive),
        cmocka_unit_test(test_numeric_less_than_excludes_the_boundary),
        cmocka_unit_test(test_numeric_operators_compare_as_documented),
        cmocka_unit_test(test_numeric_value_may_be_a_json_number),
        cmocka_unit_test(test_condition_keys_are_case_insensitive),
        cmocka_unit_test(test_missing_condition_key_makes_positive_operator_fail),
        cmocka_unit_test(test_string_equals_and_value_lists_are_or),
        cmocka_unit_test(test_string_equals_is_case_sensitive_but_ignore_case_is_not),
        cmocka_unit_test(test_string_like_supports_star_and_question_mark),
        cmocka_unit_test(test_string_not_equals_holds_when_key_is_missing),
        cmocka_unit_test(test_bool_mfa_true_false_and_absent),
        cmocka_unit_test(test_null_operator_tests_key_presence),
        cmocka_unit_test(test_several_conditions_must_all_hold),
        cmocka_unit_test(test_action_wildcards_and_case),
        cmocka_unit_test(test_resource_wildcards),
        cmocka_unit_test(test_not_action_and_not_resource),
        cmocka_unit_test(test_deny_beats_allow_in_either_order),
        cmocka_unit_test(test_principal_forms),
        cmocka_unit_test(test_malformed_json_reports_line_and_column),
        cmocka_unit_test(test_duplicate_keys_are_rejected),
        cmocka_unit_test(test_bad_effect_points_at_its_line_and_column),
        cmocka_unit_test(test_semantic_errors_are_refused),
        cmocka_unit_test(test_empty_policy_is_a_missing_parameter),
        cmocka_unit_test(test_policy_of_20_kb_is_accepted_and_one_byte_more_is_not),
        cmocka_unit_test(test_statement_may_be_a_single_object),
        cmocka_unit_test(test_wildcard_matching),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
