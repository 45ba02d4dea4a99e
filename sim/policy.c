/* Parsing and compiling IAM-style policies.
 *
 * Everything a compiled policy holds lives in one arena, so a failure half
 * way through compiling frees with a single call and policy_free cannot leak
 * a piece. The JSON tree from jansson is dropped as soon as compiling ends. */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim/policy_internal.h"

/* --- arena --------------------------------------------------------------- */

typedef struct parena {
    struct parena *next;
    size_t used, cap;
    max_align_t data[];
} parena;

static void *arena_alloc(sim_budget *b, parena **a, size_t size)
{
    if (size > SIZE_MAX / 2) return NULL;
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (size == 0) size = sizeof(max_align_t);
    if (!*a || (*a)->cap - (*a)->used < size) {
        size_t cap = size > 4096 ? size : 4096;
        parena *n = sim_malloc(b, sizeof *n + cap);
        if (!n) return NULL;
        n->next = *a;
        n->used = 0;
        n->cap = cap;
        *a = n;
    }
    void *p = (char *)(*a)->data + (*a)->used;
    (*a)->used += size;
    memset(p, 0, size);
    return p;
}

static void arena_free(sim_budget *b, parena *a)
{
    while (a) {
        parena *next = a->next;
        sim_free(b, a);
        a = next;
    }
}

static char *arena_strdup(sim_budget *b, parena **a, const char *s, bool lower)
{
    size_t n = strlen(s);
    char *d = arena_alloc(b, a, n + 1);
    if (!d) return NULL;
    for (size_t i = 0; i < n; i++)
        d[i] = lower ? (char)tolower((unsigned char)s[i]) : s[i];
    d[n] = '\0';
    return d;
}

/* --- errors -------------------------------------------------------------- */

/* The state of one compile: where we are in the document, for messages. */
typedef struct pctx {
    policy *p;
    sim_error *err;
    bool failed;
    bool stmt_is_array;
    ppath_step path[6];
    size_t depth;
} pctx;

static void push(pctx *c, const char *key, size_t index)
{
    if (c->depth < sizeof c->path / sizeof c->path[0]) {
        c->path[c->depth].key = key;
        c->path[c->depth].index = index;
    }
    c->depth++;
}

static void pop_step(pctx *c)
{
    c->depth--;
}

/* Memory from the policy's arena, counted against its budget. */
static void *palloc(pctx *c, size_t size)
{
    return arena_alloc(c->p->budget, &c->p->arena, size);
}

static char *pstrdup(pctx *c, const char *s, bool lower)
{
    return arena_strdup(c->p->budget, &c->p->arena, s, lower);
}

/* Reports a semantic error at the current path, with the line and column of
 * the value it names. */
