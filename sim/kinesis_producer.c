/* The producer model (retries with backoff, hot keys) and the polling
 * consumer. Both move the clock they are given; the stream itself only
 * reads it. */
#include "sim/kinesis_producer.h"

#include <stdio.h>
#include <string.h>

#include "sim/budget_fail.h"
#include "sim/kinesis_cost.h"

typedef struct pending {
    int32_t key;
    uint32_t attempts;
    int64_t born_ms, due_ms;
} pending;

static int64_t backoff_ms(const kinesis_producer_config *c, sim_rng *rng, uint32_t attempts)
{
    int64_t base = c->backoff_base_ms > 0 ? c->backoff_base_ms : 100;
    int64_t cap = c->backoff_max_ms > 0 ? c->backoff_max_ms : 5000;
    int64_t b = base;
    for (uint32_t i = 1; i < attempts && b < cap; i++)
        b *= 2;
    if (b > cap) b = cap;
    /* "Equal jitter": half the backoff fixed, half drawn from the seeded
     * generator, so retries of one throttled batch spread out. */
    return b / 2 + sim_rng_range(rng, 0, b - b / 2);
}

/* The producer's arrays, all from the stream's budget. */
typedef struct producer {
    sim_budget *budget;
    char (*names)[16];
    kinesis_hash *hashes;
    pending *pend, *inflight;
    size_t npend, pend_cap;
    kinesis_put *batch;
    kinesis_put_result *res;
} producer;

static void producer_free(producer *pr)
{
    sim_free(pr->budget, pr->names);
    sim_free(pr->budget, pr->hashes);
    sim_free(pr->budget, pr->pend);
    sim_free(pr->budget, pr->inflight);
    sim_free(pr->budget, pr->batch);
    sim_free(pr->budget, pr->res);
}

/* Room for `more` records in the queue, doubling from 1,024. */
static bool queue_reserve(producer *pr, uint64_t more)
{
    if (more <= pr->pend_cap - pr->npend) return true;
    size_t cap = pr->pend_cap;
    while (cap - pr->npend < more) {
        if (cap > SIZE_MAX / 2 / sizeof *pr->pend) return false;
        cap *= 2;
    }
    pending *np = sim_reallocarray(pr->budget, pr->pend, cap, sizeof *np);
    if (!np) return false;
    pr->pend = np;
    pr->pend_cap = cap;
    return true;
}

