#ifndef LUA_BIND_FIREHOSE_H
#define LUA_BIND_FIREHOSE_H

/* The simulated S3 bucket of bind_firehose.c (`aws.firehose.bucket`), shared
 * with the bindings that read a bucket: bind_glue.c crawls one. */
#include <lua.h>

#include "sim/s3.h"

#define LBIND_FIREHOSE_BUCKET "bdw.firehose.bucket"

/* The store of the bucket at idx and, in *name, the bucket's name; NULL when
 * the value there is not a bucket. */
s3 *lbind_firehose_bucket_test(lua_State *L, int idx, const char **name);

#endif
