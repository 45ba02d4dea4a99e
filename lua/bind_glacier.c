/* aws.glacier: vaults, policies, Vault Lock, retrieval jobs and costs.
 *
 * One glacier simulator (one account) lives per lhost, created on first use
 * and kept in the registry; it is freed by its userdata's __gc when the host
 * closes. Vault userdata only point into it, and hold it as their user value
 * so it cannot be collected while a vault is reachable. */
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua/bind.h"
#include "lua/bind_glacier.h"
#include "sim/units.h"

#define GLACIER_MT "bdw.glacier"

static const char lbind_glacier_key = 'g';

typedef struct lglacier {
    glacier *g;
} lglacier;

static int lglacier_gc(lua_State *L)
{
    lglacier *u = luaL_checkudata(L, 1, GLACIER_MT);
    glacier_free(u->g);
    u->g = NULL;
    return 0;
}

/* Pushes the host's glacier userdata, creating it on first use. */
static lglacier *lglacier_push(lua_State *L)
{
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &lbind_glacier_key) == LUA_TUSERDATA)
        return lua_touserdata(L, -1);
    lua_pop(L, 1);
    lglacier *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->g = NULL;
    if (luaL_newmetatable(L, GLACIER_MT)) {
        lua_pushcfunction(L, lglacier_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    u->g = glacier_new(NULL, lbind_clock(L), lbind_rng(L));
    if (!u->g) luaL_error(L, "out of memory creating the Glacier simulator");
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &lbind_glacier_key);
    return u;
}

static glacier *lglacier_get(lua_State *L)
{
    glacier *g = lglacier_push(L)->g;
    lua_pop(L, 1);
    return g;
}

glacier_vault *lglacier_check_vault(lua_State *L, int idx)
{
    lvault *u = luaL_checkudata(L, idx, LGLACIER_VAULT_MT);
    return u->v;
}

void lglacier_read_caller(lua_State *L, int t, glacier_call *call)
{
    memset(call, 0, sizeof *call);
    if (lua_type(L, t) != LUA_TTABLE) return;
    call->principal = lbind_opt_string_field(L, t, "principal", NULL);
    t = lua_absindex(L, t);
    int ty = lua_getfield(L, t, "mfa");
    if (ty == LUA_TBOOLEAN)
        call->mfa = lua_toboolean(L, -1) ? POLICY_KEY_TRUE : POLICY_KEY_FALSE;
    else if (ty != LUA_TNIL)
        luaL_error(L, "field 'mfa' must be true, false or nil (absent)");
    lua_pop(L, 1);
}

int lglacier_push_time(lua_State *L, int64_t ms)
{
    char buf[40];
    sim_time_format(ms, buf, sizeof buf);
    lua_pushstring(L, buf);
    return 1;
}

int lglacier_status_result(lua_State *L, sim_status st, const glacier_call *call)
{
    if (st != SIM_OK) return lbind_fail(L, &call->err);
    lua_pushboolean(L, 1);
    return 1;
}

static int tag_cmp(const void *a, const void *b)
{
    return strcmp(((const policy_tag *)a)->key, ((const policy_tag *)b)->key);
}

policy_tag *lglacier_read_tags(lua_State *L, int t, size_t *n)
{
    *n = 0;
    if (lua_type(L, t) != LUA_TTABLE) {
        lua_newtable(L);
        return NULL;
    }
    t = lua_absindex(L, t);
    size_t count = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        count++;
        lua_pop(L, 1);
    }
    lua_newtable(L); /* anchor */
    int anchor = lua_gettop(L);
    policy_tag *tags = lua_newuserdatauv(L, (count ? count : 1) * sizeof *tags, 0);
    lua_rawseti(L, anchor, 1);
    int slot = 2;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        if (lua_type(L, -2) != LUA_TSTRING) luaL_error(L, "tag keys must be strings");
        int vt = lua_type(L, -1);
        if (vt != LUA_TSTRING && vt != LUA_TNUMBER && vt != LUA_TBOOLEAN)
            luaL_error(L, "tag '%s' must have a string value", lua_tostring(L, -2));
        tags[*n].key = lua_tostring(L, -2);
        tags[*n].value = luaL_tolstring(L, -1, NULL);
        lua_rawseti(L, anchor, slot++); /* keeps the converted value alive */
        lua_pop(L, 1);
        (*n)++;
    }
    qsort(tags, *n, sizeof *tags, tag_cmp);
    return tags;
}

/* --- module functions ------------------------------------------------------ */

/* aws.glacier.vault{ name = "audit-logs", tags = { LegalHold = "true" } } */
static int lglacier_vault(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    const char *name = lbind_opt_string_field(L, 1, "name", NULL);
    if (!name) return luaL_error(L, "aws.glacier.vault needs a name");
    lglacier_push(L);
    int gidx = lua_gettop(L);
    glacier *g = ((lglacier *)lua_touserdata(L, gidx))->g;
    sim_error err;
    glacier_vault *v = glacier_create_vault(g, name, &err);
    if (!v) return lbind_fail(L, &err);
    lua_getfield(L, 1, "tags");
    size_t n;
    policy_tag *tags = lglacier_read_tags(L, -1, &n);
    for (size_t i = 0; i < n; i++) {
        glacier_call call = {0};
        if (glacier_tag_vault(v, tags[i].key, tags[i].value, &call) != SIM_OK)
            return lbind_fail(L, &call.err);
    }
    lvault *u = lua_newuserdatauv(L, sizeof *u, 1);
    u->v = v;
    lua_pushvalue(L, gidx);
    lua_setiuservalue(L, -2, 1);
    luaL_setmetatable(L, LGLACIER_VAULT_MT);
    return 1;
}

