/* Kinesis Data Streams: streams and shards, writes with their limits.
 * Hash keys and sequence numbers live in kinesis_keys.c, resharding and
 * retention in kinesis_reshard.c, reads in kinesis_read.c, metrics in
 * kinesis_series.c.
 *
 * A stream made with a budget (kinesis_stream_config.budget) keeps all its
 * memory under it and charges it for what it does, at the costs in
 * kinesis_cost.h: a write is charged before its records are looked at,
 * the storing of the accepted ones once they are counted (at most 500). */
#include "sim/kinesis.h"

#include <stdio.h>
#include <string.h>

#include "sim/budget_fail.h"
#include "sim/kinesis_cost.h"
#include "sim/kinesis_internal.h"
#include "sim/units.h"

static const kinesis_limits default_limits = {
    /* Kinesis Data Streams developer guide, "Quotas and limits": each shard
     * supports writes up to 1,000 records per second, up to a maximum data
     * write total of 1 MiB per second (partition keys count toward it). */
    .write_bytes_per_s = 1u << 20,
    .write_records_per_s = 1000,
    /* Reads: up to 2 MiB per second and 5 GetRecords transactions per second
     * per shard; a call returns up to 10 MiB or 10,000 records, and after a
     * 10 MiB call, calls in the next 5 seconds are throttled. */
    .read_bytes_per_s = 2u << 20,
    .read_calls_per_s = 5,
    .get_max_records = 10000,
    .get_max_bytes = 10u << 20,
    .get_penalty_ms = 5000,
    /* Enhanced fan-out: 2 MiB/s per consumer per shard, 20 consumers. */
    .efo_bytes_per_s = 2u << 20,
    .max_consumers = 20,
    /* Record data up to 1 MiB; PutRecords up to 500 records and 5 MiB. */
    .max_record_bytes = 1u << 20,
    .put_records_max = 500,
    .put_records_max_bytes = 5u << 20,
    /* Partition keys are Unicode strings of 1 to 256 characters. */
    .key_max_chars = 256,
    /* Retention: 24 h default and minimum, up to 8,760 h (365 days). */
    .retention_default_h = 24,
    .retention_min_h = 24,
    .retention_max_h = 8760,
    /* aws-facts.md (course era): UpdateShardCount at most 2 calls per
     * rolling 24 hours. */
    .scalings_per_day = 2,
    /* GetShardIterator: "A shard iterator expires 5 minutes after it is
     * returned to the requester." */
    .iterator_ttl_ms = 5 * 60 * 1000,
    /* Not an AWS number: keeps a mistyped shard count from eating memory. */
    .max_shards = 10000,
    /* Kinesis Data Streams pricing (provisioned, us-east-1): $0.015 per
     * shard-hour, $0.014 per million PUT payload units. A PUT payload unit
     * is a 25 KB chunk of a record: 5 KB -> 1 unit, 45 KB -> 2, 1 MB -> 40
     * (aws-facts.md), which holds with decimal kilobytes, 25,000 bytes. */
    .usd_per_shard_hour = 0.015,
    .usd_per_million_units = 0.014,
    .put_unit_bytes = 25000,
};

const kinesis_limits *kinesis_default_limits(void)
{
    return &default_limits;
}

/* --- streams and shards -------------------------------------------------- */

