/* The progress store: migrations, what survives a reopen, and refusing what
 * it cannot safely use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store/store.h"

static char tmpdir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/bdw-test-store-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "chmod -R u+w '%s'; rm -rf '%s'", tmpdir, tmpdir);
    return system(cmd);
}

static char *path_in(const char *name)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static int64_t add_attempt(store *s, int64_t session, const char *item)
{
    store_error err;
    store_attempt a = {.session = session,
                       .kind = "scenario",
                       .pack_id = "core",
                       .pack_version = "0.1.0",
                       .item_id = item,
                       .title = "T",
                       .seed = 7};
    int64_t id = store_attempt_begin(s, &a, &err);
    assert_true(id > 0);
    return id;
}

static void add_answer(store *s, int64_t attempt, int step, const char *answer)
{
    store_error err;
    store_answer ans = {.attempt = attempt,
                        .step = step,
                        .item_id = "q",
                        .kind = "choose",
                        .prompt = "p",
                        .answer = answer,
                        .verdict = "correct",
                        .points = 1,
                        .max_points = 1,
                        .antipatterns = "a.b"};
    assert_true(store_answer_add(s, &ans, &err));
}

static bool count_answers(void *ud, const store_answer *a)
{
    (void)a;
    (*(int *)ud)++;
    return true;
}

static bool count_attempts(void *ud, const store_attempt *a)
{
    (void)a;
    (*(int *)ud)++;
    return true;
}

static void test_new_store_is_created_with_folders_and_schema(void **state)
{
    (void)state;
    store_error err;
    store *s = store_open(path_in("deep/er/progress.db"), &err);
    assert_non_null(s);
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    store_close(s);
    struct stat st;
    assert_int_equal(stat(path_in("deep/er/progress.db"), &st), 0);
}

static void test_answers_survive_reopen(void **state)
{
    (void)state;
    store_error err;
    const char *p = path_in("reopen.db");
    store *s = store_open(p, &err);
    assert_non_null(s);
    int64_t session = store_session_begin(s, "ann", "test", &err);
    assert_true(session > 0);
    int64_t a = add_attempt(s, session, "x");
    add_answer(s, a, 1, "2");
    add_answer(s, a, 2, "1+3");
    assert_true(store_attempt_finish(s, a, "completed", 2, 2, &err));
    store_close(s);

    s = store_open(p, &err);
    assert_non_null(s);
    int n = 0;
    assert_true(store_each_answer(s, a, count_answers, &n, &err));
    assert_int_equal(n, 2);
    int attempts = 0;
    assert_true(store_each_attempt(s, count_attempts, &attempts, &err));
    assert_int_equal(attempts, 1);
    store_close(s);
}

static void test_same_step_twice_is_refused(void **state)
{
    (void)state;
    store_error err;
    store *s = store_open(path_in("dupstep.db"), &err);
    int64_t session = store_session_begin(s, "ann", "test", &err);
    int64_t a = add_attempt(s, session, "x");
    add_answer(s, a, 1, "2");
    store_answer again = {.attempt = a,
                          .step = 1,
                          .item_id = "q",
                          .kind = "choose",
                          .prompt = "p",
                          .answer = "3",
                          .verdict = "wrong"};
    assert_false(store_answer_add(s, &again, &err));
    /* The statement is for the debug log; the person reads the file's name
     * and no SQL. */
    assert_non_null(strstr(err.detail, "INSERT INTO answers"));
    assert_non_null(strstr(err.message, path_in("dupstep.db")));
    assert_null(strstr(err.message, "INSERT"));
    assert_int_equal(err.code, STORE_ERR_INTERNAL);
    store_close(s);
}

static bool seed_of(void *ud, const store_attempt *a)
{
    *(int64_t *)ud = a->seed;
    return true;
}

