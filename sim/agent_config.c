/* agent.json: parsing and validation, with messages that name the field. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sim/agent.h"
#include "sim/agent_cost.h"
#include "sim/agent_internal.h"
#include "sim/budget_fail.h"

static const agent_limits default_limits = {
    /* Firehose developer guide, "Specify agent configuration settings":
     * maxBufferAgeMillis 1,000 to 900,000 (default 60,000);
     * maxBufferSizeBytes 1 to 4,194,304 (default 4,194,304);
     * maxBufferSizeRecords 1 to 500 (default 500). */
    .buffer_age_min_ms = 1000,
    .buffer_age_max_ms = 900000,
    .buffer_age_default_ms = 60000,
    .buffer_bytes_min = 1,
    .buffer_bytes_max = 4194304,
    .buffer_bytes_default = 4194304,
    .buffer_records_min = 1,
    .buffer_records_max = 500,
    .buffer_records_default = 500,
    /* The agent's FileFlow defaults: first retry after 100 ms, doubling up
     * to 10 s (retryInitialBackoffMillis, retryMaxBackoffMillis). */
    .retry_initial_default_ms = 100,
    .retry_max_default_ms = 10000,
    /* publishQueueCapacity: 100 buffers may wait to be sent before the
     * tailer stops reading. */
    .queue_buffers = 100,
};

const agent_limits *agent_default_limits(void)
{
    return &default_limits;
}

static const char *const flow_keys[] = {"filePattern",
                                        "kinesisStream",
                                        "deliveryStream",
                                        "initialPosition",
                                        "maxBufferAgeMillis",
                                        "maxBufferSizeBytes",
                                        "maxBufferSizeRecords",
                                        "partitionKeyOption",
                                        "dataProcessingOptions",
                                        "skipHeaderLines",
                                        "minTimeBetweenFilePollsMillis",
                                        "multiLineStartPattern",
                                        "truncatedRecordTerminator",
                                        "aggregatedRecordSizeBytes",
                                        "retryInitialBackoffMillis",
                                        "retryMaxBackoffMillis",
                                        "publishQueueCapacity",
                                        "maxSendingThreads",
                                        NULL};

agent_config *agent_config_ref(agent_config *c)
{
    if (c) c->refs++;
    return c;
}

void agent_config_free(agent_config *c)
{
    if (!c || --c->refs > 0) return;
    sim_budget *b = c->budget;
    for (int i = 0; i < c->nflows; i++) {
        agent_flow_config *f = &c->flows[i];
        sim_free(b, f->file_pattern);
        sim_free(b, f->kinesis_stream);
        sim_free(b, f->delivery_stream);
        for (int j = 0; j < f->nprocs; j++) {
            for (int k = 0; k < f->procs[j].nfields; k++)
                sim_free(b, f->procs[j].fields[k]);
            sim_free(b, f->procs[j].fields);
            sim_free(b, f->procs[j].delimiter);
            sim_free(b, f->procs[j].json_keys);
            sim_free(b, f->procs[j].json_key_end);
        }
        sim_free(b, f->procs);
    }
    sim_free(b, c->flows);
    sim_free(b, c);
}

static bool no_memory(sim_error *err, const sim_budget *b, const char *path)
{
    sim_fail_memory(err, b, "reading agent.json (%s)", path);
    return false;
}

/* Reads an optional integer field in [lo, hi]; false with err set when it
 * is there but wrong. */
static bool int_field(json_t *o, const char *path, const char *key, long long lo, long long hi,
                      long long *out, sim_error *err)
{
    json_t *v = json_object_get(o, key);
    if (!v) return true;
    if (!json_is_integer(v)) {
        sim_fail(err, SIM_INVALID_ARGUMENT, "%s.%s: must be a whole number", path, key);
        return false;
    }
    long long n = json_integer_value(v);
    if (n < lo || n > hi) {
        sim_fail(err, SIM_INVALID_ARGUMENT, "%s.%s: %lld is out of range (%lld to %lld)", path, key,
                 n, lo, hi);
        return false;
    }
    *out = n;
    return true;
}

static bool str_field(json_t *o, const char *path, const char *key, const char **out,
                      sim_error *err)
{
    json_t *v = json_object_get(o, key);
    if (!v) return true;
    if (!json_is_string(v) || json_string_length(v) == 0) {
        sim_fail(err, SIM_INVALID_ARGUMENT, "%s.%s: must be a non-empty string", path, key);
        return false;
    }
    *out = json_string_value(v);
    return true;
}

