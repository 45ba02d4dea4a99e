/* The Kinesis Agent's sending side: sealing buffers, sending them in
 * order with PutRecords (kinesisStream) or PutRecordBatch
 * (deliveryStream), retrying what was throttled with backoff, and
 * checkpointing what is in (agent.c reads the files and fills the
 * buffers; see there for the model). Every try is charged to the budget
 * before it is made, for each of its records. */
#include <string.h>

#include "sim/agent_cost.h"
#include "sim/agent_internal.h"
#include "sim/budget_fail.h"
#include "sim/kinesis_producer.h"

static kinesis_stream *find_stream(const agent *a, const char *name)
{
    for (size_t i = 0; name && i < a->nstreams; i++)
        if (strcmp(kinesis_stream_name(a->streams[i]), name) == 0) return a->streams[i];
    return NULL;
}

static firehose_stream *find_hose(const agent *a, const char *name)
{
    for (size_t i = 0; name && i < a->nhoses; i++)
        if (strcmp(firehose_name(a->hoses[i]), name) == 0) return a->hoses[i];
    return NULL;
}

bool agent_seal(agent *a, aflow *f)
{
    if (f->open_start == f->count) return true;
    if (f->bhead + f->nbufs == f->bcap) {
        if (f->bhead) {
            memmove(f->bufs, f->bufs + f->bhead, f->nbufs * sizeof *f->bufs);
            f->bhead = 0;
        } else {
            size_t cap = f->bcap ? f->bcap * 2 : 16;
            size_t *nb = sim_reallocarray(a->budget, f->bufs, cap, sizeof *nb);
            if (!nb) {
                sim_fail_memory(&a->fault, a->budget, "sealing a buffer of the Kinesis Agent");
                return false;
            }
            f->bufs = nb;
            f->bcap = cap;
        }
    }
    f->bufs[f->bhead + f->nbufs++] = f->count;
    f->open_start = f->count;
    f->open_bytes = 0;
    return true;
}

/* Drops the delivered front of the queue once it is most of it. */
static void compact(aflow *f)
{
    if (f->head < 4096 || f->head * 2 < f->count) return;
    size_t live = f->count - f->head;
    memmove(f->recs, f->recs + f->head, live * sizeof *f->recs);
    f->serial0 += f->head;
    for (size_t i = 0; i < f->nbufs; i++)
        f->bufs[f->bhead + i] -= f->head;
    f->open_start -= f->head;
    f->count = live;
    f->head = 0;
}

/* Makes the PutRecords entries of the head buffer's undone records. */
static bool make_pending(agent *a, aflow *f)
{
    if (!f->pend) f->pend = sim_reallocarray(a->budget, NULL, 500, sizeof *f->pend);
    if (!f->pend_at) f->pend_at = sim_reallocarray(a->budget, NULL, 500, sizeof *f->pend_at);
    if (!f->pend || !f->pend_at) {
        sim_fail_memory(&a->fault, a->budget, "sending the Kinesis Agent's records");
        return false;
    }
    size_t end = f->bufs[f->bhead], n = 0;
    for (size_t i = f->head; i < end && n < 500; i++) {
        arec *r = &f->recs[i];
        if (r->done) continue;
        f->pend[n] = (kinesis_put){.key = r->p,
                                   .key_len = r->key_len,
                                   .data = r->sourced ? NULL : r->p + r->key_len,
                                   .data_len = r->len};
        if (r->sourced) {
            f->pend[n].source = f->source;
            f->pend[n].token = loggen_file_at(a->logs, r->file)->first_line + r->line;
        }
        f->pend_at[n++] = i;
    }
    f->npend = n;
    f->pend_made = true;
    f->pend_hashed = false;
    return true;
}

/* True for the two errors that stop the agent's step: the budget's. */
static bool stops(sim_status st)
{
    return st == SIM_BUDGET_EXCEEDED || st == SIM_NO_MEMORY;
}

