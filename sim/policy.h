#ifndef SIM_POLICY_H
#define SIM_POLICY_H

/* An IAM-style policy engine for resource policies (Glacier vault access and
 * vault lock policies).
 *
 * policy_parse reads the JSON once (jansson, duplicate keys refused) and
 * compiles it into flat arrays: lower-cased action patterns, resource
 * patterns, principals, and conditions whose keys are resolved to an enum and
 * whose numeric values are already numbers. policy_evaluate then walks those
 * arrays without allocating, so one evaluation costs a few hundred
 * nanoseconds (bench/bench_policy.c).
 *
 * Evaluation follows IAM: a statement applies when its Principal, Action (or
 * NotAction), Resource (or NotResource) and every Condition match; an
 * applicable Deny is an explicit deny and beats everything; otherwise an
 * applicable Allow allows; otherwise the request is implicitly denied. The
 * result names the statement that decided it.
 *
 * A policy may be parsed with the script's budget (sim/budget.h,
 * policy_parse_budget): the parse is charged by the byte before it starts,
 * the compiled policy and jansson's tree (an estimate, while it lives)
 * count toward the memory cap, and every evaluation charges each statement
 * it looks at (policy_cost.h has the charges). An evaluation the budget
 * cannot pay for stops, says so (budget_spent) and denies. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/budget.h"
#include "sim/status.h"

typedef struct policy policy;

typedef enum {
    POLICY_IMPLICIT_DENY = 0, /* no statement applied */
    POLICY_ALLOW,             /* an Allow applied and no Deny did */
    POLICY_EXPLICIT_DENY,     /* a Deny applied */
} policy_decision;

/* "allow", "implicit-deny", "explicit-deny". */
const char *policy_decision_name(policy_decision d);

/* A tri-state for boolean context keys: AWS leaves aws:MultiFactorAuthPresent
 * out of the request context altogether for long-term credentials, and a
 * missing key makes `"Bool": {"aws:MultiFactorAuthPresent": "false"}` not
 * match -- a classic trap worth simulating. */
typedef enum { POLICY_KEY_ABSENT = 0, POLICY_KEY_FALSE, POLICY_KEY_TRUE } policy_tristate;

typedef struct policy_tag {
    const char *key;
    const char *value;
} policy_tag;

/* What a request looks like to the evaluator. Strings are borrowed. */
typedef struct policy_request {
    const char *action;            /* "glacier:DeleteArchive" */
    const char *resource;          /* "arn:aws:glacier:us-east-1:123456789012:vaults/logs" */
    const char *principal;         /* "arn:aws:iam::123456789012:user/bob"; NULL = anonymous */
    const char *principal_account; /* "123456789012" (aws:PrincipalAccount); NULL = absent */
    bool has_archive_age;          /* glacier:ArchiveAgeInDays present */
    int64_t archive_age_days;
    policy_tristate mfa;    /* aws:MultiFactorAuthPresent */
    const policy_tag *tags; /* glacier:ResourceTag/<key> (the vault's tags) */
    size_t ntags;
} policy_request;

typedef struct policy_result {
    policy_decision decision;
    int statement;   /* 0-based index of the deciding statement, -1 when none */
    const char *sid; /* its Sid ("" when it has none), NULL when none; owned by the policy */
    /* The policy's budget ran out part way: no answer (the decision says
     * implicit deny); the caller reports SIM_BUDGET_EXCEEDED. */
    bool budget_spent;
} policy_result;

/* Parses and compiles a policy. `max_bytes` (0 = no limit) is the size limit
 * of the document, e.g. 20 KB for a vault lock policy. On failure returns
 * NULL and sets err: SIM_INVALID_PARAMETER_VALUE with a message that starts
 * "line L, column C: " whenever the place is known (JSON syntax errors, and
 * the element a semantic check refused), SIM_LIMIT_EXCEEDED never (size
 * errors are invalid parameters, as Glacier reports them), SIM_NO_MEMORY. */
policy *policy_parse(const char *text, size_t len, size_t max_bytes, sim_error *err);
/* The same, charged to and counted in `budget` (borrowed: it must outlive
 * the policy; NULL is policy_parse). Fails also with SIM_BUDGET_EXCEEDED,
 * and with SIM_NO_MEMORY at the budget's memory cap. */
policy *policy_parse_budget(const char *text, size_t len, size_t max_bytes, sim_budget *budget,
                            sim_error *err);
void policy_free(policy *p);

/* The text the policy was parsed from (NUL-terminated copy). */
const char *policy_text(const policy *p);
size_t policy_statement_count(const policy *p);
/* The Sid of statement i ("" when it has none). */
const char *policy_statement_sid(const policy *p, size_t i);

policy_result policy_evaluate(const policy *p, const policy_request *req);

/* Wildcard matching as IAM does it: `*` matches any run of characters
 * (including none), `?` exactly one. `nocase` folds ASCII case (actions). */
bool policy_wildcard_match(const char *pattern, const char *text, bool nocase);

#endif