static bool parse_fields(json_t *arr, const char *path, agent_proc *p, sim_budget *b,
                         sim_error *err)
{
    if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > 1000) {
        sim_fail(err, SIM_INVALID_ARGUMENT,
                 "%s.customFieldNames: must be a list of 1 to 1000 field names", path);
        return false;
    }
    size_t n = json_array_size(arr);
    p->fields = sim_calloc(b, n, sizeof *p->fields);
    if (!p->fields) return no_memory(err, b, path);
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_array_get(arr, i);
        if (!json_is_string(s)) {
            sim_fail(err, SIM_INVALID_ARGUMENT, "%s.customFieldNames[%zu]: must be a string", path,
                     i);
            return false;
        }
        p->fields[i] = sim_strdup(b, json_string_value(s));
        if (!p->fields[i]) return no_memory(err, b, path);
        p->nfields = (int)i + 1;
    }
    return true;
}

static int format_field_count(agent_log_format f)
{
    /* ApacheLogParser and SysLogParser field lists. */
    static const int counts[] = {7, 9, 7, 5};
    return counts[f];
}

static bool parse_proc(json_t *o, const char *path, agent_proc *p, sim_budget *b, sim_error *err)
{
    if (!json_is_object(o)) {
        sim_fail(err, SIM_INVALID_ARGUMENT, "%s: must be an object with an optionName", path);
        return false;
    }
    const char *name = NULL;
    if (!str_field(o, path, "optionName", &name, err)) return false;
    if (!name) {
        sim_fail(err, SIM_INVALID_ARGUMENT, "%s.optionName: is required", path);
        return false;
    }
    json_t *fields = json_object_get(o, "customFieldNames");
    if (strcmp(name, "SINGLELINE") == 0) {
        p->kind = AGENT_SINGLELINE;
    } else if (strcmp(name, "CSVTOJSON") == 0) {
        p->kind = AGENT_CSVTOJSON;
        if (!fields) {
            sim_fail(err, SIM_INVALID_ARGUMENT, "%s.customFieldNames: is required for CSVTOJSON",
                     path);
            return false;
        }
        if (!parse_fields(fields, path, p, b, err)) return false;
        const char *d = ",";
        if (!str_field(o, path, "delimiter", &d, err)) return false;
        p->delimiter = sim_strdup(b, d);
        if (!p->delimiter || !agent_proc_prepare_budget(p, b)) return no_memory(err, b, path);
    } else if (strcmp(name, "LOGTOJSON") == 0) {
        p->kind = AGENT_LOGTOJSON;
        static const char *const formats[] = {"COMMONAPACHELOG", "COMBINEDAPACHELOG",
                                              "APACHEERRORLOG", "SYSLOG"};
        const char *fmt = NULL;
        if (!str_field(o, path, "logFormat", &fmt, err)) return false;
        if (!fmt) {
            sim_fail(err, SIM_INVALID_ARGUMENT, "%s.logFormat: is required for LOGTOJSON", path);
            return false;
        }
        int k = 0;
        while (k < 4 && strcmp(fmt, formats[k]) != 0)
            k++;
        if (k == 4) {
            sim_fail(err, SIM_INVALID_ARGUMENT,
                     "%s.logFormat: '%.40s' is not COMMONAPACHELOG, COMBINEDAPACHELOG, "
                     "APACHEERRORLOG or SYSLOG",
                     path, fmt);
            return false;
        }
        p->format = (agent_log_format)k;
        if (json_object_get(o, "matchPattern")) {
            sim_fail(err, SIM_INVALID_ARGUMENT,
                     "%s.matchPattern: custom patterns are not simulated; use a logFormat", path);
            return false;
        }
        if (fields) {
            if (!parse_fields(fields, path, p, b, err)) return false;
            if (p->nfields != format_field_count(p->format)) {
                sim_fail(err, SIM_INVALID_ARGUMENT,
                         "%s.customFieldNames: %s has %d fields, not %d (Invalid custom field "
                         "names for the selected log format)",
                         path, fmt, format_field_count(p->format), p->nfields);
                return false;
            }
        }
    } else {
        sim_fail(err, SIM_INVALID_ARGUMENT,
                 "%s.optionName: '%.40s' is not SINGLELINE, CSVTOJSON or LOGTOJSON", path, name);
        return false;
    }
    return true;
}

