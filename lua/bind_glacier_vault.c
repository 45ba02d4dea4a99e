/* The methods of an aws.glacier vault (v:upload, v:try, v:initiate_lock...). */
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lua/bind.h"
#include "lua/bind_glacier.h"
#include "sim/units.h"

#define V(L) lglacier_check_vault(L, 1)

static int lv_name(lua_State *L)
{
    lua_pushstring(L, glacier_vault_name(V(L)));
    return 1;
}

static int lv_arn(lua_State *L)
{
    lua_pushstring(L, glacier_vault_arn(V(L)));
    return 1;
}

int lglacier_vault_tostring(lua_State *L)
{
    lua_pushfstring(L, "glacier vault %s", glacier_vault_name(V(L)));
    return 1;
}

/* v:upload{ size = "2GB", age = "400d", description = "...", tags = {...},
 *           principal = "...", mfa = true } -> archive id | nil, err */
static int lv_upload(lua_State *L)
{
    glacier_vault *v = V(L);
    lbind_check_opts(L, 2, false);
    glacier_upload_opts o = {0};
    o.size = lbind_field_size(L, 2, "size", 0);
    o.age_ms = lbind_field_duration(L, 2, "age", 0, LGLACIER_MAX_AGE_MS);
    o.description = lbind_field_name(L, 2, "description", NULL);
    lbind_field(L, 2, "tags");
    policy_tag *tags = lglacier_read_tags(L, -1, &o.ntags);
    o.tags = tags;
    glacier_call call;
    lglacier_read_caller(L, 2, &call);
    char id[GLACIER_ID_LEN + 1];
    if (glacier_upload(v, &o, id, &call) != SIM_OK) return lbind_fail(L, &call.err, "vault:upload");
    lua_pushstring(L, id);
    return 1;
}

static int lv_delete_archive(lua_State *L)
{
    glacier_call call;
    lglacier_read_caller(L, 3, &call);
    sim_status st = glacier_delete_archive(V(L), lbind_check_name(L, 2), &call);
    return lglacier_status_result(L, st, &call, "vault:delete_archive");
}

static void push_archive(lua_State *L, const glacier_archive_info *a)
{
    char sz[32];
    lua_createtable(L, 0, 8);
    lua_pushstring(L, a->id);
    lua_setfield(L, -2, "id");
    lbind_set_u64(L, "size", a->size);
    sim_size_format(a->size, sz, sizeof sz);
    lua_pushstring(L, sz);
    lua_setfield(L, -2, "size_text");
    lua_pushinteger(L, a->uploaded_ms);
    lua_setfield(L, -2, "uploaded_ms");
    lglacier_push_time(L, a->uploaded_ms);
    lua_setfield(L, -2, "uploaded");
    lua_pushinteger(L, a->age_days);
    lua_setfield(L, -2, "age_days");
    if (a->description) {
        lua_pushstring(L, a->description);
        lua_setfield(L, -2, "description");
    }
    lua_createtable(L, 0, (int)a->ntags);
    for (size_t i = 0; i < a->ntags; i++) {
        lua_pushstring(L, a->tags[i].value);
        lua_setfield(L, -2, a->tags[i].key);
    }
    lua_setfield(L, -2, "tags");
}