sim_status kinesis_produce(kinesis_stream *s, sim_clock *clock, sim_rng *rng,
                           const kinesis_producer_config *cfg, kinesis_producer_summary *out,
                           sim_error *err)
{
    memset(out, 0, sizeof *out);
    const kinesis_limits *lim = kinesis_stream_limits(s);
    if (!(cfg->rate > 0) || cfg->rate > 1e7)
        return sim_fail(err, SIM_INVALID_ARGUMENT, "rate must be between 0 and 10,000,000/s");
    if (cfg->keys < 1 || cfg->keys > 1000000)
        return sim_fail(err, SIM_INVALID_ARGUMENT, "keys must be between 1 and 1,000,000");
    if (cfg->record_size > lim->max_record_bytes)
        return sim_fail(err, SIM_VALIDATION, "record_size is over the 1 MiB record limit");
    if (cfg->hot_key_share < 0 || cfg->hot_key_share > 1)
        return sim_fail(err, SIM_INVALID_ARGUMENT, "hot_key_share must be between 0 and 1");
    if (cfg->duration_ms < 0 || cfg->duration_ms > 7 * SIM_MS_PER_DAY)
        return sim_fail(err, SIM_INVALID_ARGUMENT, "duration must be between 0 and 7 days");
    int64_t batch_ms = cfg->batch_ms > 0 ? cfg->batch_ms : 100;
    int max_retries = cfg->max_retries >= 0 ? cfg->max_retries : 5;

    producer pr = {.budget = kinesis_stream_budget(s)};
    if (!sim_budget_charge_n(pr.budget, (uint64_t)cfg->keys, KINESIS_COST_PRODUCER_KEY))
        return sim_fail_work(err, "making the producer's keys");
    /* Keys and their hashes once, so the hot path routes without MD5. */
    size_t bcap = lim->put_records_max;
    pr.names = sim_reallocarray(pr.budget, NULL, (size_t)cfg->keys, sizeof *pr.names);
    pr.hashes = sim_reallocarray(pr.budget, NULL, (size_t)cfg->keys, sizeof *pr.hashes);
    pr.pend_cap = 1024;
    pr.pend = sim_reallocarray(pr.budget, NULL, pr.pend_cap, sizeof *pr.pend);
    pr.batch = sim_reallocarray(pr.budget, NULL, bcap, sizeof *pr.batch);
    pr.res = sim_reallocarray(pr.budget, NULL, bcap, sizeof *pr.res);
    pr.inflight = sim_reallocarray(pr.budget, NULL, bcap, sizeof *pr.inflight);
    if (!pr.names || !pr.hashes || !pr.pend || !pr.batch || !pr.res || !pr.inflight) {
        producer_free(&pr);
        return sim_fail_memory(err, pr.budget, "making the producer's keys and queue");
    }
    for (int k = 0; k < cfg->keys; k++) {
        int n = snprintf(pr.names[k], sizeof pr.names[k], "key-%d", k);
        pr.hashes[k] = kinesis_hash_key(pr.names[k], (size_t)n);
    }
    int64_t start = sim_clock_now(clock), end_gen = start + cfg->duration_ms;
    double owed = 0, latency_sum = 0;
    int64_t now = start;
    sim_status st = SIM_OK;
    pending *pend = pr.pend;
    for (;;) {
        /* New records for this tick, then the retries that are due. The
         * tick is charged first: its records, and the walks of the queue
         * to send what is due and to find the next retry. */
        uint64_t fresh = 0;
        if (now < end_gen) {
            owed += cfg->rate * (double)batch_ms / 1000.0;
            /* A tick of days at the top rate is more than any budget: the
             * cap only keeps the conversion defined. */
            fresh = owed < 0x1p62 ? (uint64_t)owed : UINT64_C(1) << 62;
            owed -= (double)fresh;
        }
        uint64_t walk = (uint64_t)pr.npend + fresh;
        if (!sim_budget_charge_n(pr.budget, fresh, KINESIS_COST_GENERATE) ||
            !sim_budget_charge(pr.budget, KINESIS_COST_TICK + walk / KINESIS_PENDING_PER_UNIT)) {
            st = sim_fail_work(err, "producing records (%llu generated, %llu delivered)",
                               (unsigned long long)out->generated,
                               (unsigned long long)out->delivered);
            break;
        }
        if (!queue_reserve(&pr, fresh)) {
            st = sim_fail_memory(err, pr.budget, "queueing %llu of the producer's records",
                                 (unsigned long long)(pr.npend + fresh));
            break;
        }
        pend = pr.pend;
        for (uint64_t i = 0; i < fresh; i++) {
            int key = (cfg->hot_key_share > 0 && sim_rng_uniform(rng) < cfg->hot_key_share)
                          ? 0
                          : (int)sim_rng_range(rng, 0, cfg->keys - 1);
            pend[pr.npend++] = (pending){key, 0, now, now};
            out->generated++;
        }
        /* Send what is due, in PutRecords of up to 500 records and 5 MiB. */
        size_t keep = 0, i = 0, npend = pr.npend;
        while (i < npend && st == SIM_OK) {
            size_t nb = 0;
            uint64_t bytes = 0;
            for (; i < npend && nb < bcap; i++) {
                pending *p = &pend[i];
                uint64_t sz = cfg->record_size + strlen(pr.names[p->key]);
                if (p->due_ms > now || bytes + sz > lim->put_records_max_bytes) {
                    pend[keep++] = *p;
                    continue;
                }
                bytes += sz;
                pr.inflight[nb] = *p;
                pr.batch[nb] = (kinesis_put){.key = pr.names[p->key],
                                             .key_len = strlen(pr.names[p->key]),
                                             .data = NULL,
                                             .data_len = cfg->record_size,
                                             .has_hash = true,
                                             .hash = pr.hashes[p->key]};
                nb++;
            }
            if (!nb) break;
            bool sent = false;
            if (!sim_budget_charge_n(pr.budget, nb, KINESIS_COST_SEND)) {
                st = sim_fail_work(err, "sending the producer's records");
            } else {
                size_t failed;
                st = kinesis_put_records(s, pr.batch, nb, pr.res, &failed, err);
                if (st != SIM_OK && st != SIM_BUDGET_EXCEEDED && st != SIM_NO_MEMORY) break;
                out->put_calls++;
                sent = true;
                if (st == SIM_BUDGET_EXCEEDED) /* the stream's words name its part */
                    sim_fail_work(err, "producing records (%llu generated, %llu delivered)",
                                  (unsigned long long)out->generated,
                                  (unsigned long long)out->delivered);
            }
            for (size_t j = 0; j < nb; j++) {
                pending p = pr.inflight[j];
                /* Records the stream did not try (its budget or memory ran
                 * out, see kinesis_put_records) go back to the queue. */
                sim_status code = sent ? pr.res[j].code : SIM_BUDGET_EXCEEDED;
                if (code == SIM_OK) {
                    int64_t lat = now - p.born_ms;
                    out->delivered++;
                    latency_sum += (double)lat;
                    if (lat > out->max_latency_ms) out->max_latency_ms = lat;
                    continue;
                }
                if (code == SIM_BUDGET_EXCEEDED || code == SIM_NO_MEMORY) {
                    pend[keep++] = p; /* never tried: the run stops here */
                    continue;
                }
                out->throttled++;
                if ((int)p.attempts >= max_retries) {
                    out->dropped++;
                    continue;
                }
                p.attempts++;
                out->retries++;
                p.due_ms = now + backoff_ms(cfg, rng, p.attempts);
                /* Retries join the survivors' part of the queue. */
                pend[keep++] = p;
            }
        }
        for (; i < npend; i++)
            pend[keep++] = pend[i];
        pr.npend = keep;
        if (st != SIM_OK) break;
        if (now >= end_gen && pr.npend == 0) break;
        int64_t next = now + batch_ms;
        if (now >= end_gen) {
            /* Only retries are left: jump to the earliest one. */
            next = INT64_MAX;
            for (size_t k = 0; k < pr.npend; k++)
                if (pend[k].due_ms < next) next = pend[k].due_ms;
            if (next <= now) next = now + 1;
        }
        sim_clock_advance(clock, next - now);
        now = next;
    }
    out->elapsed_ms = now - start;
    out->mean_latency_ms = out->delivered ? latency_sum / (double)out->delivered : 0;
    producer_free(&pr);
    return st;
}

