/* The Kinesis Agent at run time: tailing, buffering, sending, retrying,
 * checkpointing.
 *
 * The model: each flow has one queue of records read from its files. The
 * tailer reads every line that is present, processes it, and appends it to
 * the open buffer, which is sealed when it reaches maxBufferSizeRecords or
 * maxBufferSizeBytes, or when its oldest record is maxBufferAgeMillis old.
 * Sealed buffers are sent in order; what the destination throttles is
 * retried after a backoff that starts at retryInitialBackoffMillis and
 * doubles up to retryMaxBackoffMillis, and a buffer is checkpointed once all
 * of it is sent. The tailer stops reading while publishQueueCapacity
 * buffers are waiting. The real agent sends from several threads at once;
 * one sender per flow is enough to show the throttling, and keeps runs
 * deterministic. */
#include "sim/agent.h"

#include <fnmatch.h>
#include <md5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/kinesis_producer.h"
#include "sim/kinesis_store.h"

/* A record in a flow's queue: 32 bytes. */
typedef struct arec {
    const char *p; /* the key, then the data (unless sourced), in the flow's store */
    uint64_t line;
    uint32_t len; /* data bytes */
    uint32_t file;
    uint16_t key_len;
    uint8_t done;
    uint8_t sourced; /* the flow's source makes the data again; no bytes kept */
} arec;

typedef struct afile {
    bool matched;
    uint64_t tail, checkpoint;
} afile;

typedef struct aflow {
    agent_flow_config *cfg;
    afile *files;
    size_t nfiles;
    arec *recs;
    size_t head, count, cap;
    /* Record bytes in chunks that are reused as the queue drains, so a
     * long run neither grows nor compacts one buffer (kinesis_store.h);
     * record i has serial serial0 + i. */
    kinesis_store bytes;
    uint64_t serial0;
    size_t *bufs; /* end index (exclusive) of each sealed buffer */
    size_t bhead, nbufs, bcap;
    size_t open_start; /* the open buffer is recs[open_start..count) */
    uint64_t open_bytes;
    int64_t open_first_ms;
    int64_t retry_due, backoff;
    /* A Kinesis flow's records are lines of the data set put through the
     * flow's processing: the stream keeps their numbers, and this source
     * makes the bytes again when they are read (NULL: keep the bytes). */
    kinesis_source *source;
    /* The head buffer's records that are not in yet, as PutRecords entries
     * (pend) with their places in the queue (pend_at): made when the
     * buffer reaches the head, then cut down to the refused records after
     * each try - the agent retries only what failed. */
    kinesis_put *pend;
    size_t *pend_at;
    size_t npend;
    bool pend_made, pend_hashed;
    agent_stats stats;
} aflow;

/* What a flow's source needs to make a record again: the data set and the
 * flow's processing, both its own, so that it outlives the agent. */
typedef struct flow_source {
    agent_config *cfg; /* a reference */
    int flow;
    loggen *lines;    /* loggen_data_set */
    loggen_cursor at; /* readers ask for records in order, mostly */
    agent_buf out, tmp;
    char line[512];
} flow_source;

struct agent {
    agent_config *cfg;
    sim_clock *clock;
    sim_rng *rng;
    int64_t start_ms;
    loggen *logs;
    kinesis_stream **streams;
    size_t nstreams;
    firehose_stream **hoses;
    size_t nhoses;
    aflow *flows;
    agent_buf out, tmp;
    loggen_cursor at; /* the tailer reads lines in order */
    char line[512];
    kinesis_put_result *res;
    firehose_record *frecs;
};

agent *agent_new(agent_config *cfg, sim_clock *clock, sim_rng *rng, sim_error *err)
{
    agent *a = cfg ? calloc(1, sizeof *a) : NULL;
    if (a) a->flows = calloc((size_t)cfg->nflows, sizeof *a->flows);
    if (a) {
        a->res = malloc(500 * sizeof *a->res);
        a->frecs = malloc(500 * sizeof *a->frecs);
    }
    if (!a || !a->flows || !a->res || !a->frecs) {
        if (a) {
            free(a->flows), free(a->res), free(a->frecs);
            free(a);
        }
        agent_config_free(cfg);
        sim_fail(err, SIM_NO_MEMORY, "out of memory");
        return NULL;
    }
    a->cfg = cfg;
    a->clock = clock;
    a->rng = rng;
    a->start_ms = sim_clock_now(clock);
    loggen_cursor_init(&a->at);
    for (int i = 0; i < cfg->nflows; i++) {
        a->flows[i].cfg = &cfg->flows[i];
        /* 2 MiB chunks: the default queue (100 buffers of 500 records) of
         * the course's 200-byte records spans about six, and one drained
         * chunk is kept for reuse, so a long run touches no new memory. */
        a->flows[i].bytes.max_chunk = (size_t)2 << 20;
        a->flows[i].bytes.keep_spares = 1;
    }
    return a;
}

