/* Evaluating a compiled policy against one request. Nothing here allocates:
 * the hot path is a few string compares per statement. Each statement
 * looked at is charged to the policy's budget first (its cost, from its
 * patterns' bytes), and a wildcard that backtracks beyond that pays its
 * extra steps once the statement is done. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim/policy_internal.h"

const char *policy_decision_name(policy_decision d)
{
    switch (d) {
    case POLICY_ALLOW:
        return "allow";
    case POLICY_EXPLICIT_DENY:
        return "explicit-deny";
    case POLICY_IMPLICIT_DENY:
        break;
    }
    return "implicit-deny";
}

static inline char fold(char c, bool nocase)
{
    return nocase ? (char)tolower((unsigned char)c) : c;
}

/* Iterative glob with single-star backtracking: linear in practice and
 * never recursive, so a hostile pattern cannot exhaust the stack. A
 * pattern of many stars can still take pattern x text steps, so *steps
 * counts them. */
static bool wild_match(const char *pat, const char *s, bool nocase, uint64_t *steps)
{
    /* Counted in a local: a count through the pointer in the loop costs
     * the hot path a store a character. */
    uint64_t n = 0;
    const char *star = NULL, *resume = NULL;
    bool matched = true;
    while (*s) {
        n++;
        if (*pat == '*') {
            star = pat++;
            resume = s;
        } else if (*pat == '?' || (*pat && fold(*pat, nocase) == fold(*s, nocase))) {
            pat++;
            s++;
        } else if (star) {
            pat = star + 1;
            s = ++resume;
        } else {
            matched = false;
            break;
        }
    }
    *steps += n;
    if (!matched) return false;
    while (*pat == '*')
        pat++;
    return *pat == '\0';
}

bool policy_wildcard_match(const char *pat, const char *s, bool nocase)
{
    uint64_t steps = 0;
    return wild_match(pat, s, nocase, &steps);
}

static bool action_matches(const pstmt *st, const char *action, uint64_t *steps)
{
    bool any = false;
    for (size_t i = 0; i < st->nactions && !any; i++) {
        any = st->action_wild[i] ? wild_match(st->actions[i], action, true, steps)
                                 : strcasecmp(st->actions[i], action) == 0;
    }
    return st->not_action ? !any : any;
}

static bool resource_matches(const pstmt *st, const char *resource, uint64_t *steps)
{
    if (st->nresources == 0) return true; /* no Resource element: the policy's own vault */
    bool any = false;
    for (size_t i = 0; i < st->nresources && !any; i++)
        any = wild_match(st->resources[i], resource ? resource : "", false, steps);
    return st->not_resource ? !any : any;
}

static bool principal_matches(const pstmt *st, const policy_request *r)
{
    if (!st->has_principal) return true;
    bool any = false;
    for (size_t i = 0; i < st->nprincipals && !any; i++) {
        const pprincipal *p = &st->principals[i];
        if (p->any) {
            any = true;
        } else if (p->account) {
            any = r->principal_account && strcmp(p->account, r->principal_account) == 0;
        } else if (p->arn) {
            any = r->principal && strcmp(p->arn, r->principal) == 0;
        }
    }
    return st->not_principal ? !any : any;
}

/* The value of a condition key in this request. */
typedef struct kval {
    bool present;
    bool is_num;
    double num;
    const char *str;
} kval;

static kval lookup(const pcond *c, const policy_request *r, char *buf, size_t cap)
{
    kval v = {0};
    switch (c->key) {
    case PKEY_ARCHIVE_AGE:
        if (r->has_archive_age) {
            v.present = v.is_num = true;
            v.num = (double)r->archive_age_days;
            snprintf(buf, cap, "%lld", (long long)r->archive_age_days);
            v.str = buf;
        }
        break;
    case PKEY_RESOURCE_TAG:
        /* The tag-key part of the condition key is case-insensitive, like
         * the rest of the key. */
        for (size_t i = 0; i < r->ntags; i++) {
            if (r->tags[i].key && strcasecmp(r->tags[i].key, c->tag_key) == 0) {
                v.present = true;
                v.str = r->tags[i].value ? r->tags[i].value : "";
                break;
            }
        }
        break;
    case PKEY_MFA:
        if (r->mfa != POLICY_KEY_ABSENT) {
            v.present = true;
            v.str = r->mfa == POLICY_KEY_TRUE ? "true" : "false";
        }
        break;
    case PKEY_PRINCIPAL_ACCOUNT:
        v.present = r->principal_account != NULL;
        v.str = r->principal_account;
        break;
    case PKEY_PRINCIPAL_ARN:
        v.present = r->principal != NULL;
        v.str = r->principal;
        break;
    case PKEY_UNKNOWN:
        break;
    }
    if (v.present && !v.is_num && c->op >= POP_NUMERIC_EQUALS &&
        c->op <= POP_NUMERIC_GREATER_THAN_EQUALS) {
        char *end;
        v.num = strtod(v.str, &end);
        v.is_num = end != v.str && *end == '\0';
    }
    return v;
}

