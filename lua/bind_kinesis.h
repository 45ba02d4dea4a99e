#ifndef LUA_BIND_KINESIS_H
#define LUA_BIND_KINESIS_H

/* Shared between bind_kinesis.c, bind_kinesis_agent.c and bind_firehose.c. */
#include <lua.h>

#include "sim/firehose.h"
#include "sim/kinesis.h"

#define LBIND_KINESIS_STREAM "bdw.kinesis.stream"
#define LBIND_FIREHOSE_STREAM "bdw.firehose.stream"

kinesis_stream *lbind_kinesis_check(lua_State *L, int idx);
firehose_stream *lbind_firehose_check(lua_State *L, int idx);
/* Pushes a { title =, chart =, unit = } table for s:show. */
void lbind_kinesis_push_series(lua_State *L, kinesis_stream *s, int shard, kinesis_series_metric m,
                               int seconds);

#endif
