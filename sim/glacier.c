/* Glacier: the account, its vaults, request authorization and each vault's
 * timeline. Tags and archives live in glacier_archive.c, Vault Lock in
 * glacier_lock.c, retrieval jobs and costs in glacier_jobs.c. */
#include "sim/glacier_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim/budget_fail.h"
#include "sim/units.h"

static const glacier_facts default_facts = {
    /* InitiateVaultLock and SetVaultAccessPolicy API reference: "this policy
     * can be up to 20 KB in size". */
    .policy_max_bytes = 20 * 1024,
    /* InitiateVaultLock: "You must complete the vault locking process within
     * 24 hours after the vault lock enters the InProgress state." */
    .lock_ttl_ms = 24 * SIM_MS_PER_HOUR,
    /* Developer guide, retrieving archives: job output is available for 24
     * hours after the job completes; course notes: "Restore links have an
     * expiry date". */
    .output_ttl_ms = 24 * SIM_MS_PER_HOUR,
    /* Developer guide, archive retrieval options: Expedited retrievals are
     * for archives up to 250 MB; each provisioned capacity unit ensures at
     * least three Expedited retrievals every five minutes. */
    .expedited_max_bytes = 250 * SIM_MB,
    .expedited_per_unit = 3,
    .capacity_window_ms = 5 * SIM_MS_PER_MINUTE,
    .tier =
        {
            /* Expedited: typically 1-5 minutes; $0.03/GB, $10.00 per 1,000
             * requests (legacy Glacier pricing, us-east-1). */
            [GLACIER_TIER_EXPEDITED] = {1 * SIM_MS_PER_MINUTE, 5 * SIM_MS_PER_MINUTE, 0.03, 10.00},
            /* Standard: typically 3-5 hours; $0.01/GB, $0.05 per 1,000. */
            [GLACIER_TIER_STANDARD] = {3 * SIM_MS_PER_HOUR, 5 * SIM_MS_PER_HOUR, 0.01, 0.05},
            /* Bulk: typically 5-12 hours; $0.0025/GB, $0.025 per 1,000. */
            [GLACIER_TIER_BULK] = {5 * SIM_MS_PER_HOUR, 12 * SIM_MS_PER_HOUR, 0.0025, 0.025},
        },
    /* Legacy Glacier vault storage, us-east-1: about $0.004 per GB-month. */
    .storage_usd_per_gb_month = 0.004,
    /* We bill a month as 30 days; AWS prorates by the hour over the
     * calendar month, which differs by a few percent at most. */
    .month_ms = 30 * SIM_MS_PER_DAY,
    /* "Archives deleted within 90 days of being uploaded are charged a
     * prorated early deletion fee" (Glacier pricing FAQ). */
    .min_storage_ms = 90 * SIM_MS_PER_DAY,
};

const glacier_facts *glacier_default_facts(void)
{
    return &default_facts;
}

static const char *const tier_names[GLACIER_TIER_COUNT] = {"Expedited", "Standard", "Bulk"};

const char *glacier_tier_name(glacier_tier t)
{
    return (unsigned)t < GLACIER_TIER_COUNT ? tier_names[t] : "Unknown";
}

bool glacier_tier_parse(const char *name, glacier_tier *out)
{
    for (int i = 0; name && i < GLACIER_TIER_COUNT; i++) {
        if (strcasecmp(name, tier_names[i]) == 0) {
            *out = (glacier_tier)i;
            return true;
        }
    }
    return false;
}

const char *glacier_source_name(glacier_source s)
{
    static const char *const names[] = {"none", "identity", "access", "lock"};
    return (unsigned)s < 4 ? names[s] : "none";
}

double glacier_gb(uint64_t bytes)
{
    return (double)bytes / (double)SIM_GB;
}

/* --- the account ------------------------------------------------------ */

glacier *glacier_new(const glacier_config *cfg, sim_clock *clock, sim_rng *rng)
{
    sim_budget *b = cfg ? cfg->budget : NULL;
    (void)sim_budget_charge(b, GLACIER_COST_CALL); /* no status: a spent budget stops the host */
    glacier *g = sim_calloc(b, 1, sizeof *g);
    if (!g) return NULL;
    g->budget = b;
    g->clock = clock;
    g->rng = rng;
    g->facts = default_facts;
    snprintf(g->account, sizeof g->account, "%s",
             cfg && cfg->account_id ? cfg->account_id : "123456789012");
    snprintf(g->region, sizeof g->region, "%s", cfg && cfg->region ? cfg->region : "us-east-1");
    g->fail_p = cfg ? cfg->expedited_failure_probability : 0.0;
    return g;
}