static uint32_t name_tag(const char *name)
{
    uint32_t h = 2166136261u; /* FNV-1a: a stable tag for the stream's iterators */
    for (const char *p = name; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    return h;
}

bool kinesis_reserve_shards(kinesis_stream *s, int extra)
{
    if (extra <= s->shards_cap - s->nshards) return true;
    int cap = s->shards_cap ? s->shards_cap : 4;
    while (cap - s->nshards < extra)
        cap *= 2;
    kinesis_shard *ns = sim_reallocarray(s->budget, s->shards, (size_t)cap, sizeof *ns);
    if (!ns) return false;
    s->shards = ns;
    int *oi = sim_reallocarray(s->budget, s->open_idx, (size_t)cap, sizeof *oi);
    if (!oi) return false; /* the shards' array is bigger than it says: harmless */
    s->open_idx = oi;
    s->shards_cap = cap;
    return true;
}

int kinesis_add_shard(kinesis_stream *s, kinesis_hash start, kinesis_hash end, int parent,
                      int adjacent)
{
    if (!kinesis_reserve_shards(s, 1)) return -1;
    kinesis_shard *sh = &s->shards[s->nshards];
    memset(sh, 0, sizeof *sh);
    sh->start = start;
    sh->end = end;
    sh->parent = parent;
    sh->adjacent_parent = adjacent;
    sh->open = true;
    sh->created_ms = sim_clock_now(s->clock);
    sh->wsec = sh->rsec = INT64_MIN;
    /* 1 MiB chunks: a shard's last chunk is mostly empty, and under a
     * budget that room counts toward the script's memory (8 MiB chunks
     * made a one-shard stream of the course exercise 7 MiB bigger there,
     * and were no faster). */
    sh->bytes.max_chunk = (size_t)1 << 20;
    sh->bytes.budget = s->budget;
    return s->nshards++;
}

/* The shards open at the last reindex are still in order in open_idx, less
 * those closed since; the shards added since (from number s->indexed) are
 * each put in place with a binary search - a split adds two, a merge one,
 * and CreateStream and UpdateShardCount add theirs in hash order after
 * closing every other, which makes each an append. (An insertion sort of
 * the whole index moved every child of a split past all the open shards
 * numbered before it: quadratic in the shards.) */
void kinesis_reindex(kinesis_stream *s)
{
    int m = 0;
    for (int i = 0; i < s->nopen; i++)
        if (s->shards[s->open_idx[i]].open) s->open_idx[m++] = s->open_idx[i];
    for (int k = s->indexed; k < s->nshards; k++) {
        if (!s->shards[k].open) continue;
        kinesis_hash start = s->shards[k].start;
        int lo = 0, hi = m;
        if (m && s->shards[s->open_idx[m - 1]].start < start) lo = m;
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (s->shards[s->open_idx[mid]].start < start)
                lo = mid + 1;
            else
                hi = mid;
        }
        memmove(&s->open_idx[lo + 1], &s->open_idx[lo], (size_t)(m - lo) * sizeof *s->open_idx);
        s->open_idx[lo] = k;
        m++;
    }
    s->nopen = m;
    s->indexed = s->nshards;
}

kinesis_stream *kinesis_stream_new(const kinesis_stream_config *cfg, sim_clock *clock, sim_rng *rng,
                                   sim_error *err)
{
    const kinesis_limits *lim = &default_limits;
    size_t nlen = cfg && cfg->name ? strlen(cfg->name) : 0;
    if (nlen < 1 || nlen > 128) {
        sim_fail(err, SIM_VALIDATION,
                 "1 validation error detected: Value at 'streamName' failed to satisfy "
                 "constraint: Member must have length between 1 and 128");
        return NULL;
    }
    if (cfg->shards < 1 || cfg->shards > lim->max_shards) {
        sim_fail(err, SIM_INVALID_ARGUMENT, "ShardCount must be between 1 and %d, not %d",
                 lim->max_shards, cfg->shards);
        return NULL;
    }
    int ret = cfg->retention_hours ? cfg->retention_hours : lim->retention_default_h;
    if (ret < lim->retention_min_h || ret > lim->retention_max_h) {
        sim_fail(err, SIM_INVALID_ARGUMENT, "Retention period must be between %d and %d hours",
                 lim->retention_min_h, lim->retention_max_h);
        return NULL;
    }
    sim_budget *budget = cfg->budget;
    if (!sim_budget_charge_n(budget, (uint64_t)cfg->shards, KINESIS_COST_SHARD)) {
        sim_fail_work(err, "creating the shards of stream %s", cfg->name);
        return NULL;
    }
    kinesis_stream *s = sim_calloc(budget, 1, sizeof *s);
    if (!s) {
        sim_fail_memory(err, budget, "creating stream %s", cfg->name);
        return NULL;
    }
    s->budget = budget;
    memcpy(s->name, cfg->name, nlen + 1);
    s->clock = clock;
    s->rng = rng;
    s->lim = lim;
    s->tag = name_tag(cfg->name);
    s->retention_h = ret;
    s->created_ms = sim_clock_now(clock);
    s->series_cap = cfg->series_seconds > 0 ? cfg->series_seconds : 900;
    s->payload_cap = cfg->payload_cap ? cfg->payload_cap : 256 * SIM_MB;
    if (!kinesis_reserve_shards(s, cfg->shards)) {
        kinesis_stream_free(s);
        sim_fail_memory(err, budget, "creating the shards of stream %s", cfg->name);
        return NULL;
    }
    for (int i = 0; i < cfg->shards; i++) {
        kinesis_hash a, b;
        kinesis_uniform_range(i, cfg->shards, &a, &b);
        kinesis_add_shard(s, a, b, -1, -1); /* the room is reserved */
    }
    kinesis_reindex(s);
    return s;
}

