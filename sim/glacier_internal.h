#ifndef SIM_GLACIER_INTERNAL_H
#define SIM_GLACIER_INTERNAL_H

/* The parts of the Glacier simulator that its three files share:
 * glacier.c (account, vaults, archives, authorization, timeline),
 * glacier_lock.c (access policy and Vault Lock), glacier_jobs.c (retrieval
 * jobs and costs). */

#include "sim/budget.h"
#include "sim/glacier.h"
#include "sim/glacier_cost.h"

#define GLACIER_MAX_EVENTS 512

typedef struct garchive {
    char id[GLACIER_ID_LEN + 1];
    uint64_t size;
    int64_t uploaded_ms;
    int64_t billed_from_ms; /* storage is billed from here */
    char *description;
    policy_tag *tags;
    size_t ntags;
} garchive;

typedef struct gjob {
    char id[GLACIER_ID_LEN + 1];
    char archive_id[GLACIER_ID_LEN + 1];
    glacier_tier tier;
    uint64_t size;
    int64_t created_ms, completes_ms, expires_ms;
    bool provisioned;
    double cost;
    bool logged_done, logged_expired; /* lazy timeline events already written */
} gjob;

struct glacier_vault {
    glacier *g;
    char *name;
    char *arn;
    int64_t created_ms;
    garchive *archives;
    size_t narchives, cap_archives;
    policy_tag *tags;
    size_t ntags;
    policy *access;
    policy *lock;
    glacier_lock_state lock_state;
    char lock_id[GLACIER_ID_LEN + 1];
    char expired_lock_id[GLACIER_ID_LEN + 1];
    int64_t lock_created_ms, lock_expires_ms;
    gjob *jobs;
    size_t njobs, cap_jobs;
    double closed_gb_months; /* storage of archives already deleted */
    double retrieval_usd, requests_usd, early_usd;
    glacier_event *events;
    size_t nevents, cap_events;
};

struct glacier {
    sim_budget *budget; /* borrowed; NULL: unlimited */
    sim_clock *clock;
    sim_rng *rng;
    glacier_facts facts;
    char account[16];
    char region[32];
    double fail_p;
    int units;
    int64_t *recent; /* start times of Expedited jobs served by provisioned capacity */
    size_t nrecent, cap_recent;
    glacier_vault **vaults;
    size_t nvaults, cap_vaults;
};

/* Applies what time has done since the last call: lock expiry, jobs
 * finishing, outputs expiring. */
void glacier_tick(glacier_vault *v);
/* How every public vault request starts: charges the request (with its
 * timeline entry, when it `logs` one) to the budget, then ticks.
 * SIM_BUDGET_EXCEEDED, in call->err, when the budget cannot pay. */
sim_status glacier_begin(glacier_vault *v, glacier_call *call, const char *action, bool logs);
/* Tags: sets key (replacing its value); false when out of memory. */
bool glacier_set_tag(glacier *g, policy_tag **tags, size_t *n, const char *key, const char *value);
void glacier_free_tags(glacier *g, policy_tag *tags, size_t n);
/* The jobs' half of glacier_tick (glacier_jobs.c). */
void glacier_jobs_tick(glacier_vault *v);

/* Evaluates a request (action without the "glacier:" prefix) against the
 * lock and access policies; fills call->auth, and call->err on a denial. */
sim_status glacier_check(glacier_vault *v, const char *action, const garchive *a,
                         glacier_call *call);

/* Appends a timeline event at `at_ms`, keeping the timeline sorted. */
void glacier_log(glacier_vault *v, int64_t at_ms, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

void glacier_new_id(glacier *g, char id[GLACIER_ID_LEN + 1]);
/* The archive of that ID (*out NULL when there is none), paid for as far
 * as the search went: SIM_BUDGET_EXCEEDED, in call->err, when it cannot be
 * (the search is bounded by the vault's archives). */
sim_status glacier_lookup_archive(glacier_vault *v, const char *id, garchive **out,
                                  glacier_call *call);
double glacier_gb(uint64_t bytes);

#endif
