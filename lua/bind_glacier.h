#ifndef LUA_BIND_GLACIER_H
#define LUA_BIND_GLACIER_H

/* Shared between bind_glacier.c (the aws.glacier module) and
 * bind_glacier_vault.c (the vault methods). */

#include <lauxlib.h>
#include <lua.h>

#include "sim/glacier.h"

#define LGLACIER_ACCOUNT_MT "bdw.glacier.account"
#define LGLACIER_VAULT_MT "bdw.glacier.vault"

/* An archive may be backdated by at most a century. */
#define LGLACIER_MAX_AGE_MS (INT64_C(36525) * SIM_MS_PER_DAY)

/* A vault's handle points into its account's simulator, which the vault
 * anchors in user value 1; the account frees its vaults. */
glacier_vault *lglacier_check_vault(lua_State *L, int idx);
/* Reads { principal = "...", mfa = true|false } from the option table at t
 * (any other type: the owner, MFA key absent). */
void lglacier_read_caller(lua_State *L, int t, glacier_call *call);
/* Pushes an instant as ISO 8601. */
int lglacier_push_time(lua_State *L, int64_t ms);
/* true, or nil and the error table; `what` names the call ("vault:tag"). */
int lglacier_status_result(lua_State *L, sim_status st, const glacier_call *call, const char *what);
/* Reads a {key = value} table at t into an array sorted by key (so the order
 * does not depend on Lua's hash order). Leaves one anchor value on the stack
 * that keeps the array and its strings alive. */
policy_tag *lglacier_read_tags(lua_State *L, int t, size_t *n);
/* v:try(action, target, opts) (bind_glacier_try.c). */
int lglacier_try(lua_State *L);
/* The vault's methods (bind_glacier_vault.c). */
extern const luaL_Reg lglacier_vault_methods[];
int lglacier_vault_tostring(lua_State *L);

#endif
