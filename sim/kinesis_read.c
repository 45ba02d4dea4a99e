/* Kinesis reads: shard iterators, GetRecords with the shared per-shard read
 * limits, and enhanced fan-out consumers with their own 2 MiB/s. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sim/budget_fail.h"
#include "sim/kinesis.h"
#include "sim/kinesis_cost.h"
#include "sim/kinesis_internal.h"

#define ACCOUNT "123456789012"

bool kinesis_iterator_type_parse(const char *name, kinesis_iterator_type *out)
{
    static const char *const names[] = {"TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER",
                                        "AFTER_SEQUENCE_NUMBER", "AT_TIMESTAMP"};
    for (int i = 0; i < 5; i++) {
        if (name && strcmp(name, names[i]) == 0) {
            *out = (kinesis_iterator_type)i;
            return true;
        }
    }
    return false;
}

/* Iterators are opaque to callers: "AAAAAAAAAAE" and 48 hex digits. */
void kinesis_iterator_format(const kinesis_iterator *it, char *buf, size_t cap)
{
    snprintf(buf, cap, "AAAAAAAAAAE%08" PRIx32 "%08x%016" PRIx64 "%016" PRIx64, it->tag,
             (unsigned)it->shard, it->position, (uint64_t)it->issued_ms);
}

static bool hex_field(const char *p, int n, uint64_t *out)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) return false;
        v = (v << 4) | (uint64_t)d;
    }
    *out = v;
    return true;
}

bool kinesis_iterator_parse(const char *text, kinesis_iterator *out)
{
    if (!text || strlen(text) != 11 + 48 || strncmp(text, "AAAAAAAAAAE", 11) != 0) return false;
    uint64_t tag, shard, pos, ms;
    const char *p = text + 11;
    if (!hex_field(p, 8, &tag) || !hex_field(p + 8, 8, &shard) || !hex_field(p + 16, 16, &pos) ||
        !hex_field(p + 32, 16, &ms) || shard > INT32_MAX)
        return false;
    out->tag = (uint32_t)tag;
    out->shard = (int)shard;
    out->position = pos;
    out->issued_ms = (int64_t)ms;
    return true;
}

static sim_status shard_readable(kinesis_stream *s, int shard, sim_error *err)
{
    if (shard < 0 || shard >= s->nshards || s->shards[shard].expired) {
        char id[24];
        kinesis_shard_id(shard, id, sizeof id);
        return sim_fail(err, SIM_RESOURCE_NOT_FOUND,
                        "Shard %s in stream %s under account " ACCOUNT " does not exist", id,
                        s->name);
    }
    return SIM_OK;
}

sim_status kinesis_get_shard_iterator(kinesis_stream *s, int shard, kinesis_iterator_type type,
                                      const char *seq, int64_t at_ms, kinesis_iterator *out,
                                      sim_error *err)
{
    if (!sim_budget_charge(s->budget, KINESIS_COST_CALL))
        return sim_fail_work(err, "getting a shard iterator of stream %s", s->name);
    sim_status st = shard_readable(s, shard, err);
    if (st != SIM_OK) return st;
    int64_t now = sim_clock_now(s->clock);
    kinesis_shard *sh = &s->shards[shard];
    kinesis_trim(s, sh, now);
    uint64_t first = sh->base + sh->head, end = sh->base + sh->count;
    uint64_t pos = first;
    switch (type) {
    case KINESIS_TRIM_HORIZON:
        pos = first;
        break;
    case KINESIS_LATEST:
        pos = end;
        break;
    case KINESIS_AT_SEQUENCE_NUMBER:
    case KINESIS_AFTER_SEQUENCE_NUMBER: {
        int sshard;
        uint64_t n;
        if (!kinesis_seq_parse(s, seq, &sshard, &n) || sshard != shard || n >= end)
            return sim_fail(err, SIM_INVALID_ARGUMENT,
                            "StartingSequenceNumber %.60s used in GetShardIterator on shard "
                            "%d in stream %s under account " ACCOUNT
                            " is invalid because it did not come from this stream.",
                            seq ? seq : "(none)", shard, s->name);
        pos = type == KINESIS_AT_SEQUENCE_NUMBER ? n : n + 1;
        if (pos < first) pos = first;
        break;
    }
    case KINESIS_AT_TIMESTAMP: {
        size_t lo = sh->head, hi = sh->count;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (kinesis_rec_at(sh, mid)->arrival_ms < at_ms)
                lo = mid + 1;
            else
                hi = mid;
        }
        pos = sh->base + lo;
        break;
    }
    }
    out->tag = s->tag;
    out->shard = shard;
    out->position = pos;
    out->issued_ms = now;
    return SIM_OK;
}

