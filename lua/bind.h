#ifndef LUA_BIND_H
#define LUA_BIND_H

/* Bindings of sim/ into the sandbox. Each simulator has one file (or a few),
 * bind_<service>*.c, exporting one `const lbind_module lbind_module_<service>`
 * that bind.c lists in its one table: the module's functions go to
 * aws.<service>, and each of its object types gets the metatable
 * "bdw.<service>.<type>". docs/authoring.md, "Adding a simulator", has the
 * steps.
 *
 * Conventions every binding follows, so that a hostile script cannot crash
 * or outlast the host:
 *  - A call that AWS could refuse returns its result, or nil and an error
 *    table {code="AccessDeniedException", status=403, message="..."} (the
 *    io.open idiom; `assert(v:call(...))` turns it into an error). A
 *    simulator that finds the run's budget spent or its memory gone raises
 *    instead (lbind_fail does it), because that is the sandbox's stop, not
 *    an answer of AWS's.
 *  - Option tables are read raw (no metamethod of the script's runs while C
 *    holds pointers into them), and every value is type- and range-checked
 *    before it is narrowed: no silent truncation, no NaN or infinity where
 *    they mean nothing, no embedded NUL in a name. Errors name the field.
 *  - Durations are strings ("25h") or whole numbers of milliseconds; sizes
 *    are strings ("2GB") or whole numbers of bytes.
 *  - Objects are full userdata that begin with an lbind_handle. Their __gc
 *    frees the simulator object and marks the handle closed; every method
 *    refuses a closed object, or one whose anchored dependencies are closed
 *    (a finalized object can still be reached, through a weak table).
 *  - What an object's simulator points into (a vault's account, an agent's
 *    streams) is anchored in the object's own user values, never in a table
 *    the script can change. */

#include <lauxlib.h>
#include <lua.h>
#include <stdbool.h>
#include <stdint.h>

#include "sim/budget.h"
#include "sim/clock.h"
#include "sim/rng.h"
#include "sim/status.h"

/* --- the module table ------------------------------------------------------ */

/* One object type of a module: its metatable is "bdw.<module>.<type>". */
typedef struct lbind_class {
    const char *type;
    const luaL_Reg *methods;
    lua_CFunction gc;       /* frees the simulator object; may be NULL */
    lua_CFunction tostring; /* may be NULL */
} lbind_class;

typedef struct lbind_module {
    const char *name;           /* aws.<name> */
    const luaL_Reg *functions;  /* the module's functions */
    const lbind_class *classes; /* ends with {NULL} */
    /* Methods added to a class of another module, registered after every
     * module's classes: { "bdw.kinesis.stream", methods } (NULL: none). */
    const char *extends;
    const luaL_Reg *extension;
} lbind_module;

extern const lbind_module lbind_module_athena, lbind_module_glacier, lbind_module_kinesis,
    lbind_module_kinesis_agent, lbind_module_firehose, lbind_module_elasticache,
    lbind_module_elasticache_ops, lbind_module_glue, lbind_module_emr;

/* The one list, in the order modules are opened. */
const lbind_module *const *lbind_modules(size_t *n);

/* Fills `env` (the sandbox globals) with aws.*, clock, size and scenario. */
void lbind_open_all(lua_State *L, int env);

/* The host's clock, generator and budget, for bindings. */
sim_clock *lbind_clock(lua_State *L);
sim_rng *lbind_rng(lua_State *L);
sim_budget *lbind_budget(lua_State *L);

/* --- objects ------------------------------------------------------------- */

/* The head of every simulator userdata. */
typedef struct lbind_handle {
    void *p; /* the simulator object; NULL once closed */
} lbind_handle;

/* Pushes a new userdata of `size` bytes (a struct that begins with an
 * lbind_handle, its p NULL) with nuv user values and the metatable
 * "bdw.<module>.<type>" (mt); returns it. Set p once the object exists, so
 * a __gc that runs first sees nothing to free. */
void *lbind_new_object(lua_State *L, size_t size, const char *mt, int nuv);
/* The object at idx, of metatable mt, open, with open dependencies: its
 * handle; raises "<type> is closed" otherwise. */
void *lbind_check_object(lua_State *L, int idx, const char *mt);
/* Like lbind_check_object, NULL when idx is not of that type. */
void *lbind_test_object(lua_State *L, int idx, const char *mt);
/* For __gc: the handle at index 1 whatever its state (NULL if not mt). */
void *lbind_gc_object(lua_State *L, const char *mt);
/* Anchors the value on top of the stack (popped) in user value uv of the
 * object at idx. */