static void vault_free(glacier_vault *v)
{
    glacier *g = v->g;
    for (size_t i = 0; i < v->narchives; i++) {
        sim_free(g->budget, v->archives[i].description);
        glacier_free_tags(g, v->archives[i].tags, v->archives[i].ntags);
    }
    sim_free(g->budget, v->archives);
    glacier_free_tags(g, v->tags, v->ntags);
    policy_free(v->access);
    policy_free(v->lock);
    sim_free(g->budget, v->jobs);
    sim_free(g->budget, v->events);
    sim_free(g->budget, v->name);
    sim_free(g->budget, v->arn);
    sim_free(g->budget, v);
}

void glacier_free(glacier *g)
{
    if (!g) return;
    for (size_t i = 0; i < g->nvaults; i++)
        vault_free(g->vaults[i]);
    sim_free(g->budget, g->vaults);
    sim_free(g->budget, g->recent);
    sim_free(g->budget, g);
}

const char *glacier_account_id(const glacier *g)
{
    return g->account;
}

void glacier_set_expedited_failure_probability(glacier *g, double p)
{
    g->fail_p = p < 0 ? 0 : p > 1 ? 1 : p;
}

void glacier_set_provisioned_capacity(glacier *g, int units)
{
    g->units = units < 0 ? 0 : units;
}
int glacier_provisioned_capacity(const glacier *g)
{
    return g->units;
}

/* IDs are drawn from the seeded generator, so a replay gives the same IDs. */
void glacier_new_id(glacier *g, char id[GLACIER_ID_LEN + 1])
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    uint64_t bits = 0;
    for (int i = 0; i < GLACIER_ID_LEN; i++) {
        if (i % 10 == 0) bits = sim_rng_next(g->rng);
        id[i] = alphabet[bits & 63];
        bits >>= 6;
    }
    id[GLACIER_ID_LEN] = '\0';
}

/* --- vaults ------------------------------------------------------------ */

static bool valid_vault_name(const char *name)
{
    /* CreateVault: 1-255 characters of a-z, A-Z, 0-9, '_', '-', '.'. */
    size_t n = strlen(name);
    if (n == 0 || n > 255) return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.'))
            return false;
    }
    return true;
}

glacier_vault *glacier_find_vault(glacier *g, const char *name)
{
    /* No status to report a spent budget: it answers, and the host stops. */
    (void)sim_budget_charge_n(g->budget, g->nvaults, GLACIER_COST_VAULT);
    for (size_t i = 0; name && i < g->nvaults; i++)
        if (strcmp(g->vaults[i]->name, name) == 0) return g->vaults[i];
    return NULL;
}

glacier_vault *glacier_create_vault(glacier *g, const char *name, sim_error *err)
{
    sim_error_clear(err);
    if (!name || !*name) {
        sim_fail(err, SIM_MISSING_PARAMETER_VALUE, "Required parameter missing: vaultName");
        return NULL;
    }
    if (!valid_vault_name(name)) {
        sim_fail(err, SIM_INVALID_PARAMETER_VALUE,
                 "Invalid vault name '%.60s': use 1-255 of a-z, A-Z, 0-9, '_', '-', '.'", name);
        return NULL;
    }
    if (!sim_budget_charge(g->budget, GLACIER_COST_CALL)) {
        sim_fail_work(err, "at CreateVault %.60s", name);
        return NULL;
    }
    glacier_vault *v = glacier_find_vault(g, name);
    if (sim_budget_spent(g->budget)) {
        sim_fail_work(err, "at CreateVault %.60s", name);
        return NULL;
    }
    if (v) return v;
    if (g->nvaults == g->cap_vaults) {
        size_t cap = g->cap_vaults ? g->cap_vaults * 2 : 4;
        glacier_vault **nv = sim_reallocarray(g->budget, g->vaults, cap, sizeof *nv);
        if (!nv) goto nomem;
        g->vaults = nv;
        g->cap_vaults = cap;
    }
    v = sim_calloc(g->budget, 1, sizeof *v);
    if (!v) goto nomem;
    v->g = g;
    v->name = sim_strdup(g->budget, name);
    size_t arn_len = strlen(name) + strlen(g->region) + strlen(g->account) + 40;
    v->arn = sim_malloc(g->budget, arn_len);
    if (!v->name || !v->arn) {
        vault_free(v);
        goto nomem;
    }
    snprintf(v->arn, arn_len, "arn:aws:glacier:%s:%s:vaults/%s", g->region, g->account, name);
    v->created_ms = sim_clock_now(g->clock);
    g->vaults[g->nvaults++] = v;
    glacier_log(v, v->created_ms, "CreateVault", "%s", v->arn);
    return v;
nomem:
    sim_fail_memory(err, g->budget, "creating vault %.60s", name);
    return NULL;
}

