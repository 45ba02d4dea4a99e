/* Kinesis Data Streams: hash keys, streams and shards, writes with their
 * limits, sequence numbers. Resharding and retention live in
 * kinesis_reshard.c, reads in kinesis_read.c, metrics in kinesis_series.c. */
#include "sim/kinesis.h"

#include <md5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* --- hash keys ----------------------------------------------------------- */

kinesis_hash kinesis_hash_key(const char *key, size_t len)
{
    MD5_CTX ctx;
    uint8_t d[16];
    MD5Init(&ctx);
    MD5Update(&ctx, (const uint8_t *)key, len);
    MD5Final(d, &ctx);
    kinesis_hash h = 0;
    for (int i = 0; i < 16; i++)
        h = (h << 8) | d[i];
    return h;
}

bool kinesis_hash_parse(const char *text, kinesis_hash *out)
{
    if (!text || !*text) return false;
    kinesis_hash h = 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9') return false;
        unsigned d = (unsigned)(*p - '0');
        if (h > (KINESIS_HASH_MAX - d) / 10) return false;
        h = h * 10 + d;
    }
    *out = h;
    return true;
}

void kinesis_hash_format(kinesis_hash h, char *buf, size_t cap)
{
    char tmp[48];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + (unsigned)(h % 10));
        h /= 10;
    } while (h);
    size_t j = 0;
    while (n > 0 && j + 1 < cap)
        buf[j++] = tmp[--n];
    if (cap) buf[j] = '\0';
}

