#ifndef SIM_GLACIER_H
#define SIM_GLACIER_H

/* Amazon Glacier (the vault API): vaults of archives, vault access and vault
 * lock policies, the Vault Lock lifecycle, retrieval jobs and costs.
 *
 * One `glacier` is one account in one region. It borrows a clock and a
 * generator from the caller and reads time only from the clock: timed
 * transitions (a lock ID expiring after 24 h, a job completing, its output
 * expiring) are applied lazily at the start of each call, stamped with the
 * instant they really happened.
 *
 * Authorization model (docs/api-glacier.md, "Who may do what"):
 *  1. An explicit Deny in the vault lock policy refuses the request.
 *  2. An explicit Deny in the vault access policy refuses it.
 *  3. A request from the vault owner's account is allowed: we assume its
 *     IAM identity policy grants it (the account's root always has it).
 *  4. A request from another account needs an Allow in either policy
 *     (cross-account access is what resource policies are for); without one
 *     it is implicitly denied.
 * Every request is evaluated like this, including the policy and lock calls
 * themselves, and the result names the statement that decided it.
 *
 * An account may be given the script's budget (sim/budget.h): every request
 * is charged before it runs, with what it walks (every job, on the lazy
 * tick; the archives, when it looks one up), its policies charge each
 * statement they evaluate, and everything the account holds (vaults,
 * archives, tags, jobs, timelines, policies) counts toward the memory cap.
 * A request the budget cannot pay for fails with SIM_BUDGET_EXCEEDED and
 * changes nothing; one the memory cap refuses fails with SIM_NO_MEMORY.
 * The calls with no status to report it (glacier_find_vault,
 * glacier_archive_find, glacier_vault_costs, glacier_event_count,
 * glacier_new) are charged too but still answer: the host sees a spent
 * budget with sim_budget_spent() and stops the script. (glacier_cost.h
 * has the charges.) */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/budget.h"
#include "sim/clock.h"
#include "sim/policy.h"
#include "sim/rng.h"
#include "sim/status.h"

typedef struct glacier glacier;
typedef struct glacier_vault glacier_vault;

typedef enum {
    GLACIER_TIER_EXPEDITED,
    GLACIER_TIER_STANDARD,
    GLACIER_TIER_BULK,
    GLACIER_TIER_COUNT
} glacier_tier;

/* Every number the simulator uses, with its source. */
typedef struct glacier_facts {
    size_t policy_max_bytes;      /* 20 KB per vault lock / access policy (InitiateVaultLock,
                                   * SetVaultAccessPolicy API reference) */
    int64_t lock_ttl_ms;          /* 24 h to complete a lock (InitiateVaultLock reference) */
    int64_t output_ttl_ms;        /* job output readable 24 h after completion (developer guide,
                                   * "Retrieving archives"; course: restore links expire) */
    uint64_t expedited_max_bytes; /* Expedited only for archives up to 250 MB */
    int expedited_per_unit;       /* provisioned capacity: 3 Expedited retrievals ... */
    int64_t capacity_window_ms;   /* ... per 5 minutes per unit */
    struct {
        int64_t min_ms, max_ms; /* completion time: Expedited 1-5 min, Standard 3-5 h,
                                 * Bulk 5-12 h (developer guide, retrieval options) */
        double usd_per_gb;      /* retrieval: $0.03 / $0.01 / $0.0025 per GB */
        double usd_per_1000;    /* requests: $10.00 / $0.05 / $0.025 per 1,000 */
    } tier[GLACIER_TIER_COUNT];
    double storage_usd_per_gb_month; /* $0.004 per GB-month (legacy vault pricing, us-east-1) */
    int64_t month_ms;                /* a billing month, taken as 30 days */
    int64_t min_storage_ms;          /* 90-day minimum; earlier deletes pay the rest pro rata */
} glacier_facts;

const glacier_facts *glacier_default_facts(void);
const char *glacier_tier_name(glacier_tier t);
/* Case-insensitive "Expedited" / "Standard" / "Bulk". */
bool glacier_tier_parse(const char *name, glacier_tier *out);

