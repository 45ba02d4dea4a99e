/* The Kinesis Agent at run time: tailing, buffering, and the steps that
 * drive it; the sending side (sending, retrying, checkpointing) is in
 * agent_send.c.
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
 * deterministic.
 *
 * The agent works under its config's budget (agent_config.budget): lines
 * are charged in runs before they are read, each send before it is made,
 * each step for what it walks. A step that finds the budget spent, or
 * cannot get memory, records why in a->fault and stops where it is: every
 * line read is either queued or still to be read, every record sent is
 * marked so, and the next step (or agent_free) finds the agent whole. */
#include "sim/agent.h"

#include <fnmatch.h>
#include <md5.h>
#include <stdio.h>
#include <string.h>

#include "sim/agent_cost.h"
#include "sim/agent_internal.h"
#include "sim/budget_fail.h"
#include "sim/kinesis_producer.h"

/* What a flow's source needs to make a record again: the data set and the
 * flow's processing, both its own, so that it outlives the agent. */
typedef struct flow_source {
    agent_config *cfg;  /* a reference */
    sim_budget *budget; /* cfg's */
    int flow;
    loggen *lines;    /* loggen_data_set */
    loggen_cursor at; /* readers ask for records in order, mostly */
    agent_buf out, tmp;
    char line[512];
} flow_source;

/* What a line costs the budget in a flow: reading it, and each of the
 * flow's options on it. */
static uint64_t line_units(const agent_flow_config *f)
{
    uint64_t units = AGENT_COST_LINE;
    for (int i = 0; i < f->nprocs; i++)
        units += f->procs[i].kind == AGENT_SINGLELINE  ? AGENT_COST_SINGLELINE
                 : f->procs[i].kind == AGENT_CSVTOJSON ? AGENT_COST_CSVTOJSON
                                                       : AGENT_COST_LOGTOJSON;
    return units;
}

agent *agent_new(agent_config *cfg, sim_clock *clock, sim_rng *rng, sim_error *err)
{
    sim_budget *b = cfg ? cfg->budget : NULL;
    agent *a = cfg ? sim_calloc(b, 1, sizeof *a) : NULL;
    if (a) {
        a->flows = sim_calloc(b, (size_t)cfg->nflows, sizeof *a->flows);
        a->res = sim_reallocarray(b, NULL, 500, sizeof *a->res);
        a->frecs = sim_reallocarray(b, NULL, 500, sizeof *a->frecs);
    }
    if (!a || !a->flows || !a->res || !a->frecs) {
        if (a) {
            sim_free(b, a->flows), sim_free(b, a->res), sim_free(b, a->frecs);
            sim_free(b, a);
        }
        agent_config_free(cfg);
        sim_fail_memory(err, b, "starting the Kinesis Agent");
        return NULL;
    }
    a->cfg = cfg;
    a->budget = b;
    a->out.budget = a->tmp.budget = b;
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
        a->flows[i].bytes.budget = b;
        a->flows[i].line_units = line_units(&cfg->flows[i]);
        a->flows[i].md5_keys = cfg->flows[i].kinesis_stream && cfg->flows[i].deterministic_key;
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
    sim_budget *b = a->budget;
    for (int i = 0; i < a->cfg->nflows; i++) {
        aflow *f = &a->flows[i];
        sim_free(b, f->files), sim_free(b, f->recs), sim_free(b, f->bufs);
        kinesis_store_free(&f->bytes);
        kinesis_source_unref(f->source);
        sim_free(b, f->pend), sim_free(b, f->pend_at);
    }
    sim_free(b, a->flows), sim_free(b, a->streams), sim_free(b, a->hoses);
    sim_free(b, a->res), sim_free(b, a->frecs);
    agent_buf_free(&a->out);
    agent_buf_free(&a->tmp);
    agent_config_free(a->cfg);
    sim_free(b, a);
}

sim_status agent_status(const agent *a, sim_error *err)
{
    if (err) *err = a->fault;
    return a->fault.code;
}

const agent_config *agent_get_config(const agent *a)
{
    return a->cfg;
}

/* Makes a record's bytes again for a reader of the stream. It is charged
 * like the line it was; with the budget spent it makes nothing (the host
 * stops the script). */
static size_t flow_source_make(void *ctx, uint64_t token, uint8_t *buf, size_t cap)
{
    flow_source *fs = ctx;
    const agent_flow_config *f = &fs->cfg->flows[fs->flow];
    if (!sim_budget_charge(fs->budget, AGENT_COST_REMAKE + line_units(f) - AGENT_COST_LINE))
        return 0;
    size_t n = loggen_line_next(fs->lines, &fs->at, token, fs->line, sizeof fs->line);
    if (!agent_process(f, fs->line, n, &fs->out, &fs->tmp)) return 0;
    size_t len = fs->out.len < cap ? fs->out.len : cap;
    memcpy(buf, fs->out.p, len);
    return len;
}

