/* Differential fuzz target for CSVTOJSON: the prepared fast path (whole-word
 * splitting and copying, the line read in place) must give exactly the
 * bytes of the plain path that escapes each name per record, for any line.
 * The first input byte picks the delimiter and the field count; the rest is
 * the line, copied to a buffer of its exact size so that any read past it
 * is caught by AddressSanitizer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/agent.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dup_name(int i)
{
    char buf[32];
    snprintf(buf, sizeof buf, i % 5 == 1 ? "q\"%d" : "Field%d", i);
    return strdup(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    static const char *const delims[] = {",", "\\t", "|", ";", "\\|", "::"};
    const char *delim = delims[data[0] % 6];
    int nfields = 1 + (data[0] >> 3) % 20;
    char *names[20];
    for (int i = 0; i < nfields; i++)
        names[i] = dup_name(i);
    agent_proc prepared = {
        .kind = AGENT_CSVTOJSON, .fields = names, .nfields = nfields, .delimiter = (char *)delim};
    agent_proc plain = prepared;
    if (!agent_proc_prepare(&prepared)) abort();
    agent_flow_config fp = {.procs = &prepared, .nprocs = 1};
    agent_flow_config fq = {.procs = &plain, .nprocs = 1};

    size_t len = size - 1;
    char *line = malloc(len ? len : 1);
    if (!line) abort();
    memcpy(line, data + 1, len);
    agent_buf a = {0}, b = {0}, tmp = {0};
    bool ok_a = agent_process(&fp, line, len, &a, &tmp);
    bool ok_b = agent_process(&fq, line, len, &b, &tmp);
    if (ok_a != ok_b || a.len != b.len || memcmp(a.p, b.p, a.len) != 0) {
        fprintf(stderr, "CSVTOJSON paths differ for delimiter '%s', %d fields:\n%.*s\n%.*s\n",
                delim, nfields, (int)a.len, a.p, (int)b.len, b.p);
        abort();
    }
    free(line);
    agent_buf_free(&a);
    agent_buf_free(&b);
    agent_buf_free(&tmp);
    free(prepared.json_keys);
    free(prepared.json_key_end);
    for (int i = 0; i < nfields; i++)
        free(names[i]);
    return 0;
}
