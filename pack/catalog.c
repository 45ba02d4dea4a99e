#include "pack/catalog.h"

#include <stdlib.h>
#include <string.h>

#include "pack/jsonfile.h"

static void antipattern_clear(antipattern *a)
{
    free(a->id);
    free(a->service);
    free(a->title);
    free(a->why);
    free(a->instead);
    free(a->topic);
    free(a->pack);
}

void catalog_free(catalog *c)
{
    for (size_t i = 0; i < c->count; i++)
        antipattern_clear(&c->items[i]);
    free(c->items);
    c->items = NULL;
    c->count = 0;
}

const antipattern *catalog_find(const catalog *c, const char *id)
{
    if (!c || !id) return NULL;
    for (size_t i = 0; i < c->count; i++)
        if (strcmp(c->items[i].id, id) == 0) return &c->items[i];
    return NULL;
}

bool catalog_parse(catalog *c, const char *text, size_t len, const char *display,
                   const char *pack_id, pack_diag *d)
{
    pack_jfile f;
    if (!pack_jfile_parse(&f, text, len, display, d)) return false;
    json_t *list = json_object_get(f.root, "antipatterns");
    pack_jpath_step path[3] = {{"antipatterns", 0}, {NULL, 0}, {NULL, 0}};
    if (!json_is_array(list)) {
        pack_jfile_fail(&f, d, path, list ? 1 : 0,
                        "expected \"antipatterns\": a list of anti-patterns");
        pack_jfile_free(&f);
        return false;
    }
    size_t n = json_array_size(list), before = c->count;
    antipattern *items = realloc(c->items, (c->count + n + 1) * sizeof *items);
    if (!items) {
        pack_jfile_free(&f);
        return false;
    }
    c->items = items;
    static const char *const required[] = {"id", "service", "title", "why", "instead"};
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(list, i);
        path[1].index = i;
        const char *bad = NULL;
        if (!json_is_object(o)) {
            pack_jfile_fail(&f, d, path, 2, "each anti-pattern must be an object");
            goto fail;
        }
        for (size_t k = 0; k < 5 && !bad; k++) {
            json_t *v = json_object_get(o, required[k]);
            if (!json_is_string(v) || json_string_length(v) == 0) bad = required[k];
        }
        if (bad) {
            path[2].key = bad;
            pack_jfile_fail(&f, d, path, json_object_get(o, bad) ? 3 : 2,
                            "anti-pattern %zu needs a non-empty string \"%s\"", i + 1, bad);
            goto fail;
        }
        const char *id = json_string_value(json_object_get(o, "id"));
        if (catalog_find(c, id)) {
            path[2].key = "id";
            pack_jfile_fail(&f, d, path, 3, "duplicate anti-pattern id \"%s\"", id);
            goto fail;
        }
        antipattern *a = &c->items[c->count++];
        a->id = strdup(id);
        a->service = strdup(json_string_value(json_object_get(o, "service")));
        a->title = strdup(json_string_value(json_object_get(o, "title")));
        a->why = strdup(json_string_value(json_object_get(o, "why")));
        a->instead = strdup(json_string_value(json_object_get(o, "instead")));
        json_t *topic = json_object_get(o, "topic");
        a->topic = json_is_string(topic) ? strdup(json_string_value(topic)) : NULL;
        a->pack = strdup(pack_id ? pack_id : "");
    }
    pack_jfile_free(&f);
    return true;
fail:
    while (c->count > before)
        antipattern_clear(&c->items[--c->count]);
    pack_jfile_free(&f);
    return false;
}

bool catalog_load(catalog *c, const char *path, const char *display, const char *pack_id,
                  pack_diag *d)
{
    char *text;
    size_t len;
    bool missing;
    if (!pack_read_file(path, display, &text, &len, d, &missing)) return missing;
    bool ok = catalog_parse(c, text, len, display, pack_id, d);
    free(text);
    return ok;
}
