#include "pack/pack.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pack/input.h"
#include "pack/jsonfile.h"

static char *path_join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s%s%s", a, a[0] && a[strlen(a) - 1] == '/' ? "" : "/", b);
    return s;
}

static void pack_files_free(pack_file *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(f[i].path);
        free(f[i].display);
        free(f[i].stem);
    }
    free(f);
}

void pack_free(pack *p)
{
    if (!p) return;
    free(p->dir);
    free(p->folder);
    free(p->id);
    free(p->title);
    free(p->version);
    free(p->author);
    free(p->license);
    free(p->description);
    free(p->min_bdw);
    pack_files_free(p->scenarios, p->nscenarios);
    pack_files_free(p->banks, p->nbanks);
    pack_manifest_more_free(&p->more);
    free(p->refused);
    free(p);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Notes a file under scenarios/ or questions/ that is not a regular file
 * (stat failed with e, or st says what it is). */
static void pack_refuse(pack *p, const char *display, const char *sub, int e, const struct stat *st)
{
    pack_diag *grown = realloc(p->refused, (p->nrefused + 1) * sizeof *grown);
    if (!grown) return;
    p->refused = grown;
    pack_diag *d = &p->refused[p->nrefused++];
    if (e)
        pack_diag_set(d, display, 0, 0, "cannot be read: %s", strerror(e));
    else
        pack_diag_set(d, display, 0, 0,
                      "is %s, not a regular file: everything in %s/ must be "
                      "a file (it was left out)",
                      pack_input_kind(st->st_mode), sub);
    d->kind = PACK_DIAG_NO_INPUT;
}

/* Lists sub/NAME.ext in name order, so every machine sees the same order. */
static bool pack_list(pack *p, const char *sub, const char *ext, pack_file **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    char *dir = path_join(p->dir, sub);
    if (!dir) return false;
    DIR *d = opendir(dir);
    if (!d) {
        free(dir);
        return true; /* no such folder: no files */
    }
    char **names = NULL;
    size_t count = 0, cap = 0;
    struct dirent *e;
    size_t elen = strlen(ext);
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len <= elen || strcmp(e->d_name + len - elen, ext) != 0)
            continue;
        if (count == cap) {
            cap = cap ? cap * 2 : 16;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown) break;
            names = grown;
        }
        names[count++] = strdup(e->d_name);
    }
    closedir(d);
    if (count) qsort(names, count, sizeof *names, cmp_names);
    *out = calloc(count + 1, sizeof **out);
    for (size_t i = 0; i < count && *out; i++) {
        pack_file *f = &(*out)[*n];
        f->path = path_join(dir, names[i]);
        size_t dn = strlen(p->folder) + strlen(sub) + strlen(names[i]) + 3;
        f->display = malloc(dn);
        if (f->display) snprintf(f->display, dn, "%s/%s/%s", p->folder, sub, names[i]);
        /* Only regular files (or links to them) are the pack's: a FIFO
         * would hang whoever opens it, a folder is not a scenario. They are
         * left out, and lint names them. */
        struct stat st;
        int serr = f->path && stat(f->path, &st) != 0 ? errno : 0;
        if (f->path && f->display && (serr || !S_ISREG(st.st_mode))) {
            pack_refuse(p, f->display, sub, serr, &st);
            free(f->path);
            free(f->display);
            *f = (pack_file){0};
            continue;
        }
        f->stem = strndup(names[i], strlen(names[i]) - elen);
        (*n)++;
    }
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    free(dir);
    return *out != NULL;
}

bool pack_id_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 64 || !(islower((unsigned char)s[0]) || isdigit((unsigned char)s[0])))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(islower(c) || isdigit(c) || c == '.' || c == '-' || c == '_')) return false;
    }
    return true;
}

static bool semver_parts(const char *s, long v[3])
{
    if (!s) return false;
    for (int i = 0; i < 3; i++) {
        if (!isdigit((unsigned char)*s)) return false;
        if (*s == '0' && isdigit((unsigned char)s[1])) return false; /* no leading zeros */
        char *end;
        v[i] = strtol(s, &end, 10);
        s = end;
        if (i < 2) {
            if (*s != '.') return false;
            s++;
        }
    }
    /* A pre-release or build suffix is allowed and ignored when comparing. */
    return *s == '\0' || *s == '-' || *s == '+';
}

bool pack_semver_valid(const char *s)
{
    long v[3];
    return semver_parts(s, v);
}

int pack_semver_compare(const char *a, const char *b)
{
    long x[3] = {0}, y[3] = {0};
    semver_parts(a, x);
    semver_parts(b, y);
    for (int i = 0; i < 3; i++)
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
}

static bool manifest_string(pack_jfile *f, const char *key, bool required, char **out, pack_diag *d)
{
    json_t *v = json_object_get(f->root, key);
    pack_jpath_step path[1] = {{key, 0}};
    if (!v) {
        if (required) pack_jfile_fail(f, d, path, 0, "pack.json needs \"%s\"", key);
        return !required;
    }
    if (!json_is_string(v) || json_string_length(v) == 0) {
        pack_jfile_fail(f, d, path, 1, "\"%s\" must be a non-empty string", key);
        return false;
    }
    *out = strdup(json_string_value(v));
    return *out != NULL;
}