void kinesis_stream_free(kinesis_stream *s)
{
    if (!s) return;
    sim_budget *b = s->budget;
    for (int i = 0; i < s->nshards; i++) {
        for (size_t k = 0; k < s->shards[i].nblocks; k++)
            sim_free(b, s->shards[i].blocks[k]);
        sim_free(b, s->shards[i].blocks);
        kinesis_store_free(&s->shards[i].bytes);
        sim_free(b, s->shards[i].series);
    }
    for (int i = 0; i < s->nconsumers; i++)
        sim_free(b, s->consumers[i].windows);
    for (int i = 0; i < s->nsources; i++)
        kinesis_source_unref(s->sources[i]);
    sim_free(b, s->sources);
    sim_free(b, s->shards);
    sim_free(b, s->open_idx);
    sim_free(b, s);
}

const char *kinesis_stream_name(const kinesis_stream *s)
{
    return s->name;
}
const kinesis_limits *kinesis_stream_limits(const kinesis_stream *s)
{
    return s->lim;
}
sim_clock *kinesis_stream_clock(const kinesis_stream *s)
{
    return s->clock;
}
sim_budget *kinesis_stream_budget(const kinesis_stream *s)
{
    return s->budget;
}
int kinesis_shard_count(const kinesis_stream *s)
{
    return s->nshards;
}
int kinesis_open_shard_count(const kinesis_stream *s)
{
    return s->nopen;
}

void kinesis_shard_id(int shard, char *buf, size_t cap)
{
    snprintf(buf, cap, "shardId-%012d", shard);
}

bool kinesis_shard_get(kinesis_stream *s, int shard, kinesis_shard_info *out)
{
    if (shard < 0 || shard >= s->nshards) return false;
    kinesis_shard *sh = &s->shards[shard];
    kinesis_trim(s, sh, sim_clock_now(s->clock));
    kinesis_shard_id(shard, out->id, sizeof out->id);
    out->start = sh->start;
    out->end = sh->end;
    out->parent = sh->parent;
    out->adjacent_parent = sh->adjacent_parent;
    out->open = sh->open;
    out->expired = sh->expired;
    out->created_ms = sh->created_ms;
    out->closed_ms = sh->closed_ms;
    out->records = sh->count - sh->head;
    return true;
}

int kinesis_shard_find(const kinesis_stream *s, const char *id)
{
    if (!id) return -1;
    const char *p = strncmp(id, "shardId-", 8) == 0 ? id + 8 : id;
    if (!*p) return -1;
    long v = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9' || v > 100000000) return -1;
        v = v * 10 + (*p - '0');
    }
    return v < s->nshards ? (int)v : -1;
}

int kinesis_shard_for_hash(const kinesis_stream *s, kinesis_hash h)
{
    int lo = 0, hi = s->nopen - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (s->shards[s->open_idx[mid]].start <= h)
            lo = mid;
        else
            hi = mid - 1;
    }
    return s->nopen ? s->open_idx[lo] : -1;
}

int kinesis_shard_for_key(const kinesis_stream *s, const char *key, size_t len)
{
    return kinesis_shard_for_hash(s, kinesis_hash_key(key, len));
}

/* --- writes -------------------------------------------------------------- */

/* True when the key is 1 to 256 bytes of ASCII: 1 to 256 characters. */
static bool plain_key(const char *key, size_t len)
{
    if (!key || len < 1 || len > 256) return false;
    const uint8_t *p = (const uint8_t *)key;
    uint64_t high = 0;
    size_t i = 0;
    for (; len - i >= 8; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        high |= w;
    }
    for (; i < len; i++)
        high |= p[i];
    return (high & UINT64_C(0x8080808080808080)) == 0;
}

