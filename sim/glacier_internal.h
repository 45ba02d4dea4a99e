#ifndef SIM_GLACIER_INTERNAL_H
#define SIM_GLACIER_INTERNAL_H

/* The parts of the Glacier simulator that its three files share:
 * glacier.c (account, vaults, archives, authorization, timeline),
 * glacier_lock.c (access policy and Vault Lock), glacier_jobs.c (retrieval
 * jobs and costs). */

#include "sim/glacier.h"

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
 * finishing, outputs expiring. Every public vault call starts with it. */
void glacier_tick(glacier_vault *v);
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
garchive *glacier_find_archive(glacier_vault *v, const char *id);
double glacier_gb(uint64_t bytes);

#endif