static int lglacier_set_capacity(lua_State *L)
{
    lua_Integer n = luaL_checkinteger(L, 1);
    luaL_argcheck(L, n >= 0 && n <= 1000, 1, "capacity units must be between 0 and 1000");
    glacier_set_provisioned_capacity(lglacier_get(L), (int)n);
    return 0;
}

static int lglacier_set_failure(lua_State *L)
{
    lua_Number p = luaL_checknumber(L, 1);
    luaL_argcheck(L, p >= 0 && p <= 1, 1, "a probability is between 0 and 1");
    glacier_set_expedited_failure_probability(lglacier_get(L), (double)p);
    return 0;
}

/* aws.glacier.estimate{ size = "2GB", tier = "Bulk" } ->
 * { cost =, retrieval =, request =, min_ms =, max_ms = } */
static int lglacier_estimate(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    uint64_t size = lbind_opt_size_field(L, 1, "size", 0);
    const char *tn = lbind_opt_string_field(L, 1, "tier", "Standard");
    glacier_tier tier;
    if (!glacier_tier_parse(tn, &tier))
        return luaL_error(L, "tier must be Expedited, Standard or Bulk, not '%s'", tn);
    const glacier_facts *f = glacier_default_facts();
    double retrieval = (double)size / (double)SIM_GB * f->tier[tier].usd_per_gb;
    double request = f->tier[tier].usd_per_1000 / 1000.0;
    lua_createtable(L, 0, 6);
    lua_pushnumber(L, retrieval + request);
    lua_setfield(L, -2, "cost");
    lua_pushnumber(L, retrieval);
    lua_setfield(L, -2, "retrieval");
    lua_pushnumber(L, request);
    lua_setfield(L, -2, "request");
    lua_pushinteger(L, f->tier[tier].min_ms);
    lua_setfield(L, -2, "min_ms");
    lua_pushinteger(L, f->tier[tier].max_ms);
    lua_setfield(L, -2, "max_ms");
    lua_pushboolean(L, tier != GLACIER_TIER_EXPEDITED || size <= f->expedited_max_bytes);
    lua_setfield(L, -2, "possible");
    return 1;
}

/* aws.glacier.policy_template("deny-delete-by-age", { days = 365, vault = "logs" }) */
static int lglacier_template(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    glacier *g = lglacier_get(L);
    const char *vault = "*";
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_getfield(L, 2, "vault");
        if (luaL_testudata(L, -1, LGLACIER_VAULT_MT))
            vault = glacier_vault_name(lglacier_check_vault(L, -1));
        else if (lua_type(L, -1) == LUA_TSTRING)
            vault = lua_tostring(L, -1);
        else if (!lua_isnil(L, -1))
            return luaL_error(L, "field 'vault' must be a vault or a name");
        lua_pop(L, 1); /* the name stays alive in the option table or the vault */
    }
    char arn[400];
    snprintf(arn, sizeof arn, "arn:aws:glacier:us-east-1:%s:vaults/%.300s", glacier_account_id(g),
             vault);
    static const char head[] = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n";
    static const char tail[] = "    }\n  ]\n}\n";
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, head);
    if (strcmp(name, "deny-delete-by-age") == 0) {
        lua_Integer days = lbind_opt_integer_field(L, 2, "days", 365);
        luaL_argcheck(L, days >= 0 && days < 100000, 2, "days must be between 0 and 99999");
        lua_pushfstring(L,
                        "      \"Sid\": \"deny-based-on-archive-age\",\n"
                        "      \"Principal\": \"*\",\n"
                        "      \"Effect\": \"Deny\",\n"
                        "      \"Action\": \"glacier:DeleteArchive\",\n"
                        "      \"Resource\": \"%s\",\n"
                        "      \"Condition\": {\n"
                        "        \"NumericLessThan\": { \"glacier:ArchiveAgeInDays\": \"%I\" }\n"
                        "      }\n",
                        arn, days);
    } else if (strcmp(name, "worm") == 0) {
        lua_pushfstring(L,
                        "      \"Sid\": \"write-once-read-many\",\n"
                        "      \"Principal\": \"*\",\n"
                        "      \"Effect\": \"Deny\",\n"
                        "      \"Action\": \"glacier:DeleteArchive\",\n"
                        "      \"Resource\": \"%s\"\n",
                        arn);
    } else if (strcmp(name, "require-mfa-delete") == 0) {
        lua_pushfstring(L,
                        "      \"Sid\": \"deny-delete-without-mfa\",\n"
                        "      \"Principal\": \"*\",\n"
                        "      \"Effect\": \"Deny\",\n"
                        "      \"Action\": \"glacier:Delete*\",\n"
                        "      \"Resource\": \"%s\",\n"
                        "      \"Condition\": {\n"
                        "        \"BoolIfExists\": { \"aws:MultiFactorAuthPresent\": \"false\" }\n"
                        "      }\n",
                        arn);
    } else {
        return luaL_argerror(L, 1, "templates: deny-delete-by-age, worm, require-mfa-delete");
    }
    luaL_addvalue(&b);
    luaL_addstring(&b, tail);
    luaL_pushresult(&b);
    return 1;
}

static const luaL_Reg lglacier_fns[] = {
    {"vault", lglacier_vault},
    {"set_provisioned_capacity", lglacier_set_capacity},
    {"set_expedited_failure", lglacier_set_failure},
    {"estimate", lglacier_estimate},
    {"policy_template", lglacier_template},
    {NULL, NULL},
};

int lbind_open_glacier(lua_State *L)
{
    lglacier_register_vault(L);
    luaL_newlib(L, lglacier_fns);
    return 1;
}
