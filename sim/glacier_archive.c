/* Glacier: vault tags and archives (upload, delete, the inventory). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/budget_fail.h"
#include "sim/glacier_internal.h"
#include "sim/units.h"

/* --- tags ---------------------------------------------------------------- */

void glacier_free_tags(glacier *g, policy_tag *tags, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sim_free(g->budget, (char *)tags[i].key);
        sim_free(g->budget, (char *)tags[i].value);
    }
    sim_free(g->budget, tags);
}

bool glacier_set_tag(glacier *g, policy_tag **tags, size_t *n, const char *key, const char *value)
{
    for (size_t i = 0; i < *n; i++) {
        if (strcmp((*tags)[i].key, key) == 0) {
            char *nv = sim_strdup(g->budget, value ? value : "");
            if (!nv) return false;
            sim_free(g->budget, (char *)(*tags)[i].value);
            (*tags)[i].value = nv;
            return true;
        }
    }
    policy_tag *nt = sim_reallocarray(g->budget, *tags, *n + 1, sizeof *nt);
    if (!nt) return false;
    *tags = nt;
    char *k = sim_strdup(g->budget, key), *val = sim_strdup(g->budget, value ? value : "");
    if (!k || !val) {
        sim_free(g->budget, k);
        sim_free(g->budget, val);
        return false;
    }
    nt[*n].key = k;
    nt[*n].value = val;
    (*n)++;
    return true;
}

sim_status glacier_tag_vault(glacier_vault *v, const char *key, const char *value,
                             glacier_call *call)
{
    glacier_call local = {0};
    if (!call) call = &local;
    sim_error_clear(&call->err);
    if (glacier_begin(v, call, "AddTagsToVault", true) != SIM_OK) return call->err.code;
    if (glacier_check(v, "AddTagsToVault", NULL, call) != SIM_OK) return call->err.code;
    if (!key || !*key)
        return sim_fail(&call->err, SIM_MISSING_PARAMETER_VALUE,
                        "Required parameter missing: Tags");
    /* AddTagsToVault: a vault holds at most 50 tags. */
    bool known = false;
    for (size_t i = 0; i < v->ntags; i++)
        known |= strcmp(v->tags[i].key, key) == 0;
    if (v->ntags >= 50 && !known)
        return sim_fail(&call->err, SIM_LIMIT_EXCEEDED, "a vault can hold at most 50 tags");
    if (!glacier_set_tag(v->g, &v->tags, &v->ntags, key, value))
        return sim_fail_memory(&call->err, v->g->budget, "tagging vault %.60s", v->name);
    glacier_log(v, sim_clock_now(v->g->clock), "AddTagsToVault", "%.60s=%.60s", key,
                value ? value : "");
    return SIM_OK;
}

sim_status glacier_untag_vault(glacier_vault *v, const char *key, glacier_call *call)
{
    glacier_call local = {0};
    if (!call) call = &local;
    sim_error_clear(&call->err);
    if (glacier_begin(v, call, "RemoveTagsFromVault", true) != SIM_OK) return call->err.code;
    if (glacier_check(v, "RemoveTagsFromVault", NULL, call) != SIM_OK) return call->err.code;
    for (size_t i = 0; key && i < v->ntags; i++) {
        if (strcmp(v->tags[i].key, key) != 0) continue;
        sim_free(v->g->budget, (char *)v->tags[i].key);
        sim_free(v->g->budget, (char *)v->tags[i].value);
        v->tags[i] = v->tags[--v->ntags];
        glacier_log(v, sim_clock_now(v->g->clock), "RemoveTagsFromVault", "%.60s", key);
        break;
    }
    return SIM_OK;
}

size_t glacier_vault_tag_count(const glacier_vault *v)
{
    return v->ntags;
}
const policy_tag *glacier_vault_tags(const glacier_vault *v)
{
    return v->tags;
}

/* --- archives ------------------------------------------------------------- */

sim_status glacier_lookup_archive(glacier_vault *v, const char *id, garchive **out,
                                  glacier_call *call)
{
    size_t i = 0;
    while (id && i < v->narchives && strcmp(v->archives[i].id, id) != 0)
        i++;
    *out = id && i < v->narchives ? &v->archives[i] : NULL;
    if (!sim_budget_charge(v->g->budget, (i + 1) / GLACIER_ARCHIVES_PER_UNIT))
        return sim_fail_work(&call->err, "looking up an archive in vault %.60s", v->name);
    return SIM_OK;
}