/* v:inventory() -> { {id=, size=, size_text=, uploaded=, age_days=, tags=}, ... } */
static int lv_inventory(lua_State *L)
{
    glacier_vault *v = V(L);
    size_t n = glacier_archive_count(v);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        glacier_archive_info a;
        glacier_archive_at(v, i, &a);
        push_archive(L, &a);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static int lv_archive(lua_State *L)
{
    glacier_archive_info a;
    if (!glacier_archive_find(V(L), lbind_check_name(L, 2), &a)) {
        lua_pushnil(L);
        return 1;
    }
    push_archive(L, &a);
    return 1;
}

/* --- tags ------------------------------------------------------------------ */

static int lv_tag(lua_State *L)
{
    glacier_call call;
    lglacier_read_caller(L, 4, &call);
    sim_status st = glacier_tag_vault(V(L), lbind_check_name(L, 2), lbind_check_name(L, 3), &call);
    return lglacier_status_result(L, st, &call, "vault:tag");
}

static int lv_untag(lua_State *L)
{
    glacier_call call;
    lglacier_read_caller(L, 3, &call);
    sim_status st = glacier_untag_vault(V(L), lbind_check_name(L, 2), &call);
    return lglacier_status_result(L, st, &call, "vault:untag");
}

static int lv_tags(lua_State *L)
{
    glacier_vault *v = V(L);
    const policy_tag *t = glacier_vault_tags(v);
    lua_newtable(L);
    for (size_t i = 0; i < glacier_vault_tag_count(v); i++) {
        lua_pushstring(L, t[i].value);
        lua_setfield(L, -2, t[i].key);
    }
    return 1;
}

/* --- policies and Vault Lock ---------------------------------------------------- */

static int lv_set_access_policy(lua_State *L)
{
    size_t len;
    const char *json = lbind_check_bytes(L, 2, &len);
    glacier_call call;
    lglacier_read_caller(L, 3, &call);
    return lglacier_status_result(L, glacier_set_access_policy(V(L), json, len, &call), &call,
                                  "vault:set_access_policy");
}

static int lv_get_access_policy(lua_State *L)
{
    glacier_call call;
    lglacier_read_caller(L, 2, &call);
    const char *text = glacier_get_access_policy(V(L), &call);
    if (!text) return lbind_fail(L, &call.err, "vault:get_access_policy");
    lua_pushstring(L, text);
    return 1;
}

static int lv_delete_access_policy(lua_State *L)
{
    glacier_call call;
    lglacier_read_caller(L, 2, &call);
    return lglacier_status_result(L, glacier_delete_access_policy(V(L), &call), &call,
                                  "vault:delete_access_policy");
}

static int lv_initiate_lock(lua_State *L)
{
    size_t len;
    const char *json = lbind_check_bytes(L, 2, &len);
    glacier_call call;
    lglacier_read_caller(L, 3, &call);
    char id[GLACIER_ID_LEN + 1];
    if (glacier_initiate_lock(V(L), json, len, id, &call) != SIM_OK)
        return lbind_fail(L, &call.err, "vault:initiate_lock");
    lua_pushstring(L, id);
    return 1;
}

static int lv_complete_lock(lua_State *L)
{
    const char *id = lbind_opt_name(L, 2, NULL);
    glacier_call call;
    lglacier_read_caller(L, 3, &call);
    return lglacier_status_result(L, glacier_complete_lock(V(L), id, &call), &call,
                                  "vault:complete_lock");
}

static int lv_abort_lock(lua_State *L)
{
    glacier_call call;
    lglacier_read_caller(L, 2, &call);
    return lglacier_status_result(L, glacier_abort_lock(V(L), &call), &call, "vault:abort_lock");
}

/* v:get_lock() -> { policy=, state=, creation_date=, expiration_date= } */
static int lv_get_lock(lua_State *L)
{
    glacier_call call;
    lglacier_read_caller(L, 2, &call);
    glacier_lock_info info;
    if (glacier_get_lock(V(L), &info, &call) != SIM_OK)
        return lbind_fail(L, &call.err, "vault:get_lock");
    lua_createtable(L, 0, 6);
    lua_pushstring(L, info.policy);
    lua_setfield(L, -2, "policy");
    lua_pushstring(L, glacier_lock_state_name(info.state));
    lua_setfield(L, -2, "state");
    lglacier_push_time(L, info.creation_ms);
    lua_setfield(L, -2, "creation_date");
    lua_pushinteger(L, info.creation_ms);
    lua_setfield(L, -2, "creation_ms");
    if (info.expiration_ms) {
        lglacier_push_time(L, info.expiration_ms);
        lua_setfield(L, -2, "expiration_date");
        lua_pushinteger(L, info.expiration_ms);
        lua_setfield(L, -2, "expiration_ms");
    }
    return 1;
}

/* --- jobs ------------------------------------------------------------------- */

static void push_job(lua_State *L, const glacier_job_info *j)
{
    lua_createtable(L, 0, 12);
    lua_pushstring(L, j->id);
    lua_setfield(L, -2, "id");
    lua_pushstring(L, j->archive_id);
    lua_setfield(L, -2, "archive");
    lua_pushstring(L, glacier_tier_name(j->tier));
    lua_setfield(L, -2, "tier");
    lua_pushstring(L, glacier_job_state_name(j->state));
    lua_setfield(L, -2, "state");
    lbind_set_u64(L, "size", j->size);
    lua_pushinteger(L, j->created_ms);
    lua_setfield(L, -2, "created_ms");
    lua_pushinteger(L, j->completes_ms);
    lua_setfield(L, -2, "completes_ms");
    lua_pushinteger(L, j->expires_ms);
    lua_setfield(L, -2, "expires_ms");
    lua_pushinteger(L, j->completes_ms - j->created_ms);
    lua_setfield(L, -2, "duration_ms");
    lglacier_push_time(L, j->completes_ms);
    lua_setfield(L, -2, "completion_date");
    lglacier_push_time(L, j->expires_ms);
    lua_setfield(L, -2, "output_expires");
    lua_pushboolean(L, j->provisioned);
    lua_setfield(L, -2, "provisioned");
    lua_pushnumber(L, j->cost);
    lua_setfield(L, -2, "cost");
}

/* Accepts a job id or a job table ({ id = ... }). */
static const char *job_id_arg(lua_State *L, int idx)
{
    if (lua_type(L, idx) == LUA_TTABLE) return lbind_field_req_name(L, idx, "id", "a job table");
    return lbind_check_name(L, idx);
}

/* v:initiate_job{ archive = id, tier = "Expedited" } -> job table | nil, err */
static int lv_initiate_job(lua_State *L)
{
    glacier_vault *v = V(L);
    lbind_check_opts(L, 2, false);
    const char *archive = lbind_field_name(L, 2, "archive", NULL);
    const char *tn = lbind_field_name(L, 2, "tier", "Standard");
    glacier_tier tier;
    if (!glacier_tier_parse(tn, &tier))
        return luaL_error(L, "tier must be Expedited, Standard or Bulk, not '%s'", tn);
    glacier_call call;
    lglacier_read_caller(L, 2, &call);
    char id[GLACIER_ID_LEN + 1];
    if (glacier_initiate_job(v, archive, tier, id, &call) != SIM_OK)
        return lbind_fail(L, &call.err, "vault:initiate_job");
    glacier_job_info info;
    glacier_describe_job(v, id, &info, NULL);
    push_job(L, &info);
    return 1;
}

static int lv_job(lua_State *L)
{
    glacier_vault *v = V(L);
    const char *id = job_id_arg(L, 2);
    glacier_call call;
    lglacier_read_caller(L, 3, &call);
    glacier_job_info info;
    if (glacier_describe_job(v, id, &info, &call) != SIM_OK)
        return lbind_fail(L, &call.err, "vault:job");
    push_job(L, &info);
    return 1;
}

/* v:get_job_output(id) -> bytes | nil, err */
static int lv_get_job_output(lua_State *L)
{
    glacier_vault *v = V(L);
    const char *id = job_id_arg(L, 2);
    glacier_call call;
    lglacier_read_caller(L, 3, &call);
    uint64_t bytes = 0;
    if (glacier_get_job_output(v, id, &bytes, &call) != SIM_OK)
        return lbind_fail(L, &call.err, "vault:get_job_output");
    lbind_push_u64(L, bytes);
    return 1;
}

/* --- costs and timeline --------------------------------------------------------- */

static void add_row(lua_State *L, int rows, int i, const char *a, const char *b)
{
    lua_createtable(L, 2, 0);
    lua_pushstring(L, a);
    lua_rawseti(L, -2, 1);
    lua_pushstring(L, b);
    lua_rawseti(L, -2, 2);
    lua_rawseti(L, rows, i);
}

/* v:costs() -> { storage=, retrieval=, requests=, early_deletion=, total=,
 *               gb_months=, title=, columns=, rows= } (showable) */
static int lv_costs(lua_State *L)
{
    glacier_vault *v = V(L);
    glacier_costs c;
    glacier_vault_costs(v, &c);
    const struct {
        const char *name;
        double usd;
    } items[] = {{"storage", c.storage},
                 {"retrieval", c.retrieval},
                 {"requests", c.requests},
                 {"early_deletion", c.early_deletion},
                 {"total", c.total}};
    lua_createtable(L, 0, 9);
    for (size_t i = 0; i < 5; i++) {
        lua_pushnumber(L, items[i].usd);
        lua_setfield(L, -2, items[i].name);
    }
    lua_pushnumber(L, c.gb_months);
    lua_setfield(L, -2, "gb_months");
    lua_pushfstring(L, "Costs of vault %s", glacier_vault_name(v));
    lua_setfield(L, -2, "title");
    lua_createtable(L, 2, 0);
    lua_pushstring(L, "charge");
    lua_rawseti(L, -2, 1);
    lua_pushstring(L, "USD");
    lua_rawseti(L, -2, 2);
    lua_setfield(L, -2, "columns");
    lua_createtable(L, 5, 0);
    int rows = lua_gettop(L);
    for (size_t i = 0; i < 5; i++) {
        char usd[48];
        snprintf(usd, sizeof usd, "$%.4f", items[i].usd);
        add_row(L, rows, (int)i + 1, items[i].name, usd);
    }
    lua_setfield(L, -2, "rows");
    return 1;
}

/* v:timeline() -> { title=, columns={"time","event","detail"}, rows={...},
 *                  events={ {at=ms, what=, detail=}, ... } } */
static int lv_timeline(lua_State *L)
{
    glacier_vault *v = V(L);
    size_t n = glacier_event_count(v);
    lua_createtable(L, 0, 4);
    lua_pushfstring(L, "Timeline of vault %s", glacier_vault_name(v));
    lua_setfield(L, -2, "title");
    lua_createtable(L, 3, 0);
    static const char *const cols[] = {"time", "event", "detail"};
    for (int i = 0; i < 3; i++) {
        lua_pushstring(L, cols[i]);
        lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, -2, "columns");
    lua_createtable(L, (int)n, 0);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        const glacier_event *e = glacier_event_at(v, i);
        lua_createtable(L, 3, 0);
        lglacier_push_time(L, e->at_ms);
        lua_rawseti(L, -2, 1);
        lua_pushstring(L, e->what);
        lua_rawseti(L, -2, 2);
        lua_pushstring(L, e->detail);
        lua_rawseti(L, -2, 3);
        lua_rawseti(L, -3, (lua_Integer)i + 1);
        lua_createtable(L, 0, 3);
        lua_pushinteger(L, e->at_ms);
        lua_setfield(L, -2, "at");
        lua_pushstring(L, e->what);
        lua_setfield(L, -2, "what");
        lua_pushstring(L, e->detail);
        lua_setfield(L, -2, "detail");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -3, "events");
    lua_setfield(L, -2, "rows");
    return 1;
}

const luaL_Reg lglacier_vault_methods[] = {
    {"name", lv_name},
    {"arn", lv_arn},
    {"upload", lv_upload},
    {"delete_archive", lv_delete_archive},
    {"inventory", lv_inventory},
    {"archive", lv_archive},
    {"tag", lv_tag},
    {"untag", lv_untag},
    {"tags", lv_tags},
    {"set_access_policy", lv_set_access_policy},
    {"get_access_policy", lv_get_access_policy},
    {"delete_access_policy", lv_delete_access_policy},
    {"initiate_lock", lv_initiate_lock},
    {"complete_lock", lv_complete_lock},
    {"abort_lock", lv_abort_lock},
    {"get_lock", lv_get_lock},
    {"initiate_job", lv_initiate_job},
    {"job", lv_job},
    {"get_job_output", lv_get_job_output},
    {"costs", lv_costs},
    {"timeline", lv_timeline},
    {"try", lglacier_try},
    {NULL, NULL},
};