int kinesis_key_chars(const char *key, size_t len)
{
    const uint8_t *p = (const uint8_t *)key;
    int chars = 0;
    size_t i = 0;
    /* The common all-ASCII key: eight bytes at a time, then byte by byte. */
    while (len - i >= 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & UINT64_C(0x8080808080808080)) break;
        i += 8;
    }
    while (i < len && p[i] < 0x80)
        i++;
    chars = (int)(i < (size_t)INT32_MAX ? i : INT32_MAX);
    while (i < len) {
        uint8_t c = p[i];
        size_t extra;
        uint32_t cp;
        if (c < 0x80) {
            extra = 0;
            cp = c;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return -1;
        }
        for (size_t k = 1; k <= extra; k++) {
            if (i + k >= len || (p[i + k] & 0xC0) != 0x80) return -1;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        /* Overlong forms, surrogates and values past U+10FFFF are not
         * characters. */
        static const uint32_t min_cp[4] = {0, 0x80, 0x800, 0x10000};
        if (cp < min_cp[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
        i += extra + 1;
        chars++;
    }
    return chars;
}

void kinesis_uniform_range(int i, int n, kinesis_hash *start, kinesis_hash *end)
{
    /* floor(2^128 / n) without a 129-bit numerator: (2^128 - 1) / n differs
     * from it only when n divides 2^128, i.e. n is a power of two. */
    kinesis_hash h = KINESIS_HASH_MAX / (kinesis_hash)n;
    if ((n & (n - 1)) == 0 && n > 1) h += 1;
    if (n == 1) h = KINESIS_HASH_MAX; /* unused: one shard covers everything */
    *start = n == 1 ? 0 : h * (kinesis_hash)i;
    *end = (i == n - 1) ? KINESIS_HASH_MAX : h * (kinesis_hash)(i + 1) - 1;
}

uint64_t kinesis_put_units(const kinesis_limits *lim, uint64_t bytes)
{
    uint64_t u = (bytes + lim->put_unit_bytes - 1) / lim->put_unit_bytes;
    return u ? u : 1;
}

/* --- streams and shards -------------------------------------------------- */

static uint32_t name_tag(const char *name)
{
    uint32_t h = 2166136261u; /* FNV-1a: a stable tag for the stream's iterators */
    for (const char *p = name; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    return h;
}

static void rebuild_open_index(kinesis_stream *s)
{
    s->nopen = 0;
    for (int i = 0; i < s->nshards; i++)
        if (s->shards[i].open) s->open_idx[s->nopen++] = i;
    /* Insertion sort by starting hash key: few shards change at a time. */
    for (int i = 1; i < s->nopen; i++) {
        int v = s->open_idx[i], j = i - 1;
        while (j >= 0 && s->shards[s->open_idx[j]].start > s->shards[v].start) {
            s->open_idx[j + 1] = s->open_idx[j];
            j--;
        }
        s->open_idx[j + 1] = v;
    }
}

int kinesis_add_shard(kinesis_stream *s, kinesis_hash start, kinesis_hash end, int parent,
                      int adjacent)
{
    if (s->nshards == s->shards_cap) {
        int cap = s->shards_cap ? s->shards_cap * 2 : 4;
        kinesis_shard *ns = realloc(s->shards, (size_t)cap * sizeof *ns);
        if (!ns) return -1;
        s->shards = ns;
        int *oi = realloc(s->open_idx, (size_t)cap * sizeof *oi);
        if (!oi) return -1;
        s->open_idx = oi;
        s->shards_cap = cap;
    }
    kinesis_shard *sh = &s->shards[s->nshards];
    memset(sh, 0, sizeof *sh);
    sh->start = start;
    sh->end = end;
    sh->parent = parent;
    sh->adjacent_parent = adjacent;
    sh->open = true;
    sh->created_ms = sim_clock_now(s->clock);
    sh->wsec = sh->rsec = INT64_MIN;
    sh->bytes.max_chunk = (size_t)8 << 20;
    return s->nshards++;
}

void kinesis_reindex(kinesis_stream *s)
{
    rebuild_open_index(s);
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
    kinesis_stream *s = calloc(1, sizeof *s);
    if (!s) {
        sim_fail(err, SIM_NO_MEMORY, "out of memory");
        return NULL;
    }
    memcpy(s->name, cfg->name, nlen + 1);
    s->clock = clock;
    s->rng = rng;
    s->lim = lim;
    s->tag = name_tag(cfg->name);
    s->retention_h = ret;
    s->created_ms = sim_clock_now(clock);
    s->series_cap = cfg->series_seconds > 0 ? cfg->series_seconds : 900;
    s->payload_cap = cfg->payload_cap ? cfg->payload_cap : 256 * SIM_MB;
    for (int i = 0; i < cfg->shards; i++) {
        kinesis_hash a, b;
        kinesis_uniform_range(i, cfg->shards, &a, &b);
        if (kinesis_add_shard(s, a, b, -1, -1) < 0) {
            kinesis_stream_free(s);
            sim_fail(err, SIM_NO_MEMORY, "out of memory");
            return NULL;
        }
    }
    rebuild_open_index(s);
    return s;
}

void kinesis_stream_free(kinesis_stream *s)
{
    if (!s) return;
    for (int i = 0; i < s->nshards; i++) {
        for (size_t b = 0; b < s->shards[i].nblocks; b++)
            free(s->shards[i].blocks[b]);
        free(s->shards[i].blocks);
        kinesis_store_free(&s->shards[i].bytes);
        free(s->shards[i].series);
    }
    for (int i = 0; i < s->nconsumers; i++)
        free(s->consumers[i].windows);
    for (int i = 0; i < s->nsources; i++)
        kinesis_source_unref(s->sources[i]);
    free(s->sources);
    free(s->shards);
    free(s->open_idx);
    free(s);
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

static bool grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return true;
    size_t nc = *cap ? *cap : 64;
    while (nc < need)
        nc *= 2;
    void *np = realloc(*p, nc * elem);
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
        kinesis_source **n = realloc(s->sources, (size_t)cap * sizeof *n);
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
 * name, made into the store now). */
static bool store(kinesis_stream *s, kinesis_shard *sh, const kinesis_put *r, int64_t now,
                  uint64_t *seq)
{
    if (sh->count == sh->nblocks * KREC_BLOCK) {
        if (!grow((void **)&sh->blocks, &sh->blocks_cap, sh->nblocks + 1, sizeof *sh->blocks))
            return false;
        kinesis_rec *b = malloc(KREC_BLOCK * sizeof *b);
        if (!b) return false;
        sh->blocks[sh->nblocks++] = b;
    }
    int src = r->source ? source_index(s, r->source) : -1;
    bool has_bytes = r->data || r->source;
    bool keep = src < 0 && has_bytes && s->payload_bytes + r->data_len <= s->payload_cap;
    size_t bytes = r->key_len + (src >= 0 ? sizeof r->token : keep ? r->data_len : 0);
    uint8_t *p = kinesis_store_alloc(&sh->bytes, bytes, sh->base + sh->count);
    if (!p) return false;
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
            return false;
        s->payload_bytes += r->data_len;
    } else {
        rec->flags = KREC_ELIDED;
    }
    *seq = sh->base + sh->count;
    sh->count++;
    return true;
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
    if (!write_fits(s, sh, now, bytes)) {
        sh->totals.throttled_writes++;
        if (b) b->throttled++;
        return out->code = SIM_PROVISIONED_THROUGHPUT_EXCEEDED;
    }
    if (sh->head == sh->count) kinesis_trim(s, sh, now);
    if (!store(s, sh, r, now, &out->seq)) return out->code = SIM_INTERNAL_FAILURE;
    sh->wbytes += bytes;
    sh->wrecords++;
    uint64_t units = kinesis_put_units(s->lim, r->data_len);
    sh->totals.records_in++;
    sh->totals.bytes_in += bytes;
    sh->totals.put_units += units;
    if (b) {
        b->records_in++;
        b->bytes_in += bytes;
    }
    return out->code = SIM_OK;
}

void kinesis_put_error_message(const kinesis_stream *s, const kinesis_put_result *r, char *buf,
                               size_t cap)
{
    char id[24];
    kinesis_shard_id(r->shard, id, sizeof id);
    if (r->code == SIM_INTERNAL_FAILURE)
        snprintf(buf, cap, "Internal service failure.");
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

sim_status kinesis_put_record(kinesis_stream *s, const kinesis_put *rec, kinesis_put_result *out,
                              sim_error *err)
{
    sim_status st = validate_put(s, rec, 0, false, err);
    if (st != SIM_OK) return st;
    if (put_one(s, rec, sim_clock_now(s->clock), out) != SIM_OK)
        return throttle_message(s, out, err);
    return SIM_OK;
}

sim_status kinesis_put_records(kinesis_stream *s, const kinesis_put *recs, size_t n,
                               kinesis_put_result *out, size_t *failed, sim_error *err)
{
    *failed = 0;
    if (n < 1 || n > s->lim->put_records_max)
        return sim_fail(err, SIM_VALIDATION,
                        "1 validation error detected: Value at 'records' failed to satisfy "
                        "constraint: Member must have length between 1 and %u (it has %zu)",
                        s->lim->put_records_max, n);
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        sim_status st = validate_put(s, &recs[i], i, true, err);
        if (st != SIM_OK) return st;
        total += recs[i].data_len + recs[i].key_len;
    }
    if (total > s->lim->put_records_max_bytes)
        return sim_fail(err, SIM_INVALID_ARGUMENT,
                        "Records size exceeds %u MB limit (the request has %llu bytes)",
                        s->lim->put_records_max_bytes >> 20, (unsigned long long)total);
    int64_t now = sim_clock_now(s->clock);
    for (size_t i = 0; i < n; i++)
        if (put_one(s, &recs[i], now, &out[i]) != SIM_OK) (*failed)++;
    return SIM_OK;
}

/* --- sequence numbers ---------------------------------------------------- */

/* "49" followed by 54 digits holding (tag << 96) | (shard << 64) | counter,
 * so that numbers of one shard compare like AWS's: longer never, larger
 * later. */
void kinesis_seq_format(const kinesis_stream *s, int shard, uint64_t seq, char *buf, size_t cap)
{
    kinesis_hash v = ((kinesis_hash)s->tag << 96) | ((kinesis_hash)(uint32_t)shard << 64) | seq;
    char digits[48], out[KINESIS_SEQ_LEN];
    kinesis_hash_format(v, digits, sizeof digits);
    size_t n = strlen(digits);
    memset(out, '0', 56);
    out[0] = '4';
    out[1] = '9';
    memcpy(out + 56 - n, digits, n);
    out[56] = '\0';
    snprintf(buf, cap, "%s", out);
}

bool kinesis_seq_parse(const kinesis_stream *s, const char *text, int *shard, uint64_t *seq)
{
    if (!text || strlen(text) != 56 || text[0] != '4' || text[1] != '9') return false;
    kinesis_hash v;
    if (!kinesis_hash_parse(text + 2, &v)) return false;
    if ((uint32_t)(v >> 96) != s->tag) return false;
    *shard = (int)(uint32_t)(v >> 64);
    *seq = (uint64_t)v;
    return *shard < s->nshards;
}
