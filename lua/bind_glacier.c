/* aws.glacier: vaults, policies, Vault Lock, retrieval jobs and costs.
 *
 * One glacier simulator (one account) lives per lhost, created on first use
 * and kept in the registry; its userdata's __gc frees it, with its vaults,
 * when the host closes. Vault userdata point into it and hold it as their
 * user value, so it cannot be collected while a vault is reachable, and a
 * vault whose account was finalized is refused as closed. */
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua/bind.h"
#include "lua/bind_glacier.h"
#include "sim/units.h"

static const char lbind_glacier_key = 'g';

/* The most tags a script may give a vault or an archive at once (AWS allows
 * 50 per vault). */
#define LGLACIER_MAX_TAGS 50

static int lglacier_gc(lua_State *L)
{
    lbind_handle *u = lbind_gc_object(L, LGLACIER_ACCOUNT_MT);
    if (u && u->p) {
        glacier_free(u->p);
        u->p = NULL;
    }
    return 0;
}

/* Pushes the host's account userdata, creating it on first use. */
static glacier *lglacier_push(lua_State *L)
{
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &lbind_glacier_key) == LUA_TUSERDATA) {
        lbind_handle *u = lbind_check_object(L, -1, LGLACIER_ACCOUNT_MT);
        return u->p;
    }
    lua_pop(L, 1);
    lbind_handle *u = lbind_new_object(L, sizeof *u, LGLACIER_ACCOUNT_MT, 0);
    glacier_config cfg = {.budget = lbind_budget(L)};
    u->p = glacier_new(&cfg, lbind_clock(L), lbind_rng(L));
    if (!u->p) {
        lbind_out_of_memory(L, "aws.glacier");
        return NULL;
    }
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &lbind_glacier_key);
    return u->p;
}

static glacier *lglacier_get(lua_State *L)
{
    glacier *g = lglacier_push(L);
    lua_pop(L, 1);
    return g;
}

glacier_vault *lglacier_check_vault(lua_State *L, int idx)
{
    lbind_handle *u = lbind_check_object(L, idx, LGLACIER_VAULT_MT);
    return u->p;
}

void lglacier_read_caller(lua_State *L, int t, glacier_call *call)
{
    memset(call, 0, sizeof *call);
    if (lua_type(L, t) != LUA_TTABLE) return;
    call->principal = lbind_field_name(L, t, "principal", NULL);
    int ty = lbind_field(L, t, "mfa");
    if (ty == LUA_TBOOLEAN)
        call->mfa = lua_toboolean(L, -1) ? POLICY_KEY_TRUE : POLICY_KEY_FALSE;
    else if (ty != LUA_TNIL) {
        luaL_error(L, "field 'mfa' must be true, false or nil (absent)");
        return;
    }
    lua_pop(L, 1);
}

int lglacier_push_time(lua_State *L, int64_t ms)
{
    char buf[40];
    sim_time_format(ms, buf, sizeof buf);
    lua_pushstring(L, buf);
    return 1;
}

int lglacier_status_result(lua_State *L, sim_status st, const glacier_call *call, const char *what)
{
    if (st != SIM_OK) return lbind_fail(L, &call->err, what);
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
    t = lua_absindex(L, t);
    lua_newtable(L); /* the anchor, left on the stack */
    int anchor = lua_gettop(L);
    if (lua_type(L, t) != LUA_TTABLE) return NULL;
    size_t count = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (++count > LGLACIER_MAX_TAGS) {
            luaL_error(L, "at most %d tags", LGLACIER_MAX_TAGS);
            return NULL;
        }
    }
    policy_tag *tags = lua_newuserdatauv(L, (count ? count : 1) * sizeof *tags, 0);
    lua_rawseti(L, anchor, 1);
    int slot = 2;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            luaL_error(L, "tag keys must be strings");
            return NULL;
        }
        int vt = lua_type(L, -1);
        if (vt != LUA_TSTRING && vt != LUA_TNUMBER && vt != LUA_TBOOLEAN) {
            luaL_error(L, "tag '%s' must have a string value", lua_tostring(L, -2));
            return NULL;
        }
        size_t klen, vlen;
        const char *key = lua_tolstring(L, -2, &klen);
        /* Numbers and booleans are written out; the anchor keeps the text. */
        const char *value = luaL_tolstring(L, -1, &vlen);
        if (strlen(key) != klen || strlen(value) != vlen) {
            luaL_error(L, "a tag cannot contain a zero byte (NUL)");
            return NULL;
        }
        tags[*n].key = key;
        tags[*n].value = value;
        lua_rawseti(L, anchor, slot++);
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
    lbind_check_opts(L, 1, false);
    const char *name = lbind_field_req_name(L, 1, "name", "aws.glacier.vault");
    glacier *g = lglacier_push(L);
    int gidx = lua_gettop(L);
    lbind_field(L, 1, "tags");
    size_t n;
    policy_tag *tags = lglacier_read_tags(L, -1, &n);
    sim_error err = {0};
    glacier_vault *v = glacier_create_vault(g, name, &err);
    if (!v) return lbind_fail(L, &err, "aws.glacier.vault");
    for (size_t i = 0; i < n; i++) {
        glacier_call call = {0};
        if (glacier_tag_vault(v, tags[i].key, tags[i].value, &call) != SIM_OK)
            return lbind_fail(L, &call.err, "aws.glacier.vault");
    }
    lbind_handle *u = lbind_new_object(L, sizeof *u, LGLACIER_VAULT_MT, 1);
    u->p = v;
    lua_pushvalue(L, gidx);
    lbind_anchor(L, -2, 1);
    return 1;
}