static bool check_keys(json_t *o, const char *path, sim_error *err)
{
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v)
    {
        bool known = false;
        const char *near = NULL;
        for (int i = 0; flow_keys[i]; i++) {
            if (strcmp(key, flow_keys[i]) == 0)
                known = true;
            else if (strcasecmp(key, flow_keys[i]) == 0)
                near = flow_keys[i];
        }
        /* The agent ignores settings it does not know, so a misspelt one
         * silently does nothing; a case slip is almost surely that. */
        if (!known && near) {
            sim_fail(err, SIM_INVALID_ARGUMENT, "%s.%s: unknown setting; did you mean %s?", path,
                     key, near);
            return false;
        }
    }
    return true;
}

static bool parse_flow(json_t *o, const char *path, agent_flow_config *f, sim_budget *b,
                       sim_error *err)
{
    const agent_limits *lim = &default_limits;
    if (!json_is_object(o)) {
        sim_fail(err, SIM_INVALID_ARGUMENT, "%s: must be an object", path);
        return false;
    }
    if (!check_keys(o, path, err)) return false;
    const char *pat = NULL, *ks = NULL, *ds = NULL, *pos = NULL, *pk = NULL;
    if (!str_field(o, path, "filePattern", &pat, err) ||
        !str_field(o, path, "kinesisStream", &ks, err) ||
        !str_field(o, path, "deliveryStream", &ds, err) ||
        !str_field(o, path, "initialPosition", &pos, err) ||
        !str_field(o, path, "partitionKeyOption", &pk, err))
        return false;
    if (!pat) {
        sim_fail(err, SIM_INVALID_ARGUMENT, "%s.filePattern: is required", path);
        return false;
    }
    if (!ks == !ds) {
        sim_fail(err, SIM_INVALID_ARGUMENT,
                 "%s: needs exactly one of kinesisStream or deliveryStream", path);
        return false;
    }
    if (pos && strcmp(pos, "START_OF_FILE") != 0 && strcmp(pos, "END_OF_FILE") != 0) {
        sim_fail(err, SIM_INVALID_ARGUMENT,
                 "%s.initialPosition: '%.40s' is not START_OF_FILE or END_OF_FILE", path, pos);
        return false;
    }
    if (pk && strcmp(pk, "RANDOM") != 0 && strcmp(pk, "DETERMINISTIC") != 0) {
        sim_fail(err, SIM_INVALID_ARGUMENT,
                 "%s.partitionKeyOption: '%.40s' is not RANDOM or DETERMINISTIC", path, pk);
        return false;
    }
    if (pk && ds) {
        sim_fail(err, SIM_INVALID_ARGUMENT,
                 "%s.partitionKeyOption: applies to kinesisStream flows only", path);
        return false;
    }
    long long age = lim->buffer_age_default_ms, bytes = lim->buffer_bytes_default,
              recs = lim->buffer_records_default, skip = 0, r0 = lim->retry_initial_default_ms,
              r1 = lim->retry_max_default_ms;
    if (!int_field(o, path, "maxBufferAgeMillis", lim->buffer_age_min_ms, lim->buffer_age_max_ms,
                   &age, err) ||
        !int_field(o, path, "maxBufferSizeBytes", lim->buffer_bytes_min, lim->buffer_bytes_max,
                   &bytes, err) ||
        !int_field(o, path, "maxBufferSizeRecords", lim->buffer_records_min,
                   lim->buffer_records_max, &recs, err) ||
        !int_field(o, path, "skipHeaderLines", 0, 1000000, &skip, err) ||
        !int_field(o, path, "retryInitialBackoffMillis", 1, 3600000, &r0, err) ||
        !int_field(o, path, "retryMaxBackoffMillis", 1, 3600000, &r1, err))
        return false;
    f->file_pattern = sim_strdup(b, pat);
    f->kinesis_stream = ks ? sim_strdup(b, ks) : NULL;
    f->delivery_stream = ds ? sim_strdup(b, ds) : NULL;
    if (!f->file_pattern || (ks && !f->kinesis_stream) || (ds && !f->delivery_stream))
        return no_memory(err, b, path);
    f->start_of_file = pos && strcmp(pos, "START_OF_FILE") == 0;
    f->deterministic_key = pk && strcmp(pk, "DETERMINISTIC") == 0;
    f->max_buffer_age_ms = age;
    f->max_buffer_bytes = (uint32_t)bytes;
    f->max_buffer_records = (uint32_t)recs;
    f->skip_header_lines = (int)skip;
    f->retry_initial_ms = r0;
    f->retry_max_ms = r1 < r0 ? r0 : r1;
    json_t *dpo = json_object_get(o, "dataProcessingOptions");
    if (dpo) {
        if (!json_is_array(dpo) || json_array_size(dpo) > 16) {
            sim_fail(err, SIM_INVALID_ARGUMENT,
                     "%s.dataProcessingOptions: must be a list of up to 16 options", path);
            return false;
        }
        size_t n = json_array_size(dpo);
        f->procs = sim_calloc(b, n ? n : 1, sizeof *f->procs);
        if (!f->procs) return no_memory(err, b, path);
        for (size_t i = 0; i < n; i++) {
            char sub[96];
            snprintf(sub, sizeof sub, "%s.dataProcessingOptions[%zu]", path, i);
            f->nprocs = (int)i + 1;
            if (!parse_proc(json_array_get(dpo, i), sub, &f->procs[i], b, err)) return false;
        }
    }
    return true;
}