static sim_status check_iterator(kinesis_stream *s, const kinesis_iterator *it, int64_t now,
                                 sim_error *err)
{
    if (it->tag != s->tag || it->shard < 0 || it->shard >= s->nshards)
        return sim_fail(err, SIM_INVALID_ARGUMENT, "Invalid ShardIterator.");
    if (now - it->issued_ms > s->lim->iterator_ttl_ms)
        return sim_fail(err, SIM_EXPIRED_ITERATOR,
                        "Iterator expired. The iterator was created at time %" PRId64
                        " while right now it is %" PRId64
                        " which is further in the future than the tolerated delay of %" PRId64
                        " milliseconds.",
                        it->issued_ms, now, s->lim->iterator_ttl_ms);
    return shard_readable(s, it->shard, err);
}

/* Copies records from `pos` into out while they fit the record and byte
 * limits, and fills res. The records it may copy are charged first:
 * SIM_BUDGET_EXCEEDED, or SIM_NO_MEMORY for the second's metrics, copies
 * nothing. */
static sim_status collect(kinesis_stream *s, int shard, uint64_t pos, size_t max_records,
                          uint64_t max_bytes, bool first_free, kinesis_record_view *out,
                          kinesis_get_result *res, int64_t now)
{
    kinesis_shard *sh = &s->shards[shard];
    uint64_t first = sh->base + sh->head, end = sh->base + sh->count;
    if (pos < first) pos = first; /* what the iterator pointed at has expired */
    if (pos > end) pos = end;
    res->count = 0;
    res->bytes = 0;
    kinesis_bucket *b = kinesis_bucket_at(s, sh, now);
    if (!b) return SIM_NO_MEMORY;
    uint64_t could = end - pos < max_records ? end - pos : max_records;
    if (!sim_budget_charge_n(s->budget, could, KINESIS_COST_READ)) return SIM_BUDGET_EXCEEDED;
    while (pos < end && res->count < max_records) {
        const kinesis_rec *r = kinesis_rec_at(sh, pos - sh->base);
        uint64_t size = (uint64_t)r->data_len + r->key_len;
        /* The first record of a call goes out even when it alone is over
         * the byte budget, or a 1 MiB record could never be read. */
        if ((res->count > 0 || !first_free) && res->bytes + size > max_bytes) break;
        kinesis_record_view *v = &out[res->count++];
        v->shard = shard;
        v->seq = pos;
        v->arrival_ms = r->arrival_ms;
        v->key = (const char *)r->bytes;
        v->key_len = r->key_len;
        v->data = (r->flags & (KREC_ELIDED | KREC_SOURCED)) ? NULL : r->bytes + r->key_len;
        v->data_len = r->data_len;
        v->source = NULL;
        v->token = 0;
        if (r->flags & KREC_SOURCED) {
            v->source = s->sources[r->flags >> KREC_SOURCE_SHIFT];
            memcpy(&v->token, r->bytes + r->key_len, sizeof v->token);
        }
        res->bytes += size;
        pos++;
    }
    res->millis_behind = pos < end ? now - kinesis_rec_at(sh, pos - sh->base)->arrival_ms : 0;
    res->has_next = sh->open || pos < end;
    res->next.tag = s->tag;
    res->next.shard = shard;
    res->next.position = pos;
    res->next.issued_ms = now;
    b->records_out += (uint32_t)res->count;
    if ((uint64_t)res->millis_behind > b->iterator_age_ms)
        b->iterator_age_ms =
            (uint32_t)(res->millis_behind > UINT32_MAX ? UINT32_MAX : res->millis_behind);
    sh->totals.records_out += res->count;
    sh->totals.bytes_out += res->bytes;
    return SIM_OK;
}