agent *agent_new_json(const char *text, size_t len, sim_clock *clock, sim_rng *rng, sim_error *err)
{
    agent_config *c = agent_config_parse(text, len, err);
    return c ? agent_new(c, clock, rng, err) : NULL;
}

void agent_free(agent *a)
{
    if (!a) return;
    for (int i = 0; i < a->cfg->nflows; i++) {
        aflow *f = &a->flows[i];
        free(f->files), free(f->recs), free(f->bufs);
        kinesis_store_free(&f->bytes);
        kinesis_source_unref(f->source);
        free(f->pend), free(f->pend_at);
    }
    free(a->flows), free(a->streams), free(a->hoses);
    free(a->res), free(a->frecs);
    agent_buf_free(&a->out);
    agent_buf_free(&a->tmp);
    agent_config_free(a->cfg);
    free(a);
}

const agent_config *agent_get_config(const agent *a)
{
    return a->cfg;
}

static size_t flow_source_make(void *ctx, uint64_t token, uint8_t *buf, size_t cap)
{
    flow_source *fs = ctx;
    size_t n = loggen_line_next(fs->lines, &fs->at, token, fs->line, sizeof fs->line);
    if (!agent_process(&fs->cfg->flows[fs->flow], fs->line, n, &fs->out, &fs->tmp)) return 0;
    size_t len = fs->out.len < cap ? fs->out.len : cap;
    memcpy(buf, fs->out.p, len);
    return len;
}

static void flow_source_drop(void *ctx)
{
    flow_source *fs = ctx;
    agent_config_free(fs->cfg);
    loggen_free(fs->lines);
    agent_buf_free(&fs->out);
    agent_buf_free(&fs->tmp);
    free(fs);
}

/* The source of a Kinesis flow's records; NULL (keep the bytes) when out of
 * memory. */
static kinesis_source *flow_source_new(agent *a, int flow)
{
    flow_source *fs = calloc(1, sizeof *fs);
    if (!fs) return NULL;
    fs->lines = loggen_data_set(a->logs);
    kinesis_source *src =
        fs->lines ? kinesis_source_new(flow_source_make, flow_source_drop, fs) : NULL;
    if (!src) {
        loggen_free(fs->lines);
        free(fs);
        return NULL;
    }
    fs->cfg = agent_config_ref(a->cfg);
    fs->flow = flow;
    loggen_cursor_init(&fs->at);
    return src;
}

void agent_attach_logs(agent *a, loggen *logs)
{
    a->logs = logs;
    loggen_cursor_init(&a->at);
    for (int i = 0; i < a->cfg->nflows; i++) {
        aflow *f = &a->flows[i];
        kinesis_source_unref(f->source);
        f->source = logs && f->cfg->kinesis_stream ? flow_source_new(a, i) : NULL;
    }
}

void agent_add_stream(agent *a, kinesis_stream *s)
{
    kinesis_stream **n = realloc(a->streams, (a->nstreams + 1) * sizeof *n);
    if (!n) return;
    a->streams = n;
    a->streams[a->nstreams++] = s;
}

void agent_add_delivery(agent *a, firehose_stream *f)
{
    firehose_stream **n = realloc(a->hoses, (a->nhoses + 1) * sizeof *n);
    if (!n) return;
    a->hoses = n;
    a->hoses[a->nhoses++] = f;
}

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

/* Finds new files that match the flow's pattern and places them: files
 * that were there when the agent started begin at initialPosition; files
 * that appear later are read from their start. */