static sim_status validate_put(const kinesis_stream *s, const kinesis_put *r, size_t i, bool batch,
                               sim_error *err)
{
    /* The hot path: a short ASCII key, data within the limit, no explicit
     * hash key. */
    if (r->data_len <= s->lim->max_record_bytes && !r->explicit_hash &&
        s->lim->key_max_chars >= 256 && plain_key(r->key, r->key_len))
        return SIM_OK;
    bool bad_len = r->data_len > s->lim->max_record_bytes;
    int chars = r->key ? kinesis_key_chars(r->key, r->key_len) : 0;
    bool bad_key = chars < 1 || chars > s->lim->key_max_chars;
    if (!bad_len && !bad_key && !r->explicit_hash) return SIM_OK;
    const char *where = batch ? "records." : "";
    char member[48] = "";
    if (batch) snprintf(member, sizeof member, "%zu.member.", i + 1);
    if (bad_len)
        return sim_fail(err, SIM_VALIDATION,
                        "1 validation error detected: Value at '%s%sdata' failed to satisfy "
                        "constraint: Member must have length less than or equal to %u",
                        where, member, s->lim->max_record_bytes);
    if (chars < 0)
        return sim_fail(err, SIM_VALIDATION, "Value at '%s%spartitionKey' is not valid UTF-8",
                        where, member);
    if (chars < 1 || chars > s->lim->key_max_chars)
        return sim_fail(err, SIM_VALIDATION,
                        "1 validation error detected: Value at '%s%spartitionKey' failed to "
                        "satisfy constraint: Member must have length between 1 and %d",
                        where, member, s->lim->key_max_chars);
    if (r->explicit_hash) {
        kinesis_hash h;
        if (!kinesis_hash_parse(r->explicit_hash, &h))
            return sim_fail(err, SIM_INVALID_ARGUMENT,
                            "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: "
                            "[0, 2^128-1]. Specified value was %.60s",
                            r->explicit_hash);
    }
    return SIM_OK;
}

static kinesis_hash route_hash(const kinesis_put *r)
{
    kinesis_hash h;
    if (r->has_hash) return r->hash;
    if (r->explicit_hash && kinesis_hash_parse(r->explicit_hash, &h)) return h;
    return kinesis_hash_key(r->key, r->key_len);
}

static bool grow(sim_budget *b, void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return true;
    size_t nc = *cap ? *cap : 64;
    while (nc < need)
        nc *= 2;
    void *np = sim_reallocarray(b, *p, nc, elem);
    if (!np) return false;
    *p = np;
    *cap = nc;
    return true;
}

/* The number of `src` in the stream's list of sources, added (with a
 * reference) on first use; -1 when the list is full or out of memory. */
static int source_index(kinesis_stream *s, kinesis_source *src)
{
    for (int i = s->nsources - 1; i >= 0; i--)
        if (s->sources[i] == src) return i;
    if (s->nsources == KINESIS_MAX_SOURCES) return -1;
    if (s->nsources == s->sources_cap) {
        int cap = s->sources_cap ? s->sources_cap * 2 : 4;
        kinesis_source **n = sim_reallocarray(s->budget, s->sources, (size_t)cap, sizeof *n);
        if (!n) return -1;
        s->sources = n;
        s->sources_cap = cap;
    }
    s->sources[s->nsources] = kinesis_source_ref(src);
    return s->nsources++;
}

/* Appends an accepted record to a shard; returns its counter. Data that its
 * source can make again is kept as the source and token; other data as its
 * bytes while the payload cap allows (and, from a source the stream cannot
 * name, made into the store now). SIM_NO_MEMORY leaves the shard as it
 * was; SIM_INTERNAL_FAILURE is a source that did not make its bytes. */
static sim_status store(kinesis_stream *s, kinesis_shard *sh, const kinesis_put *r, int64_t now,
                        uint64_t *seq)
{
    if (sh->count == sh->nblocks * KREC_BLOCK) {
        if (!grow(s->budget, (void **)&sh->blocks, &sh->blocks_cap, sh->nblocks + 1,
                  sizeof *sh->blocks))
            return SIM_NO_MEMORY;
        kinesis_rec *b = sim_malloc(s->budget, KREC_BLOCK * sizeof *b);
        if (!b) return SIM_NO_MEMORY;
        sh->blocks[sh->nblocks++] = b;
    }
    int src = r->source ? source_index(s, r->source) : -1;
    bool has_bytes = r->data || r->source;
    bool keep = src < 0 && has_bytes && s->payload_bytes + r->data_len <= s->payload_cap;
    size_t bytes = r->key_len + (src >= 0 ? sizeof r->token : keep ? r->data_len : 0);
    uint8_t *p = kinesis_store_alloc(&sh->bytes, bytes, sh->base + sh->count);
    if (!p) return SIM_NO_MEMORY;
    kinesis_rec *rec = kinesis_rec_at(sh, sh->count);
    rec->arrival_ms = now;
    rec->bytes = p;
    rec->data_len = (uint32_t)r->data_len;
    rec->key_len = (uint16_t)r->key_len;
    memcpy(p, r->key, r->key_len);
    if (src >= 0) {
        rec->flags = (uint16_t)(KREC_SOURCED | ((unsigned)src << KREC_SOURCE_SHIFT));
        memcpy(p + r->key_len, &r->token, sizeof r->token);
    } else if (keep) {
        rec->flags = 0;
        if (r->data)
            memcpy(p + r->key_len, r->data, r->data_len);
        else if (kinesis_source_make(r->source, r->token, p + r->key_len, r->data_len) !=
                 r->data_len)
            return SIM_INTERNAL_FAILURE;
        s->payload_bytes += r->data_len;
    } else {
        rec->flags = KREC_ELIDED;
    }
    *seq = sh->base + sh->count;
    sh->count++;
    return SIM_OK;
}