static void test_open_attempt_is_found_for_resume(void **state)
{
    (void)state;
    store_error err;
    store *s = store_open(path_in("resume.db"), &err);
    int64_t session = store_session_begin(s, "ann", "test", &err);
    int64_t done = add_attempt(s, session, "x");
    assert_true(store_attempt_finish(s, done, "completed", 1, 1, &err));
    int64_t open = add_attempt(s, session, "x");
    int64_t seed = 0;
    assert_int_equal(store_open_attempt(s, "scenario", "core", "x", seed_of, &seed, &err), open);
    assert_int_equal(seed, 7);
    assert_int_equal(store_open_attempt(s, "scenario", "core", "other", NULL, NULL, &err), 0);
    store_close(s);
}

static void test_newer_schema_is_refused_with_a_clear_message(void **state)
{
    (void)state;
    store_error err;
    const char *p = path_in("newer.db");
    store *s = store_open(p, &err);
    assert_non_null(s);
    store_close(s);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    s = store_open(p, &err);
    assert_null(s);
    assert_int_equal(err.code, STORE_ERR_NEWER);
    assert_non_null(strstr(err.message, "newer bdw"));
    assert_non_null(strstr(err.message, "schema 99"));
    assert_int_equal(store_error_exit_code(&err), EX_DATAERR);
}

static void test_garbage_file_is_not_a_database(void **state)
{
    (void)state;
    const char *p = path_in("garbage.db");
    FILE *f = fopen(p, "wb");
    for (int i = 0; i < 4096; i++)
        fputc("not a database"[i % 14], f);
    fclose(f);
    store_error err;
    store *s = store_open(p, &err);
    assert_null(s);
    assert_int_equal(err.code, STORE_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "not a bdw progress database"));
    assert_int_equal(store_error_exit_code(&err), EX_DATAERR);
    /* Nothing was overwritten. */
    f = fopen(p, "rb");
    char head[14];
    assert_int_equal(fread(head, 1, 14, f), 14);
    fclose(f);
    assert_memory_equal(head, "not a database", 14);
}

static void test_read_only_folder_cannot_create(void **state)
{
    (void)state;
    if (geteuid() == 0) skip(); /* root writes anywhere */
    const char *dir = path_in("ro");
    mkdir(dir, 0500);
    store_error err;
    store *s = store_open(path_in("ro/progress.db"), &err);
    assert_null(s);
    assert_int_equal(store_error_exit_code(&err), EX_CANTCREAT);
}

static void test_folder_that_is_a_file_cannot_create(void **state)
{
    (void)state;
    FILE *f = fopen(path_in("plainfile"), "w");
    fclose(f);
    store_error err;
    store *s = store_open(path_in("plainfile/progress.db"), &err);
    assert_null(s);
    assert_int_equal(store_error_exit_code(&err), EX_CANTCREAT);
    assert_non_null(strstr(err.message, "plainfile"));
}

/* What a database written by bdw 0.1 (schema 1) looks like: a fixture, so the
 * migration to schema 2 is tested on real old data. */
static const char *const schema1 =
    "CREATE TABLE learners(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    " created_at INTEGER NOT NULL);"
    "CREATE TABLE sessions(id INTEGER PRIMARY KEY, learner_id INTEGER NOT NULL REFERENCES"
    " learners(id), client TEXT NOT NULL, started_at INTEGER NOT NULL, ended_at INTEGER);"
    "CREATE TABLE attempts(id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES"
    " sessions(id), kind TEXT NOT NULL CHECK (kind IN ('scenario', 'quiz')), pack_id TEXT NOT"
    " NULL, pack_version TEXT, item_id TEXT NOT NULL, title TEXT, seed INTEGER NOT NULL, mode"
    " TEXT, status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed', 'quit',"
    " 'failed')), score REAL NOT NULL DEFAULT 0, max_score REAL NOT NULL DEFAULT 0, started_at"
    " INTEGER NOT NULL, finished_at INTEGER);"
    "CREATE INDEX attempts_item ON attempts(pack_id, item_id);"
    "CREATE TABLE answers(id INTEGER PRIMARY KEY, attempt_id INTEGER NOT NULL REFERENCES"
    " attempts(id), step INTEGER NOT NULL, item_id TEXT NOT NULL, kind TEXT NOT NULL, prompt"
    " TEXT, answer TEXT NOT NULL, verdict TEXT NOT NULL CHECK (verdict IN ('correct', 'partial',"
    " 'wrong', 'unscored')), points REAL NOT NULL, max_points REAL NOT NULL, antipatterns TEXT"
    " NOT NULL DEFAULT '', answered_at INTEGER NOT NULL, UNIQUE (attempt_id, step));"
    "CREATE INDEX answers_item ON answers(item_id);"
    "INSERT INTO learners VALUES (1, 'ann', 0);"
    "INSERT INTO sessions VALUES (1, 1, 'cli', 0, NULL);"
    "INSERT INTO attempts VALUES (1, 1, 'quiz', 'core', '0.1.0', 'quiz:core', 'Q', 5, 'exam',"
    " 'completed', 1, 1, 0, 1);"
    "INSERT INTO answers VALUES (1, 1, 1, 'q1', 'question', 'P', '2', 'correct', 1, 1, '', 0);"
    "PRAGMA user_version = 1;";

