/* The vault access policy and the Vault Lock lifecycle.
 *
 *   (none) --InitiateVaultLock--> InProgress --CompleteVaultLock--> Locked
 *     ^                              |  |                             (forever)
 *     +------ AbortVaultLock --------+  |
 *     +------ 24 h pass (lock ID expires, policy removed) ------+
 *
 * The lock policy is in force from InitiateVaultLock on, exactly as if it
 * were locked; only its mutability differs. */
#include <stdio.h>
#include <string.h>

#include "sim/budget_fail.h"
#include "sim/glacier_internal.h"

const char *glacier_lock_state_name(glacier_lock_state s)
{
    switch (s) {
    case GLACIER_LOCK_IN_PROGRESS:
        return "InProgress";
    case GLACIER_LOCK_LOCKED:
        return "Locked";
    case GLACIER_LOCK_NONE:
        break;
    }
    return "";
}

static glacier_call *call_or(glacier_call *call, glacier_call *local)
{
    glacier_call *c = call ? call : local;
    sim_error_clear(&c->err);
    return c;
}

/* Applies the lock expiry; jobs are ticked in glacier_jobs.c. */
static void lock_tick(glacier_vault *v)
{
    if (v->lock_state != GLACIER_LOCK_IN_PROGRESS) return;
    if (sim_clock_now(v->g->clock) < v->lock_expires_ms) return;
    policy_free(v->lock);
    v->lock = NULL;
    v->lock_state = GLACIER_LOCK_NONE;
    memcpy(v->expired_lock_id, v->lock_id, sizeof v->lock_id);
    v->lock_id[0] = '\0';
    glacier_log(v, v->lock_expires_ms, "LockExpired",
                "lock ID %s expired 24 h after InitiateVaultLock; the lock policy was removed",
                v->expired_lock_id);
}

void glacier_tick(glacier_vault *v)
{
    lock_tick(v);
    glacier_jobs_tick(v);
}

sim_status glacier_begin(glacier_vault *v, glacier_call *call, const char *action, bool logs)
{
    uint64_t units =
        GLACIER_COST_CALL + v->njobs / GLACIER_JOBS_PER_UNIT + (logs ? GLACIER_COST_LOG : 0);
    if (!sim_budget_charge(v->g->budget, units))
        return sim_fail_work(&call->err, "at %s on vault %.60s", action, v->name);
    glacier_tick(v);
    return SIM_OK;
}

/* --- access policy ----------------------------------------------------------- */

sim_status glacier_set_access_policy(glacier_vault *v, const char *json, size_t len,
                                     glacier_call *call)
{
    glacier_call local = {0};
    call = call_or(call, &local);
    if (glacier_begin(v, call, "SetVaultAccessPolicy", true) != SIM_OK) return call->err.code;
    if (glacier_check(v, "SetVaultAccessPolicy", NULL, call) != SIM_OK) return call->err.code;
    policy *p = policy_parse_budget(json, json ? len : 0, v->g->facts.policy_max_bytes,
                                    v->g->budget, &call->err);
    if (!p) return call->err.code;
    policy_free(v->access);
    v->access = p;
    glacier_log(v, sim_clock_now(v->g->clock), "SetVaultAccessPolicy", "%zu statement%s",
                policy_statement_count(p), policy_statement_count(p) == 1 ? "" : "s");
    return SIM_OK;
}

const char *glacier_get_access_policy(glacier_vault *v, glacier_call *call)
{
    glacier_call local = {0};
    call = call_or(call, &local);
    if (glacier_begin(v, call, "GetVaultAccessPolicy", false) != SIM_OK) return NULL;
    if (glacier_check(v, "GetVaultAccessPolicy", NULL, call) != SIM_OK) return NULL;
    if (!v->access) {
        sim_fail(&call->err, SIM_RESOURCE_NOT_FOUND, "No vault access policy is set for: %.100s",
                 v->arn);
        return NULL;
    }
    return policy_text(v->access);
}

sim_status glacier_delete_access_policy(glacier_vault *v, glacier_call *call)
{
    glacier_call local = {0};
    call = call_or(call, &local);
    if (glacier_begin(v, call, "DeleteVaultAccessPolicy", true) != SIM_OK) return call->err.code;
    if (glacier_check(v, "DeleteVaultAccessPolicy", NULL, call) != SIM_OK) return call->err.code;
    /* DeleteVaultAccessPolicy is idempotent: no policy is not an error. */
    if (v->access) {
        policy_free(v->access);
        v->access = NULL;
        glacier_log(v, sim_clock_now(v->g->clock), "DeleteVaultAccessPolicy", "removed");
    }
    return SIM_OK;
}

/* --- Vault Lock -------------------------------------------------------------- */