static bool fail(pctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(pctx *c, const char *fmt, ...)
{
    if (c->failed) return false;
    c->failed = true;
    char what[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    char where[112] = "";
    size_t w = 0;
    size_t depth = c->depth < 6 ? c->depth : 6;
    for (size_t i = 0; i < depth && w < sizeof where - 1; i++) {
        int n = c->path[i].key
                    ? snprintf(where + w, sizeof where - w, "%s%.40s", i ? "." : "", c->path[i].key)
                    : snprintf(where + w, sizeof where - w, "[%zu]", c->path[i].index);
        if (n < 0) break;
        w += (size_t)n;
    }
    if (w >= sizeof where) w = sizeof where - 1;
    int line, column;
    if (policy_locate(c->p->text, c->p->text_len, c->path, depth, &line, &column)) {
        sim_fail(c->err, SIM_INVALID_PARAMETER_VALUE, "line %d, column %d: %s%s%s", line, column,
                 where, w ? ": " : "", what);
    } else {
        sim_fail(c->err, SIM_INVALID_PARAMETER_VALUE, "%s%s%s", where, w ? ": " : "", what);
    }
    return false;
}

static bool oom(pctx *c)
{
    if (!c->failed) sim_fail(c->err, SIM_NO_MEMORY, "out of memory compiling the policy");
    c->failed = true;
    return false;
}

/* --- values -------------------------------------------------------------- */

/* A value that may be one string or an array of strings: returns the count
 * and fills out[] (arena) with the strings, optionally lower-cased. */
static bool string_list(pctx *c, json_t *v, bool lower, const char ***out, size_t *n)
{
    size_t count = json_is_array(v) ? json_array_size(v) : 1;
    if (json_is_array(v) && count == 0) return fail(c, "must not be an empty list");
    const char **list = palloc(c, count * sizeof *list);
    if (!list) return oom(c);
    for (size_t i = 0; i < count; i++) {
        json_t *e = json_is_array(v) ? json_array_get(v, i) : v;
        if (json_is_array(v)) push(c, NULL, i);
        if (!json_is_string(e)) return fail(c, "must be a string or a list of strings");
        if (json_string_length(e) == 0) return fail(c, "must not be an empty string");
        list[i] = pstrdup(c, json_string_value(e), lower);
        if (!list[i]) return oom(c);
        if (json_is_array(v)) pop_step(c);
    }
    *out = list;
    *n = count;
    return true;
}

static bool is_account_id(const char *s)
{
    size_t n = strlen(s);
    if (n != 12) return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return false;
    return true;
}

/* "arn:aws:iam::123456789012:root" -> the account; anything else -> NULL. */
static const char *root_account(pctx *c, const char *arn)
{
    static const char prefix[] = "arn:aws:iam::";
    size_t pl = sizeof prefix - 1;
    if (strncmp(arn, prefix, pl) != 0) return NULL;
    const char *colon = strchr(arn + pl, ':');
    if (!colon || strcmp(colon, ":root") != 0 || colon - (arn + pl) != 12) return NULL;
    char acct[13];
    memcpy(acct, arn + pl, 12);
    acct[12] = '\0';
    return is_account_id(acct) ? pstrdup(c, acct, false) : NULL;
}

static bool compile_principal(pctx *c, pstmt *s, json_t *v)
{
    s->has_principal = true;
    if (json_is_string(v)) {
        if (strcmp(json_string_value(v), "*") != 0)
            return fail(c, "must be \"*\" or an object such as {\"AWS\": \"arn:...\"}");
        s->principals = palloc(c, sizeof *s->principals);
        if (!s->principals) return oom(c);
        s->principals[0].any = true;
        s->nprincipals = 1;
        return true;
    }
    if (!json_is_object(v)) return fail(c, "must be \"*\" or an object such as {\"AWS\": \"*\"}");
    const char *k;
    json_t *e;
    json_object_foreach(v, k, e)
    {
        static const char *const others[] = {"Service", "Federated", "CanonicalUser"};
        bool other = false;
        for (size_t i = 0; i < 3; i++)
            other |= strcmp(k, others[i]) == 0;
        push(c, k, 0);
        const char **names;
        size_t n;
        if (!string_list(c, e, false, &names, &n)) return false;
        pop_step(c);
        /* Service, federated and canonical-user principals are valid, but no
         * simulated request ever comes from one, so they never match. */
        if (other) continue;
        if (strcmp(k, "AWS") != 0) {
            push(c, k, 0);
            return fail(c, "unknown principal type (use \"AWS\")");
        }
        pprincipal *all = palloc(c, (s->nprincipals + n) * sizeof *all);
        if (!all) return oom(c);
        if (s->nprincipals) memcpy(all, s->principals, s->nprincipals * sizeof *all);
        for (size_t i = 0; i < n; i++) {
            pprincipal *pr = &all[s->nprincipals + i];
            if (strcmp(names[i], "*") == 0) {
                pr->any = true;
            } else if (is_account_id(names[i])) {
                pr->account = names[i];
            } else if ((pr->account = root_account(c, names[i])) == NULL) {
                if (strncmp(names[i], "arn:", 4) != 0) {
                    push(c, k, 0);
                    return fail(c, "\"%.60s\" is not an account ID or an ARN", names[i]);
                }
                pr->arn = names[i];
            }
        }
        s->principals = all;
        s->nprincipals += n;
    }
    return true;
}

/* --- conditions ---------------------------------------------------------- */

static const struct {
    const char *name;
    pop op;
    bool negated;
} op_table[] = {
    {"StringEquals", POP_STRING_EQUALS, false},
    {"StringNotEquals", POP_STRING_NOT_EQUALS, true},
    {"StringEqualsIgnoreCase", POP_STRING_EQUALS_IGNORE_CASE, false},
    {"StringNotEqualsIgnoreCase", POP_STRING_NOT_EQUALS_IGNORE_CASE, true},
    {"StringLike", POP_STRING_LIKE, false},
    {"StringNotLike", POP_STRING_NOT_LIKE, true},
    {"NumericEquals", POP_NUMERIC_EQUALS, false},
    {"NumericNotEquals", POP_NUMERIC_NOT_EQUALS, true},
    {"NumericLessThan", POP_NUMERIC_LESS_THAN, false},
    {"NumericLessThanEquals", POP_NUMERIC_LESS_THAN_EQUALS, false},
    {"NumericGreaterThan", POP_NUMERIC_GREATER_THAN, false},
    {"NumericGreaterThanEquals", POP_NUMERIC_GREATER_THAN_EQUALS, false},
    {"Bool", POP_BOOL, false},
    {"Null", POP_NULL, false},
};

static bool parse_op(const char *name, pcond *out)
{
    size_t n = strlen(name);
    static const char suffix[] = "IfExists";
    size_t sl = sizeof suffix - 1;
    out->if_exists = n > sl && strcmp(name + n - sl, suffix) == 0;
    if (out->if_exists) n -= sl;
    for (size_t i = 0; i < sizeof op_table / sizeof op_table[0]; i++) {
        if (strlen(op_table[i].name) == n && strncmp(op_table[i].name, name, n) == 0) {
            out->op = op_table[i].op;
            out->negated = op_table[i].negated;
            /* Null has no IfExists form: it is itself about existence. */
            return !(out->if_exists && out->op == POP_NULL);
        }
    }
    return false;
}

/* Resolves a condition key; condition keys are case-insensitive. */
static pkey parse_key(pctx *c, const char *k, const char **tag_key)
{
    static const struct {
        const char *name;
        pkey key;
    } keys[] = {
        {"glacier:archiveageindays", PKEY_ARCHIVE_AGE},
        {"aws:multifactorauthpresent", PKEY_MFA},
        {"aws:principalaccount", PKEY_PRINCIPAL_ACCOUNT},
        {"aws:principalarn", PKEY_PRINCIPAL_ARN},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcasecmp(k, keys[i].name) == 0) return keys[i].key;
    static const char *const tag_prefixes[] = {"glacier:resourcetag/", "aws:resourcetag/"};
    for (size_t i = 0; i < 2; i++) {
        size_t pl = strlen(tag_prefixes[i]);
        if (strncasecmp(k, tag_prefixes[i], pl) == 0 && k[pl]) {
            *tag_key = pstrdup(c, k + pl, false);
            return *tag_key ? PKEY_RESOURCE_TAG : PKEY_UNKNOWN;
        }
    }
    return PKEY_UNKNOWN;
}

static bool is_numeric_op(pop op)
{
    return op >= POP_NUMERIC_EQUALS && op <= POP_NUMERIC_GREATER_THAN_EQUALS;
}

/* One condition value as text: strings as they are, numbers and booleans as
 * JSON writes them, since IAM compares every value as a string first. */
static const char *value_text(pctx *c, json_t *v, char *buf, size_t cap)
{
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    } else if (json_is_real(v)) {
        snprintf(buf, cap, "%.17g", json_real_value(v));
    } else if (json_is_boolean(v)) {
        snprintf(buf, cap, "%s", json_is_true(v) ? "true" : "false");
    } else {
        fail(c, "a condition value must be a string, number or boolean");
        return NULL;
    }
    return buf;
}

static bool compile_values(pctx *c, pcond *cond, json_t *v)
{
    size_t n = json_is_array(v) ? json_array_size(v) : 1;
    if (n == 0) return fail(c, "needs at least one value");
    cond->nvalues = n;
    cond->strs = palloc(c, n * sizeof *cond->strs);
    cond->nums = palloc(c, n * sizeof *cond->nums);
    cond->bools = palloc(c, n * sizeof *cond->bools);
    if (!cond->strs || !cond->nums || !cond->bools) return oom(c);
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_is_array(v) ? json_array_get(v, i) : v;
        if (json_is_array(v)) push(c, NULL, i);
        char buf[64];
        const char *text = value_text(c, e, buf, sizeof buf);
        if (!text) return false;
        if (!(cond->strs[i] = pstrdup(c, text, false))) return oom(c);
        if (is_numeric_op(cond->op)) {
            char *end;
            errno = 0;
            double d = strtod(text, &end);
            if (end == text || *end || errno == ERANGE || !isfinite(d))
                return fail(c, "\"%.40s\" is not a number", text);
            cond->nums[i] = d;
        } else if (cond->op == POP_BOOL || cond->op == POP_NULL) {
            if (strcasecmp(text, "true") == 0) {
                cond->bools[i] = true;
            } else if (strcasecmp(text, "false") != 0) {
                return fail(c, "\"%.40s\" is not true or false", text);
            }
        }
        if (json_is_array(v)) pop_step(c);
    }
    return true;
}

