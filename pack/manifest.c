#include "pack/manifest.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pack/pack.h"

void pack_manifest_more_free(pack_manifest_more *m)
{
    for (size_t i = 0; i < m->ntopics; i++) {
        free(m->topics[i].id);
        free(m->topics[i].title);
    }
    free(m->topics);
    for (size_t i = 0; i < m->nblueprints; i++) {
        pack_blueprint *b = &m->blueprints[i];
        free(b->id);
        free(b->title);
        for (size_t k = 0; k < b->ndomains; k++)
            free(b->domains[k]);
        free(b->domains);
        free(b->weights);
    }
    free(m->blueprints);
    for (size_t i = 0; i < m->nscenario_list; i++)
        free(m->scenario_list[i]);
    free(m->scenario_list);
    for (size_t i = 0; i < m->nbank_list; i++)
        free(m->bank_list[i]);
    free(m->bank_list);
    memset(m, 0, sizeof *m);
}

const pack_topic *pack_manifest_topic(const pack_manifest_more *m, const char *id)
{
    for (size_t i = 0; id && i < m->ntopics; i++)
        if (strcmp(m->topics[i].id, id) == 0) return &m->topics[i];
    return NULL;
}

const pack_blueprint *pack_manifest_blueprint(const pack_manifest_more *m, const char *id)
{
    for (size_t i = 0; id && i < m->nblueprints; i++)
        if (strcmp(m->blueprints[i].id, id) == 0) return &m->blueprints[i];
    return NULL;
}

static bool read_topics(pack_manifest_more *m, const pack_jfile *f, json_t *list, pack_diag *d)
{
    pack_jpath_step path[3] = {{"topics", 0}, {NULL, 0}, {NULL, 0}};
    if (!json_is_array(list)) {
        pack_jfile_fail(f, d, path, 1, "\"topics\" must be a list of { \"id\", \"title\" }");
        return false;
    }
    m->topics = calloc(json_array_size(list) + 1, sizeof *m->topics);
    for (size_t i = 0; m->topics && i < json_array_size(list); i++) {
        json_t *t = json_array_get(list, i);
        path[1].index = i;
        json_t *id = json_object_get(t, "id"), *title = json_object_get(t, "title");
        if (!json_is_string(id) || !pack_id_valid(json_string_value(id)) ||
            !json_is_string(title)) {
            pack_jfile_fail(f, d, path, 2,
                            "each topic needs an \"id\" (lower-case, e.g. \"kinesis.shards\") "
                            "and a \"title\"");
            return false;
        }
        if (pack_manifest_topic(m, json_string_value(id))) {
            path[2].key = "id";
            pack_jfile_fail(f, d, path, 3, "topic \"%s\" is listed twice", json_string_value(id));
            return false;
        }
        m->topics[m->ntopics++] =
            (pack_topic){strdup(json_string_value(id)), strdup(json_string_value(title))};
    }
    return m->topics != NULL;
}

