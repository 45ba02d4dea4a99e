#ifndef LUA_SCENARIO_INT_H
#define LUA_SCENARIO_INT_H

/* Private to the scenario runtime (scenario*.c). */

#include <lua.h>

#include "lua/scenario.h"

typedef struct scn_ctx {
    const scn_config *cfg;
    frontend fe;        /* the front end in use: the replayer while resuming */
    size_t replay_next; /* next stored answer to replay */
    scn_result *result;
    int step;
    bool stopping;
    bool finished; /* run() returned: every s: method refuses */
    lhost *host;   /* its time limit leaves out the front end's waits */
    scn_status stop_status;
    lhost_error stop_error; /* why it stopped, kept apart from the unwinding error */
} scn_ctx;

/* Pushes the `s` object that scenario run functions receive. */
void scn_push_api(lua_State *L, scn_ctx *ctx);
/* Returns s (which may be NULL) when it is valid UTF-8; raises an error
 * naming `what` and the bad byte otherwise, so no text a person is shown or
 * that is stored can be malformed. */
const char *scn_text(lua_State *L, const char *s, const char *what);
/* Builds a view from the value at idx and shows it. */
void scn_show_value(lua_State *L, scn_ctx *ctx, int idx);

#endif
