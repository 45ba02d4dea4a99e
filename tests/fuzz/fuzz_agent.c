/* Fuzz target for agent.json: parsing and validation must never crash or
 * leak, whatever the bytes; a config that parses must also drive one
 * record through its processing options. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sim/agent.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sim_error err;
    agent_config *c = agent_config_parse((const char *)data, size, &err);
    if (!c) return 0;
    static const char *const lines[] = {
        ("536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United "
         "Kingdom\n"),
        "64.242.88.10 - - [07/Mar/2004:16:10:02 -0800] \"GET / HTTP/1.1\" 200 6291 \"-\" \"x\"\n",
        "[Fri Sep 09 10:42:29 2011] [error] [pid 1] [client 1.2.3.4] x\n",
        "Mar 12 12:00:08 server2 rcd[308]: Loaded\n",
    };
    agent_buf out = {0}, tmp = {0};
    for (int f = 0; f < c->nflows; f++)
        for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
            agent_process(&c->flows[f], lines[i], strlen(lines[i]), &out, &tmp);
    agent_buf_free(&out);
    agent_buf_free(&tmp);
    agent_config_free(c);
    return 0;
}