/* Does one value satisfy the (un-negated) operator? */
static bool value_matches(const pcond *c, size_t i, const kval *v, uint64_t *steps)
{
    switch (c->op) {
    case POP_STRING_EQUALS:
    case POP_STRING_NOT_EQUALS:
        return strcmp(c->strs[i], v->str) == 0;
    case POP_STRING_EQUALS_IGNORE_CASE:
    case POP_STRING_NOT_EQUALS_IGNORE_CASE:
        return strcasecmp(c->strs[i], v->str) == 0;
    case POP_STRING_LIKE:
    case POP_STRING_NOT_LIKE:
        return wild_match(c->strs[i], v->str, false, steps);
    case POP_NUMERIC_EQUALS:
    case POP_NUMERIC_NOT_EQUALS:
        return v->is_num && v->num == c->nums[i];
    case POP_NUMERIC_LESS_THAN:
        return v->is_num && v->num < c->nums[i];
    case POP_NUMERIC_LESS_THAN_EQUALS:
        return v->is_num && v->num <= c->nums[i];
    case POP_NUMERIC_GREATER_THAN:
        return v->is_num && v->num > c->nums[i];
    case POP_NUMERIC_GREATER_THAN_EQUALS:
        return v->is_num && v->num >= c->nums[i];
    case POP_BOOL:
        return strcasecmp(v->str, c->bools[i] ? "true" : "false") == 0;
    case POP_NULL:
    case POP_COUNT:
        break;
    }
    return false;
}

static bool condition_matches(const pcond *c, const policy_request *r, uint64_t *steps)
{
    char buf[32];
    kval v = lookup(c, r, buf, sizeof buf);
    if (c->op == POP_NULL) {
        /* "Null": {"key": "true"} asks that the key be absent. */
        for (size_t i = 0; i < c->nvalues; i++)
            if (c->bools[i] == !v.present) return true;
        return false;
    }
    /* A missing key matches nothing, so a positive operator fails and a
     * negated one ("no value matches") holds; ...IfExists holds either way. */
    if (!v.present) return c->if_exists || c->negated;
    bool any = false;
    for (size_t i = 0; i < c->nvalues && !any; i++)
        any = value_matches(c, i, &v, steps);
    return c->negated ? !any : any;
}

static bool statement_applies(const pstmt *st, const policy_request *r, uint64_t *steps)
{
    if (!resource_matches(st, r->resource, steps)) return false;
    if (!principal_matches(st, r)) return false;
    for (size_t i = 0; i < st->nconds; i++)
        if (!condition_matches(&st->conds[i], r, steps)) return false;
    return true;
}

void policy_statement_cost(pstmt *s)
{
    uint64_t action = 0, rest = 0;
    for (size_t i = 0; i < s->nactions; i++)
        action += strlen(s->actions[i]);
    for (size_t i = 0; i < s->nresources; i++)
        rest += strlen(s->resources[i]);
    for (size_t i = 0; i < s->nprincipals; i++)
        rest += 12 + (s->principals[i].arn ? strlen(s->principals[i].arn) : 0);
    for (size_t i = 0; i < s->nconds; i++)
        for (size_t k = 0; k < s->conds[i].nvalues; k++)
            rest += strlen(s->conds[i].strs[k]) + 8;
    s->cost_action = POLICY_COST_STATEMENT + action / POLICY_COST_BYTES_PER_UNIT;
    s->cost_rest = rest / POLICY_COST_BYTES_PER_UNIT;
}

/* Charges what a statement's matches did beyond the bytes paid for (a
 * wildcard that backtracked). */
static bool pay_steps(const policy *p, uint64_t steps, uint64_t paid_units)
{
    uint64_t paid = paid_units * POLICY_COST_BYTES_PER_UNIT;
    return steps <= paid ||
           sim_budget_charge(p->budget, (steps - paid) / POLICY_COST_BYTES_PER_UNIT);
}

policy_result policy_evaluate(const policy *p, const policy_request *r)
{
    policy_result res = {POLICY_IMPLICIT_DENY, -1, NULL, false};
    const policy_result spent = {POLICY_IMPLICIT_DENY, -1, NULL, true};
    if (!p) return res;
    for (size_t i = 0; i < p->nstmts; i++) {
        const pstmt *st = &p->stmts[i];
        /* Once an Allow is found only a Deny can change the answer. */
        if (!st->deny && res.decision == POLICY_ALLOW) continue;
        /* Without a budget (the host's own checks, benchmarks) nothing is
         * charged: the hot path stays a few compares. */
        bool charged = p->budget != NULL;
        if (charged && !sim_budget_charge(p->budget, st->cost_action)) return spent;
        uint64_t steps = 0;
        bool applies = action_matches(st, r->action ? r->action : "", &steps);
        uint64_t paid = st->cost_action - POLICY_COST_STATEMENT;
        if (applies) {
            if (charged && !sim_budget_charge(p->budget, st->cost_rest)) return spent;
            paid += st->cost_rest;
            applies = statement_applies(st, r, &steps);
        }
        if (charged && !pay_steps(p, steps, paid)) return spent;
        if (!applies) continue;
        res.statement = (int)i;
        res.sid = st->sid;
        if (st->deny) {
            res.decision = POLICY_EXPLICIT_DENY;
            return res;
        }
        res.decision = POLICY_ALLOW;
    }
    return res;
}