/* --- the polling consumer ------------------------------------------------ */

typedef struct poll_shard {
    bool started, done;
    kinesis_iterator it;
    int64_t next_ms;
} poll_shard;

struct kinesis_poller {
    kinesis_stream *s;
    sim_budget *budget; /* the stream's */
    sim_error fault;    /* why the last step stopped short */
    kinesis_iterator_type from;
    int64_t interval_ms;
    int limit;
    poll_shard *shards;
    int nshards;
    kinesis_record_view *buf;
    kinesis_poller_stats stats;
    char sample[KINESIS_POLLER_SAMPLE][512];
    size_t sample_len[KINESIS_POLLER_SAMPLE];
    int sample_shard[KINESIS_POLLER_SAMPLE];
    uint64_t sampled;
};

kinesis_poller *kinesis_poller_new(kinesis_stream *s, kinesis_iterator_type from,
                                   int64_t interval_ms, int limit)
{
    sim_budget *b = kinesis_stream_budget(s);
    kinesis_poller *p = sim_calloc(b, 1, sizeof *p);
    if (!p) return NULL;
    p->s = s;
    p->budget = b;
    p->from = from == KINESIS_LATEST ? KINESIS_LATEST : KINESIS_TRIM_HORIZON;
    p->interval_ms = interval_ms > 0 ? interval_ms : 1000;
    p->limit = limit > 0 && limit <= 10000 ? limit : 10000;
    p->buf = sim_reallocarray(b, NULL, (size_t)p->limit, sizeof *p->buf);
    if (!p->buf) {
        sim_free(b, p);
        return NULL;
    }
    return p;
}