static int lglacier_set_capacity(lua_State *L)
{
    lua_Integer n = lbind_check_int(L, 1, 0, 1000);
    glacier_set_provisioned_capacity(lglacier_get(L), (int)n);
    return 0;
}

static int lglacier_set_failure(lua_State *L)
{
    double p = lbind_check_num(L, 1, 0, 1);
    glacier_set_expedited_failure_probability(lglacier_get(L), p);
    return 0;
}

/* aws.glacier.estimate{ size = "2GB", tier = "Bulk" } ->
 * { cost =, retrieval =, request =, min_ms =, max_ms = } */
static int lglacier_estimate(lua_State *L)
{
    lbind_check_opts(L, 1, false);
    uint64_t size = lbind_field_size(L, 1, "size", 0);
    const char *tn = lbind_field_name(L, 1, "tier", "Standard");
    glacier_tier tier;
    if (!glacier_tier_parse(tn, &tier))
        return luaL_error(L, "tier must be Expedited, Standard or Bulk, not '%s'", tn);
    const glacier_facts *f = glacier_default_facts();
    double retrieval = (double)size / (double)SIM_GB * f->tier[tier].usd_per_gb;
    double request = f->tier[tier].usd_per_1000 / 1000.0;
    lua_createtable(L, 0, 6);
    lbind_set_num(L, "cost", retrieval + request);
    lbind_set_num(L, "retrieval", retrieval);
    lbind_set_num(L, "request", request);
    lbind_set_int(L, "min_ms", f->tier[tier].min_ms);
    lbind_set_int(L, "max_ms", f->tier[tier].max_ms);
    lbind_set_bool(L, "possible", tier != GLACIER_TIER_EXPEDITED || size <= f->expedited_max_bytes);
    return 1;
}

/* aws.glacier.policy_template("deny-delete-by-age", { days = 365, vault = "logs" }) */
static int lglacier_template(lua_State *L)
{
    const char *name = lbind_check_name(L, 1);
    lbind_check_opts(L, 2, true);
    glacier *g = lglacier_get(L);
    const char *vault = "*";
    int ty = lbind_field(L, 2, "vault");
    if (luaL_testudata(L, -1, LGLACIER_VAULT_MT))
        vault = glacier_vault_name(lglacier_check_vault(L, -1));
    else if (ty == LUA_TSTRING)
        vault = lbind_field_name(L, 2, "vault", "*");
    else if (ty != LUA_TNIL)
        return luaL_error(L, "field 'vault' must be a vault or a name");
    /* The value stays on the stack, so the name lives while it is used. */
    char arn[400];
    snprintf(arn, sizeof arn, "arn:aws:glacier:us-east-1:%s:vaults/%.300s", glacier_account_id(g),
             vault);
    static const char head[] = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n";
    static const char tail[] = "    }\n  ]\n}\n";
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, head);
    if (strcmp(name, "deny-delete-by-age") == 0) {
        lua_Integer days = lbind_field_int(L, 2, "days", 365, 0, 99999);
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

static const lbind_class lglacier_classes[] = {
    {.type = "account", .methods = (const luaL_Reg[]){{NULL, NULL}}, .gc = lglacier_gc},
    {.type = "vault", .methods = lglacier_vault_methods, .tostring = lglacier_vault_tostring},
    {0},
};

const lbind_module lbind_module_glacier = {
    .name = "glacier",
    .functions = lglacier_fns,
    .classes = lglacier_classes,
};
