/* Glacier vaults, authorization and the Vault Lock lifecycle, against
 * aws-facts.md ("Glacier vaults and Vault Lock"). */
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

#define DAY SIM_MS_PER_DAY
#define HOUR SIM_MS_PER_HOUR

typedef struct fx {
    sim_clock *clock;
    sim_rng *rng;
    glacier *g;
    glacier_vault *v;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    f->rng = sim_rng_new(42);
    f->g = glacier_new(NULL, f->clock, f->rng);
    f->v = glacier_create_vault(f->g, "audit-logs", NULL);
    *state = f;
    return f->v ? 0 : -1;
}

static int teardown(void **state)
{
    fx *f = *state;
    glacier_free(f->g);
    sim_rng_free(f->rng);
    sim_clock_free(f->clock);
    free(f);
    return 0;
}

static const char age_lock[] =
    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"deny-based-on-archive-age\","
    "\"Principal\":\"*\",\"Effect\":\"Deny\",\"Action\":\"glacier:DeleteArchive\","
    "\"Resource\":\"arn:aws:glacier:us-east-1:123456789012:vaults/audit-logs\","
    "\"Condition\":{\"NumericLessThan\":{\"glacier:ArchiveAgeInDays\":\"365\"}}}]}";

static void upload(fx *f, const char *age, char id[GLACIER_ID_LEN + 1])
{
    glacier_upload_opts o = {.size = 2 * SIM_GB};
    if (age) assert_true(sim_duration_parse(age, &o.age_ms));
    assert_int_equal(glacier_upload(f->v, &o, id, NULL), SIM_OK);
}

static void initiate(fx *f, char lock_id[GLACIER_ID_LEN + 1])
{
    glacier_call c = {0};
    if (glacier_initiate_lock(f->v, age_lock, strlen(age_lock), lock_id, &c) != SIM_OK)
        fail_msg("InitiateVaultLock: %s", c.err.message);
}

static void expect(sim_status got, const glacier_call *c, sim_status want, const char *name,
                   int http)
{
    assert_int_equal(got, want);
    assert_int_equal(c->err.code, want);
    assert_string_equal(sim_status_name(got), name);
    assert_int_equal(sim_status_http(got), http);
}

/* --- archives ------------------------------------------------------------- */

static void test_upload_records_size_and_backdated_upload_time(void **state)
{
    fx *f = *state;
    char id[GLACIER_ID_LEN + 1];
    upload(f, "400d", id);
    glacier_archive_info a;
    assert_true(glacier_archive_find(f->v, id, &a));
    assert_int_equal(a.size, 2 * SIM_GB);
    assert_int_equal(a.uploaded_ms, SIM_CLOCK_DEFAULT_EPOCH_MS - 400 * DAY);
    assert_int_equal(a.age_days, 400);
    assert_int_equal(glacier_archive_count(f->v), 1);
    assert_int_equal(strlen(id), GLACIER_ID_LEN);
}

static void test_delete_unknown_archive_is_resource_not_found(void **state)
{
    fx *f = *state;
    glacier_call c = {0};
    expect(glacier_delete_archive(f->v, "nope", &c), &c, SIM_RESOURCE_NOT_FOUND,
           "ResourceNotFoundException", 404);
}

static void test_create_vault_is_idempotent_and_builds_the_arn(void **state)
{
    fx *f = *state;
    assert_ptr_equal(glacier_create_vault(f->g, "audit-logs", NULL), f->v);
    assert_string_equal(glacier_vault_arn(f->v),
                        "arn:aws:glacier:us-east-1:123456789012:vaults/audit-logs");
    sim_error err;
    assert_null(glacier_create_vault(f->g, "bad name!", &err));
    assert_int_equal(err.code, SIM_INVALID_PARAMETER_VALUE);
}

/* --- Vault Lock lifecycle ---------------------------------------------------- */

