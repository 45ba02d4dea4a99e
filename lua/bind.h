#ifndef LUA_BIND_H
#define LUA_BIND_H

/* Bindings of sim/ into the sandbox. Each simulator has one file,
 * bind_<service>.c, exporting `int lbind_open_<service>(lua_State *L)` that
 * pushes the module table placed at aws.<service>; bind.c lists them.
 *
 * Conventions every binding follows:
 *  - A call that AWS could refuse returns its result, or nil and an error
 *    table {code="AccessDeniedException", status=403, message="..."} (the
 *    io.open idiom; `assert(v:call(...))` turns it into an error).
 *  - Durations are strings ("25h") or numbers of milliseconds; sizes are
 *    strings ("2GB") or numbers of bytes.
 *  - Objects are full userdata with a metatable named "bdw.<service>.<type>",
 *    methods called with `:`, and a __gc that frees them. */

#include <lauxlib.h>
#include <lua.h>
#include <stdbool.h>
#include <stdint.h>

#include "sim/clock.h"
#include "sim/rng.h"
#include "sim/status.h"

/* Fills `env` (the sandbox globals) with aws.*, clock and scenario helpers. */
void lbind_open_all(lua_State *L, int env);

/* The host's clock and generator, for bindings. */
sim_clock *lbind_clock(lua_State *L);
sim_rng *lbind_rng(lua_State *L);

/* Pushes nil and the error table; returns 2, for `return lbind_fail(L, &err)`. */
int lbind_fail(lua_State *L, const sim_error *err);

/* Pushes just the error table. */
void lbind_push_error(lua_State *L, const sim_error *err);

/* t[k] = v for the table on top of the stack: an integer (a uint64_t past
 * the largest integer is clamped to it), a number, a boolean, a string (nil
 * for NULL). */
void lbind_set_int(lua_State *L, const char *k, lua_Integer v);
void lbind_set_u64(lua_State *L, const char *k, uint64_t v);
void lbind_set_num(lua_State *L, const char *k, double v);
void lbind_set_bool(lua_State *L, const char *k, bool v);
void lbind_set_str(lua_State *L, const char *k, const char *v);

/* Argument helpers that raise a Lua error naming the argument. */
int64_t lbind_check_duration(lua_State *L, int idx);
uint64_t lbind_check_size(lua_State *L, int idx);
/* Field helpers for option tables ({ name = "x", size = "2GB" }). */
const char *lbind_opt_string_field(lua_State *L, int t, const char *k, const char *def);
lua_Integer lbind_opt_integer_field(lua_State *L, int t, const char *k, lua_Integer def);
double lbind_opt_number_field(lua_State *L, int t, const char *k, double def);
int64_t lbind_opt_duration_field(lua_State *L, int t, const char *k, int64_t def);
uint64_t lbind_opt_size_field(lua_State *L, int t, const char *k, uint64_t def);
int lbind_opt_bool_field(lua_State *L, int t, const char *k, int def);

/* Registers a metatable `name` with methods and __index = methods. */
void lbind_new_class(lua_State *L, const char *name, const luaL_Reg *methods);

/* The modules, one per simulator. */
int lbind_open_athena(lua_State *L);
int lbind_open_glacier(lua_State *L);
int lbind_open_kinesis(lua_State *L);
int lbind_open_firehose(lua_State *L);
int lbind_open_elasticache(lua_State *L);
int lbind_open_glue(lua_State *L);
int lbind_open_emr(lua_State *L);

#endif