static sim_status collect_failed(const kinesis_stream *s, sim_status st, sim_error *err)
{
    if (st == SIM_NO_MEMORY)
        return sim_fail_memory(err, s->budget, "reading records of stream %s", s->name);
    return sim_fail_work(err, "reading records of stream %s", s->name);
}

sim_status kinesis_get_records(kinesis_stream *s, const kinesis_iterator *itp, int limit,
                               kinesis_record_view *out, size_t cap, kinesis_get_result *res,
                               sim_error *err)
{
    /* Callers pass &res->next as the iterator; copy it before res is reset. */
    kinesis_iterator copy = *itp;
    const kinesis_iterator *it = &copy;
    int64_t now = sim_clock_now(s->clock);
    memset(res, 0, sizeof *res);
    if (!sim_budget_charge(s->budget, KINESIS_COST_CALL))
        return sim_fail_work(err, "reading records of stream %s", s->name);
    sim_status st = check_iterator(s, it, now, err);
    if (st != SIM_OK) return st;
    if (limit < 1 || (uint32_t)limit > s->lim->get_max_records)
        return sim_fail(err, SIM_VALIDATION,
                        "1 validation error detected: Value at 'limit' failed to satisfy "
                        "constraint: Member must have value between 1 and %u",
                        s->lim->get_max_records);
    kinesis_shard *sh = &s->shards[it->shard];
    kinesis_trim(s, sh, now);
    int64_t sec = now / 1000;
    if (sh->rsec != sec) {
        sh->rsec = sec;
        sh->rcalls = 0;
        sh->rbytes = 0;
    }
    if (now < sh->penalty_until || sh->rcalls + 1 > s->lim->read_calls_per_s ||
        sh->rbytes >= s->lim->read_bytes_per_s) {
        sh->totals.throttled_reads++;
        char id[24];
        kinesis_shard_id(it->shard, id, sizeof id);
        return sim_fail(err, SIM_PROVISIONED_THROUGHPUT_EXCEEDED,
                        "Rate exceeded for Shard - %s in stream %s under account " ACCOUNT ".", id,
                        s->name);
    }
    size_t max = (size_t)limit < cap ? (size_t)limit : cap;
    st = collect(s, it->shard, it->position, max, s->lim->get_max_bytes, true, out, res, now);
    if (st != SIM_OK) return collect_failed(s, st, err);
    sh->rcalls++;
    sh->rbytes += res->bytes;
    /* A call that returned the 10 MiB maximum (or as near as whole records
     * allow) blocks further reads for 5 seconds. */
    if (res->bytes + s->lim->max_record_bytes > s->lim->get_max_bytes)
        sh->penalty_until = now + s->lim->get_penalty_ms;
    return SIM_OK;
}

/* --- enhanced fan-out ---------------------------------------------------- */

int kinesis_consumer_find(const kinesis_stream *s, const char *name)
{
    for (int i = 0; i < s->nconsumers; i++)
        if (name && strcmp(s->consumers[i].name, name) == 0) return i;
    return -1;
}

int kinesis_consumer_count(const kinesis_stream *s)
{
    return s->nconsumers;
}