static void test_initiate_lock_is_in_progress_with_24h_expiry(void **state)
{
    fx *f = *state;
    char lock[GLACIER_ID_LEN + 1];
    initiate(f, lock);
    glacier_lock_info info;
    assert_int_equal(glacier_get_lock(f->v, &info, NULL), SIM_OK);
    assert_int_equal(info.state, GLACIER_LOCK_IN_PROGRESS);
    assert_string_equal(glacier_lock_state_name(info.state), "InProgress");
    assert_string_equal(info.policy, age_lock);
    assert_int_equal(info.creation_ms, SIM_CLOCK_DEFAULT_EPOCH_MS);
    assert_int_equal(info.expiration_ms, SIM_CLOCK_DEFAULT_EPOCH_MS + 24 * HOUR);
}

static void test_lock_policy_applies_at_once_while_in_progress(void **state)
{
    fx *f = *state;
    char young[GLACIER_ID_LEN + 1], old[GLACIER_ID_LEN + 1], lock[GLACIER_ID_LEN + 1];
    upload(f, "100d", young);
    upload(f, "400d", old);
    initiate(f, lock);
    glacier_call c = {0};
    expect(glacier_delete_archive(f->v, young, &c), &c, SIM_ACCESS_DENIED, "AccessDeniedException",
           403);
    assert_int_equal(c.auth.decision, POLICY_EXPLICIT_DENY);
    assert_int_equal(c.auth.source, GLACIER_BY_LOCK);
    assert_string_equal(c.auth.sid, "deny-based-on-archive-age");
    assert_non_null(strstr(c.err.message, "deny-based-on-archive-age"));
    assert_int_equal(glacier_archive_count(f->v), 2);
    assert_int_equal(glacier_delete_archive(f->v, old, &c), SIM_OK);
    assert_int_equal(c.auth.source, GLACIER_BY_IDENTITY);
    assert_int_equal(glacier_archive_count(f->v), 1);
}

static void test_complete_within_24h_locks_and_clears_expiration(void **state)
{
    fx *f = *state;
    char lock[GLACIER_ID_LEN + 1];
    initiate(f, lock);
    sim_clock_advance(f->clock, 23 * HOUR);
    assert_int_equal(glacier_complete_lock(f->v, lock, NULL), SIM_OK);
    glacier_lock_info info;
    assert_int_equal(glacier_get_lock(f->v, &info, NULL), SIM_OK);
    assert_int_equal(info.state, GLACIER_LOCK_LOCKED);
    assert_string_equal(glacier_lock_state_name(info.state), "Locked");
    assert_int_equal(info.expiration_ms, 0);
    assert_int_equal(info.creation_ms, SIM_CLOCK_DEFAULT_EPOCH_MS);
}

static void test_complete_again_with_right_id_is_idempotent(void **state)
{
    fx *f = *state;
    char lock[GLACIER_ID_LEN + 1];
    initiate(f, lock);
    assert_int_equal(glacier_complete_lock(f->v, lock, NULL), SIM_OK);
    sim_clock_advance(f->clock, 400 * DAY);
    assert_int_equal(glacier_complete_lock(f->v, lock, NULL), SIM_OK);
}

static void test_complete_with_wrong_lock_id_is_invalid_parameter(void **state)
{
    fx *f = *state;
    char lock[GLACIER_ID_LEN + 1];
    initiate(f, lock);
    glacier_call c = {0};
    expect(glacier_complete_lock(f->v, "wrong-lock-id", &c), &c, SIM_INVALID_PARAMETER_VALUE,
           "InvalidParameterValueException", 400);
    glacier_lock_info info;
    glacier_get_lock(f->v, &info, NULL);
    assert_int_equal(info.state, GLACIER_LOCK_IN_PROGRESS);
}

static void test_complete_with_wrong_id_when_locked_is_access_denied(void **state)
{
    fx *f = *state;
    char lock[GLACIER_ID_LEN + 1];
    initiate(f, lock);
    assert_int_equal(glacier_complete_lock(f->v, lock, NULL), SIM_OK);
    glacier_call c = {0};
    expect(glacier_complete_lock(f->v, "wrong-lock-id", &c), &c, SIM_ACCESS_DENIED,
           "AccessDeniedException", 403);
}