sim_status glacier_upload(glacier_vault *v, const glacier_upload_opts *o,
                          char id[GLACIER_ID_LEN + 1], glacier_call *call)
{
    glacier_call local = {0};
    if (!call) call = &local;
    sim_error_clear(&call->err);
    if (glacier_begin(v, call, "UploadArchive", true) != SIM_OK) return call->err.code;
    if (glacier_check(v, "UploadArchive", NULL, call) != SIM_OK) return call->err.code;
    int64_t now = sim_clock_now(v->g->clock);
    /* UploadArchive takes up to 4 GB in one request; larger archives use
     * multipart upload, up to 40,000 GB, which we fold into this call. */
    if (o->size > 40000 * SIM_GB)
        return sim_fail(&call->err, SIM_INVALID_PARAMETER_VALUE,
                        "an archive can be at most 40,000 GB");
    if (o->age_ms < 0 || o->age_ms > now)
        return sim_fail(&call->err, SIM_INVALID_PARAMETER_VALUE,
                        "an archive's age must be between 0 and the clock's current time");
    /* The archive's tags are set one by one, each compared with those
     * before it. */
    if (!sim_budget_charge_n(v->g->budget, o->ntags, (o->ntags / 2 + 1) * GLACIER_COST_TAG))
        return sim_fail_work(&call->err, "at UploadArchive to vault %.60s", v->name);
    if (v->narchives == v->cap_archives) {
        size_t cap = v->cap_archives ? v->cap_archives * 2 : 8;
        garchive *na = sim_reallocarray(v->g->budget, v->archives, cap, sizeof *na);
        if (!na)
            return sim_fail_memory(&call->err, v->g->budget, "uploading to vault %.60s", v->name);
        v->archives = na;
        v->cap_archives = cap;
    }
    garchive *a = &v->archives[v->narchives];
    memset(a, 0, sizeof *a);
    a->size = o->size;
    a->uploaded_ms = now - o->age_ms;
    a->billed_from_ms = a->uploaded_ms > v->created_ms ? a->uploaded_ms : v->created_ms;
    if (a->billed_from_ms > now) a->billed_from_ms = now;
    bool ok = !o->description || (a->description = sim_strdup(v->g->budget, o->description));
    for (size_t i = 0; ok && i < o->ntags; i++)
        ok = o->tags[i].key &&
             glacier_set_tag(v->g, &a->tags, &a->ntags, o->tags[i].key, o->tags[i].value);
    if (!ok) {
        sim_free(v->g->budget, a->description);
        glacier_free_tags(v->g, a->tags, a->ntags);
        return sim_fail_memory(&call->err, v->g->budget, "uploading to vault %.60s", v->name);
    }
    glacier_new_id(v->g, a->id);
    v->narchives++;
    if (id) memcpy(id, a->id, GLACIER_ID_LEN + 1);
    char sz[32], age[32] = "";
    sim_size_format(o->size, sz, sizeof sz);
    if (o->age_ms > 0) {
        char d[24];
        sim_duration_format(o->age_ms, d, sizeof d);
        snprintf(age, sizeof age, ", %s old", d);
    }
    glacier_log(v, now, "UploadArchive", "%s (%s%s)", a->id, sz, age);
    return SIM_OK;
}

sim_status glacier_delete_archive(glacier_vault *v, const char *archive_id, glacier_call *call)
{
    glacier_call local = {0};
    if (!call) call = &local;
    sim_error_clear(&call->err);
    if (glacier_begin(v, call, "DeleteArchive", true) != SIM_OK) return call->err.code;
    if (!archive_id || !*archive_id)
        return sim_fail(&call->err, SIM_MISSING_PARAMETER_VALUE,
                        "Required parameter missing: archiveId");
    garchive *a;
    if (glacier_lookup_archive(v, archive_id, &a, call) != SIM_OK) return call->err.code;
    /* The archives after it move down one. */
    size_t after = a ? v->narchives - (size_t)(a - v->archives) - 1 : 0;
    if (!sim_budget_charge(v->g->budget, after / GLACIER_ARCHIVES_PER_UNIT))
        return sim_fail_work(&call->err, "at DeleteArchive on vault %.60s", v->name);
    if (glacier_check(v, "DeleteArchive", a, call) != SIM_OK) return call->err.code;
    if (!a)
        return sim_fail(&call->err, SIM_RESOURCE_NOT_FOUND, "Archive not found: %.40s", archive_id);
    const glacier_facts *f = &v->g->facts;
    int64_t now = sim_clock_now(v->g->clock);
    double gb = glacier_gb(a->size);
    v->closed_gb_months += gb * (double)(now - a->billed_from_ms) / (double)f->month_ms;
    int64_t age = now - a->uploaded_ms;
    double early = 0;
    if (age < f->min_storage_ms) {
        early = gb * f->storage_usd_per_gb_month * (double)(f->min_storage_ms - age) /
                (double)f->month_ms;
        v->early_usd += early;
    }
    glacier_log(v, now, "DeleteArchive", "%s (%lld days old%s)", a->id,
                (long long)(age / SIM_MS_PER_DAY), early > 0 ? ", early deletion fee" : "");
    sim_free(v->g->budget, a->description);
    glacier_free_tags(v->g, a->tags, a->ntags);
    size_t i = (size_t)(a - v->archives);
    memmove(a, a + 1, (v->narchives - i - 1) * sizeof *a);
    v->narchives--;
    return SIM_OK;
}

size_t glacier_archive_count(const glacier_vault *v)
{
    return v->narchives;
}

static void archive_info(const glacier_vault *v, const garchive *a, glacier_archive_info *out)
{
    out->id = a->id;
    out->size = a->size;
    out->uploaded_ms = a->uploaded_ms;
    out->age_days = (sim_clock_now(v->g->clock) - a->uploaded_ms) / SIM_MS_PER_DAY;
    out->description = a->description;
    out->tags = a->tags;
    out->ntags = a->ntags;
}

bool glacier_archive_at(const glacier_vault *v, size_t i, glacier_archive_info *out)
{
    if (i >= v->narchives) return false;
    archive_info(v, &v->archives[i], out);
    return true;
}

bool glacier_archive_find(const glacier_vault *v, const char *id, glacier_archive_info *out)
{
    size_t i = 0;
    while (id && i < v->narchives && strcmp(v->archives[i].id, id) != 0)
        i++;
    /* Paid for as far as it looked. No status to report a spent budget:
     * it answers, and the host stops. */
    (void)sim_budget_charge(v->g->budget, (i + 1) / GLACIER_ARCHIVES_PER_UNIT);
    if (!id || i == v->narchives) return false;
    archive_info(v, &v->archives[i], out);
    return true;
}
