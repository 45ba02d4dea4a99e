#ifndef LUA_STRMATCH_H
#define LUA_STRMATCH_H

/* string.find, string.match, string.gmatch and string.gsub with a budget.
 *
 * Lua's own pattern matcher runs in C, where no VM instruction executes and
 * the instruction-count hook never fires, so a hostile pattern such as
 * ("a*"):rep(40).."b" could hold the host for ever. These four functions
 * behave exactly like Lua 5.4.4's (same results, same error messages), but
 * every matching step is reported to a charge function, which stops the
 * match by raising a Lua error. The matcher allocates nothing per step, so
 * raising from the charge function at any point leaks nothing. */

#include <stdint.h>

typedef struct lua_State lua_State;

/* Called with the number of matcher steps done since the last call: in
 * chunks of about 256 steps while matching (a single large piece of work,
 * such as appending a long capture in gsub, is charged in one call before it
 * is done), and once more before the Lua function returns. It stops the
 * match by raising a Lua error (luaL_error / lua_error); otherwise it must
 * return with the stack as it found it. */
typedef void (*lstrmatch_charge_fn)(lua_State *L, uint64_t steps);

/* Sets find, match, gmatch and gsub in the table at index strtab, replacing
 * whatever is there; each closes over `charge` (NULL charges nothing, for
 * trusted code and benchmarks). */
void lstrmatch_open(lua_State *L, int strtab, lstrmatch_charge_fn charge);

#endif