/* Puts the head buffer's pending records into the flow's stream. */
static void send_kinesis(agent *a, aflow *f, int64_t now)
{
    kinesis_stream *s = find_stream(a, f->cfg->kinesis_stream);
    if (!s) {
        f->stats.missing_destination++;
        return;
    }
    size_t n = f->npend, failed = 0;
    /* With one shard the stream routes without the hash; with more, each
     * record's key is hashed once, however often it is retried. */
    if (!f->pend_hashed && kinesis_open_shard_count(s) > 1) {
        if (!sim_budget_charge_n(a->budget, n, AGENT_COST_HASH)) {
            sim_fail_work(&a->fault, "routing records in the Kinesis Agent");
            return;
        }
        for (size_t k = 0; k < n; k++) {
            f->pend[k].hash = kinesis_hash_key(f->pend[k].key, f->pend[k].key_len);
            f->pend[k].has_hash = true;
        }
        f->pend_hashed = true;
    }
    sim_error err;
    sim_status st = kinesis_put_records(s, f->pend, n, a->res, &failed, &err);
    if (st != SIM_OK && !stops(st)) {
        f->stats.records_failed += n;
        return;
    }
    f->stats.put_calls++;
    size_t left = 0;
    for (size_t k = 0; k < n; k++) {
        arec *r = &f->recs[f->pend_at[k]];
        sim_status code = a->res[k].code;
        if (code == SIM_OK) {
            r->done = 1;
            f->stats.records_sent++;
            f->stats.bytes_sent += r->len + r->key_len;
            f->stats.last_send_ms = now;
            continue;
        }
        /* What the stream did not try (kinesis_put_records) waits for the
         * next step; what it refused is a throttle, retried. */
        if (!stops(code)) f->stats.records_throttled++;
        if (left != k) {
            f->pend[left] = f->pend[k];
            f->pend_at[left] = f->pend_at[k];
        }
        left++;
    }
    f->npend = left;
    if (stops(st)) a->fault = err;
}

/* Sends the records of the head buffer to a delivery stream. */
static void send_firehose(agent *a, aflow *f, int64_t now)
{
    firehose_stream *h = find_hose(a, f->cfg->delivery_stream);
    if (!h) {
        f->stats.missing_destination++;
        return;
    }
    size_t n = f->npend, failed = 0;
    for (size_t k = 0; k < n; k++) {
        const arec *r = &f->recs[f->pend_at[k]];
        a->frecs[k] = (firehose_record){r->p, r->len};
    }
    sim_error err;
    sim_status st = firehose_put_record_batch(h, a->frecs, n, &failed, &err);
    if (st != SIM_OK && !stops(st)) {
        f->stats.records_failed += n;
        return;
    }
    f->stats.put_calls++;
    /* The delivery stream takes records in order: when its budget or
     * memory ran out part-way, the first n - failed are in. */
    size_t in = st == SIM_OK ? n : n - failed;
    for (size_t k = 0; k < in; k++) {
        arec *r = &f->recs[f->pend_at[k]];
        r->done = 1;
        f->stats.records_sent++;
        f->stats.bytes_sent += r->len;
        f->stats.last_send_ms = now;
    }
    memmove(f->pend, f->pend + in, (n - in) * sizeof *f->pend);
    memmove(f->pend_at, f->pend_at + in, (n - in) * sizeof *f->pend_at);
    f->npend = n - in;
    if (stops(st)) a->fault = err;
}

/* Sends the undone records of the head buffer; true when all are done. */
static bool send_head(agent *a, aflow *f, int64_t now)
{
    if (!f->pend_made && !make_pending(a, f)) return false;
    if (!f->npend) return true;
    if (f->cfg->kinesis_stream)
        send_kinesis(a, f, now);
    else
        send_firehose(a, f, now);
    return f->npend == 0;
}

void agent_send(agent *a, aflow *f, int64_t now)
{
    while (f->nbufs && now >= f->retry_due) {
        /* The try's records, before they are made into entries and sent. */
        size_t n = f->pend_made ? f->npend : f->bufs[f->bhead] - f->head;
        if (!sim_budget_charge_n(a->budget, n, AGENT_COST_SEND)) {
            sim_fail_work(&a->fault, "sending records in the Kinesis Agent");
            return;
        }
        if (!send_head(a, f, now)) {
            if (agent_failed(a)) return;
            f->backoff = f->backoff ? f->backoff * 2 : f->cfg->retry_initial_ms;
            if (f->backoff > f->cfg->retry_max_ms) f->backoff = f->cfg->retry_max_ms;
            f->retry_due = now + f->backoff;
            f->stats.retries += f->npend;
            return;
        }
        /* The whole buffer is in: checkpoint its lines. */
        size_t end = f->bufs[f->bhead];
        for (size_t i = f->head; i < end; i++) {
            afile *af = &f->files[f->recs[i].file];
            if (f->recs[i].line + 1 > af->checkpoint) af->checkpoint = f->recs[i].line + 1;
        }
        f->head = end;
        f->bhead++;
        f->nbufs--;
        f->backoff = 0;
        f->pend_made = false;
        kinesis_store_release(&f->bytes, f->serial0 + f->head);
        compact(f);
        if (agent_failed(a)) return;
    }
    if (f->head == f->count)
        for (size_t i = 0; i < f->nfiles; i++)
            f->files[i].checkpoint = f->files[i].tail;
}
