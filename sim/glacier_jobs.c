/* Retrieval jobs and costs.
 *
 * A job's completion time is drawn from the generator within its tier's
 * range when the job starts, so the same seed and calls give the same times.
 * Its output can be read from completion until 24 hours later. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/budget_fail.h"
#include "sim/glacier_internal.h"
#include "sim/units.h"

const char *glacier_job_state_name(glacier_job_state s)
{
    switch (s) {
    case GLACIER_JOB_SUCCEEDED:
        return "Succeeded";
    case GLACIER_JOB_EXPIRED:
        return "Expired";
    case GLACIER_JOB_IN_PROGRESS:
        break;
    }
    return "InProgress";
}

static glacier_job_state job_state(const gjob *j, int64_t now)
{
    if (now < j->completes_ms) return GLACIER_JOB_IN_PROGRESS;
    if (now < j->expires_ms) return GLACIER_JOB_SUCCEEDED;
    return GLACIER_JOB_EXPIRED;
}

void glacier_jobs_tick(glacier_vault *v)
{
    int64_t now = sim_clock_now(v->g->clock);
    for (size_t i = 0; i < v->njobs; i++) {
        gjob *j = &v->jobs[i];
        if (!j->logged_done && now >= j->completes_ms) {
            j->logged_done = true;
            glacier_log(v, j->completes_ms, "JobSucceeded", "%s job %s: output readable for 24 h",
                        glacier_tier_name(j->tier), j->id);
        }
        if (!j->logged_expired && now >= j->expires_ms) {
            j->logged_expired = true;
            glacier_log(v, j->expires_ms, "JobOutputExpired", "job %s: the output link expired",
                        j->id);
        }
    }
}

static gjob *find_job(glacier_vault *v, const char *id)
{
    for (size_t i = 0; id && i < v->njobs; i++)
        if (strcmp(v->jobs[i].id, id) == 0) return &v->jobs[i];
    return NULL;
}

/* Is an Expedited retrieval starting now covered by provisioned capacity?
 * Each unit guarantees 3 in any 5-minute window; we keep the start times of
 * the ones it covered and forget those older than the window. */
static bool take_capacity(glacier *g, int64_t now)
{
    (void)sim_budget_charge_n(g->budget, g->nrecent, GLACIER_COST_RECENT); /* as many as jobs */
    size_t kept = 0;
    for (size_t i = 0; i < g->nrecent; i++)
        if (g->recent[i] > now - g->facts.capacity_window_ms) g->recent[kept++] = g->recent[i];
    g->nrecent = kept;
    if (g->units <= 0 || g->nrecent >= (size_t)g->units * (size_t)g->facts.expedited_per_unit)
        return false;
    if (g->nrecent == g->cap_recent) {
        size_t cap = g->cap_recent ? g->cap_recent * 2 : 8;
        int64_t *nr = sim_reallocarray(g->budget, g->recent, cap, sizeof *nr);
        if (!nr) return false;
        g->recent = nr;
        g->cap_recent = cap;
    }
    g->recent[g->nrecent++] = now;
    return true;
}

sim_status glacier_initiate_job(glacier_vault *v, const char *archive_id, glacier_tier tier,
                                char job_id[GLACIER_ID_LEN + 1], glacier_call *call)
{
    glacier_call local = {0};
    if (!call) call = &local;
    sim_error_clear(&call->err);
    if (glacier_begin(v, call, "InitiateJob", true) != SIM_OK) return call->err.code;
    glacier *g = v->g;
    if (!archive_id || !*archive_id)
        return sim_fail(&call->err, SIM_MISSING_PARAMETER_VALUE,
                        "Required parameter missing: ArchiveId");
    garchive *a;
    if (glacier_lookup_archive(v, archive_id, &a, call) != SIM_OK) return call->err.code;
    if (glacier_check(v, "InitiateJob", a, call) != SIM_OK) return call->err.code;
    if (!a)
        return sim_fail(&call->err, SIM_RESOURCE_NOT_FOUND, "Archive not found: %.40s", archive_id);
    if ((unsigned)tier >= GLACIER_TIER_COUNT)
        return sim_fail(&call->err, SIM_INVALID_PARAMETER_VALUE,
                        "Tier must be Expedited, Standard or Bulk");
    const glacier_facts *f = &g->facts;
    int64_t now = sim_clock_now(g->clock);
    bool provisioned = false;
    if (tier == GLACIER_TIER_EXPEDITED) {
        if (a->size > f->expedited_max_bytes)
            return sim_fail(&call->err, SIM_INVALID_PARAMETER_VALUE,
                            "Expedited retrievals are for archives up to 250 MB; use Standard "
                            "or Bulk");
        provisioned = take_capacity(g, now);
        /* Only draw when failure is possible, so that the default
         * configuration spends no randomness on it. */
        if (!provisioned && g->fail_p > 0 && sim_rng_uniform(g->rng) < g->fail_p) {
            glacier_log(v, now, "InitiateJob failed",
                        "Expedited: InsufficientCapacityException (no provisioned capacity)");
            return sim_fail(&call->err, SIM_INSUFFICIENT_CAPACITY,
                            "There is not enough capacity to process this Expedited "
                            "retrieval; retry later, or buy provisioned capacity");
        }
    }
    if (v->njobs == v->cap_jobs) {
        size_t cap = v->cap_jobs ? v->cap_jobs * 2 : 4;
        gjob *nj = sim_reallocarray(g->budget, v->jobs, cap, sizeof *nj);
        if (!nj)
            return sim_fail_memory(&call->err, g->budget, "starting a job in vault %.60s", v->name);
        v->jobs = nj;
        v->cap_jobs = cap;
    }
    gjob *j = &v->jobs[v->njobs];
    memset(j, 0, sizeof *j);
    glacier_new_id(g, j->id);
    memcpy(j->archive_id, a->id, sizeof j->archive_id);
    j->tier = tier;
    j->size = a->size;
    j->created_ms = now;
    j->completes_ms = now + sim_rng_range(g->rng, f->tier[tier].min_ms, f->tier[tier].max_ms);
    j->expires_ms = j->completes_ms + f->output_ttl_ms;
    j->provisioned = provisioned;
    double retrieval = glacier_gb(a->size) * f->tier[tier].usd_per_gb;
    double request = f->tier[tier].usd_per_1000 / 1000.0;
    j->cost = retrieval + request;
    v->retrieval_usd += retrieval;
    v->requests_usd += request;
    v->njobs++;
    if (job_id) memcpy(job_id, j->id, sizeof j->id);
    char took[32], sz[32];
    sim_duration_format(j->completes_ms - now, took, sizeof took);
    sim_size_format(a->size, sz, sizeof sz);
    glacier_log(v, now, "InitiateJob", "%s retrieval of %s (%s), ready in %s, $%.4f%s",
                glacier_tier_name(tier), a->id, sz, took, j->cost,
                provisioned ? ", provisioned capacity" : "");
    return SIM_OK;
}