sim_status kinesis_register_consumer(kinesis_stream *s, const char *name, int *index,
                                     sim_error *err)
{
    size_t n = name ? strlen(name) : 0;
    if (n < 1 || n > 128)
        return sim_fail(err, SIM_VALIDATION,
                        "1 validation error detected: Value at 'consumerName' failed to satisfy "
                        "constraint: Member must have length between 1 and 128");
    if (kinesis_consumer_find(s, name) >= 0)
        return sim_fail(err, SIM_RESOURCE_IN_USE,
                        "Consumer %s under stream %s already exists for account " ACCOUNT ".", name,
                        s->name);
    if (s->nconsumers >= s->lim->max_consumers)
        return sim_fail(err, SIM_LIMIT_EXCEEDED,
                        "Stream %s already has %d registered consumers, the maximum.", s->name,
                        s->lim->max_consumers);
    kinesis_consumer *c = &s->consumers[s->nconsumers];
    memset(c, 0, sizeof *c);
    memcpy(c->name, name, n + 1);
    if (index) *index = s->nconsumers;
    s->nconsumers++;
    return SIM_OK;
}

sim_status kinesis_deregister_consumer(kinesis_stream *s, const char *name, sim_error *err)
{
    int i = kinesis_consumer_find(s, name);
    if (i < 0)
        return sim_fail(err, SIM_RESOURCE_NOT_FOUND, "Consumer %s not found for stream %s.",
                        name ? name : "", s->name);
    sim_free(s->budget, s->consumers[i].windows);
    memmove(&s->consumers[i], &s->consumers[i + 1],
            (size_t)(s->nconsumers - i - 1) * sizeof s->consumers[0]);
    s->nconsumers--;
    return SIM_OK;
}

sim_status kinesis_subscribe_read(kinesis_stream *s, int consumer, const kinesis_iterator *itp,
                                  kinesis_record_view *out, size_t cap, kinesis_get_result *res,
                                  sim_error *err)
{
    kinesis_iterator copy = *itp;
    const kinesis_iterator *it = &copy;
    int64_t now = sim_clock_now(s->clock);
    memset(res, 0, sizeof *res);
    if (!sim_budget_charge(s->budget, KINESIS_COST_CALL))
        return sim_fail_work(err, "pushing records of stream %s", s->name);
    if (consumer < 0 || consumer >= s->nconsumers)
        return sim_fail(err, SIM_RESOURCE_NOT_FOUND, "Consumer not registered on stream %s.",
                        s->name);
    /* SubscribeToShard has no 5-minute iterator; check only the shard. */
    if (it->tag != s->tag) return sim_fail(err, SIM_INVALID_ARGUMENT, "Invalid ShardIterator.");
    sim_status st = shard_readable(s, it->shard, err);
    if (st != SIM_OK) return st;
    kinesis_consumer *c = &s->consumers[consumer];
    if (c->nwindows < s->nshards) {
        kinesis_efo_window *w =
            sim_reallocarray(s->budget, c->windows, (size_t)s->shards_cap, sizeof *w);
        if (!w)
            return sim_fail_memory(err, s->budget, "registering consumer %s of stream %s", c->name,
                                   s->name);
        for (int i = c->nwindows; i < s->shards_cap; i++)
            w[i] = (kinesis_efo_window){INT64_MIN, 0};
        c->windows = w;
        c->nwindows = s->shards_cap;
    }
    kinesis_efo_window *w = &c->windows[it->shard];
    int64_t sec = now / 1000;
    if (w->sec != sec) *w = (kinesis_efo_window){sec, 0};
    kinesis_shard *sh = &s->shards[it->shard];
    kinesis_trim(s, sh, now);
    if (w->bytes >= s->lim->efo_bytes_per_s) {
        /* The push waits for the next second: nothing now, same position. */
        res->has_next = true;
        res->next = *it;
        res->next.issued_ms = now;
        uint64_t end = sh->base + sh->count;
        res->millis_behind = it->position < end && it->position >= sh->base + sh->head
                                 ? now - kinesis_rec_at(sh, it->position - sh->base)->arrival_ms
                                 : 0;
        return SIM_OK;
    }
    st = collect(s, it->shard, it->position, cap, s->lim->efo_bytes_per_s - w->bytes, w->bytes == 0,
                 out, res, now);
    if (st != SIM_OK) return collect_failed(s, st, err);
    w->bytes += res->bytes;
    return SIM_OK;
}