typedef struct glacier_config {
    const char *account_id; /* the vault owner; default "123456789012" */
    const char *region;     /* default "us-east-1" */
    /* Probability that an on-demand Expedited retrieval (one not covered by
     * provisioned capacity) fails with InsufficientCapacityException. */
    double expedited_failure_probability;
    sim_budget *budget; /* borrowed, outlives the account; NULL = unlimited, uncounted */
} glacier_config;

/* cfg may be NULL for the defaults. The clock and generator are borrowed. */
glacier *glacier_new(const glacier_config *cfg, sim_clock *clock, sim_rng *rng);
void glacier_free(glacier *g);

const char *glacier_account_id(const glacier *g);
void glacier_set_expedited_failure_probability(glacier *g, double p);
/* Provisioned capacity units for the account (each: 3 Expedited per 5 min). */
void glacier_set_provisioned_capacity(glacier *g, int units);
int glacier_provisioned_capacity(const glacier *g);

/* --- who is calling, and what the policies said ------------------------- */

typedef enum {
    GLACIER_BY_NONE = 0, /* nothing allowed it: implicit deny */
    GLACIER_BY_IDENTITY, /* the owner account's own permissions */
    GLACIER_BY_ACCESS,   /* the vault access policy */
    GLACIER_BY_LOCK,     /* the vault lock policy */
} glacier_source;

/* "none", "identity", "access", "lock". */
const char *glacier_source_name(glacier_source s);

typedef struct glacier_auth {
    bool evaluated; /* the policies were consulted (false: refused earlier) */
    bool allowed;
    policy_decision decision; /* allow, explicit-deny, implicit-deny */
    glacier_source source;    /* which policy decided */
    int statement;            /* index in that policy, -1 when none */
    char sid[128];            /* its Sid ("" when none) */
} glacier_auth;

/* One request's caller and its outcome. Pass NULL for "the vault owner's
 * root, no MFA key in the context" when the outcome does not matter. */
typedef struct glacier_call {
    const char *principal; /* an ARN or a 12-digit account; NULL = owner's root */
    policy_tristate mfa;   /* aws:MultiFactorAuthPresent */
    glacier_auth auth;     /* out */
    sim_error err;         /* out */
} glacier_call;

/* --- vaults and archives -------------------------------------------------- */

/* CreateVault is idempotent: an existing vault of that name is returned. */
glacier_vault *glacier_create_vault(glacier *g, const char *name, sim_error *err);
glacier_vault *glacier_find_vault(glacier *g, const char *name);
const char *glacier_vault_name(const glacier_vault *v);
/* arn:aws:glacier:REGION:ACCOUNT:vaults/NAME */
const char *glacier_vault_arn(const glacier_vault *v);

/* AddTagsToVault / RemoveTagsFromVault (glacier:ResourceTag/<key>). */
sim_status glacier_tag_vault(glacier_vault *v, const char *key, const char *value,
                             glacier_call *call);
sim_status glacier_untag_vault(glacier_vault *v, const char *key, glacier_call *call);
size_t glacier_vault_tag_count(const glacier_vault *v);
const policy_tag *glacier_vault_tags(const glacier_vault *v);

typedef struct glacier_upload_opts {
    uint64_t size;
    int64_t age_ms;          /* upload time = now - age (to model old archives) */
    const char *description; /* may be NULL */
    const policy_tag *tags;  /* descriptive only; policies see the vault's tags */
    size_t ntags;
} glacier_upload_opts;

#define GLACIER_ID_LEN 24 /* our IDs are shorter than AWS's, but as opaque */

typedef struct glacier_archive_info {
    const char *id;
    uint64_t size;
    int64_t uploaded_ms;
    int64_t age_days; /* whole days since upload */
    const char *description;
    const policy_tag *tags;
    size_t ntags;
} glacier_archive_info;

/* UploadArchive; writes the new archive ID (GLACIER_ID_LEN + 1 bytes). */
sim_status glacier_upload(glacier_vault *v, const glacier_upload_opts *o,
                          char id[GLACIER_ID_LEN + 1], glacier_call *call);
sim_status glacier_delete_archive(glacier_vault *v, const char *archive_id, glacier_call *call);
/* The inventory (not a job here: the simulator answers at once). */
size_t glacier_archive_count(const glacier_vault *v);
bool glacier_archive_at(const glacier_vault *v, size_t i, glacier_archive_info *out);
bool glacier_archive_find(const glacier_vault *v, const char *id, glacier_archive_info *out);

