#ifndef LUA_BIND_GLACIER_H
#define LUA_BIND_GLACIER_H

/* Shared between bind_glacier.c (the aws.glacier module) and
 * bind_glacier_vault.c (the vault methods). */

#include <lua.h>

#include "sim/glacier.h"

#define LGLACIER_VAULT_MT "bdw.glacier.vault"

typedef struct lvault {
    glacier_vault *v;
} lvault;

glacier_vault *lglacier_check_vault(lua_State *L, int idx);
/* Reads { principal = "...", mfa = true|false } from the option table at t
 * (any other type: the owner, MFA key absent). */
void lglacier_read_caller(lua_State *L, int t, glacier_call *call);
/* Pushes an instant as ISO 8601. */
int lglacier_push_time(lua_State *L, int64_t ms);
/* true, or nil and the error table. */
int lglacier_status_result(lua_State *L, sim_status st, const glacier_call *call);
/* Reads a {key = value} table at t into an array sorted by key (so the order
 * does not depend on Lua's hash order). Leaves one anchor value on the stack
 * that keeps the array and its strings alive. */
policy_tag *lglacier_read_tags(lua_State *L, int t, size_t *n);
/* v:try(action, target, opts) (bind_glacier_try.c). */
int lglacier_try(lua_State *L);
/* Registers the vault metatable. */
void lglacier_register_vault(lua_State *L);

#endif