static bool compile_conditions(pctx *c, pstmt *s, json_t *v)
{
    if (!json_is_object(v)) return fail(c, "must be an object of operators");
    size_t total = 0;
    const char *op;
    json_t *block;
    json_object_foreach(v, op, block)
    {
        push(c, op, 0);
        if (!json_is_object(block) || json_object_size(block) == 0)
            return fail(c, "must be an object of condition keys and values");
        total += json_object_size(block);
        pop_step(c);
    }
    s->conds = palloc(c, (total ? total : 1) * sizeof *s->conds);
    if (!s->conds) return oom(c);
    json_object_foreach(v, op, block)
    {
        push(c, op, 0);
        pcond proto = {0};
        if (!parse_op(op, &proto))
            return fail(c,
                        "unknown condition operator \"%.40s\" (try NumericLessThan, "
                        "StringEquals, StringLike, Bool)",
                        op);
        const char *key;
        json_t *values;
        json_object_foreach(block, key, values)
        {
            push(c, key, 0);
            pcond *cond = &s->conds[s->nconds++];
            *cond = proto;
            cond->key = parse_key(c, key, &cond->tag_key);
            if (!compile_values(c, cond, values)) return false;
            pop_step(c);
        }
        pop_step(c);
    }
    return true;
}

/* --- statements ---------------------------------------------------------- */