static void test_complete_without_lock_id_is_missing_parameter(void **state)
{
    fx *f = *state;
    char lock[GLACIER_ID_LEN + 1];
    initiate(f, lock);
    glacier_call c = {0};
    expect(glacier_complete_lock(f->v, "", &c), &c, SIM_MISSING_PARAMETER_VALUE,
           "MissingParameterValueException", 400);
}

static void test_initiate_while_in_progress_is_access_denied(void **state)
{
    fx *f = *state;
    char lock[GLACIER_ID_LEN + 1], again[GLACIER_ID_LEN + 1];
    initiate(f, lock);
    glacier_call c = {0};
    expect(glacier_initiate_lock(f->v, age_lock, strlen(age_lock), again, &c), &c,
           SIM_ACCESS_DENIED, "AccessDeniedException", 403);
    /* The first lock is untouched: its ID still completes it. */
    assert_int_equal(glacier_complete_lock(f->v, lock, NULL), SIM_OK);
}

static void test_initiate_abort_while_locked_are_access_denied(void **state)
{
    fx *f = *state;
    char lock[GLACIER_ID_LEN + 1], again[GLACIER_ID_LEN + 1];
    initiate(f, lock);
    assert_int_equal(glacier_complete_lock(f->v, lock, NULL), SIM_OK);
    glacier_call c = {0};
    expect(glacier_initiate_lock(f->v, age_lock, strlen(age_lock), again, &c), &c,
           SIM_ACCESS_DENIED, "AccessDeniedException", 403);
    expect(glacier_abort_lock(f->v, &c), &c, SIM_ACCESS_DENIED, "AccessDeniedException", 403);
    glacier_lock_info info;
    assert_int_equal(glacier_get_lock(f->v, &info, NULL), SIM_OK);
    assert_int_equal(info.state, GLACIER_LOCK_LOCKED);
}

static void test_abort_in_progress_removes_the_policy(void **state)
{
    fx *f = *state;
    char young[GLACIER_ID_LEN + 1], lock[GLACIER_ID_LEN + 1];
    upload(f, "100d", young);
    initiate(f, lock);
    assert_int_equal(glacier_abort_lock(f->v, NULL), SIM_OK);
    glacier_call c = {0};
    glacier_lock_info info;
    expect(glacier_get_lock(f->v, &info, &c), &c, SIM_RESOURCE_NOT_FOUND,
           "ResourceNotFoundException", 404);
    assert_int_equal(glacier_delete_archive(f->v, young, NULL), SIM_OK);
    /* Initiate may be called again, with a new lock ID. */
    char again[GLACIER_ID_LEN + 1];
    initiate(f, again);
    assert_string_not_equal(lock, again);
}

static void test_abort_with_no_policy_succeeds(void **state)
{
    fx *f = *state;
    assert_int_equal(glacier_abort_lock(f->v, NULL), SIM_OK);
}

static void test_get_lock_without_policy_is_resource_not_found(void **state)
{
    fx *f = *state;
    glacier_call c = {0};
    glacier_lock_info info;
    expect(glacier_get_lock(f->v, &info, &c), &c, SIM_RESOURCE_NOT_FOUND,
           "ResourceNotFoundException", 404);
}

static void test_lock_id_expires_after_24h_and_policy_is_removed(void **state)
{
    fx *f = *state;
    char young[GLACIER_ID_LEN + 1], lock[GLACIER_ID_LEN + 1];
    upload(f, "100d", young);
    initiate(f, lock);
    sim_clock_advance(f->clock, 25 * HOUR);
    glacier_call c = {0};
    glacier_lock_info info;
    expect(glacier_get_lock(f->v, &info, &c), &c, SIM_RESOURCE_NOT_FOUND,
           "ResourceNotFoundException", 404);
    expect(glacier_complete_lock(f->v, lock, &c), &c, SIM_INVALID_PARAMETER_VALUE,
           "InvalidParameterValueException", 400);
    assert_int_equal(glacier_delete_archive(f->v, young, NULL), SIM_OK);
    /* The timeline stamps the expiry at +24 h, not when it was noticed. */
    bool seen = false;
    for (size_t i = 0; i < glacier_event_count(f->v); i++) {
        const glacier_event *e = glacier_event_at(f->v, i);
        if (strcmp(e->what, "LockExpired") == 0) {
            assert_int_equal(e->at_ms, SIM_CLOCK_DEFAULT_EPOCH_MS + 24 * HOUR);
            seen = true;
        }
        if (i > 0) assert_true(e->at_ms >= glacier_event_at(f->v, i - 1)->at_ms);
    }
    assert_true(seen);
    char again[GLACIER_ID_LEN + 1];
    initiate(f, again);
}

