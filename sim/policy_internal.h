#ifndef SIM_POLICY_INTERNAL_H
#define SIM_POLICY_INTERNAL_H

/* The compiled form of a policy, shared by policy.c (parse and compile) and
 * policy_eval.c (evaluate). Nothing outside sim/policy*.c includes this. */

#include <stdbool.h>
#include <stddef.h>

#include "sim/budget.h"
#include "sim/policy.h"
#include "sim/policy_cost.h"

/* Condition keys the simulator can put in a request context. Keys are
 * resolved once, at parse time, so evaluation compares enums, not strings. */
typedef enum {
    PKEY_UNKNOWN = 0,       /* never present in a request: a typo or another service's key */
    PKEY_ARCHIVE_AGE,       /* glacier:ArchiveAgeInDays */
    PKEY_RESOURCE_TAG,      /* glacier:ResourceTag/<key> or aws:ResourceTag/<key> */
    PKEY_MFA,               /* aws:MultiFactorAuthPresent */
    PKEY_PRINCIPAL_ACCOUNT, /* aws:PrincipalAccount */
    PKEY_PRINCIPAL_ARN,     /* aws:PrincipalArn */
} pkey;

typedef enum {
    POP_STRING_EQUALS,
    POP_STRING_NOT_EQUALS,
    POP_STRING_EQUALS_IGNORE_CASE,
    POP_STRING_NOT_EQUALS_IGNORE_CASE,
    POP_STRING_LIKE,
    POP_STRING_NOT_LIKE,
    POP_NUMERIC_EQUALS,
    POP_NUMERIC_NOT_EQUALS,
    POP_NUMERIC_LESS_THAN,
    POP_NUMERIC_LESS_THAN_EQUALS,
    POP_NUMERIC_GREATER_THAN,
    POP_NUMERIC_GREATER_THAN_EQUALS,
    POP_BOOL,
    POP_NULL,
    POP_COUNT
} pop;

typedef struct pcond {
    pop op;
    bool if_exists;
    bool negated; /* the Not operators: true when no value matches */
    pkey key;
    const char *tag_key; /* for PKEY_RESOURCE_TAG */
    size_t nvalues;
    const char **strs; /* every value as text (string operators) */
    double *nums;      /* numeric operators */
    bool *bools;       /* Bool and Null */
} pcond;

/* A principal: "*" (any), an account (12 digits or arn:aws:iam::N:root), or
 * one exact ARN. */
typedef struct pprincipal {
    bool any;
    const char *account; /* set for account principals */
    const char *arn;     /* set for exact ARNs */
} pprincipal;

typedef struct pstmt {
    /* Units charged before its actions are matched, and before the rest
     * (resources, principals, conditions) when an action matches. */
    uint64_t cost_action, cost_rest;
    const char *sid;
    bool deny;
    bool not_action;
    const char **actions; /* lower-cased */
    bool *action_wild;    /* pattern holds * or ? */
    size_t nactions;
    bool not_resource;
    const char **resources;
    size_t nresources;
    bool has_principal; /* false: no Principal element, which matches everyone */
    bool not_principal;
    pprincipal *principals;
    size_t nprincipals;
    pcond *conds;
    size_t nconds;
} pstmt;

struct policy {
    struct parena *arena; /* owns every allocation below */
    sim_budget *budget;   /* borrowed: the arena's memory and the evaluations' work */
    char *text;
    size_t text_len;
    pstmt *stmts;
    size_t nstmts;
};

/* One step of a path into the document: an object key, or an array index
 * when key is NULL. */
typedef struct ppath_step {
    const char *key;
    size_t index;
} ppath_step;

/* Sets what evaluating a compiled statement costs (policy_eval.c): its
 * patterns and values are what the matches walk; most statements stop at
 * their actions. */
void policy_statement_cost(pstmt *s);

/* Finds the 1-based line and column of the value at `path` in `text` (which
 * jansson already accepted). Returns false when the path is not found. */
bool policy_locate(const char *text, size_t len, const ppath_step *path, size_t depth, int *line,
                   int *column);

#endif