static bool compile_statement(pctx *c, pstmt *s, json_t *st)
{
    if (!json_is_object(st)) return fail(c, "a statement must be an object");
    const char *k;
    json_t *v;
    json_t *action = NULL, *not_action = NULL, *resource = NULL, *not_resource = NULL;
    bool has_effect = false;
    s->sid = "";
    json_object_foreach(st, k, v)
    {
        push(c, k, 0);
        if (strcmp(k, "Sid") == 0) {
            if (!json_is_string(v)) return fail(c, "must be a string");
            if (!(s->sid = pstrdup(c, json_string_value(v), false))) return oom(c);
        } else if (strcmp(k, "Effect") == 0) {
            const char *e = json_is_string(v) ? json_string_value(v) : "";
            if (strcmp(e, "Allow") != 0 && strcmp(e, "Deny") != 0)
                return fail(c, "must be \"Allow\" or \"Deny\", not %s%.30s%s",
                            json_is_string(v) ? "\"" : "", json_is_string(v) ? e : "that",
                            json_is_string(v) ? "\"" : "");
            s->deny = e[0] == 'D';
            has_effect = true;
        } else if (strcmp(k, "Principal") == 0 || strcmp(k, "NotPrincipal") == 0) {
            if (s->has_principal) return fail(c, "use Principal or NotPrincipal, not both");
            s->not_principal = k[0] == 'N';
            if (!compile_principal(c, s, v)) return false;
        } else if (strcmp(k, "Action") == 0) {
            action = v;
        } else if (strcmp(k, "NotAction") == 0) {
            not_action = v;
        } else if (strcmp(k, "Resource") == 0) {
            resource = v;
        } else if (strcmp(k, "NotResource") == 0) {
            not_resource = v;
        } else if (strcmp(k, "Condition") == 0) {
            if (!compile_conditions(c, s, v)) return false;
        } else {
            return fail(c,
                        "unknown element \"%.40s\" (a statement has Sid, Effect, Principal, "
                        "Action, Resource, Condition)",
                        k);
        }
        pop_step(c);
    }
    if (!has_effect) return fail(c, "the statement has no Effect");
    if (!action == !not_action)
        return fail(c, "a statement needs exactly one of Action and NotAction");
    if (resource && not_resource) return fail(c, "use Resource or NotResource, not both");
    s->not_action = not_action != NULL;
    push(c, action ? "Action" : "NotAction", 0);
    if (!string_list(c, action ? action : not_action, true, &s->actions, &s->nactions))
        return false;
    s->action_wild = palloc(c, s->nactions * sizeof *s->action_wild);
    if (!s->action_wild) return oom(c);
    for (size_t i = 0; i < s->nactions; i++) {
        s->action_wild[i] = strpbrk(s->actions[i], "*?") != NULL;
        if (!s->action_wild[i] && !strchr(s->actions[i], ':'))
            return fail(c,
                        "\"%.40s\" is not an action (write service:Action, e.g. "
                        "glacier:DeleteArchive)",
                        s->actions[i]);
    }
    pop_step(c);
    if (resource || not_resource) {
        s->not_resource = not_resource != NULL;
        push(c, resource ? "Resource" : "NotResource", 0);
        if (!string_list(c, resource ? resource : not_resource, false, &s->resources,
                         &s->nresources))
            return false;
        pop_step(c);
    }
    return true;
}

