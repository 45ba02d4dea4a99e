#ifndef SIM_AGENT_H
#define SIM_AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/budget.h"
#include "sim/clock.h"
#include "sim/firehose.h"
#include "sim/kinesis.h"
#include "sim/loggen.h"
#include "sim/rng.h"
#include "sim/status.h"

/* The Kinesis Agent: reads /etc/aws-kinesis/agent.json, tails the files
 * that match each flow's filePattern, applies the flow's
 * dataProcessingOptions, buffers records, and sends them with PutRecords
 * (kinesisStream) or PutRecordBatch (deliveryStream), retrying what was
 * throttled with backoff and checkpointing what was sent.
 *
 * An agent made from a config parsed with a budget (the script's,
 * sim/budget.h) keeps all its memory under the budget's cap, the config's
 * and its records' sources' included, and charges it for its work: the
 * lines it reads and converts, the records it sends and retries, its steps.
 * When the work runs out or memory does, the step stops where it is, with
 * the agent consistent, and agent_status says why. */

/* --- agent.json (agent_config.c) ----------------------------------------- */

typedef enum { AGENT_SINGLELINE, AGENT_CSVTOJSON, AGENT_LOGTOJSON } agent_proc_kind;
typedef enum {
    AGENT_LOG_COMMONAPACHE,
    AGENT_LOG_COMBINEDAPACHE,
    AGENT_LOG_APACHEERROR,
    AGENT_LOG_SYSLOG,
} agent_log_format;

typedef struct agent_proc {
    agent_proc_kind kind;
    char **fields; /* customFieldNames (NULL = the format's own) */
    int nfields;
    char *delimiter;         /* CSVTOJSON, default "," */
    agent_log_format format; /* LOGTOJSON */
    /* CSVTOJSON, made by agent_proc_prepare: the fields' escaped names as
     * they open each member ('{"name":' then ',"name":'), back to back, and
     * where each ends, so a record does not escape the same names again.
     * NULL (a hand-built config) means the names are escaped per record. */
    char *json_keys;
    uint32_t *json_key_end;
} agent_proc;

typedef struct agent_flow_config {
    char *file_pattern;
    char *kinesis_stream; /* exactly one of these two */
    char *delivery_stream;
    bool start_of_file; /* initialPosition, default END_OF_FILE */
    int64_t max_buffer_age_ms;
    uint32_t max_buffer_bytes;
    uint32_t max_buffer_records;
    bool deterministic_key; /* partitionKeyOption, default RANDOM */
    int skip_header_lines;
    int64_t retry_initial_ms, retry_max_ms;
    agent_proc *procs;
    int nprocs;
} agent_flow_config;

typedef struct agent_config {
    agent_flow_config *flows;
    int nflows;
    int refs; /* the agent and the record sources of its flows share it */
    /* The script's budget, set by agent_config_parse_budget: the config's
     * memory, and that of an agent made from it, count toward it, and the
     * agent charges its work to it. NULL (agent_config_parse, or a config
     * built by hand) is no budget. */
    sim_budget *budget;
} agent_config;

/* The documented ranges, in one place (Firehose developer guide, "Specify
 * agent configuration settings"; aws-facts.md). */
typedef struct agent_limits {
    int64_t buffer_age_min_ms, buffer_age_max_ms, buffer_age_default_ms;     /* 1 s, 15 min, 60 s */
    uint32_t buffer_bytes_min, buffer_bytes_max, buffer_bytes_default;       /* 1 B .. 4 MiB */
    uint32_t buffer_records_min, buffer_records_max, buffer_records_default; /* 1..500 */
    int64_t retry_initial_default_ms, retry_max_default_ms;                  /* 100 ms, 10 s */
    int queue_buffers; /* publishQueueCapacity: buffers waiting to be sent */
} agent_limits;

const agent_limits *agent_default_limits(void);

/* Parses agent.json. On error returns NULL with a message that names the
 * field ("flows[0].maxBufferSizeRecords: ...") or, for JSON syntax, the
 * line and column ("agent.json:3:17: ..."). */
agent_config *agent_config_parse(const char *text, size_t len, sim_error *err);
/* The same under a budget (NULL = none): the parse is charged for the text
 * and the parser's memory, and the config keeps the budget for the agent.
 * SIM_BUDGET_EXCEEDED or SIM_NO_MEMORY when the budget says no. */