static void flow_source_drop(void *ctx)
{
    flow_source *fs = ctx;
    sim_budget *b = fs->budget;
    agent_config_free(fs->cfg);
    loggen_free(fs->lines);
    agent_buf_free(&fs->out);
    agent_buf_free(&fs->tmp);
    sim_free(b, fs);
}

/* The source of a Kinesis flow's records; NULL (keep the bytes) when out of
 * memory. */
static kinesis_source *flow_source_new(agent *a, int flow)
{
    flow_source *fs = sim_calloc(a->budget, 1, sizeof *fs);
    if (!fs) return NULL;
    fs->budget = a->budget;
    fs->out.budget = fs->tmp.budget = a->budget;
    fs->lines = loggen_data_set(a->logs);
    kinesis_source *src =
        fs->lines ? kinesis_source_new_budget(flow_source_make, flow_source_drop, fs, a->budget)
                  : NULL;
    if (!src) {
        loggen_free(fs->lines);
        sim_free(a->budget, fs);
        return NULL;
    }
    fs->cfg = agent_config_ref(a->cfg);
    fs->flow = flow;
    loggen_cursor_init(&fs->at);
    return src;
}

sim_status agent_attach_logs(agent *a, loggen *logs)
{
    sim_status st = SIM_OK;
    a->logs = logs;
    loggen_cursor_init(&a->at);
    for (int i = 0; i < a->cfg->nflows; i++) {
        aflow *f = &a->flows[i];
        kinesis_source_unref(f->source);
        f->source = logs && f->cfg->kinesis_stream ? flow_source_new(a, i) : NULL;
        if (logs && f->cfg->kinesis_stream && !f->source) st = SIM_NO_MEMORY;
    }
    return st;
}

sim_status agent_add_stream(agent *a, kinesis_stream *s)
{
    kinesis_stream **n = sim_reallocarray(a->budget, a->streams, a->nstreams + 1, sizeof *n);
    if (!n) return SIM_NO_MEMORY;
    a->streams = n;
    a->streams[a->nstreams++] = s;
    return SIM_OK;
}

sim_status agent_add_delivery(agent *a, firehose_stream *f)
{
    firehose_stream **n = sim_reallocarray(a->budget, a->hoses, a->nhoses + 1, sizeof *n);
    if (!n) return SIM_NO_MEMORY;
    a->hoses = n;
    a->hoses[a->nhoses++] = f;
    return SIM_OK;
}

/* Finds new files that match the flow's pattern and places them: files
 * that were there when the agent started begin at initialPosition; files
 * that appear later are read from their start. */
static void discover(agent *a, aflow *f)
{
    size_t n = a->logs ? loggen_file_count(a->logs) : 0;
    if (n <= f->nfiles) return;
    /* fnmatch walks the pattern and a path of up to 256 bytes. */
    size_t match = (strlen(f->cfg->file_pattern) + 256) / 16;
    if (!sim_budget_charge_n(a->budget, (n - f->nfiles) * match, AGENT_COST_MATCH)) {
        sim_fail_work(&a->fault, "finding log files in the Kinesis Agent");
        return;
    }
    afile *nf = sim_reallocarray(a->budget, f->files, n, sizeof *nf);
    if (!nf) {
        sim_fail_memory(&a->fault, a->budget, "finding log files in the Kinesis Agent");
        return;
    }
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

static bool queue_full(agent *a)
{
    sim_fail_memory(&a->fault, a->budget, "queueing records in the Kinesis Agent");
    return false;
}

/* Queues the record in a->out; false (with a->fault set) when out of
 * memory, the queue as it was. */
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
                                     f->open_bytes + size > f->cfg->max_buffer_bytes)) {
        if (!agent_seal(a, f)) return false;
    }
    if (f->count == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 1024;
        arec *nr = sim_reallocarray(a->budget, f->recs, cap, sizeof *nr);
        if (!nr) return queue_full(a);
        f->recs = nr;
        f->cap = cap;
    }
    size_t kept = sourced ? klen : size;
    char *p = (char *)kinesis_store_alloc(&f->bytes, kept, f->serial0 + f->count);
    if (!p) return queue_full(a);
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

/* Reads the lines that are there while the queue has room, in runs that
 * are charged before they are read. Once a record is made, what it costs
 * beyond a line is charged before it is queued: its size when it is 1 KiB
 * or more, the MD5 of a DETERMINISTIC key. */