static bool read_blueprint(pack_blueprint *b, const pack_jfile *f, json_t *o, size_t i,
                           pack_diag *d)
{
    pack_jpath_step path[4] = {{"blueprints", 0}, {NULL, i}, {NULL, 0}, {NULL, 0}};
    json_t *id = json_object_get(o, "id"), *title = json_object_get(o, "title");
    json_t *count = json_object_get(o, "count"), *minutes = json_object_get(o, "minutes");
    json_t *domains = json_object_get(o, "domains");
    if (!json_is_object(o) || !json_is_string(id) || !pack_id_valid(json_string_value(id))) {
        pack_jfile_fail(f, d, path, 2, "each blueprint needs an \"id\" (lower-case)");
        return false;
    }
    if (!json_is_integer(count) || json_integer_value(count) < 1 ||
        json_integer_value(count) > 500) {
        path[2].key = "count";
        pack_jfile_fail(f, d, path, count ? 3 : 2, "\"count\" must be a whole number, 1 to 500");
        return false;
    }
    if (minutes && (!json_is_integer(minutes) || json_integer_value(minutes) < 0 ||
                    json_integer_value(minutes) > 600)) {
        path[2].key = "minutes";
        pack_jfile_fail(f, d, path, 3, "\"minutes\" must be a whole number, 0 to 600");
        return false;
    }
    b->id = strdup(json_string_value(id));
    b->title = strdup(json_is_string(title) ? json_string_value(title) : json_string_value(id));
    b->count = (int)json_integer_value(count);
    b->minutes = minutes ? (int)json_integer_value(minutes) : 0;
    if (!domains) return true;
    path[2].key = "domains";
    if (!json_is_object(domains)) {
        pack_jfile_fail(f, d, path, 3, "\"domains\" must map each domain to its share");
        return false;
    }
    size_t n = json_object_size(domains);
    b->domains = calloc(n + 1, sizeof *b->domains);
    b->weights = calloc(n + 1, sizeof *b->weights);
    const char *key;
    json_t *w;
    json_object_foreach(domains, key, w)
    {
        if (!json_is_number(w) || !(json_number_value(w) > 0) || !isfinite(json_number_value(w))) {
            path[3].key = key;
            pack_jfile_fail(f, d, path, 4, "the share of \"%s\" must be a number above 0", key);
            return false;
        }
        if (!b->domains || !b->weights) return false;
        b->domains[b->ndomains] = strdup(key);
        b->weights[b->ndomains++] = json_number_value(w);
    }
    return true;
}

static bool read_names(char ***out, size_t *n, const pack_jfile *f, json_t *list, const char *key,
                       pack_diag *d)
{
    pack_jpath_step path[2] = {{key, 0}, {NULL, 0}};
    if (!json_is_array(list)) {
        pack_jfile_fail(f, d, path, 1, "\"%s\" must be a list of file names", key);
        return false;
    }
    *out = calloc(json_array_size(list) + 1, sizeof **out);
    for (size_t i = 0; *out && i < json_array_size(list); i++) {
        json_t *s = json_array_get(list, i);
        path[1].index = i;
        const char *v = json_string_value(s);
        if (!v || !*v || strchr(v, '/') || strstr(v, "..")) {
            pack_jfile_fail(f, d, path, 2,
                            "each entry of \"%s\" is a file name in the pack's %s/ folder, "
                            "without folders",
                            key, strcmp(key, "scenarios") == 0 ? "scenarios" : "questions");
            return false;
        }
        /* Accept "x" and "x.lua" / "x.json" alike. */
        size_t len = strlen(v);
        const char *ext = strcmp(key, "scenarios") == 0 ? ".lua" : ".json";
        size_t elen = strlen(ext);
        if (len > elen && strcmp(v + len - elen, ext) == 0) len -= elen;
        (*out)[(*n)++] = strndup(v, len);
    }
    return *out != NULL;
}

bool pack_manifest_more_read(pack_manifest_more *m, const pack_jfile *f, pack_diag *d)
{
    memset(m, 0, sizeof *m);
    json_t *root = f->root, *v;
    if ((v = json_object_get(root, "topics")) && !read_topics(m, f, v, d)) return false;
    if ((v = json_object_get(root, "blueprints"))) {
        pack_jpath_step path[1] = {{"blueprints", 0}};
        if (!json_is_array(v)) {
            pack_jfile_fail(f, d, path, 1, "\"blueprints\" must be a list");
            return false;
        }
        m->blueprints = calloc(json_array_size(v) + 1, sizeof *m->blueprints);
        for (size_t i = 0; m->blueprints && i < json_array_size(v); i++) {
            if (!read_blueprint(&m->blueprints[m->nblueprints++], f, json_array_get(v, i), i, d))
                return false;
        }
    }
    if ((v = json_object_get(root, "scenarios")) &&
        !read_names(&m->scenario_list, &m->nscenario_list, f, v, "scenarios", d))
        return false;
    if ((v = json_object_get(root, "questions")) &&
        !read_names(&m->bank_list, &m->nbank_list, f, v, "questions", d))
        return false;
    return true;
}