static void make_schema1(const char *path, const char *extra)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, schema1, NULL, NULL, NULL), SQLITE_OK);
    if (extra) assert_int_equal(sqlite3_exec(db, extra, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void test_schema1_database_migrates_keeping_its_answers(void **state)
{
    (void)state;
    const char *p = path_in("v1.db");
    make_schema1(p, NULL);
    store_error err;
    store *s = store_open(p, &err);
    assert_non_null(s);
    assert_int_equal(store_schema_version(s), 2);
    int n = 0;
    assert_true(store_each_answer(s, 1, count_answers, &n, &err));
    assert_int_equal(n, 1);
    bool found;
    assert_true(store_review_get(s, "ann", "core", "q1", NULL, NULL, &found, &err));
    assert_false(found);
    store_close(s);
}

static void test_migration_failing_half_way_changes_nothing(void **state)
{
    (void)state;
    const char *p = path_in("v1-broken.db");
    /* A table in the way makes migration 2 fail after its ALTERs ran. */
    make_schema1(p, "CREATE TABLE reviews(x);");
    store_error err;
    assert_null(store_open(p, &err));
    assert_non_null(strstr(err.message, "reviews"));
    sqlite3 *db;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 1);
    sqlite3_finalize(q);
    /* The ALTER TABLE of the failed migration was rolled back too. */
    assert_int_not_equal(sqlite3_exec(db, "SELECT content_hash FROM answers", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "SELECT answer FROM answers", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void test_review_rows_round_trip(void **state)
{
    (void)state;
    store_error err;
    store *s = store_open(path_in("reviews.db"), &err);
    assert_true(store_session_begin(s, "ann", "test", &err) > 0);
    store_review r = {.pack_id = "core",
                      .item_id = "q1",
                      .kind = "question",
                      .topic = "t",
                      .due_at = 1000,
                      .interval_days = 2.5,
                      .reps = 3,
                      .lapses = 1,
                      .last_verdict = "correct"};
    assert_true(store_review_put(s, "ann", &r, &err));
    r.due_at = 5000;
    r.item_id = "q2";
    assert_true(store_review_put(s, "ann", &r, &err));
    int64_t due = 0;
    int n = 0;
    assert_true(store_each_review(s, "ann", 2000, (store_review_cb)count_answers, &n, &err));
    assert_int_equal(n, 1);
    (void)due;
    r.item_id = "q1";
    r.due_at = 9000;
    assert_true(store_review_put(s, "ann", &r, &err)); /* an update, not a second row */
    n = 0;
    assert_true(store_each_review(s, "ann", INT64_MAX, (store_review_cb)count_answers, &n, &err));
    assert_int_equal(n, 2);
    store_close(s);
}

static bool exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

/* A database with one attempt of two answers, closed cleanly (no -wal). */
static void make_store_with_answers(const char *p)
{
    store_error err;
    store *s = store_open(p, &err);
    assert_non_null(s);
    int64_t session = store_session_begin(s, "ann", "test", &err);
    int64_t a = add_attempt(s, session, "x");
    add_answer(s, a, 1, "2");
    add_answer(s, a, 2, "1+3");
    store_close(s);
}

static void test_read_only_open_reads_and_creates_nothing(void **state)
{
    (void)state;
    const char *p = path_in("ro-read.db");
    make_store_with_answers(p);
    char wal[600], shm[600];
    snprintf(wal, sizeof wal, "%s-wal", p);
    snprintf(shm, sizeof shm, "%s-shm", p);
    assert_false(exists(wal));
    struct stat before, after;
    assert_int_equal(stat(p, &before), 0);
    store_error err;
    store *s = store_open_readonly(p, &err);
    assert_non_null(s);
    assert_true(store_is_read_only(s));
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    int n = 0;
    assert_true(store_each_answer(s, 0, count_answers, &n, &err));
    assert_int_equal(n, 2);
    /* A write is refused with the file's name, not carried out. */
    assert_int_equal(store_session_begin(s, "bob", "test", &err), 0);
    assert_int_equal(err.code, STORE_ERR_READONLY);
    assert_non_null(strstr(err.message, p));
    assert_non_null(strstr(err.message, "read-only"));
    assert_int_equal(store_error_exit_code(&err), EX_CANTCREAT);
    store_close(s);
    /* No -wal or -shm was made beside it, and the file is as it was. */
    assert_false(exists(wal));
    assert_false(exists(shm));
    assert_int_equal(stat(p, &after), 0);
    assert_int_equal(after.st_size, before.st_size);
    assert_int_equal(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
    assert_int_equal(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
}

static void test_read_only_open_asks_for_an_upgrade_of_an_older_schema(void **state)
{
    (void)state;
    const char *p = path_in("ro-v1.db");
    make_schema1(p, NULL);
    store_error err;
    assert_null(store_open_readonly(p, &err));
    assert_int_equal(err.code, STORE_ERR_OLDER);
    assert_int_equal(store_error_exit_code(&err), EX_CANTCREAT);
    assert_non_null(strstr(err.message, p));
    assert_non_null(strstr(err.message, "older bdw"));
    assert_non_null(strstr(err.message, "schema 1"));
    assert_non_null(strstr(err.message, "bdw quiz"));
    /* Not migrated. */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "SELECT content_hash FROM answers", NULL, NULL, NULL),
                         SQLITE_OK);
    sqlite3_close(db);
}

static void test_read_only_open_of_nothing_is_not_found_and_makes_nothing(void **state)
{
    (void)state;
    const char *p = path_in("none/progress.db");
    store_error err;
    assert_null(store_open_readonly(p, &err));
    assert_int_equal(err.code, STORE_ERR_NOTFOUND);
    assert_false(exists(path_in("none")));
    /* An empty file is nothing stored yet too. */
    FILE *f = fopen(path_in("empty.db"), "w");
    fclose(f);
    assert_null(store_open_readonly(path_in("empty.db"), &err));
    assert_int_equal(err.code, STORE_ERR_NOTFOUND);
}

static void test_open_read_of_a_read_only_file_reads_it_read_only(void **state)
{
    (void)state;
    if (geteuid() == 0) skip(); /* root writes anywhere; the headless test drops to nobody */
    const char *p = path_in("ro-file.db");
    make_store_with_answers(p);
    chmod(p, 0444);
    store_error err;
    /* A write open refuses it before SQLite touches it... */
    assert_null(store_open(p, &err));
    assert_int_equal(err.code, STORE_ERR_READONLY);
    assert_non_null(strstr(err.message, "check its permissions or use --db"));
    /* ...and a read open reads it. */
    store *s = store_open_read(p, &err);
    assert_non_null(s);
    assert_true(store_is_read_only(s));
    int n = 0;
    assert_true(store_each_answer(s, 0, count_answers, &n, &err));
    assert_int_equal(n, 2);
    store_close(s);
    char wal[600];
    snprintf(wal, sizeof wal, "%s-wal", p);
    assert_false(exists(wal));
}

static void test_open_read_of_a_missing_database_creates_it_as_before(void **state)
{
    (void)state;
    const char *p = path_in("new/progress.db");
    store_error err;
    store *s = store_open_read(p, &err);
    assert_non_null(s);
    assert_false(store_is_read_only(s));
    store_close(s);
    assert_true(exists(p));
}

static void test_a_fifo_or_folder_is_not_a_database(void **state)
{
    (void)state;
    const char *fifo = path_in("fifo.db");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    store_error err;
    /* Refused without opening it: opening a FIFO would wait for a writer. */
    assert_null(store_open(fifo, &err));
    assert_int_equal(err.code, STORE_ERR_NOTFILE);
    assert_int_equal(store_error_exit_code(&err), EX_NOINPUT);
    assert_non_null(strstr(err.message, fifo));
    assert_non_null(strstr(err.message, "a FIFO"));
    assert_null(store_open_read(fifo, &err));
    assert_int_equal(err.code, STORE_ERR_NOTFILE);
    assert_null(store_open_readonly(tmpdir, &err));
    assert_int_equal(err.code, STORE_ERR_NOTFILE);
    assert_non_null(strstr(err.message, "a folder"));
}

static void test_messages_name_the_file_and_say_what_to_do(void **state)
{
    (void)state;
    const char *p = path_in("busy.db");
    make_store_with_answers(p);
    /* Another connection holds the write lock past the busy timeout. */
    sqlite3 *other;
    assert_int_equal(sqlite3_open(p, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    store_error err;
    store *s = store_open(p, &err);
    assert_null(s); /* its migration check needs the lock */
    assert_int_equal(err.code, STORE_ERR_BUSY);
    assert_int_equal(store_error_exit_code(&err), EX_TEMPFAIL);
    char want[700];
    snprintf(want, sizeof want, "%s: the database is busy (another bdw is writing); try again", p);
    assert_string_equal(err.message, want);
    assert_non_null(strstr(err.detail, "BEGIN IMMEDIATE"));
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
}

static void test_missing_path_is_explained(void **state)
{
    (void)state;
    store_error err;
    assert_null(store_open(NULL, &err));
    assert_non_null(strstr(err.message, "--db"));
}

static void test_default_path_follows_xdg(void **state)
{
    (void)state;
    setenv("XDG_DATA_HOME", "/x/data", 1);
    char *p = store_default_path();
    assert_string_equal(p, "/x/data/bdw/progress.db");
    free(p);
    setenv("XDG_DATA_HOME", "relative/dir", 1);
    setenv("HOME", "/home/ann", 1);
    p = store_default_path();
    assert_string_equal(p, "/home/ann/.local/share/bdw/progress.db");
    free(p);
    unsetenv("XDG_DATA_HOME");
    unsetenv("HOME");
    assert_null(store_default_path());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_store_is_created_with_folders_and_schema),
        cmocka_unit_test(test_answers_survive_reopen),
        cmocka_unit_test(test_same_step_twice_is_refused),
        cmocka_unit_test(test_open_attempt_is_found_for_resume),
        cmocka_unit_test(test_newer_schema_is_refused_with_a_clear_message),
        cmocka_unit_test(test_garbage_file_is_not_a_database),
        cmocka_unit_test(test_read_only_folder_cannot_create),
        cmocka_unit_test(test_folder_that_is_a_file_cannot_create),
        cmocka_unit_test(test_schema1_database_migrates_keeping_its_answers),
        cmocka_unit_test(test_migration_failing_half_way_changes_nothing),
        cmocka_unit_test(test_review_rows_round_trip),
        cmocka_unit_test(test_read_only_open_reads_and_creates_nothing),
        cmocka_unit_test(test_read_only_open_asks_for_an_upgrade_of_an_older_schema),
        cmocka_unit_test(test_read_only_open_of_nothing_is_not_found_and_makes_nothing),
        cmocka_unit_test(test_open_read_of_a_read_only_file_reads_it_read_only),
        cmocka_unit_test(test_open_read_of_a_missing_database_creates_it_as_before),
        cmocka_unit_test(test_a_fifo_or_folder_is_not_a_database),
        cmocka_unit_test(test_messages_name_the_file_and_say_what_to_do),
        cmocka_unit_test(test_missing_path_is_explained),
        cmocka_unit_test(test_default_path_follows_xdg),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