sim_status glacier_initiate_lock(glacier_vault *v, const char *json, size_t len,
                                 char lock_id[GLACIER_ID_LEN + 1], glacier_call *call)
{
    glacier_call local = {0};
    call = call_or(call, &local);
    if (glacier_begin(v, call, "InitiateVaultLock", true) != SIM_OK) return call->err.code;
    if (glacier_check(v, "InitiateVaultLock", NULL, call) != SIM_OK) return call->err.code;
    if (v->lock_state == GLACIER_LOCK_LOCKED)
        return sim_fail(&call->err, SIM_ACCESS_DENIED,
                        "The vault lock policy of %.80s is Locked and can never be changed",
                        v->name);
    if (v->lock_state == GLACIER_LOCK_IN_PROGRESS)
        return sim_fail(&call->err, SIM_ACCESS_DENIED,
                        "A vault lock is already InProgress on %.80s; call AbortVaultLock "
                        "before initiating a new one",
                        v->name);
    policy *p = policy_parse_budget(json, json ? len : 0, v->g->facts.policy_max_bytes,
                                    v->g->budget, &call->err);
    if (!p) return call->err.code;
    int64_t now = sim_clock_now(v->g->clock);
    v->lock = p;
    v->lock_state = GLACIER_LOCK_IN_PROGRESS;
    v->lock_created_ms = now;
    v->lock_expires_ms = now + v->g->facts.lock_ttl_ms;
    glacier_new_id(v->g, v->lock_id);
    if (lock_id) memcpy(lock_id, v->lock_id, sizeof v->lock_id);
    char until[40];
    sim_time_format(v->lock_expires_ms, until, sizeof until);
    glacier_log(v, now, "InitiateVaultLock", "InProgress, lock ID %s, complete before %s",
                v->lock_id, until);
    return SIM_OK;
}

sim_status glacier_complete_lock(glacier_vault *v, const char *lock_id, glacier_call *call)
{
    glacier_call local = {0};
    call = call_or(call, &local);
    if (glacier_begin(v, call, "CompleteVaultLock", true) != SIM_OK) return call->err.code;
    if (glacier_check(v, "CompleteVaultLock", NULL, call) != SIM_OK) return call->err.code;
    if (!lock_id || !*lock_id)
        return sim_fail(&call->err, SIM_MISSING_PARAMETER_VALUE,
                        "Required parameter missing: lockId");
    bool right = strcmp(lock_id, v->lock_id) == 0;
    switch (v->lock_state) {
    case GLACIER_LOCK_LOCKED:
        /* Idempotent with the right ID; a wrong ID on a Locked vault is
         * AccessDenied (CompleteVaultLock API reference). */
        if (right) return SIM_OK;
        return sim_fail(&call->err, SIM_ACCESS_DENIED,
                        "The vault lock of %.80s is Locked; lock ID %.40s does not match", v->name,
                        lock_id);
    case GLACIER_LOCK_IN_PROGRESS:
        if (!right)
            return sim_fail(&call->err, SIM_INVALID_PARAMETER_VALUE,
                            "Invalid lock ID %.40s for the vault lock InProgress on %.80s", lock_id,
                            v->name);
        v->lock_state = GLACIER_LOCK_LOCKED;
        v->lock_expires_ms = 0;
        glacier_log(v, sim_clock_now(v->g->clock), "CompleteVaultLock",
                    "Locked: the lock policy can never be changed or removed");
        return SIM_OK;
    case GLACIER_LOCK_NONE:
        break;
    }
    if (v->expired_lock_id[0] && strcmp(lock_id, v->expired_lock_id) == 0)
        return sim_fail(&call->err, SIM_INVALID_PARAMETER_VALUE,
                        "Lock ID %.40s expired 24 hours after InitiateVaultLock; the lock "
                        "policy was removed",
                        lock_id);
    return sim_fail(&call->err, SIM_RESOURCE_NOT_FOUND, "No vault lock is in progress on %.80s",
                    v->name);
}

sim_status glacier_abort_lock(glacier_vault *v, glacier_call *call)
{
    glacier_call local = {0};
    call = call_or(call, &local);
    if (glacier_begin(v, call, "AbortVaultLock", true) != SIM_OK) return call->err.code;
    if (glacier_check(v, "AbortVaultLock", NULL, call) != SIM_OK) return call->err.code;
    if (v->lock_state == GLACIER_LOCK_LOCKED)
        return sim_fail(&call->err, SIM_ACCESS_DENIED,
                        "The vault lock of %.80s is Locked and cannot be aborted", v->name);
    if (v->lock_state == GLACIER_LOCK_IN_PROGRESS) {
        policy_free(v->lock);
        v->lock = NULL;
        v->lock_state = GLACIER_LOCK_NONE;
        v->lock_id[0] = '\0';
        glacier_log(v, sim_clock_now(v->g->clock), "AbortVaultLock", "lock policy removed");
    }
    /* With no lock policy, AbortVaultLock succeeds and does nothing. */
    return SIM_OK;
}

sim_status glacier_get_lock(glacier_vault *v, glacier_lock_info *out, glacier_call *call)
{
    glacier_call local = {0};
    call = call_or(call, &local);
    if (glacier_begin(v, call, "GetVaultLock", false) != SIM_OK) return call->err.code;
    if (glacier_check(v, "GetVaultLock", NULL, call) != SIM_OK) return call->err.code;
    if (v->lock_state == GLACIER_LOCK_NONE)
        return sim_fail(&call->err, SIM_RESOURCE_NOT_FOUND, "No vault lock policy is set on %.100s",
                        v->arn);
    out->state = v->lock_state;
    out->policy = policy_text(v->lock);
    out->creation_ms = v->lock_created_ms;
    out->expiration_ms = v->lock_state == GLACIER_LOCK_LOCKED ? 0 : v->lock_expires_ms;
    return SIM_OK;
}