/* The per-second write window: true when the record fits. */
static bool write_fits(const kinesis_stream *s, kinesis_shard *sh, int64_t now, uint32_t bytes)
{
    int64_t sec = now / 1000;
    if (sh->wsec != sec) {
        sh->wsec = sec;
        sh->wbytes = sh->wrecords = 0;
    }
    if (sh->wrecords == 0) return true;
    return sh->wrecords + 1 <= s->lim->write_records_per_s &&
           (uint64_t)sh->wbytes + bytes <= s->lim->write_bytes_per_s;
}

/* Puts one record: SIM_OK, SIM_PROVISIONED_THROUGHPUT_EXCEEDED or
 * SIM_INTERNAL_FAILURE in out->code; SIM_NO_MEMORY when the shard could
 * not keep it (or its second's metrics), with the shard as it was. */
static sim_status put_one(kinesis_stream *s, const kinesis_put *r, int64_t now,
                          kinesis_put_result *out)
{
    /* With one open shard every key lands on it: skip the MD5. */
    int shard = s->nopen == 1 ? s->open_idx[0] : kinesis_shard_for_hash(s, route_hash(r));
    kinesis_shard *sh = &s->shards[shard];
    uint32_t bytes = (uint32_t)(r->data_len + r->key_len);
    kinesis_bucket *b = kinesis_bucket_now(s, sh, now);
    out->shard = shard;
    out->seq = 0;
    if (!b) return out->code = SIM_NO_MEMORY;
    if (!write_fits(s, sh, now, bytes)) {
        sh->totals.throttled_writes++;
        b->throttled++;
        return out->code = SIM_PROVISIONED_THROUGHPUT_EXCEEDED;
    }
    if (sh->head == sh->count) kinesis_trim(s, sh, now);
    sim_status st = store(s, sh, r, now, &out->seq);
    if (st == SIM_NO_MEMORY && sh->head < sh->count) {
        /* Records past retention may still hold memory (reads drop them,
         * writes only when the shard looks empty): drop them, try again. */
        kinesis_trim(s, sh, now);
        st = store(s, sh, r, now, &out->seq);
    }
    if (st != SIM_OK) return out->code = st;
    sh->wbytes += bytes;
    sh->wrecords++;
    uint64_t units = kinesis_put_units(s->lim, r->data_len);
    sh->totals.records_in++;
    sh->totals.bytes_in += bytes;
    sh->totals.put_units += units;
    b->records_in++;
    b->bytes_in += bytes;
    return out->code = SIM_OK;
}

void kinesis_put_error_message(const kinesis_stream *s, const kinesis_put_result *r, char *buf,
                               size_t cap)
{
    char id[24];
    kinesis_shard_id(r->shard, id, sizeof id);
    if (r->code == SIM_INTERNAL_FAILURE)
        snprintf(buf, cap, "Internal service failure.");
    else if (r->code == SIM_NO_MEMORY)
        snprintf(buf, cap, "Out of memory: the record was not stored.");
    else if (r->code == SIM_BUDGET_EXCEEDED)
        snprintf(buf, cap, "The script's work budget ran out: the record was not stored.");
    else
        snprintf(buf, cap, "Rate exceeded for shard %s in stream %s under account 123456789012.",
                 id, s->name);
}

static sim_status throttle_message(const kinesis_stream *s, const kinesis_put_result *r,
                                   sim_error *err)
{
    char msg[200];
    kinesis_put_error_message(s, r, msg, sizeof msg);
    return sim_fail(err, r->code, "%s", msg);
}

