/* v:try(action, target, opts): make one request as a given caller and report
 * what the policies decided and why, in a table a scenario can both inspect
 * and pass to s:show ({ title =, text = }). */
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lua/bind.h"
#include "lua/bind_glacier.h"

/* Performs the request; returns its status and pushes its result value (or
 * nil). */
static sim_status perform(lua_State *L, glacier_vault *v, const char *action, int target, int opts,
                          glacier_call *call)
{
    size_t len = 0;
    const char *arg = lua_type(L, target) == LUA_TSTRING ? lua_tolstring(L, target, &len) : NULL;
    bool is_policy = strcasecmp(action, "SetVaultAccessPolicy") == 0 ||
                     strcasecmp(action, "InitiateVaultLock") == 0;
    if (arg && !is_policy && strlen(arg) != len) {
        luaL_argerror(L, target, "an archive, job or lock id cannot contain a zero byte (NUL)");
        return SIM_INVALID_ARGUMENT;
    }
    char id[GLACIER_ID_LEN + 1];
    sim_status st;
    if (strcasecmp(action, "DeleteArchive") == 0) {
        st = glacier_delete_archive(v, arg, call);
    } else if (strcasecmp(action, "InitiateJob") == 0) {
        const char *tn = lbind_field_name(L, opts, "tier", "Standard");
        glacier_tier tier;
        if (!glacier_tier_parse(tn, &tier)) {
            luaL_error(L, "tier must be Expedited, Standard or Bulk, not '%s'", tn);
            return SIM_INVALID_ARGUMENT;
        }
        st = glacier_initiate_job(v, arg, tier, id, call);
        if (st == SIM_OK) {
            lua_pushstring(L, id);
            return st;
        }
    } else if (strcasecmp(action, "GetJobOutput") == 0) {
        uint64_t bytes = 0;
        st = glacier_get_job_output(v, arg, &bytes, call);
        if (st == SIM_OK) {
            lbind_push_u64(L, bytes);
            return st;
        }
    } else if (strcasecmp(action, "UploadArchive") == 0) {
        glacier_upload_opts o = {0};
        o.size = lbind_field_size(L, opts, "size", 0);
        o.age_ms = lbind_field_duration(L, opts, "age", 0, LGLACIER_MAX_AGE_MS);
        st = glacier_upload(v, &o, id, call);
        if (st == SIM_OK) {
            lua_pushstring(L, id);
            return st;
        }
    } else if (strcasecmp(action, "SetVaultAccessPolicy") == 0) {
        st = glacier_set_access_policy(v, arg, len, call);
    } else if (strcasecmp(action, "DeleteVaultAccessPolicy") == 0) {
        st = glacier_delete_access_policy(v, call);
    } else if (strcasecmp(action, "InitiateVaultLock") == 0) {
        st = glacier_initiate_lock(v, arg, len, id, call);
        if (st == SIM_OK) {
            lua_pushstring(L, id);
            return st;
        }
    } else if (strcasecmp(action, "CompleteVaultLock") == 0) {
        st = glacier_complete_lock(v, arg, call);
    } else if (strcasecmp(action, "AbortVaultLock") == 0) {
        st = glacier_abort_lock(v, call);
    } else {
        /* Any other action is only authorized; target names an archive. */
        st = glacier_authorize(v, action, arg, call);
    }
    lua_pushnil(L);
    return st;
}

static void describe(const glacier_call *call, sim_status st, char *text, size_t cap)
{
    const glacier_auth *a = &call->auth;
    const char *which = a->source == GLACIER_BY_LOCK ? "vault lock" : "vault access";
    char by[200] = "";
    if (a->statement >= 0)
        snprintf(by, sizeof by, "statement \"%.60s\" of the %s policy", a->sid[0] ? a->sid : "#",
                 which);
    if (!a->evaluated) {
        snprintf(text, cap, "Refused before any policy was consulted: %s (%d): %s",
                 sim_status_name(st), sim_status_http(st), call->err.message);
    } else if (a->decision == POLICY_EXPLICIT_DENY) {
        snprintf(text, cap, "Denied: explicit deny by %s (%s, %d)", by, sim_status_name(st),
                 sim_status_http(st));
    } else if (!a->allowed) {
        snprintf(text, cap, "Denied: no policy allows this caller (%s, %d)", sim_status_name(st),
                 sim_status_http(st));
    } else {
        char why[240];
        if (a->source == GLACIER_BY_IDENTITY)
            snprintf(why, sizeof why,
                     "Allowed: the vault owner's account, and no policy denies it");
        else
            snprintf(why, sizeof why, "Allowed by %s", by);
        if (st == SIM_OK)
            snprintf(text, cap, "%s", why);
        else
            snprintf(text, cap, "%s, but the request failed: %s (%d): %s", why, sim_status_name(st),
                     sim_status_http(st), call->err.message);
    }
}

int lglacier_try(lua_State *L)
{
    glacier_vault *v = lglacier_check_vault(L, 1);
    const char *action = lbind_check_name(L, 2);
    lbind_check_opts(L, 4, true);
    if (strncasecmp(action, "glacier:", 8) == 0) action += 8;
    glacier_call call;
    lglacier_read_caller(L, 4, &call);
    sim_status st = perform(L, v, action, 3, 4, &call);
    int result = lua_gettop(L);
    const glacier_auth *a = &call.auth;
    lua_createtable(L, 0, 14);
    lua_pushstring(L, action);
    lua_setfield(L, -2, "action");
    lua_pushboolean(L, a->evaluated && a->allowed);
    lua_setfield(L, -2, "allowed");
    lua_pushboolean(L, st == SIM_OK);
    lua_setfield(L, -2, "ok");
    lua_pushstring(L, a->evaluated ? policy_decision_name(a->decision) : "not-evaluated");
    lua_setfield(L, -2, "decision");
    lua_pushstring(L, glacier_source_name(a->source));
    lua_setfield(L, -2, "policy");
    if (a->statement >= 0) {
        lua_pushstring(L, a->sid);
        lua_setfield(L, -2, "sid");
        lua_pushinteger(L, a->statement + 1);
        lua_setfield(L, -2, "statement");
    }
    if (st != SIM_OK) {
        lua_pushstring(L, sim_status_name(st));
        lua_setfield(L, -2, "code");
        lua_pushinteger(L, sim_status_http(st));
        lua_setfield(L, -2, "status");
        lua_pushstring(L, call.err.message);
        lua_setfield(L, -2, "message");
    }
    lua_pushvalue(L, result);
    lua_setfield(L, -2, "result");
    const char *target = lua_type(L, 3) == LUA_TSTRING ? lua_tostring(L, 3) : NULL;
    lua_pushfstring(L, "%s%s%s: %s", action, target && strlen(target) <= 64 ? " " : "",
                    target && strlen(target) <= 64 ? target : "",
                    st == SIM_OK                  ? "allowed"
                    : a->evaluated && !a->allowed ? "denied"
                                                  : "failed");
    lua_setfield(L, -2, "title");
    char text[1024];
    describe(&call, st, text, sizeof text);
    lua_pushstring(L, text);
    lua_setfield(L, -2, "text");
    return 1;
}