static void tail(agent *a, aflow *f, int64_t now)
{
    for (size_t i = 0; i < f->nfiles; i++) {
        afile *af = &f->files[i];
        if (!af->matched) continue;
        uint64_t avail = loggen_lines_available(a->logs, i, now);
        uint64_t first = loggen_file_at(a->logs, i)->first_line;
        size_t qcap = queue_cap(f);
        while (af->tail < avail && f->count - f->head < qcap) {
            /* A run of lines: no more than are there, or than the queue
             * has room for (every line makes at most one record). */
            uint64_t run = avail - af->tail;
            if (run > qcap - (f->count - f->head)) run = qcap - (f->count - f->head);
            if (run > AGENT_LINES_PER_CHARGE) run = AGENT_LINES_PER_CHARGE;
            if (!sim_budget_charge_n(a->budget, run, f->line_units)) {
                sim_fail_work(&a->fault, "reading log lines in the Kinesis Agent");
                return;
            }
            for (uint64_t end = af->tail + run; af->tail < end; af->tail++) {
                size_t n =
                    loggen_line_next(a->logs, &a->at, first + af->tail, a->line, sizeof a->line);
                agent_record_outcome o = agent_process_record(f->cfg, a->line, n, &a->out, &a->tmp);
                if (o == AGENT_RECORD_SKIPPED) {
                    f->stats.lines_read++;
                    f->stats.records_skipped++;
                    continue;
                }
                if (o == AGENT_RECORD_NO_MEMORY) {
                    sim_fail_memory(&a->fault, a->budget,
                                    "converting log lines in the Kinesis Agent");
                    return;
                }
                /* Chained options also made the record before last. */
                size_t made = a->out.len + (f->cfg->nprocs >= 2 ? a->tmp.len : 0);
                uint64_t extra = made >= 1024 ? (made >> 10) * AGENT_COST_KIB : 0;
                if (f->md5_keys) extra += (a->out.len + 9 + 63) / 64 * AGENT_COST_MD5_BLOCK;
                if (extra && !sim_budget_charge(a->budget, extra)) {
                    sim_fail_work(&a->fault, "converting log lines in the Kinesis Agent");
                    return;
                }
                /* The line counts as read once its record is queued: a
                 * line that could not be is read again next time. */
                if (!append(a, f, i, af->tail, now)) return;
                f->stats.lines_read++;
                f->stats.records_parsed++;
            }
        }
    }
}

/* What a step walks: the fixed part, and per flow its files and the
 * destinations it looks its own up among. */
static uint64_t step_units(const agent *a)
{
    size_t files = a->logs ? loggen_file_count(a->logs) : 0;
    return AGENT_COST_STEP +
           (uint64_t)a->cfg->nflows * (files + a->nstreams + a->nhoses) * AGENT_COST_WALK;
}

int64_t agent_step(agent *a)
{
    int64_t now = sim_clock_now(a->clock), next = INT64_MAX;
    sim_error_clear(&a->fault);
    if (!sim_budget_charge(a->budget, step_units(a))) {
        sim_fail_work(&a->fault, "stepping the Kinesis Agent");
        return INT64_MAX;
    }
    for (size_t i = 0; i < a->nhoses; i++) {
        sim_status st = firehose_tick(a->hoses[i]);
        if (st == SIM_NO_MEMORY) {
            sim_fail_memory(&a->fault, a->budget, "delivering %s to S3",
                            firehose_name(a->hoses[i]));
            return INT64_MAX;
        }
        if (st != SIM_OK) {
            sim_fail_work(&a->fault, "delivering %s to S3", firehose_name(a->hoses[i]));
            return INT64_MAX;
        }
    }
    for (int k = 0; k < a->cfg->nflows; k++) {
        aflow *f = &a->flows[k];
        discover(a, f);
        if (!agent_failed(a)) tail(a, f, now);
        if (!agent_failed(a) && f->open_start < f->count &&
            now >= f->open_first_ms + f->cfg->max_buffer_age_ms)
            agent_seal(a, f);
        if (!agent_failed(a)) agent_send(a, f, now);
        /* Sending may have made room for more lines. */
        if (!agent_failed(a)) tail(a, f, now);
        if (!agent_failed(a) && f->open_start < f->count &&
            now >= f->open_first_ms + f->cfg->max_buffer_age_ms)
            agent_seal(a, f);
        if (agent_failed(a)) return INT64_MAX;
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

sim_status agent_run(agent *a, sim_clock *clock, int64_t until_ms, bool stop_when_idle,
                     kinesis_poller *consumer)
{
    for (;;) {
        int64_t next = agent_step(a);
        if (agent_failed(a)) return a->fault.code;
        int64_t now = sim_clock_now(clock);
        if (consumer) {
            int64_t t = kinesis_poller_step(consumer);
            sim_status st = kinesis_poller_status(consumer, NULL);
            if (st != SIM_OK) return st;
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
    return SIM_OK;
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
