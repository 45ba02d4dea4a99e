#include "pack/packset.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void packset_warn(pack_set *s, const pack_diag *d)
{
    pack_diag *w = realloc(s->warnings, (s->nwarnings + 1) * sizeof *w);
    if (!w) return;
    s->warnings = w;
    s->warnings[s->nwarnings++] = *d;
}

static bool is_pack_dir(const char *dir)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/pack.json", dir);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void packset_add(pack_set *s, const char *dir, const char *bdw_version)
{
    pack_diag d = {0};
    pack *p = pack_load(dir, &d);
    if (!p) {
        packset_warn(s, &d);
        return;
    }
    if (bdw_version && p->min_bdw && pack_semver_compare(p->min_bdw, bdw_version) > 0) {
        pack_diag_set(&d, dir, 0, 0, "pack '%s' needs bdw %s or newer (this is %s)", p->id,
                      p->min_bdw, bdw_version);
        packset_warn(s, &d);
        pack_free(p);
        return;
    }
    for (size_t i = 0; i < s->count; i++) {
        if (strcmp(s->packs[i]->id, p->id) == 0) {
            pack_free(s->packs[i]);
            s->packs[i] = p;
            return;
        }
    }
    pack **grown = realloc(s->packs, (s->count + 1) * sizeof *grown);
    if (!grown) {
        pack_free(p);
        return;
    }
    s->packs = grown;
    s->packs[s->count++] = p;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void packset_scan(pack_set *s, const char *dir, const char *bdw_version)
{
    if (is_pack_dir(dir)) {
        packset_add(s, dir, bdw_version);
        return;
    }
    DIR *d = opendir(dir);
    if (!d) return;
    char **subs = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (!is_pack_dir(path)) continue;
        char **grown = realloc(subs, (n + 1) * sizeof *grown);
        if (!grown) break;
        subs = grown;
        subs[n++] = strdup(path);
    }
    closedir(d);
    if (n) qsort(subs, n, sizeof *subs, cmp_str);
    for (size_t i = 0; i < n; i++) {
        packset_add(s, subs[i], bdw_version);
        free(subs[i]);
    }
    free(subs);
}

pack_set *pack_set_open(const char *const *dirs, size_t ndirs, const char *bdw_version)
{
    pack_set *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    for (size_t i = 0; i < ndirs; i++)
        if (dirs[i]) packset_scan(s, dirs[i], bdw_version);
    for (size_t i = 0; i < s->count; i++) {
        pack_diag d = {0};
        if (!pack_load_catalog(s->packs[i], &s->catalog, &d)) packset_warn(s, &d);
    }
    return s;
}

void pack_set_free(pack_set *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->count; i++)
        pack_free(s->packs[i]);
    free(s->packs);
    catalog_free(&s->catalog);
    free(s->warnings);
    free(s);
}

const pack *pack_set_find(const pack_set *s, const char *id_or_folder)
{
    for (size_t i = 0; i < s->count; i++)
        if (strcmp(s->packs[i]->id, id_or_folder) == 0) return s->packs[i];
    for (size_t i = 0; i < s->count; i++)
        if (strcmp(s->packs[i]->folder, id_or_folder) == 0) return s->packs[i];
    return NULL;
}

char *pack_user_dir(void)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    char buf[4096];
    if (xdg && xdg[0] == '/') {
        snprintf(buf, sizeof buf, "%s/bdw/packs", xdg);
        return strdup(buf);
    }
    const char *home = getenv("HOME");
    if (home && home[0] == '/') {
        snprintf(buf, sizeof buf, "%s/.local/share/bdw/packs", home);
        return strdup(buf);
    }
    return NULL;
}