agent_config *agent_config_parse(const char *text, size_t len, sim_error *err)
{
    return agent_config_parse_budget(text, len, NULL, err);
}

/* What jansson holds while it parses `len` bytes of agent.json: its tree
 * is not allocated through the budget, so the budget is asked for an
 * estimate of it for the length of the parse - a value (json_t and its
 * hashtable or array slots, about 64 bytes) per 2 bytes of text at worst,
 * which `[0,0,0...]` reaches. */
static size_t parse_memory(size_t len)
{
    return len > SIZE_MAX / 32 - 4096 ? SIZE_MAX : 32 * len + 4096;
}

agent_config *agent_config_parse_budget(const char *text, size_t len, sim_budget *budget,
                                        sim_error *err)
{
    if (!text) len = 0;
    if (!sim_budget_charge_n(budget, len, AGENT_COST_JSON_BYTE)) {
        sim_fail_work(err, "reading agent.json");
        return NULL;
    }
    size_t held = parse_memory(len);
    if (!sim_budget_take(budget, held)) {
        sim_fail_memory(err, budget, "reading agent.json (%zu bytes)", len);
        return NULL;
    }
    json_error_t je;
    json_t *root = json_loadb(text ? text : "", len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        sim_budget_give(budget, held);
        sim_fail(err, SIM_INVALID_ARGUMENT, "agent.json:%d:%d: %s", je.line, je.column, je.text);
        return NULL;
    }
    agent_config *c = sim_calloc(budget, 1, sizeof *c);
    if (!c) {
        json_decref(root);
        sim_budget_give(budget, held);
        no_memory(err, budget, "the config");
        return NULL;
    }
    c->refs = 1;
    c->budget = budget;
    json_t *flows = json_object_get(root, "flows");
    bool ok = true;
    if (!json_is_object(root)) {
        ok = !sim_fail(err, SIM_INVALID_ARGUMENT, "agent.json: must be a JSON object");
    } else if (!flows) {
        ok = !sim_fail(err, SIM_INVALID_ARGUMENT, "flows: is required (a list of flows)");
    } else if (!json_is_array(flows) || json_array_size(flows) == 0 ||
               json_array_size(flows) > 64) {
        ok = !sim_fail(err, SIM_INVALID_ARGUMENT, "flows: must be a list of 1 to 64 flows");
    } else {
        size_t n = json_array_size(flows);
        c->flows = sim_calloc(budget, n, sizeof *c->flows);
        if (!c->flows) ok = no_memory(err, budget, "flows");
        for (size_t i = 0; ok && i < n; i++) {
            char path[32];
            snprintf(path, sizeof path, "flows[%zu]", i);
            c->nflows = (int)i + 1;
            ok = parse_flow(json_array_get(flows, i), path, &c->flows[i], budget, err);
        }
    }
    json_decref(root);
    sim_budget_give(budget, held);
    if (!ok) {
        agent_config_free(c);
        return NULL;
    }
    return c;
}
