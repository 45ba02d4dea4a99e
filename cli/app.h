#ifndef CLI_APP_H
#define CLI_APP_H

/* What every subcommand shares: the global options, the packs, the store,
 * and one way to report an error (text on stderr, or JSON on stdout). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "pack/diag.h"
#include "pack/packset.h"
#include "lua/study.h"
#include "store/store.h"

#define APP_MAX_PACK_DIRS 16

typedef struct app {
    const char *argv0;
    const char *db_path;                      /* --db, or NULL for the default */
    const char *pack_dirs[APP_MAX_PACK_DIRS]; /* --packs, in order */
    size_t npack_dirs;
    bool no_color;
    bool json;       /* the subcommand's --json */
    pack_set *packs; /* opened on first use */
    char *user_pack_dir;
    char bundled_dir[4096];
    store *db; /* opened on first use */
    char *db_resolved;
    int64_t session;
} app;

/* A subcommand, tmux style: one file each, one table entry each. */
typedef struct app_cmd {
    const char *name;
    const char *usage;
    const char *summary;
    int (*exec)(app *a, int argc, char **argv);
} app_cmd;

extern const app_cmd cmd_play, cmd_quiz, cmd_script, cmd_pack, cmd_progress, cmd_export, cmd_report,
    cmd_tui;

void app_init(app *a, const char *argv0);
void app_done(app *a);

/* The packs on the search path (bundled, user, --packs). */
pack_set *app_packs(app *a);
/* The progress store, opened and migrated; NULL after reporting an error
 * (*exit_code is set). */
store *app_store(app *a, int *exit_code);
/* The progress store for a command that only reads it: read-only when it
 * cannot be written (store_open_read). NULL with *nothing true (and
 * *exit_code 0) when nothing has been stored yet; NULL otherwise after
 * reporting an error. */
store *app_store_read(app *a, int *exit_code, bool *nothing);
int64_t app_session(app *a, const char *client, int *exit_code);

/* The learner's name: $USER, or "learner". */
const char *app_learner(void);
/* The study context (store, session, learner, catalog) for lua/study.h;
 * call after app_session succeeded. */
study app_study(app *a);

/* Reports an error and returns the exit code, for `return app_fail(...)`.
 * With --json the error goes to stdout as {"error": {...}, "exit": N}. */
int app_fail(app *a, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int app_fail_diag(app *a, int code, const pack_diag *d);
/* Reports a store error with its exit code; with BDW_DEBUG set, SQLite's own
 * text and the statement follow on stderr. */
int app_fail_store(app *a, const store_error *err);
/* Prints a store error's detail on stderr when BDW_DEBUG is set. */
void app_debug_store(const store_error *err);
/* Prints usage for a command (or the whole program) on stderr; returns 64. */
int app_usage(app *a, const app_cmd *cmd);

/* Prints a command's usage on stdout (for --help); returns 0. */
int app_help(app *a, const app_cmd *cmd);

/* A JSON array of the ids in a comma-separated list ("a.b,c.d"). */
json_t *app_json_ids(const char *csv);

/* Parses a non-negative integer option value; false on junk. */
bool app_parse_u64(const char *s, uint64_t *out);
/* A seed from the real clock, for when none is given (printed so a run can
 * be repeated). */
uint64_t app_fresh_seed(void);

#endif