agent_config *agent_config_parse_budget(const char *text, size_t len, sim_budget *budget,
                                        sim_error *err);
/* Another reference to c; agent_config_free drops one, and frees c with the
 * last. */
agent_config *agent_config_ref(agent_config *c);
void agent_config_free(agent_config *c);

/* --- data processing (agent_process.c) ------------------------------------ */

typedef struct agent_buf {
    char *p;
    size_t len, cap;
    sim_budget *budget; /* its memory counts toward it (NULL: uncounted) */
} agent_buf;

bool agent_buf_reserve(agent_buf *b, size_t need);
void agent_buf_free(agent_buf *b);

/* Builds a CSVTOJSON option's json_keys (agent_config_parse calls it);
 * false when out of memory. agent_config_free frees them. */
bool agent_proc_prepare(agent_proc *p);

/* Applies a flow's options in order to one record (a line with its '\n').
 * Returns false when LOGTOJSON could not parse it: the agent skips such
 * records. The result is in out. */
bool agent_process(const agent_flow_config *f, const char *in, size_t len, agent_buf *out,
                   agent_buf *tmp);

/* --- the agent (agent.c) --------------------------------------------------- */

typedef struct agent agent;

/* Takes ownership of cfg (also on failure). The agent works under
 * cfg->budget. */
agent *agent_new(agent_config *cfg, sim_clock *clock, sim_rng *rng, sim_error *err);
agent *agent_new_json(const char *text, size_t len, sim_clock *clock, sim_rng *rng, sim_error *err);
void agent_free(agent *a);
const agent_config *agent_get_config(const agent *a);

/* The simulated file system the agent tails; attach it once, before the
 * agent's first step. Records sent to a stream are kept there as the line's
 * number (kinesis_source): the stream makes their bytes again from the
 * data set, even after the agent and the loggen are freed. SIM_NO_MEMORY
 * when a flow's source could not be made: the flow then keeps its records'
 * bytes, and works all the same. */
sim_status agent_attach_logs(agent *a, loggen *logs);
/* Destinations, matched to flows by name: SIM_NO_MEMORY when the agent
 * could not take one (and does not know it). */
sim_status agent_add_stream(agent *a, kinesis_stream *s);
sim_status agent_add_delivery(agent *a, firehose_stream *f);

/* Does everything due at the current time; returns when it next has work
 * (INT64_MAX when idle, or when the step stopped short: see agent_status). */
int64_t agent_step(agent *a);
/* SIM_OK, or why the last step stopped short: SIM_BUDGET_EXCEEDED (the
 * script's work budget ran out) or SIM_NO_MEMORY, with the message in err
 * (when not NULL). What the step did before stays done; the next step
 * carries on from there. */
sim_status agent_status(const agent *a, sim_error *err);

/* Steps the agent (and, when not NULL, a polling consumer of its stream)
 * and moves the clock, until `until_ms`, or, with stop_when_idle, as soon
 * as every line written so far has been sent, or as soon as a step of
 * either stops short; returns SIM_OK or that step's status (agent_status,
 * kinesis_poller_status). */
struct kinesis_poller;
sim_status agent_run(agent *a, sim_clock *clock, int64_t until_ms, bool stop_when_idle,
                     struct kinesis_poller *consumer);

typedef struct agent_stats {
    uint64_t lines_read, records_parsed, records_skipped;
    uint64_t records_sent, records_throttled, records_failed, retries;
    uint64_t put_calls, bytes_sent;
    uint64_t records_pending;     /* read but not yet sent */
    int64_t last_send_ms;         /* when the last record was accepted */
    uint64_t missing_destination; /* sends to a stream the agent does not know */
} agent_stats;

void agent_stats_get(const agent *a, agent_stats *out);
void agent_flow_stats_get(const agent *a, int flow, agent_stats *out);

/* The checkpoint of flow `flow` on log file `file`: lines of that file that
 * are fully sent (or skipped); false when the flow does not tail the file. */
bool agent_checkpoint(const agent *a, int flow, size_t file, uint64_t *lines);

#endif