static bool compile(pctx *c, json_t *root)
{
    if (!json_is_object(root)) return fail(c, "a policy must be a JSON object");
    json_t *stmts = NULL;
    const char *k;
    json_t *v;
    json_object_foreach(root, k, v)
    {
        push(c, k, 0);
        if (strcmp(k, "Version") == 0) {
            const char *ver = json_is_string(v) ? json_string_value(v) : "";
            if (strcmp(ver, "2012-10-17") != 0 && strcmp(ver, "2008-10-17") != 0)
                return fail(c, "Version must be \"2012-10-17\" (or the older \"2008-10-17\")");
        } else if (strcmp(k, "Id") == 0) {
            if (!json_is_string(v)) return fail(c, "must be a string");
        } else if (strcmp(k, "Statement") == 0) {
            stmts = v;
        } else {
            return fail(c, "unknown element \"%.40s\" (a policy has Version, Id, Statement)", k);
        }
        pop_step(c);
    }
    if (!stmts) return fail(c, "the policy has no Statement");
    push(c, "Statement", 0);
    c->stmt_is_array = json_is_array(stmts);
    if (!c->stmt_is_array && !json_is_object(stmts))
        return fail(c, "must be a statement object or a list of them");
    size_t n = c->stmt_is_array ? json_array_size(stmts) : 1;
    if (n == 0) return fail(c, "must hold at least one statement");
    c->p->stmts = palloc(c, n * sizeof *c->p->stmts);
    if (!c->p->stmts) return oom(c);
    for (size_t i = 0; i < n; i++) {
        if (c->stmt_is_array) push(c, NULL, i);
        if (!compile_statement(c, &c->p->stmts[i],
                               c->stmt_is_array ? json_array_get(stmts, i) : stmts))
            return false;
        c->p->nstmts++;
        if (c->stmt_is_array) pop_step(c);
    }
    pop_step(c);
    return true;
}

policy *policy_parse(const char *text, size_t len, size_t max_bytes, sim_error *err)
{
    return policy_parse_budget(text, len, max_bytes, NULL, err);
}

policy *policy_parse_budget(const char *text, size_t len, size_t max_bytes, sim_budget *budget,
                            sim_error *err)
{
    sim_error_clear(err);
    if (!text || len == 0) {
        sim_fail(err, SIM_MISSING_PARAMETER_VALUE, "the policy document is empty");
        return NULL;
    }
    if (max_bytes && len > max_bytes) {
        sim_fail(err, SIM_INVALID_PARAMETER_VALUE,
                 "the policy is %zu bytes; a vault policy can be at most %zu bytes (20 KB)", len,
                 max_bytes);
        return NULL;
    }
    if (!sim_budget_charge_n(budget, len, POLICY_COST_PARSE_PER_BYTE)) {
        sim_fail(err, SIM_BUDGET_EXCEEDED, "the script's work budget ran out parsing the policy");
        return NULL;
    }
    parena *arena = NULL;
    policy *p = arena_alloc(budget, &arena, sizeof *p);
    char *copy = p ? arena_alloc(budget, &arena, len + 1) : NULL;
    /* jansson's tree is not ours to count, but it is memory the parse
     * holds: an estimate of it is taken while the tree lives. */
    size_t tree =
        len > SIZE_MAX / POLICY_JSON_BYTES_PER_BYTE ? SIZE_MAX : len * POLICY_JSON_BYTES_PER_BYTE;
    if (!copy || !sim_budget_take(budget, tree)) {
        arena_free(budget, arena);
        sim_fail(err, SIM_NO_MEMORY, "out of memory reading the policy");
        return NULL;
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    p->text = copy;
    p->text_len = len;
    p->budget = budget;
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        sim_budget_give(budget, tree);
        arena_free(budget, arena);
        sim_fail(err, SIM_INVALID_PARAMETER_VALUE, "line %d, column %d: %s", jerr.line, jerr.column,
                 jerr.text);
        return NULL;
    }
    pctx c = {.p = p, .err = err};
    p->arena = arena;
    bool ok = compile(&c, root);
    json_decref(root);
    sim_budget_give(budget, tree);
    if (!ok) {
        arena_free(budget, p->arena);
        return NULL;
    }
    for (size_t i = 0; i < p->nstmts; i++)
        policy_statement_cost(&p->stmts[i]);
    return p;
}

void policy_free(policy *p)
{
    if (p) arena_free(p->budget, p->arena);
}

const char *policy_text(const policy *p)
{
    return p->text;
}
size_t policy_statement_count(const policy *p)
{
    return p->nstmts;
}
const char *policy_statement_sid(const policy *p, size_t i)
{
    return i < p->nstmts ? p->stmts[i].sid : NULL;
}