/* What a write's records cost before they are stored: looking at each,
 * hashing the keys of those that need it and finding every record's shard
 * (with more than one open), copying the data bytes it was given. */
static uint64_t put_cost(const kinesis_stream *s, size_t n, size_t hashed, uint64_t copied)
{
    uint64_t units = n * KINESIS_COST_PUT + (copied >> 10) * KINESIS_COST_KIB;
    if (s->nopen > 1) {
        int halvings = 31 - __builtin_clz((unsigned)s->nopen); /* floor(log2(nopen)) */
        units += hashed * KINESIS_COST_HASH + n * (uint64_t)halvings * KINESIS_COST_LOOKUP_STEP;
    }
    return units;
}

sim_status kinesis_put_record(kinesis_stream *s, const kinesis_put *rec, kinesis_put_result *out,
                              sim_error *err)
{
    if (!sim_budget_charge(s->budget,
                           KINESIS_COST_CALL + KINESIS_COST_STORE +
                               put_cost(s, 1, !rec->has_hash, rec->data ? rec->data_len : 0)))
        return sim_fail_work(err, "putting a record into stream %s", s->name);
    sim_status st = validate_put(s, rec, 0, false, err);
    if (st != SIM_OK) return st;
    st = put_one(s, rec, sim_clock_now(s->clock), out);
    if (st == SIM_NO_MEMORY)
        return sim_fail_memory(err, s->budget, "storing a record in stream %s", s->name);
    if (st != SIM_OK) return throttle_message(s, out, err);
    return SIM_OK;
}

/* Marks the records from `from` on as not put, with `code`. */
static void not_put(kinesis_put_result *out, size_t from, size_t n, sim_status code, size_t *failed)
{
    for (size_t i = from; i < n; i++)
        out[i] = (kinesis_put_result){.code = code, .shard = -1};
    *failed += n - from;
}

sim_status kinesis_put_records(kinesis_stream *s, const kinesis_put *recs, size_t n,
                               kinesis_put_result *out, size_t *failed, sim_error *err)
{
    *failed = 0;
    if (!sim_budget_charge(s->budget, KINESIS_COST_CALL)) {
        if (n <= s->lim->put_records_max) not_put(out, 0, n, SIM_BUDGET_EXCEEDED, failed);
        return sim_fail_work(err, "putting records into stream %s", s->name);
    }
    if (n < 1 || n > s->lim->put_records_max)
        return sim_fail(err, SIM_VALIDATION,
                        "1 validation error detected: Value at 'records' failed to satisfy "
                        "constraint: Member must have length between 1 and %u (it has %zu)",
                        s->lim->put_records_max, n);
    uint64_t total = 0, copied = 0;
    size_t hashed = 0;
    for (size_t i = 0; i < n; i++) {
        sim_status st = validate_put(s, &recs[i], i, true, err);
        if (st != SIM_OK) return st;
        total += recs[i].data_len + recs[i].key_len;
        copied += recs[i].data ? recs[i].data_len : 0;
        hashed += !recs[i].has_hash;
    }
    if (total > s->lim->put_records_max_bytes)
        return sim_fail(err, SIM_INVALID_ARGUMENT,
                        "Records size exceeds %u MB limit (the request has %llu bytes)",
                        s->lim->put_records_max_bytes >> 20, (unsigned long long)total);
    if (!sim_budget_charge(s->budget, put_cost(s, n, hashed, copied))) {
        not_put(out, 0, n, SIM_BUDGET_EXCEEDED, failed);
        return sim_fail_work(err, "putting records into stream %s", s->name);
    }
    int64_t now = sim_clock_now(s->clock);
    size_t stored = 0;
    for (size_t i = 0; i < n; i++) {
        sim_status st = put_one(s, &recs[i], now, &out[i]);
        if (st == SIM_OK) {
            stored++;
        } else if (st == SIM_NO_MEMORY) {
            not_put(out, i, n, SIM_NO_MEMORY, failed);
            sim_budget_charge_n(s->budget, stored, KINESIS_COST_STORE);
            return sim_fail_memory(err, s->budget, "storing records in stream %s", s->name);
        } else {
            (*failed)++;
        }
    }
    if (!sim_budget_charge_n(s->budget, stored, KINESIS_COST_STORE))
        return sim_fail_work(err, "storing records in stream %s", s->name);
    return SIM_OK;
}