/* Reads the manifest's fields into p. */
static bool pack_read_manifest(pack *p, pack_jfile *f, pack_diag *d)
{
    bool ok = manifest_string(f, "id", true, &p->id, d) &&
              manifest_string(f, "title", true, &p->title, d) &&
              manifest_string(f, "version", true, &p->version, d) &&
              manifest_string(f, "author", false, &p->author, d) &&
              manifest_string(f, "license", false, &p->license, d) &&
              manifest_string(f, "description", false, &p->description, d) &&
              manifest_string(f, "bdw", false, &p->min_bdw, d);
    if (ok && !pack_id_valid(p->id)) {
        pack_jpath_step path[1] = {{"id", 0}};
        pack_jfile_fail(f, d, path, 1,
                        "id \"%s\" must be 1-64 lower-case letters, digits, '.', '-' or '_'",
                        p->id);
        ok = false;
    }
    if (ok && !pack_semver_valid(p->version)) {
        pack_jpath_step path[1] = {{"version", 0}};
        pack_jfile_fail(f, d, path, 1, "version \"%s\" is not MAJOR.MINOR.PATCH", p->version);
        ok = false;
    }
    if (ok && p->min_bdw && !pack_semver_valid(p->min_bdw)) {
        pack_jpath_step path[1] = {{"bdw", 0}};
        pack_jfile_fail(f, d, path, 1,
                        "\"bdw\" (the minimum bdw version) is not MAJOR.MINOR.PATCH");
        ok = false;
    }
    return ok && pack_manifest_more_read(&p->more, f, d);
}

static pack *pack_load_files(pack *p, const char *dir, char *folder, const char *manifest_text,
                             size_t manifest_len, const char *display, pack_diag *d);

/* Puts the pack's files in the order pack.json lists them (unlisted ones
 * after, counted for lint); a listed file that does not exist is an error at
 * its place in the list. */
static bool pack_follow_list(pack *p, const char *key, char **list, size_t nlist, pack_file *files,
                             size_t nfiles, size_t *unlisted, const char *text, size_t len,
                             const char *display, pack_diag *d)
{
    (void)p;
    *unlisted = 0;
    if (!list) return true;
    size_t placed = 0;
    for (size_t i = 0; i < nlist; i++) {
        size_t k = placed;
        while (k < nfiles && strcmp(files[k].stem, list[i]) != 0)
            k++;
        if (k == nfiles) {
            pack_jfile f;
            if (pack_jfile_parse(&f, text, len, display, d)) {
                pack_jpath_step path[2] = {{key, 0}, {NULL, i}};
                pack_jfile_fail(&f, d, path, 2,
                                "%s/%s%s is listed, but there is no such file (or it is listed "
                                "twice)",
                                key, list[i], strcmp(key, "scenarios") == 0 ? ".lua" : ".json");
                pack_jfile_free(&f);
            }
            return false;
        }
        pack_file t = files[placed];
        files[placed] = files[k];
        files[k] = t;
        placed++;
    }
    *unlisted = nfiles - placed;
    return true;
}

pack *pack_parse_manifest(const char *text, size_t len, const char *display, pack_diag *d)
{
    pack *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    pack_jfile f;
    bool ok = pack_jfile_parse(&f, text, len, display, d);
    if (ok) {
        ok = pack_read_manifest(p, &f, d);
        pack_jfile_free(&f);
    }
    if (!ok) {
        pack_free(p);
        return NULL;
    }
    return p;
}

pack *pack_load(const char *dir, pack_diag *d)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    const char *base = dir;
    for (size_t i = 0; i < n; i++)
        if (dir[i] == '/' && i + 1 < n) base = dir + i + 1;
    char *folder = strndup(base, (size_t)(dir + n - base));
    char *manifest = path_join(dir, "pack.json");
    char display[600];
    snprintf(display, sizeof display, "%s/pack.json", folder ? folder : "?");
    char *text = NULL;
    size_t len = 0;
    pack *p = NULL;
    if (folder && manifest && pack_read_file(manifest, display, &text, &len, d, NULL))
        p = pack_parse_manifest(text, len, display, d);
    free(manifest);
    if (!p) {
        free(text);
        free(folder);
        return NULL;
    }
    p = pack_load_files(p, dir, folder, text, len, display, d);
    free(text);
    return p;
}

static pack *pack_load_files(pack *p, const char *dir, char *folder, const char *manifest_text,
                             size_t manifest_len, const char *display, pack_diag *d)
{
    p->dir = strdup(dir);
    p->folder = folder;
    if (!pack_list(p, "scenarios", ".lua", &p->scenarios, &p->nscenarios) ||
        !pack_list(p, "questions", ".json", &p->banks, &p->nbanks)) {
        pack_diag_set(d, display, 0, 0, "out of memory listing the pack's files");
        pack_free(p);
        return NULL;
    }
    if (!pack_follow_list(p, "scenarios", p->more.scenario_list, p->more.nscenario_list,
                          p->scenarios, p->nscenarios, &p->nunlisted_scenarios, manifest_text,
                          manifest_len, display, d) ||
        !pack_follow_list(p, "questions", p->more.bank_list, p->more.nbank_list, p->banks,
                          p->nbanks, &p->nunlisted_banks, manifest_text, manifest_len, display,
                          d)) {
        pack_free(p);
        return NULL;
    }
    return p;
}

const pack_file *pack_find_scenario(const pack *p, const char *stem)
{
    for (size_t i = 0; i < p->nscenarios; i++)
        if (strcmp(p->scenarios[i].stem, stem) == 0) return &p->scenarios[i];
    return NULL;
}

bool pack_load_questions(const pack *p, question_bank *bank, pack_diag *d)
{
    for (size_t i = 0; i < p->nbanks; i++)
        if (!question_bank_load(bank, p->banks[i].path, p->banks[i].display, d)) return false;
    return true;
}

bool pack_load_catalog(const pack *p, catalog *c, pack_diag *d)
{
    char *path = path_join(p->dir, "antipatterns.json");
    char display[600];
    snprintf(display, sizeof display, "%s/antipatterns.json", p->folder);
    bool ok = path && catalog_load(c, path, display, p->id, d);
    free(path);
    return ok;
}
