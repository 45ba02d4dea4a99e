#ifndef SIM_AGENT_INTERNAL_H
#define SIM_AGENT_INTERNAL_H

/* Shared by the agent's data processing files: agent_process.c (the
 * options, LOGTOJSON's patterns) and agent_json.c (the JSON writer and
 * CSVTOJSON). Nothing outside sim/agent*.c includes this header. */

#include "sim/agent.h"

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

#endif