static void job_info(const gjob *j, int64_t now, glacier_job_info *out)
{
    out->id = j->id;
    out->archive_id = j->archive_id;
    out->tier = j->tier;
    out->size = j->size;
    out->state = job_state(j, now);
    out->created_ms = j->created_ms;
    out->completes_ms = j->completes_ms;
    out->expires_ms = j->expires_ms;
    out->provisioned = j->provisioned;
    out->cost = j->cost;
}

sim_status glacier_describe_job(glacier_vault *v, const char *job_id, glacier_job_info *out,
                                glacier_call *call)
{
    glacier_call local = {0};
    if (!call) call = &local;
    sim_error_clear(&call->err);
    if (glacier_begin(v, call, "DescribeJob", false) != SIM_OK) return call->err.code;
    if (glacier_check(v, "DescribeJob", NULL, call) != SIM_OK) return call->err.code;
    gjob *j = find_job(v, job_id);
    if (!j) return sim_fail(&call->err, SIM_RESOURCE_NOT_FOUND, "Job not found: %.40s", job_id);
    job_info(j, sim_clock_now(v->g->clock), out);
    return SIM_OK;
}

sim_status glacier_get_job_output(glacier_vault *v, const char *job_id, uint64_t *bytes,
                                  glacier_call *call)
{
    glacier_call local = {0};
    if (!call) call = &local;
    sim_error_clear(&call->err);
    if (glacier_begin(v, call, "GetJobOutput", true) != SIM_OK) return call->err.code;
    if (glacier_check(v, "GetJobOutput", NULL, call) != SIM_OK) return call->err.code;
    gjob *j = find_job(v, job_id);
    if (!j) return sim_fail(&call->err, SIM_RESOURCE_NOT_FOUND, "Job not found: %.40s", job_id);
    int64_t now = sim_clock_now(v->g->clock);
    char when[40];
    switch (job_state(j, now)) {
    case GLACIER_JOB_IN_PROGRESS:
        sim_time_format(j->completes_ms, when, sizeof when);
        return sim_fail(&call->err, SIM_INVALID_PARAMETER_VALUE,
                        "The job is not currently available for download: it is InProgress "
                        "until %s",
                        when);
    case GLACIER_JOB_EXPIRED:
        sim_time_format(j->expires_ms, when, sizeof when);
        return sim_fail(&call->err, SIM_RESOURCE_NOT_FOUND,
                        "The output of job %s expired at %s, 24 hours after the job completed",
                        j->id, when);
    case GLACIER_JOB_SUCCEEDED:
        break;
    }
    if (bytes) *bytes = j->size;
    glacier_log(v, now, "GetJobOutput", "job %s", j->id);
    return SIM_OK;
}

size_t glacier_job_count(const glacier_vault *v)
{
    return v->njobs;
}

void glacier_vault_costs(glacier_vault *v, glacier_costs *out)
{
    /* No status to report a spent budget: it answers, and the host stops. */
    (void)sim_budget_charge(v->g->budget, GLACIER_COST_CALL + v->njobs / GLACIER_JOBS_PER_UNIT +
                                              v->narchives / GLACIER_ARCHIVES_BILLED_PER_UNIT);
    glacier_tick(v);
    const glacier_facts *f = &v->g->facts;
    int64_t now = sim_clock_now(v->g->clock);
    double gbm = v->closed_gb_months;
    for (size_t i = 0; i < v->narchives; i++) {
        const garchive *a = &v->archives[i];
        gbm += glacier_gb(a->size) * (double)(now - a->billed_from_ms) / (double)f->month_ms;
    }
    memset(out, 0, sizeof *out);
    out->gb_months = gbm;
    out->storage = gbm * f->storage_usd_per_gb_month;
    out->retrieval = v->retrieval_usd;
    out->requests = v->requests_usd;
    out->early_deletion = v->early_usd;
    out->total = out->storage + out->retrieval + out->requests + out->early_deletion;
}