void lbind_anchor(lua_State *L, int idx, int uv);

/* --- results and failures --------------------------------------------------- */

/* Pushes nil and the error table; returns 2, for `return lbind_fail(L,
 * &err, "stream:produce")`. A spent budget (SIM_BUDGET_EXCEEDED) or a
 * simulator out of memory (SIM_NO_MEMORY) raises instead, naming the call. */
int lbind_fail(lua_State *L, const sim_error *err, const char *call);
/* Pushes just the error table. */
void lbind_push_error(lua_State *L, const sim_error *err);
/* Raises "<call>: out of memory: ..." (the run's memory cap). */
int lbind_out_of_memory(lua_State *L, const char *call);
/* Charges work a binding does itself (copying many records); raises when
 * the budget is spent. */
void lbind_charge(lua_State *L, uint64_t units);

/* t[k] = v for the table on top of the stack: an integer (a uint64_t past
 * the largest integer is clamped to it), a number, a boolean, a string (nil
 * for NULL). */
void lbind_set_int(lua_State *L, const char *k, lua_Integer v);
void lbind_push_u64(lua_State *L, uint64_t v);
void lbind_set_u64(lua_State *L, const char *k, uint64_t v);
void lbind_set_num(lua_State *L, const char *k, double v);
void lbind_set_bool(lua_State *L, const char *k, bool v);
void lbind_set_str(lua_State *L, const char *k, const char *v);

/* --- arguments ------------------------------------------------------------- */

/* A string argument, not a number turned into one, with no NUL inside. */
const char *lbind_check_name(lua_State *L, int idx);
const char *lbind_opt_name(lua_State *L, int idx, const char *def);
/* Bytes (NUL allowed). */
const char *lbind_check_bytes(lua_State *L, int idx, size_t *len);
/* A whole number in [lo, hi] (3.0 is 3; 3.5, NaN and infinities are not). */
lua_Integer lbind_check_int(lua_State *L, int idx, lua_Integer lo, lua_Integer hi);
lua_Integer lbind_opt_int(lua_State *L, int idx, lua_Integer def, lua_Integer lo, lua_Integer hi);
/* A finite number in [lo, hi]. */
double lbind_check_num(lua_State *L, int idx, double lo, double hi);
int64_t lbind_check_duration(lua_State *L, int idx);
uint64_t lbind_check_size(lua_State *L, int idx);
/* An option table at idx: a table, or (when optional) none/nil. */
void lbind_check_opts(lua_State *L, int idx, bool optional);

/* --- option table fields (read raw; t may be an absent optional table) ----- */

/* Pushes t[k] (raw; nil when t is not a table) and returns its type. */
int lbind_field(lua_State *L, int t, const char *k);
/* A name: a string without NUL; def when absent. The pointer stays valid
 * while t holds it (no script code runs in a binding between reading and
 * using it). */
const char *lbind_field_name(lua_State *L, int t, const char *k, const char *def);
/* The same, required: raises "<what> needs <k>" when absent. */
const char *lbind_field_req_name(lua_State *L, int t, const char *k, const char *what);
const char *lbind_field_bytes(lua_State *L, int t, const char *k, const char *def, size_t *len);
lua_Integer lbind_field_int(lua_State *L, int t, const char *k, lua_Integer def, lua_Integer lo,
                            lua_Integer hi);
double lbind_field_num(lua_State *L, int t, const char *k, double def, double lo, double hi);
int lbind_field_bool(lua_State *L, int t, const char *k, int def);
/* A duration in ms in [0, hi] (def when absent; def may be negative to mean
 * "not given"). */
int64_t lbind_field_duration(lua_State *L, int t, const char *k, int64_t def, int64_t hi);
uint64_t lbind_field_size(lua_State *L, int t, const char *k, uint64_t def);
/* An object field of metatable mt, open (NULL when absent). The value (or
 * nil) is left on the stack: the option table may be weak, and only the
 * stack keeps the object alive while C uses it (and can anchor it). */
void *lbind_field_object(lua_State *L, int t, const char *k, const char *mt);

/* The length of the sequence t (raw, no __len), at most max, or raises. */
lua_Integer lbind_check_len(lua_State *L, int t, lua_Integer max, const char *what);

/* Registers a metatable `name` with methods and __index = methods (and a
 * protected metatable). Used for non-simulator classes (the scenario API). */
void lbind_new_class(lua_State *L, const char *name, const luaL_Reg *methods);

#endif