static void discover(agent *a, aflow *f)
{
    size_t n = a->logs ? loggen_file_count(a->logs) : 0;
    if (n <= f->nfiles) return;
    afile *nf = realloc(f->files, n * sizeof *nf);
    if (!nf) return;
    f->files = nf;
    for (size_t i = f->nfiles; i < n; i++) {
        const loggen_file *lf = loggen_file_at(a->logs, i);
        afile *af = &f->files[i];
        memset(af, 0, sizeof *af);
        af->matched = fnmatch(f->cfg->file_pattern, lf->path, FNM_PATHNAME) == 0;
        if (lf->created_ms < a->start_ms && !f->cfg->start_of_file)
            af->tail = loggen_lines_available(a->logs, i, a->start_ms);
        if (af->tail < (uint64_t)f->cfg->skip_header_lines)
            af->tail = (uint64_t)f->cfg->skip_header_lines;
        if (af->tail > lf->lines) af->tail = lf->lines;
        af->checkpoint = af->tail;
    }
    f->nfiles = n;
}

static void seal(aflow *f)
{
    if (f->open_start == f->count) return;
    if (f->bhead + f->nbufs == f->bcap) {
        if (f->bhead) {
            memmove(f->bufs, f->bufs + f->bhead, f->nbufs * sizeof *f->bufs);
            f->bhead = 0;
        } else {
            size_t cap = f->bcap ? f->bcap * 2 : 16;
            size_t *nb = realloc(f->bufs, cap * sizeof *nb);
            if (!nb) return;
            f->bufs = nb;
            f->bcap = cap;
        }
    }
    f->bufs[f->bhead + f->nbufs++] = f->count;
    f->open_start = f->count;
    f->open_bytes = 0;
}

/* "00" to "99": the random keys are written two digits at a time. */
static const char digits2[201] = "0001020304050607080910111213141516171819"
                                 "2021222324252627282930313233343536373839"
                                 "4041424344454647484950515253545556575859"
                                 "6061626364656667686970717273747576777879"
                                 "8081828384858687888990919293949596979899";

/* Writes the 6 digits of v < 1,000,000, leading zeros included. */
static void put6(char *p, uint32_t v)
{
    uint32_t hi = v / 10000, lo = v % 10000;
    memcpy(p, digits2 + 2 * hi, 2);
    memcpy(p + 2, digits2 + 2 * (lo / 100), 2);
    memcpy(p + 4, digits2 + 2 * (lo % 100), 2);
}

/* The agent's RANDOM key: "" + ThreadLocalRandom.nextDouble(1000000),
 * made from one draw `r`: up to 6 digits, '.', 12 digits. */
static uint16_t random_key_len(uint64_t r)
{
    uint32_t ip = (uint32_t)(r % 1000000);
    int n = ip >= 100000 ? 6 : ip >= 10000 ? 5 : ip >= 1000 ? 4 : ip >= 100 ? 3 : ip >= 10 ? 2 : 1;
    return (uint16_t)(n + 13);
}

/* Writes the key of draw r, exactly random_key_len(r) bytes, straight
 * where it is kept (building it elsewhere and copying it made the copy wait
 * on the many small stores). */