/* Authorizes `action` ("DeleteArchive" or "glacier:DeleteArchive") against
 * the policies without doing it; archive_id (may be NULL) supplies
 * glacier:ArchiveAgeInDays. Returns SIM_OK or SIM_ACCESS_DENIED (or
 * SIM_BUDGET_EXCEEDED). */
sim_status glacier_authorize(glacier_vault *v, const char *action, const char *archive_id,
                             glacier_call *call);

/* --- policies and Vault Lock ------------------------------------------------ */

sim_status glacier_set_access_policy(glacier_vault *v, const char *json, size_t len,
                                     glacier_call *call);
/* The policy text, or NULL with ResourceNotFoundException. */
const char *glacier_get_access_policy(glacier_vault *v, glacier_call *call);
sim_status glacier_delete_access_policy(glacier_vault *v, glacier_call *call);

typedef enum {
    GLACIER_LOCK_NONE = 0,
    GLACIER_LOCK_IN_PROGRESS,
    GLACIER_LOCK_LOCKED
} glacier_lock_state;
const char *glacier_lock_state_name(glacier_lock_state s); /* "", "InProgress", "Locked" */

typedef struct glacier_lock_info {
    glacier_lock_state state;
    const char *policy;
    int64_t creation_ms;
    int64_t expiration_ms; /* 0 once Locked */
} glacier_lock_info;

sim_status glacier_initiate_lock(glacier_vault *v, const char *json, size_t len,
                                 char lock_id[GLACIER_ID_LEN + 1], glacier_call *call);
sim_status glacier_complete_lock(glacier_vault *v, const char *lock_id, glacier_call *call);
sim_status glacier_abort_lock(glacier_vault *v, glacier_call *call);
sim_status glacier_get_lock(glacier_vault *v, glacier_lock_info *out, glacier_call *call);

/* --- retrieval jobs ------------------------------------------------------------ */

typedef enum {
    GLACIER_JOB_IN_PROGRESS,
    GLACIER_JOB_SUCCEEDED,
    GLACIER_JOB_EXPIRED
} glacier_job_state;
const char *glacier_job_state_name(glacier_job_state s); /* InProgress, Succeeded, Expired */

typedef struct glacier_job_info {
    const char *id;
    const char *archive_id;
    glacier_tier tier;
    uint64_t size;
    glacier_job_state state;
    int64_t created_ms, completes_ms, expires_ms;
    bool provisioned; /* served by provisioned capacity */
    double cost;      /* retrieval + request charge */
} glacier_job_info;

sim_status glacier_initiate_job(glacier_vault *v, const char *archive_id, glacier_tier tier,
                                char job_id[GLACIER_ID_LEN + 1], glacier_call *call);
/* DescribeJob; an expired job is still described (state Expired). */
sim_status glacier_describe_job(glacier_vault *v, const char *job_id, glacier_job_info *out,
                                glacier_call *call);
/* GetJobOutput: the archive's bytes count, only between completion and 24 h
 * after it. */
sim_status glacier_get_job_output(glacier_vault *v, const char *job_id, uint64_t *bytes,
                                  glacier_call *call);
size_t glacier_job_count(const glacier_vault *v);

/* --- costs and timeline --------------------------------------------------------- */

typedef struct glacier_costs {
    double storage;        /* GB-months stored so far * price */
    double retrieval;      /* per-GB retrieval charges */
    double requests;       /* per-1,000 retrieval request charges */
    double early_deletion; /* pro-rata charges for archives deleted before 90 days */
    double total;
    double gb_months; /* the storage that was billed */
} glacier_costs;

/* Costs of one vault up to now. Storage is billed from the later of the
 * upload and the vault's creation in the simulation (backdated archives'
 * history is not billed). */
void glacier_vault_costs(glacier_vault *v, glacier_costs *out);

typedef struct glacier_event {
    int64_t at_ms;
    char what[32]; /* "InitiateVaultLock", "LockExpired", "DeleteArchive denied", ... */
    char detail[160];
} glacier_event;

/* The vault's lifecycle so far, oldest first. */
size_t glacier_event_count(glacier_vault *v);
const glacier_event *glacier_event_at(glacier_vault *v, size_t i);

#endif