static void test_lock_still_in_progress_just_before_24h(void **state)
{
    fx *f = *state;
    char lock[GLACIER_ID_LEN + 1];
    initiate(f, lock);
    sim_clock_advance(f->clock, 24 * HOUR - 1);
    assert_int_equal(glacier_complete_lock(f->v, lock, NULL), SIM_OK);
}

static void test_locked_policy_is_immutable_forever(void **state)
{
    fx *f = *state;
    char lock[GLACIER_ID_LEN + 1];
    initiate(f, lock);
    assert_int_equal(glacier_complete_lock(f->v, lock, NULL), SIM_OK);
    sim_clock_advance(f->clock, 3650 * DAY);
    char young[GLACIER_ID_LEN + 1];
    upload(f, "1d", young);
    glacier_call c = {0};
    assert_int_equal(glacier_delete_archive(f->v, young, &c), SIM_ACCESS_DENIED);
    assert_int_equal(c.auth.source, GLACIER_BY_LOCK);
    glacier_lock_info info;
    assert_int_equal(glacier_get_lock(f->v, &info, NULL), SIM_OK);
    assert_string_equal(info.policy, age_lock);
}

static void test_malformed_lock_policy_reports_position_and_changes_nothing(void **state)
{
    fx *f = *state;
    static const char bad[] =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n"
        "      \"Effect\": \"Deny\",\n      \"Action\": glacier:DeleteArchive\n"
        "    }\n  ]\n}\n";
    char lock[GLACIER_ID_LEN + 1] = "";
    glacier_call c = {0};
    size_t events = glacier_event_count(f->v);
    expect(glacier_initiate_lock(f->v, bad, strlen(bad), lock, &c), &c, SIM_INVALID_PARAMETER_VALUE,
           "InvalidParameterValueException", 400);
    assert_non_null(strstr(c.err.message, "line 6, column"));
    assert_string_equal(lock, "");
    glacier_lock_info info;
    assert_int_equal(glacier_get_lock(f->v, &info, NULL), SIM_RESOURCE_NOT_FOUND);
    assert_int_equal(glacier_event_count(f->v), events);
}

static void test_malformed_access_policy_keeps_the_previous_one(void **state)
{
    fx *f = *state;
    assert_int_equal(glacier_set_access_policy(f->v, age_lock, strlen(age_lock), NULL), SIM_OK);
    glacier_call c = {0};
    expect(glacier_set_access_policy(f->v, "{\"Statement\": }", 15, &c), &c,
           SIM_INVALID_PARAMETER_VALUE, "InvalidParameterValueException", 400);
    assert_non_null(strstr(c.err.message, "line 1, column"));
    assert_string_equal(glacier_get_access_policy(f->v, NULL), age_lock);
}

static void test_lock_policy_over_20_kb_is_refused(void **state)
{
    fx *f = *state;
    size_t n = 20 * 1024 + 1;
    char *big = malloc(n);
    memcpy(big, age_lock, strlen(age_lock));
    memset(big + strlen(age_lock), ' ', n - strlen(age_lock));
    char lock[GLACIER_ID_LEN + 1];
    glacier_call c = {0};
    assert_int_equal(glacier_initiate_lock(f->v, big, n, lock, &c), SIM_INVALID_PARAMETER_VALUE);
    assert_int_equal(glacier_initiate_lock(f->v, big, n - 1, lock, &c), SIM_OK);
    free(big);
}

/* --- access policy and authorization ----------------------------------------------- */

