#include "cli/app.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

/* The bundled packs: beside an installed binary (../share/bdw/packs), else
 * the source tree this binary was built from. */
static void app_find_bundled(app *a)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    struct stat st;
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char guess[4200];
            snprintf(guess, sizeof guess, "%s/../share/bdw/packs", exe);
            /* realpath: messages and `pack list` show a clean path. */
            if (stat(guess, &st) == 0 && S_ISDIR(st.st_mode) && realpath(guess, a->bundled_dir))
                return;
        }
    }
    snprintf(a->bundled_dir, sizeof a->bundled_dir, "%s",
             stat(BDW_SOURCE_PACKS, &st) == 0 ? BDW_SOURCE_PACKS : BDW_INSTALL_PACKS);
}

void app_init(app *a, const char *argv0)
{
    memset(a, 0, sizeof *a);
    a->argv0 = argv0;
    app_find_bundled(a);
}

void app_done(app *a)
{
    if (a->db && a->session) store_session_end(a->db, a->session, NULL);
    store_close(a->db);
    pack_set_free(a->packs);
    free(a->user_pack_dir);
    free(a->db_resolved);
}

pack_set *app_packs(app *a)
{
    if (a->packs) return a->packs;
    const char *dirs[APP_MAX_PACK_DIRS + 2];
    size_t n = 0;
    dirs[n++] = a->bundled_dir;
    a->user_pack_dir = pack_user_dir();
    if (a->user_pack_dir) dirs[n++] = a->user_pack_dir;
    for (size_t i = 0; i < a->npack_dirs; i++)
        dirs[n++] = a->pack_dirs[i];
    a->packs = pack_set_open(dirs, n, BDW_VERSION);
    if (a->packs) {
        for (size_t i = 0; i < a->packs->nwarnings; i++) {
            char msg[1200];
            pack_diag_format(&a->packs->warnings[i], msg, sizeof msg);
            fprintf(stderr, "bdw: warning: skipped a pack: %s\n", msg);
        }
    }
    return a->packs;
}

store *app_store(app *a, int *exit_code)
{
    if (a->db) return a->db;
    if (!a->db_resolved) a->db_resolved = a->db_path ? strdup(a->db_path) : store_default_path();
    store_error err;
    a->db = store_open(a->db_resolved, &err);
    if (!a->db) *exit_code = app_fail_store(a, &err);
    return a->db;
}

store *app_store_read(app *a, int *exit_code, bool *nothing)
{
    *nothing = false;
    if (a->db) return a->db;
    if (!a->db_resolved) a->db_resolved = a->db_path ? strdup(a->db_path) : store_default_path();
    store_error err;
    a->db = store_open_read(a->db_resolved, &err);
    if (!a->db && err.code == STORE_ERR_NOTFOUND) {
        *nothing = true;
        *exit_code = 0;
    } else if (!a->db) {
        *exit_code = app_fail_store(a, &err);
    }
    return a->db;
}

const char *app_learner(void)
{
    const char *user = getenv("USER");
    return user && *user ? user : "learner";
}

study app_study(app *a)
{
    pack_set *set = app_packs(a);
    return (study){.db = a->db,
                   .session = a->session,
                   .learner = app_learner(),
                   .catalog = set ? &set->catalog : NULL};
}

int64_t app_session(app *a, const char *client, int *exit_code)
{
    if (a->session) return a->session;
    store *s = app_store(a, exit_code);
    if (!s) return 0;
    store_error err;
    a->session = store_session_begin(s, app_learner(), client, &err);
    if (!a->session) *exit_code = app_fail_store(a, &err);
    return a->session;
}

static int app_report(app *a, int code, const char *msg, const pack_diag *d)
{
    if (a->json) {
        json_t *e = json_pack("{s:s}", "message", msg);
        if (d && d->file[0]) json_object_set_new(e, "file", json_string(d->file));
        if (d && d->line) json_object_set_new(e, "line", json_integer(d->line));
        if (d && d->column) json_object_set_new(e, "column", json_integer(d->column));
        json_t *root = json_pack("{s:o,s:i}", "error", e, "exit", code);
        json_dumpf(root, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
        fputc('\n', stdout);
        json_decref(root);
    }
    fprintf(stderr, "bdw: %s\n", msg);
    return code;
}

int app_fail(app *a, int code, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return app_report(a, code, msg, NULL);
}

int app_fail_diag(app *a, int code, const pack_diag *d)
{
    char msg[1200];
    pack_diag_format(d, msg, sizeof msg);
    return app_report(a, code, msg, d);
}

void app_debug_store(const store_error *err)
{
    const char *debug = getenv("BDW_DEBUG");
    if (debug && *debug && err->detail[0]) fprintf(stderr, "bdw: debug: %s\n", err->detail);
}

int app_fail_store(app *a, const store_error *err)
{
    int code = app_fail(a, store_error_exit_code(err), "%s", err->message);
    app_debug_store(err);
    return code;
}

json_t *app_json_ids(const char *csv)
{
    json_t *arr = json_array();
    char ids[1024];
    snprintf(ids, sizeof ids, "%s", csv ? csv : "");
    char *save = NULL;
    for (char *t = strtok_r(ids, ",", &save); t; t = strtok_r(NULL, ",", &save))
        json_array_append_new(arr, json_string(t));
    return arr;
}

bool app_parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-') return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) return false;
    *out = v;
    return true;
}

uint64_t app_fresh_seed(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    /* Small enough to type back in, and safe as a Lua integer and in JSON. */
    return ((uint64_t)ts.tv_sec * 1000003u + (uint64_t)ts.tv_nsec / 1000u) % 1000000000u;
}