void kinesis_poller_free(kinesis_poller *p)
{
    if (!p) return;
    sim_free(p->budget, p->shards);
    sim_free(p->budget, p->buf);
    sim_free(p->budget, p);
}

sim_status kinesis_poller_status(const kinesis_poller *p, sim_error *err)
{
    if (err) *err = p->fault;
    return p->fault.code;
}

/* Stops the step: the budget's work (SIM_BUDGET_EXCEEDED) or memory ran
 * out. The stream's calls are made without an error to fill (a throttled
 * read would format a message every time), so the poller words its own. */
static int64_t poller_stop(kinesis_poller *p, sim_status st)
{
    const char *name = kinesis_stream_name(p->s);
    if (st == SIM_NO_MEMORY)
        sim_fail_memory(&p->fault, p->budget, "polling stream %s", name);
    else
        sim_fail_work(&p->fault, "polling stream %s", name);
    return INT64_MAX;
}

/* A shard is ready once its parents are read to their end (the KCL's rule,
 * which keeps records of one key in order across a reshard). */
static bool parents_done(const kinesis_poller *p, const kinesis_shard_info *in)
{
    int ps[2] = {in->parent, in->adjacent_parent};
    for (int k = 0; k < 2; k++)
        if (ps[k] >= 0 && ps[k] < p->nshards && !p->shards[ps[k]].done) {
            kinesis_shard_info pi;
            if (kinesis_shard_get(p->s, ps[k], &pi) && !pi.expired) return false;
        }
    return true;
}

