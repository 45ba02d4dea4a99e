#ifndef SIM_AGENT_INTERNAL_H
#define SIM_AGENT_INTERNAL_H

/* Shared by the agent's files: agent_process.c (the options, LOGTOJSON's
 * patterns) and agent_json.c (the JSON writer and CSVTOJSON), and what the
 * agent itself (agent.c) needs of them. Nothing outside sim/agent*.c
 * includes this header. */

#include "sim/agent.h"
#include "sim/kinesis_store.h"

/* A field's text, or JSON null. */
typedef struct agent_span {
    const char *p;
    size_t n;
    bool null;
} agent_span;

/* Writes {"name":"value",...}\n into out (replacing what was there), the
 * names from `names` or, when it is NULL, from `defaults`; at most 64. */
bool agent_put_object(agent_buf *out, char *const *names, const char *const *defaults,
                      const agent_span *vals, int n);
/* The CSVTOJSON option on one record. */
bool agent_csv_to_json(const agent_proc *pr, const char *in, size_t len, agent_buf *out);

/* agent_proc_prepare with the names' memory from budget b. */
bool agent_proc_prepare_budget(agent_proc *p, sim_budget *b);

/* What agent_process made of a record. */
typedef enum {
    AGENT_RECORD_KEPT,    /* the result is in out */
    AGENT_RECORD_SKIPPED, /* LOGTOJSON could not parse it */
    AGENT_RECORD_NO_MEMORY,
} agent_record_outcome;
agent_record_outcome agent_process_record(const agent_flow_config *f, const char *in, size_t len,
                                          agent_buf *out, agent_buf *tmp);

/* --- the agent at run time (agent.c, agent_send.c) ------------------------ */

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
    uint64_t line_units; /* what a line costs the budget, with the flow's options */
    bool md5_keys;       /* DETERMINISTIC keys: each record's MD5 is charged too */
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

struct agent {
    agent_config *cfg;
    sim_budget *budget; /* cfg's */
    sim_error fault;    /* why the last step stopped short */
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

/* True once the current step has stopped short (a->fault). */
static inline bool agent_failed(const agent *a)
{
    return a->fault.code != SIM_OK;
}

/* Seals the open buffer; false (with a->fault set) when out of memory. */
bool agent_seal(agent *a, aflow *f);
/* Sends the sealed buffers that are due, retrying what is throttled, and
 * checkpoints what is in (agent_send.c). */
void agent_send(agent *a, aflow *f, int64_t now);

#endif