static void random_key(uint64_t r, char *buf)
{
    uint32_t ip = (uint32_t)(r % 1000000);
    uint64_t fp = (r >> 20) % UINT64_C(1000000000000);
    int n = random_key_len(r) - 13;
    char *p = buf + n;
    do {
        *--p = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    buf[n++] = '.';
    put6(buf + n, (uint32_t)(fp / 1000000));
    put6(buf + n + 6, (uint32_t)(fp % 1000000));
}

static void md5_key(const char *data, size_t len, char *buf)
{
    /* DETERMINISTIC: the MD5 of the record's data, in lowercase hex. */
    static const char hex[] = "0123456789abcdef";
    MD5_CTX ctx;
    uint8_t d[16];
    MD5Init(&ctx);
    MD5Update(&ctx, (const uint8_t *)data, len);
    MD5Final(d, &ctx);
    for (int i = 0; i < 16; i++) {
        buf[2 * i] = hex[d[i] >> 4];
        buf[2 * i + 1] = hex[d[i] & 15];
    }
}

static bool append(agent *a, aflow *f, size_t file, uint64_t line, int64_t now)
{
    const char *data = a->out.p;
    size_t len = a->out.len;
    uint64_t draw = 0;
    uint16_t klen = 0;
    bool kinesis = f->cfg->kinesis_stream != NULL;
    if (kinesis) {
        if (f->cfg->deterministic_key) {
            klen = 32;
        } else {
            draw = sim_rng_next(a->rng);
            klen = random_key_len(draw);
        }
    }
    /* The stream needs only the line's number for the data; the buffer
     * limits count the data all the same. */
    bool sourced = f->source != NULL;
    uint64_t size = len + klen;
    if (f->open_start < f->count && (f->count - f->open_start + 1 > f->cfg->max_buffer_records ||
                                     f->open_bytes + size > f->cfg->max_buffer_bytes))
        seal(f);
    if (f->count == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 1024;
        arec *nr = realloc(f->recs, cap * sizeof *nr);
        if (!nr) return false;
        f->recs = nr;
        f->cap = cap;
    }
    size_t kept = sourced ? klen : size;
    char *p = (char *)kinesis_store_alloc(&f->bytes, kept, f->serial0 + f->count);
    if (!p) return false;
    arec *r = &f->recs[f->count];
    memset(r, 0, sizeof *r);
    r->p = p;
    r->len = (uint32_t)len;
    r->key_len = klen;
    r->file = (uint32_t)file;
    r->line = line;
    r->sourced = sourced;
    if (kinesis && f->cfg->deterministic_key)
        md5_key(data, len, p);
    else if (kinesis)
        random_key(draw, p);
    if (!sourced) memcpy(p + klen, data, len);
    if (f->open_start == f->count) f->open_first_ms = now;
    f->count++;
    f->open_bytes += size;
    return true;
}

static size_t queue_cap(const aflow *f)
{
    return (size_t)agent_default_limits()->queue_buffers * f->cfg->max_buffer_records;
}

static void tail(agent *a, aflow *f, int64_t now)
{
    for (size_t i = 0; i < f->nfiles; i++) {
        afile *af = &f->files[i];
        if (!af->matched) continue;
        uint64_t avail = loggen_lines_available(a->logs, i, now);
        uint64_t first = loggen_file_at(a->logs, i)->first_line;
        size_t qcap = queue_cap(f);
        while (af->tail < avail && f->count - f->head < qcap) {
            size_t n = loggen_line_next(a->logs, &a->at, first + af->tail, a->line, sizeof a->line);
            f->stats.lines_read++;
            if (agent_process(f->cfg, a->line, n, &a->out, &a->tmp)) {
                f->stats.records_parsed++;
                if (!append(a, f, i, af->tail, now)) return;
            } else {
                f->stats.records_skipped++;
            }
            af->tail++;
        }
    }
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
    if (!f->pend) f->pend = malloc(500 * sizeof *f->pend);
    if (!f->pend_at) f->pend_at = malloc(500 * sizeof *f->pend_at);
    if (!f->pend || !f->pend_at) return false;
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
        for (size_t k = 0; k < n; k++) {
            f->pend[k].hash = kinesis_hash_key(f->pend[k].key, f->pend[k].key_len);
            f->pend[k].has_hash = true;
        }
        f->pend_hashed = true;
    }
    if (kinesis_put_records(s, f->pend, n, a->res, &failed, NULL) != SIM_OK) {
        f->stats.records_failed += n;
        return;
    }
    f->stats.put_calls++;
    size_t left = 0;
    for (size_t k = 0; k < n; k++) {
        arec *r = &f->recs[f->pend_at[k]];
        if (a->res[k].code == SIM_OK) {
            r->done = 1;
            f->stats.records_sent++;
            f->stats.bytes_sent += r->len + r->key_len;
            f->stats.last_send_ms = now;
        } else {
            f->stats.records_throttled++;
            if (left != k) {
                f->pend[left] = f->pend[k];
                f->pend_at[left] = f->pend_at[k];
            }
            left++;
        }
    }
    f->npend = left;
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
    if (firehose_put_record_batch(h, a->frecs, n, &failed, NULL) != SIM_OK) {
        f->stats.records_failed += n;
        return;
    }
    f->stats.put_calls++;
    for (size_t k = 0; k < n; k++) {
        arec *r = &f->recs[f->pend_at[k]];
        r->done = 1;
        f->stats.records_sent++;
        f->stats.bytes_sent += r->len;
        f->stats.last_send_ms = now;
    }
    f->npend = 0;
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

static void send(agent *a, aflow *f, int64_t now)
{
    while (f->nbufs && now >= f->retry_due) {
        if (!send_head(a, f, now)) {
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
    }
    if (f->head == f->count)
        for (size_t i = 0; i < f->nfiles; i++)
            f->files[i].checkpoint = f->files[i].tail;
}

int64_t agent_step(agent *a)
{
    int64_t now = sim_clock_now(a->clock), next = INT64_MAX;
    for (size_t i = 0; i < a->nhoses; i++)
        firehose_tick(a->hoses[i]);
    for (int k = 0; k < a->cfg->nflows; k++) {
        aflow *f = &a->flows[k];
        discover(a, f);
        tail(a, f, now);
        if (f->open_start < f->count && now >= f->open_first_ms + f->cfg->max_buffer_age_ms)
            seal(f);
        send(a, f, now);
        /* Sending may have made room for more lines. */
        tail(a, f, now);
        if (f->open_start < f->count && now >= f->open_first_ms + f->cfg->max_buffer_age_ms)
            seal(f);
        if (f->nbufs && f->retry_due > now && f->retry_due < next) next = f->retry_due;
        if (f->nbufs && f->retry_due <= now) next = now; /* sealed just now: send at once */
        if (f->open_start < f->count && f->open_first_ms + f->cfg->max_buffer_age_ms < next)
            next = f->open_first_ms + f->cfg->max_buffer_age_ms;
        for (size_t i = 0; i < f->nfiles; i++) {
            if (!f->files[i].matched) continue;
            int64_t t = loggen_next_line_ms(a->logs, i, now);
            if (t < next) next = t;
        }
    }
    for (size_t i = 0; i < a->nhoses; i++) {
        int64_t t = firehose_next_delivery(a->hoses[i]);
        if (t < next) next = t;
    }
    return next;
}

static bool idle(const agent *a, int64_t now)
{
    for (int k = 0; k < a->cfg->nflows; k++) {
        const aflow *f = &a->flows[k];
        if (f->head != f->count) return false;
        for (size_t i = 0; i < f->nfiles; i++)
            if (f->files[i].matched && f->files[i].tail < loggen_file_at(a->logs, i)->lines)
                return false;
    }
    (void)now;
    return true;
}

void agent_run(agent *a, sim_clock *clock, int64_t until_ms, bool stop_when_idle,
               kinesis_poller *consumer)
{
    for (;;) {
        int64_t next = agent_step(a);
        int64_t now = sim_clock_now(clock);
        if (consumer) {
            int64_t t = kinesis_poller_step(consumer);
            if (t < next) next = t;
        }
        if (stop_when_idle && idle(a, now)) break;
        if (next > until_ms) next = until_ms;
        if (next <= now) {
            if (now >= until_ms) break;
            next = now + 1;
        }
        sim_clock_advance(clock, next - now);
    }
}

static void add_stats(agent_stats *t, const agent_stats *s)
{
    t->lines_read += s->lines_read;
    t->records_parsed += s->records_parsed;
    t->records_skipped += s->records_skipped;
    t->records_sent += s->records_sent;
    t->records_throttled += s->records_throttled;
    t->records_failed += s->records_failed;
    t->retries += s->retries;
    t->put_calls += s->put_calls;
    t->bytes_sent += s->bytes_sent;
    t->records_pending += s->records_pending;
    t->missing_destination += s->missing_destination;
    if (s->last_send_ms > t->last_send_ms) t->last_send_ms = s->last_send_ms;
}

void agent_flow_stats_get(const agent *a, int flow, agent_stats *out)
{
    memset(out, 0, sizeof *out);
    if (flow < 0 || flow >= a->cfg->nflows) return;
    const aflow *f = &a->flows[flow];
    *out = f->stats;
    out->records_pending = f->count - f->head;
}

void agent_stats_get(const agent *a, agent_stats *out)
{
    memset(out, 0, sizeof *out);
    for (int k = 0; k < a->cfg->nflows; k++) {
        agent_stats s;
        agent_flow_stats_get(a, k, &s);
        add_stats(out, &s);
    }
}

bool agent_checkpoint(const agent *a, int flow, size_t file, uint64_t *lines)
{
    if (flow < 0 || flow >= a->cfg->nflows) return false;
    const aflow *f = &a->flows[flow];
    if (file >= f->nfiles || !f->files[file].matched) return false;
    *lines = f->files[file].checkpoint;
    return true;
}