const char *glacier_vault_name(const glacier_vault *v)
{
    return v->name;
}
const char *glacier_vault_arn(const glacier_vault *v)
{
    return v->arn;
}

/* --- authorization ------------------------------------------------------ */

/* "arn:aws:iam::444455556666:user/x" -> "444455556666" (into buf). */
static const char *arn_account(const char *arn, char *buf, size_t cap)
{
    static const char *const prefixes[] = {"arn:aws:iam::", "arn:aws:sts::"};
    for (size_t i = 0; i < 2; i++) {
        size_t pl = strlen(prefixes[i]);
        if (strncmp(arn, prefixes[i], pl) != 0) continue;
        const char *end = strchr(arn + pl, ':');
        size_t n = end ? (size_t)(end - (arn + pl)) : 0;
        if (n == 0 || n >= cap) return NULL;
        memcpy(buf, arn + pl, n);
        buf[n] = '\0';
        return buf;
    }
    return NULL;
}

static bool all_digits(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

static void deny_message(glacier_vault *v, glacier_call *call, const char *principal,
                         const char *action)
{
    const glacier_auth *a = &call->auth;
    if (a->decision == POLICY_EXPLICIT_DENY) {
        sim_fail(&call->err, SIM_ACCESS_DENIED,
                 "User: %.80s is not authorized to perform: glacier:%s on resource: %.100s "
                 "with an explicit deny in the vault %s policy (statement \"%.60s\")",
                 principal, action, v->arn, a->source == GLACIER_BY_LOCK ? "lock" : "access",
                 a->sid[0] ? a->sid : "#");
    } else {
        sim_fail(&call->err, SIM_ACCESS_DENIED,
                 "User: %.80s is not authorized to perform: glacier:%s on resource: %.100s "
                 "because no policy allows it",
                 principal, action, v->arn);
    }
}

static void record(glacier_auth *a, glacier_source src, const policy_result *r)
{
    a->decision = r->decision;
    a->source = src;
    a->statement = r->statement;
    snprintf(a->sid, sizeof a->sid, "%s", r->sid ? r->sid : "");
}

sim_status glacier_check(glacier_vault *v, const char *action, const garchive *arch,
                         glacier_call *call)
{
    char full[64], owner_root[64], acct_buf[32];
    snprintf(full, sizeof full, "glacier:%s", action);
    snprintf(owner_root, sizeof owner_root, "arn:aws:iam::%s:root", v->g->account);
    const char *principal = call->principal ? call->principal : owner_root;
    char given_root[64];
    if (all_digits(principal)) {
        snprintf(given_root, sizeof given_root, "arn:aws:iam::%.20s:root", principal);
        principal = given_root;
    }
    int64_t now = sim_clock_now(v->g->clock);
    policy_request req = {
        .action = full,
        .resource = v->arn,
        .principal = principal,
        .principal_account = arn_account(principal, acct_buf, sizeof acct_buf),
        .has_archive_age = arch != NULL,
        .archive_age_days = arch ? (now - arch->uploaded_ms) / SIM_MS_PER_DAY : 0,
        .mfa = call->mfa,
        .tags = v->tags,
        .ntags = v->ntags,
    };
    memset(&call->auth, 0, sizeof call->auth);
    call->auth.statement = -1;
    call->auth.evaluated = true;
    policy_result lock = policy_evaluate(v->lock, &req);
    policy_result access = policy_evaluate(v->access, &req);
    if (lock.budget_spent || access.budget_spent) {
        call->auth.evaluated = false;
        return sim_fail_work(&call->err, "evaluating the policies of vault %.60s", v->name);
    }
    bool owner = req.principal_account && strcmp(req.principal_account, v->g->account) == 0;
    if (lock.decision == POLICY_EXPLICIT_DENY) {
        record(&call->auth, GLACIER_BY_LOCK, &lock);
    } else if (access.decision == POLICY_EXPLICIT_DENY) {
        record(&call->auth, GLACIER_BY_ACCESS, &access);
    } else if (owner) {
        call->auth.decision = POLICY_ALLOW;
        call->auth.source = GLACIER_BY_IDENTITY;
    } else if (lock.decision == POLICY_ALLOW) {
        record(&call->auth, GLACIER_BY_LOCK, &lock);
    } else if (access.decision == POLICY_ALLOW) {
        record(&call->auth, GLACIER_BY_ACCESS, &access);
    }
    call->auth.allowed = call->auth.decision == POLICY_ALLOW;
    if (call->auth.allowed) return SIM_OK;
    /* The denial's timeline entry: no status left to report a spent
     * budget with (the denial is the answer), the host stops. */
    (void)sim_budget_charge(v->g->budget, GLACIER_COST_LOG);
    deny_message(v, call, principal, action);
    if (call->auth.decision == POLICY_EXPLICIT_DENY) {
        glacier_log(v, now, "Denied", "%s%s%s by statement \"%.40s\" of the %s policy", action,
                    arch ? " of " : "", arch ? arch->id : "", call->auth.sid,
                    call->auth.source == GLACIER_BY_LOCK ? "lock" : "access");
    } else {
        glacier_log(v, now, "Denied", "%s by %.60s: no policy allows it", action, principal);
    }
    return SIM_ACCESS_DENIED;
}

sim_status glacier_authorize(glacier_vault *v, const char *action, const char *archive_id,
                             glacier_call *call)
{
    glacier_call local = {0};
    if (!call) call = &local;
    sim_error_clear(&call->err);
    if (glacier_begin(v, call, "authorizing a request", false) != SIM_OK) return call->err.code;
    if (!action || !*action)
        return sim_fail(&call->err, SIM_MISSING_PARAMETER_VALUE,
                        "Required parameter missing: action");
    if (strncasecmp(action, "glacier:", 8) == 0) action += 8;
    garchive *a = NULL;
    if (archive_id && glacier_lookup_archive(v, archive_id, &a, call) != SIM_OK)
        return call->err.code;
    return glacier_check(v, action, a, call);
}

/* --- timeline -------------------------------------------------------------- */

void glacier_log(glacier_vault *v, int64_t at_ms, const char *what, const char *fmt, ...)
{
    if (v->nevents >= GLACIER_MAX_EVENTS) return;
    if (v->nevents == v->cap_events) {
        size_t cap = v->cap_events ? v->cap_events * 2 : 16;
        glacier_event *ne = sim_reallocarray(v->g->budget, v->events, cap, sizeof *ne);
        if (!ne) return; /* the timeline is a teaching aid; losing an entry is harmless */
        v->events = ne;
        v->cap_events = cap;
    }
    /* Lazily applied events (a lock expiring) carry an earlier time than the
     * call that noticed them, so insert in time order, after equal times. */
    size_t pos = v->nevents;
    while (pos > 0 && v->events[pos - 1].at_ms > at_ms)
        pos--;
    memmove(&v->events[pos + 1], &v->events[pos], (v->nevents - pos) * sizeof *v->events);
    glacier_event *e = &v->events[pos];
    /* Whole, so that an event's bytes past its text are the same on every
     * run (a copied event then compares equal). */
    memset(e, 0, sizeof *e);
    e->at_ms = at_ms;
    snprintf(e->what, sizeof e->what, "%s", what);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->detail, sizeof e->detail, fmt, ap);
    va_end(ap);
    v->nevents++;
}

size_t glacier_event_count(glacier_vault *v)
{
    /* No status to report a spent budget: it answers, and the host stops. */
    (void)sim_budget_charge_n(v->g->budget, v->njobs / GLACIER_JOBS_PER_UNIT + 1, 1);
    glacier_tick(v);
    return v->nevents;
}

const glacier_event *glacier_event_at(glacier_vault *v, size_t i)
{
    return i < v->nevents ? &v->events[i] : NULL;
}
