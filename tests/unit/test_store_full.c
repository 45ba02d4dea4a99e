/* The progress store when the disk fills up, without root or a small file
 * system: an SQLite VFS over the real one whose files refuse writes once a
 * budget of bytes is spent, with SQLITE_FULL, as a full disk does. A quiz is
 * run against it with the store as its hook; every answer whose feedback was
 * shown must be in the database afterwards, and the error must name the
 * file and say what to do. */
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

#include "learn/quiz_run.h"
#include "store/store.h"

/* --- a VFS that runs out of room ------------------------------------------ */

typedef struct full_budget {
    sqlite3_vfs *real;
    int64_t left; /* bytes that may still be written; < 0: no limit */
    int refused;  /* writes refused so far */
} full_budget;

typedef struct full_file {
    sqlite3_file base;
    full_budget *budget;
    sqlite3_file *real; /* follows this struct, szOsFile of the real VFS */
} full_file;

#define REAL(f) (((full_file *)(f))->real)

static int ff_close(sqlite3_file *f)
{
    int rc = REAL(f)->pMethods ? REAL(f)->pMethods->xClose(REAL(f)) : SQLITE_OK;
    return rc;
}

static int ff_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
    return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}

static int ff_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
    full_budget *b = ((full_file *)f)->budget;
    if (b->left >= 0) {
        if (b->left < n) {
            b->refused++;
            return SQLITE_FULL;
        }
        b->left -= n;
    }
    return REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}