static void test_access_policy_set_get_delete_at_any_time(void **state)
{
    fx *f = *state;
    glacier_call c = {0};
    assert_null(glacier_get_access_policy(f->v, &c));
    assert_int_equal(c.err.code, SIM_RESOURCE_NOT_FOUND);
    char lock[GLACIER_ID_LEN + 1];
    initiate(f, lock);
    assert_int_equal(glacier_complete_lock(f->v, lock, NULL), SIM_OK);
    assert_int_equal(glacier_set_access_policy(f->v, age_lock, strlen(age_lock), NULL), SIM_OK);
    assert_string_equal(glacier_get_access_policy(f->v, NULL), age_lock);
    assert_int_equal(glacier_delete_access_policy(f->v, NULL), SIM_OK);
    assert_int_equal(glacier_delete_access_policy(f->v, NULL), SIM_OK); /* idempotent */
    assert_null(glacier_get_access_policy(f->v, NULL));
}

static void test_other_account_needs_an_allow(void **state)
{
    fx *f = *state;
    glacier_call c = {.principal = "arn:aws:iam::444455556666:user/bob"};
    char id[GLACIER_ID_LEN + 1];
    glacier_upload_opts o = {.size = SIM_MB};
    assert_int_equal(glacier_upload(f->v, &o, id, &c), SIM_ACCESS_DENIED);
    assert_int_equal(c.auth.decision, POLICY_IMPLICIT_DENY);
    static const char cross[] =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"cross-account-upload\","
        "\"Principal\":{\"AWS\":[\"arn:aws:iam::444455556666:root\"]},\"Effect\":\"Allow\","
        "\"Action\":[\"glacier:UploadArchive\"],\"Resource\":[\"arn:aws:glacier:us-east-1:"
        "123456789012:vaults/audit-logs\"]}]}";
    assert_int_equal(glacier_set_access_policy(f->v, cross, strlen(cross), NULL), SIM_OK);
    assert_int_equal(glacier_upload(f->v, &o, id, &c), SIM_OK);
    assert_int_equal(c.auth.source, GLACIER_BY_ACCESS);
    assert_string_equal(c.auth.sid, "cross-account-upload");
    /* A bare account number is that account's root. */
    c.principal = "444455556666";
    assert_int_equal(glacier_upload(f->v, &o, id, &c), SIM_OK);
    c.principal = "arn:aws:iam::444455556666:user/bob";
    assert_int_equal(glacier_delete_archive(f->v, id, &c), SIM_ACCESS_DENIED);
}

static void test_lock_deny_wins_over_access_allow(void **state)
{
    fx *f = *state;
    static const char allow_all[] =
        "{\"Statement\":[{\"Sid\":\"partner-full-access\",\"Principal\":{\"AWS\":\"444455556666\"},"
        "\"Effect\":\"Allow\",\"Action\":\"glacier:*\"}]}";
    assert_int_equal(glacier_set_access_policy(f->v, allow_all, strlen(allow_all), NULL), SIM_OK);
    char young[GLACIER_ID_LEN + 1], lock[GLACIER_ID_LEN + 1];
    upload(f, "10d", young);
    initiate(f, lock);
    glacier_call c = {.principal = "444455556666"};
    assert_int_equal(glacier_delete_archive(f->v, young, &c), SIM_ACCESS_DENIED);
    assert_int_equal(c.auth.source, GLACIER_BY_LOCK);
    assert_string_equal(c.auth.sid, "deny-based-on-archive-age");
}

static void test_access_policy_deny_applies_to_the_owner(void **state)
{
    fx *f = *state;
    static const char mfa[] =
        "{\"Statement\":[{\"Sid\":\"deny-delete-without-mfa\",\"Principal\":\"*\","
        "\"Effect\":\"Deny\",\"Action\":\"glacier:Delete*\",\"Condition\":{\"BoolIfExists\":"
        "{\"aws:MultiFactorAuthPresent\":\"false\"}}}]}";
    assert_int_equal(glacier_set_access_policy(f->v, mfa, strlen(mfa), NULL), SIM_OK);
    char id[GLACIER_ID_LEN + 1];
    upload(f, "400d", id);
    glacier_call c = {0};
    assert_int_equal(glacier_delete_archive(f->v, id, &c), SIM_ACCESS_DENIED);
    assert_int_equal(c.auth.source, GLACIER_BY_ACCESS);
    c.mfa = POLICY_KEY_TRUE;
    assert_int_equal(glacier_delete_archive(f->v, id, &c), SIM_OK);
}