int64_t kinesis_poller_step(kinesis_poller *p)
{
    sim_error_clear(&p->fault);
    int n = kinesis_shard_count(p->s);
    if (!sim_budget_charge(p->budget, KINESIS_COST_POLL + (uint64_t)n * KINESIS_COST_POLL_SHARD))
        return poller_stop(p, SIM_BUDGET_EXCEEDED);
    if (n > p->nshards) {
        poll_shard *ns = sim_reallocarray(p->budget, p->shards, (size_t)n, sizeof *ns);
        if (!ns) return poller_stop(p, SIM_NO_MEMORY);
        memset(ns + p->nshards, 0, (size_t)(n - p->nshards) * sizeof *ns);
        p->shards = ns;
        p->nshards = n;
    }
    int64_t now = sim_clock_now(kinesis_stream_clock(p->s)), next = INT64_MAX;
    for (int i = 0; i < n; i++) {
        poll_shard *ps = &p->shards[i];
        kinesis_shard_info in;
        if (ps->done || !kinesis_shard_get(p->s, i, &in) || in.expired) continue;
        if (!ps->started) {
            if (!parents_done(p, &in)) continue;
            /* Children of a reshard start at their beginning. */
            kinesis_iterator_type t = in.parent >= 0 ? KINESIS_TRIM_HORIZON : p->from;
            sim_status st = kinesis_get_shard_iterator(p->s, i, t, NULL, 0, &ps->it, NULL);
            if (st == SIM_BUDGET_EXCEEDED || st == SIM_NO_MEMORY) return poller_stop(p, st);
            if (st != SIM_OK) continue;
            ps->started = true;
            ps->next_ms = now;
        }
        if (ps->next_ms <= now) {
            kinesis_get_result r;
            /* An iterator is good for 5 minutes; a poller holding one
             * longer (a long pause) asks for a fresh one at its position. */
            ps->it.issued_ms = now;
            p->stats.calls++;
            sim_status st =
                kinesis_get_records(p->s, &ps->it, p->limit, p->buf, (size_t)p->limit, &r, NULL);
            if (st == SIM_BUDGET_EXCEEDED || st == SIM_NO_MEMORY) {
                p->stats.calls--; /* not made */
                return poller_stop(p, st);
            }
            if (st == SIM_PROVISIONED_THROUGHPUT_EXCEEDED) {
                p->stats.throttled_calls++;
            } else if (st == SIM_OK) {
                p->stats.records += r.count;
                p->stats.bytes += r.bytes;
                p->stats.last_millis_behind = r.millis_behind;
                if (r.millis_behind > p->stats.max_millis_behind)
                    p->stats.max_millis_behind = r.millis_behind;
                /* Only the last KINESIS_POLLER_SAMPLE records of a call
                 * can survive in the ring: skip copying the others. */
                size_t from = r.count > KINESIS_POLLER_SAMPLE ? r.count - KINESIS_POLLER_SAMPLE : 0;
                p->sampled += from;
                for (size_t k = from; k < r.count; k++) {
                    int slot = (int)(p->sampled++ % KINESIS_POLLER_SAMPLE);
                    uint8_t *to = (uint8_t *)p->sample[slot];
                    size_t len;
                    const uint8_t *data =
                        kinesis_record_data(&p->buf[k], to, sizeof p->sample[0], &len);
                    if (!data) { /* a synthetic record: its size in dots */
                        len = p->buf[k].data_len;
                        if (len > sizeof p->sample[0]) len = sizeof p->sample[0];
                        memset(to, '.', len);
                    } else if (data != to) {
                        if (len > sizeof p->sample[0]) len = sizeof p->sample[0];
                        memcpy(to, data, len);
                    }
                    p->sample_len[slot] = len;
                    p->sample_shard[slot] = i;
                }
                if (r.has_next)
                    ps->it = r.next;
                else
                    ps->done = true;
            }
            ps->next_ms = now + p->interval_ms;
        }
        if (!ps->done && ps->next_ms < next) next = ps->next_ms;
    }
    return next;
}

sim_status kinesis_poller_run(kinesis_poller *p, sim_clock *clock, int64_t until_ms)
{
    for (;;) {
        int64_t next = kinesis_poller_step(p);
        if (p->fault.code != SIM_OK) return p->fault.code;
        int64_t now = sim_clock_now(clock);
        if (next > until_ms) next = until_ms;
        if (next <= now) {
            if (now >= until_ms) break;
            next = now + 1;
        }
        sim_clock_advance(clock, next - now);
    }
    return SIM_OK;
}

void kinesis_poller_stats_get(const kinesis_poller *p, kinesis_poller_stats *out)
{
    *out = p->stats;
}

int kinesis_poller_sample_count(const kinesis_poller *p)
{
    return p->sampled < KINESIS_POLLER_SAMPLE ? (int)p->sampled : KINESIS_POLLER_SAMPLE;
}

bool kinesis_poller_sample(const kinesis_poller *p, int i, const char **data, size_t *len,
                           int *shard)
{
    int n = kinesis_poller_sample_count(p);
    if (i < 0 || i >= n) return false;
    uint64_t first = p->sampled - (uint64_t)n;
    int slot = (int)((first + (uint64_t)i) % KINESIS_POLLER_SAMPLE);
    *data = p->sample[slot];
    *len = p->sample_len[slot];
    if (shard) *shard = p->sample_shard[slot];
    return true;
}