static int ff_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int ff_sync(sqlite3_file *f, int flags)
{
    return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int ff_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int ff_lock(sqlite3_file *f, int l)
{
    return REAL(f)->pMethods->xLock(REAL(f), l);
}
static int ff_unlock(sqlite3_file *f, int l)
{
    return REAL(f)->pMethods->xUnlock(REAL(f), l);
}

static int ff_reserved(sqlite3_file *f, int *out)
{
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int ff_control(sqlite3_file *f, int op, void *arg)
{
    return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int ff_sector(sqlite3_file *f)
{
    return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int ff_device(sqlite3_file *f)
{
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int ff_shm_map(sqlite3_file *f, int page, int size, int extend, void volatile **out)
{
    return REAL(f)->pMethods->xShmMap(REAL(f), page, size, extend, out);
}

static int ff_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
    return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}

static void ff_shm_barrier(sqlite3_file *f)
{
    REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int ff_shm_unmap(sqlite3_file *f, int del)
{
    return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

/* Version 2 of the methods (no xFetch): SQLite then reads through xRead. */
static const sqlite3_io_methods ff_methods = {
    .iVersion = 2,
    .xClose = ff_close,
    .xRead = ff_read,
    .xWrite = ff_write,
    .xTruncate = ff_truncate,
    .xSync = ff_sync,
    .xFileSize = ff_size,
    .xLock = ff_lock,
    .xUnlock = ff_unlock,
    .xCheckReservedLock = ff_reserved,
    .xFileControl = ff_control,
    .xSectorSize = ff_sector,
    .xDeviceCharacteristics = ff_device,
    .xShmMap = ff_shm_map,
    .xShmLock = ff_shm_lock,
    .xShmBarrier = ff_shm_barrier,
    .xShmUnmap = ff_shm_unmap,
};

static int fv_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
    full_budget *b = vfs->pAppData;
    full_file *ff = (full_file *)f;
    ff->budget = b;
    ff->real = (sqlite3_file *)(ff + 1);
    ff->base.pMethods = NULL;
    int rc = b->real->xOpen(b->real, name, ff->real, flags, out);
    if (rc == SQLITE_OK || ff->real->pMethods) ff->base.pMethods = &ff_methods;
    return rc;
}

static int fv_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
    full_budget *b = vfs->pAppData;
    return b->real->xDelete(b->real, name, sync);
}

static int fv_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    full_budget *b = vfs->pAppData;
    return b->real->xAccess(b->real, name, flags, out);
}

static int fv_full_path(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    full_budget *b = vfs->pAppData;
    return b->real->xFullPathname(b->real, name, n, out);
}

static int fv_random(sqlite3_vfs *vfs, int n, char *out)
{
    full_budget *b = vfs->pAppData;
    return b->real->xRandomness(b->real, n, out);
}

static int fv_sleep(sqlite3_vfs *vfs, int us)
{
    full_budget *b = vfs->pAppData;
    return b->real->xSleep(b->real, us);
}

static int fv_time(sqlite3_vfs *vfs, double *out)
{
    full_budget *b = vfs->pAppData;
    return b->real->xCurrentTime(b->real, out);
}

static int fv_last_error(sqlite3_vfs *vfs, int n, char *out)
{
    full_budget *b = vfs->pAppData;
    return b->real->xGetLastError(b->real, n, out);
}

/* --- the test --------------------------------------------------------------- */

static char tmpdir[256];
static full_budget budget;
static sqlite3_vfs full_vfs;

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/bdw-test-full-XXXXXX");
    if (!mkdtemp(tmpdir)) return -1;
    budget.real = sqlite3_vfs_find(NULL);
    budget.left = -1;
    full_vfs = (sqlite3_vfs){
        .iVersion = 1,
        .szOsFile = (int)sizeof(full_file) + budget.real->szOsFile,
        .mxPathname = budget.real->mxPathname,
        .zName = "bdw-test-full",
        .pAppData = &budget,
        .xOpen = fv_open,
        .xDelete = fv_delete,
        .xAccess = fv_access,
        .xFullPathname = fv_full_path,
        .xDlOpen = NULL,
        .xRandomness = fv_random,
        .xSleep = fv_sleep,
        .xCurrentTime = fv_time,
        .xGetLastError = fv_last_error,
    };
    /* The default VFS, so that store_open uses it unchanged. */
    return sqlite3_vfs_register(&full_vfs, 1) == SQLITE_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sqlite3_vfs_unregister(&full_vfs);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd);
}

typedef struct quiz_log {
    store *db;
    int64_t attempt;
    store_error err;
    char told[64]; /* the verdict of every answer whose feedback was shown, in order */
    int ntold;
} quiz_log;

static bool store_it(void *ud, const quiz_answer *a)
{
    quiz_log *l = ud;
    store_answer ans = {.attempt = l->attempt,
                        .step = a->n,
                        .item_id = a->q->id,
                        .kind = "question",
                        .prompt = a->q->prompt,
                        .answer = a->answer,
                        .verdict = quiz_verdict_name(a->grade->verdict),
                        .points = a->grade->points,
                        .max_points = 1};
    return store_answer_add(l->db, &ans, &l->err);
}

static void told(void *ud, const fe_feedback *fb)
{
    quiz_log *l = ud;
    if (l->ntold < (int)sizeof l->told - 1)
        l->told[l->ntold++] = fb->verdict == FE_CORRECT ? 'c' : 'w';
    l->told[l->ntold] = '\0';
}

/* Answers 1, 2, 1, 2, ...: right and wrong in turn. */
static fe_status alternate(void *ud, const char *p, const char *const *o, size_t n, bool m,
                           bool *picked)
{
    (void)p;
    (void)o;
    (void)m;
    quiz_log *l = ud;
    memset(picked, 0, n * sizeof *picked);
    picked[l->ntold % 2] = true;
    return FE_OK;
}

typedef struct stored {
    char verdicts[64];
    int n;
} stored;

static bool collect(void *ud, const store_answer *a)
{
    stored *s = ud;
    if (s->n < (int)sizeof s->verdicts - 1) s->verdicts[s->n++] = a->verdict[0];
    s->verdicts[s->n] = '\0';
    return true;
}

static void test_a_full_disk_loses_no_answer_that_was_told(void **state)
{
    (void)state;
    char path[400];
    snprintf(path, sizeof path, "%s/progress.db", tmpdir);
    store_error err;
    store *db = store_open(path, &err);
    assert_non_null(db);
    int64_t session = store_session_begin(db, "ann", "test", &err);
    assert_true(session > 0);
    store_attempt at = {.session = session,
                        .kind = "quiz",
                        .pack_id = "core",
                        .pack_version = "0.1.0",
                        .item_id = "quiz:core",
                        .title = "Q",
                        .seed = 1,
                        .mode = "practice"};
    quiz_log l = {.db = db};
    l.attempt = store_attempt_begin(db, &at, &err);
    assert_true(l.attempt > 0);

    question_choice ch[2] = {{"right", true, NULL, NULL}, {"wrong", false, NULL, NULL}};
    question items[40];
    char ids[40][8];
    for (int i = 0; i < 40; i++) {
        snprintf(ids[i], sizeof ids[i], "q%d", i);
        items[i] = (question){0};
        items[i].id = ids[i];
        items[i].prompt = "Which?";
        items[i].type = QUESTION_SINGLE;
        items[i].choices = ch;
        items[i].nchoices = 2;
        items[i].keep_order = true;
    }
    question_bank bank = {items, 40};
    frontend fe = {.ud = &l, .choose = alternate, .feedback = told, .strict = true};
    quiz_config cfg = {.bank = &bank,
                       .count = 40,
                       .seed = 1,
                       .mode = QUIZ_PRACTICE,
                       .fe = &fe,
                       .on_answer = store_it,
                       .ud = &l};
    /* Room for a few answers (each commit writes some WAL frames), not 40. */
    budget.left = 40000;
    quiz_result r;
    assert_int_equal(quiz_run(&cfg, &r), QUIZ_HOOK_FAILED);
    budget.left = -1;
    assert_true(budget.refused > 0);
    assert_true(l.ntold >= 1);
    assert_true(l.ntold < 40);

    /* The error: the file, the full disk, what to do; no SQL. */
    assert_int_equal(l.err.code, STORE_ERR_FULL);
    assert_int_equal(store_error_exit_code(&l.err), EX_IOERR);
    assert_non_null(strstr(l.err.message, path));
    assert_non_null(strstr(l.err.message, "the disk is full"));
    assert_non_null(strstr(l.err.message, "answer again"));
    assert_non_null(strstr(l.err.message, "your earlier answers are safe"));
    assert_null(strstr(l.err.message, "INSERT"));
    assert_null(strstr(l.err.message, "COMMIT"));
    store_close(db);

    /* Everything told is on disk, in order, and nothing more. */
    db = store_open(path, &err);
    assert_non_null(db);
    stored s = {0};
    assert_true(store_each_answer(db, l.attempt, collect, &s, &err));
    assert_int_equal(s.n, l.ntold);
    for (int i = 0; i < l.ntold; i++)
        assert_int_equal(s.verdicts[i], l.told[i]);
    store_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_full_disk_loses_no_answer_that_was_told),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