static void test_vault_tags_feed_resource_tag_conditions(void **state)
{
    fx *f = *state;
    static const char hold[] =
        "{\"Statement\":[{\"Sid\":\"no-delete-under-legal-hold\",\"Principal\":\"*\","
        "\"Effect\":\"Deny\",\"Action\":\"glacier:DeleteArchive\",\"Condition\":{\"StringLike\":"
        "{\"glacier:ResourceTag/LegalHold\":[\"true\",\"\"]}}}]}";
    /* Modelled on AWS's legal-hold lock example, whose value list includes
     * an empty string: condition values may be empty. */
    char lock[GLACIER_ID_LEN + 1], id[GLACIER_ID_LEN + 1];
    glacier_call c = {0};
    if (glacier_initiate_lock(f->v, hold, strlen(hold), lock, &c) != SIM_OK)
        fail_msg("%s", c.err.message);
    upload(f, "400d", id);
    assert_int_equal(glacier_tag_vault(f->v, "LegalHold", "true", NULL), SIM_OK);
    assert_int_equal(glacier_delete_archive(f->v, id, &c), SIM_ACCESS_DENIED);
    assert_string_equal(c.auth.sid, "no-delete-under-legal-hold");
    assert_int_equal(glacier_tag_vault(f->v, "LegalHold", "false", NULL), SIM_OK);
    assert_int_equal(glacier_delete_archive(f->v, id, &c), SIM_OK);
}

static void test_authorize_reports_without_acting(void **state)
{
    fx *f = *state;
    char young[GLACIER_ID_LEN + 1], lock[GLACIER_ID_LEN + 1];
    upload(f, "100d", young);
    initiate(f, lock);
    glacier_call c = {0};
    assert_int_equal(glacier_authorize(f->v, "glacier:DeleteArchive", young, &c),
                     SIM_ACCESS_DENIED);
    assert_string_equal(c.auth.sid, "deny-based-on-archive-age");
    assert_int_equal(glacier_authorize(f->v, "UploadArchive", NULL, &c), SIM_OK);
    assert_int_equal(glacier_archive_count(f->v), 1);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_upload_records_size_and_backdated_upload_time),
        T(test_delete_unknown_archive_is_resource_not_found),
        T(test_create_vault_is_idempotent_and_builds_the_arn),
        T(test_initiate_lock_is_in_progress_with_24h_expiry),
        T(test_lock_policy_applies_at_once_while_in_progress),
        T(test_complete_within_24h_locks_and_clears_expiration),
        T(test_complete_again_with_right_id_is_idempotent),
        T(test_complete_with_wrong_lock_id_is_invalid_parameter),
        T(test_complete_with_wrong_id_when_locked_is_access_denied),
        T(test_complete_without_lock_id_is_missing_parameter),
        T(test_initiate_while_in_progress_is_access_denied),
        T(test_initiate_abort_while_locked_are_access_denied),
        T(test_abort_in_progress_removes_the_policy),
        T(test_abort_with_no_policy_succeeds),
        T(test_get_lock_without_policy_is_resource_not_found),
        T(test_lock_id_expires_after_24h_and_policy_is_removed),
        T(test_lock_still_in_progress_just_before_24h),
        T(test_locked_policy_is_immutable_forever),
        T(test_malformed_lock_policy_reports_position_and_changes_nothing),
        T(test_malformed_access_policy_keeps_the_previous_one),
        T(test_lock_policy_over_20_kb_is_refused),
        T(test_access_policy_set_get_delete_at_any_time),
        T(test_other_account_needs_an_allow),
        T(test_lock_deny_wins_over_access_allow),
        T(test_access_policy_deny_applies_to_the_owner),
        T(test_vault_tags_feed_resource_tag_conditions),
        T(test_authorize_reports_without_acting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
