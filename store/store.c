#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/db.h"
#include "store/store_int.h"

int64_t store_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Runs one prepared write in its own IMMEDIATE transaction. */
static bool store_write(store *s, db_stmt *q, store_error *err)
{
    if (!db_begin(s->d, err)) return false;
    if (db_step(q, err) < 0 || !db_commit(s->d, err)) {
        db_rollback(s->d);
        return false;
    }
    return true;
}

int64_t store_session_begin(store *s, const char *learner, const char *client, store_error *err)
{
    int64_t now = store_now_ms(), id = 0;
    if (!db_begin(s->d, err)) return 0;
    db_stmt *q = db_prepare(s->d,
                            "INSERT INTO learners(name, created_at) VALUES (:name, :now)"
                            " ON CONFLICT(name) DO NOTHING",
                            err);
    bool ok = q && db_bind_text(q, ":name", learner, err) && db_bind_int(q, ":now", now, err) &&
              db_step(q, err) >= 0;
    db_finalize(q);
    q = ok ? db_prepare(s->d,
                        "INSERT INTO sessions(learner_id, client, started_at)"
                        " SELECT id, :client, :now FROM learners WHERE name = :name",
                        err)
           : NULL;
    ok = q && db_bind_text(q, ":client", client, err) && db_bind_int(q, ":now", now, err) &&
         db_bind_text(q, ":name", learner, err) && db_step(q, err) >= 0;
    db_finalize(q);
    if (ok) id = db_last_rowid(s->d);
    if (!ok || !db_commit(s->d, err)) {
        db_rollback(s->d);
        return 0;
    }
    return id;
}

bool store_session_end(store *s, int64_t session, store_error *err)
{
    db_stmt *q = db_prepare(s->d, "UPDATE sessions SET ended_at = :now WHERE id = :id", err);
    bool ok = q && db_bind_int(q, ":now", store_now_ms(), err) &&
              db_bind_int(q, ":id", session, err) && store_write(s, q, err);
    db_finalize(q);
    return ok;
}

int64_t store_attempt_begin(store *s, const store_attempt *a, store_error *err)
{
    db_stmt *q = db_prepare(
        s->d,
        "INSERT INTO attempts(session_id, kind, pack_id, pack_version, item_id, title, seed,"
        " mode, started_at, content_hash) VALUES (:session, :kind, :pack, :version, :item,"
        " :title, :seed, :mode, :now, :hash)",
        err);
    bool ok = q && db_bind_int(q, ":session", a->session, err) &&
              db_bind_text(q, ":kind", a->kind, err) && db_bind_text(q, ":pack", a->pack_id, err) &&
              db_bind_text(q, ":version", a->pack_version, err) &&
              db_bind_text(q, ":item", a->item_id, err) &&
              db_bind_text(q, ":title", a->title, err) && db_bind_int(q, ":seed", a->seed, err) &&
              db_bind_text(q, ":mode", a->mode, err) &&
              db_bind_int(q, ":now", store_now_ms(), err) &&
              db_bind_text(q, ":hash", a->content_hash ? a->content_hash : "", err) &&
              store_write(s, q, err);
    db_finalize(q);
    return ok ? db_last_rowid(s->d) : 0;
}

bool store_attempt_finish(store *s, int64_t attempt, const char *status, double score,
                          double max_score, store_error *err)
{
    db_stmt *q = db_prepare(s->d,
                            "UPDATE attempts SET status = :status, score = :score,"
                            " max_score = :max, finished_at = :now WHERE id = :id",
                            err);
    bool ok =
        q && db_bind_text(q, ":status", status, err) && db_bind_double(q, ":score", score, err) &&
        db_bind_double(q, ":max", max_score, err) && db_bind_int(q, ":now", store_now_ms(), err) &&
        db_bind_int(q, ":id", attempt, err) && store_write(s, q, err);
    db_finalize(q);
    return ok;
}

bool store_answer_add(store *s, const store_answer *a, store_error *err)
{
    /* A failed write tells the learner to answer again. */
    db_set_retry(s->d, "answer again");
    db_stmt *q = db_prepare(
        s->d,
        "INSERT INTO answers(attempt_id, step, item_id, kind, prompt, answer, verdict, points,"
        " max_points, antipatterns, answered_at, content_hash, topic) VALUES (:attempt, :step,"
        " :item, :kind, :prompt, :answer, :verdict, :points, :max, :anti, :now, :hash, :topic)",
        err);
    bool ok =
        q && db_bind_int(q, ":attempt", a->attempt, err) && db_bind_int(q, ":step", a->step, err) &&
        db_bind_text(q, ":item", a->item_id, err) && db_bind_text(q, ":kind", a->kind, err) &&
        db_bind_text(q, ":prompt", a->prompt, err) && db_bind_text(q, ":answer", a->answer, err) &&
        db_bind_text(q, ":verdict", a->verdict, err) &&
        db_bind_double(q, ":points", a->points, err) &&
        db_bind_double(q, ":max", a->max_points, err) &&
        db_bind_text(q, ":anti", a->antipatterns ? a->antipatterns : "", err) &&
        db_bind_int(q, ":now", store_now_ms(), err) &&
        db_bind_text(q, ":hash", a->content_hash ? a->content_hash : "", err) &&
        db_bind_text(q, ":topic", a->topic ? a->topic : "", err) && store_write(s, q, err);
    db_finalize(q);
    db_set_retry(s->d, NULL);
    return ok;
}

static const char store_attempt_cols[] =
    "SELECT a.id, a.session_id, a.kind, a.pack_id, a.pack_version, a.item_id, a.title, a.seed,"
    " a.mode, a.status, a.score, a.max_score, a.started_at, COALESCE(a.finished_at, 0),"
    " (SELECT COUNT(*) FROM answers n WHERE n.attempt_id = a.id), a.content_hash,"
    " (SELECT l.name FROM sessions s JOIN learners l ON l.id = s.learner_id"
    "  WHERE s.id = a.session_id) FROM attempts a";

static void store_row_attempt(db_stmt *q, store_attempt *a)
{
    a->id = db_col_int(q, 0);
    a->session = db_col_int(q, 1);
    a->kind = db_col_text(q, 2);
    a->pack_id = db_col_text(q, 3);
    a->pack_version = db_col_text(q, 4);
    a->item_id = db_col_text(q, 5);
    a->title = db_col_text(q, 6);
    a->seed = db_col_int(q, 7);
    a->mode = db_col_is_null(q, 8) ? NULL : db_col_text(q, 8);
    a->status = db_col_text(q, 9);
    a->score = db_col_double(q, 10);
    a->max_score = db_col_double(q, 11);
    a->started_at = db_col_int(q, 12);
    a->finished_at = db_col_int(q, 13);
    a->answers = db_col_int(q, 14);
    a->content_hash = db_col_text(q, 15);
    a->learner = db_col_text(q, 16);
}

bool store_each_attempt(store *s, store_attempt_cb cb, void *ud, store_error *err)
{
    char sql[1024];
    snprintf(sql, sizeof sql, "%s ORDER BY a.id DESC", store_attempt_cols);
    db_stmt *q = db_prepare(s->d, sql, err);
    if (!q) return false;
    int r;
    while ((r = db_step(q, err)) == 1) {
        store_attempt a;
        store_row_attempt(q, &a);
        if (!cb(ud, &a)) break;
    }
    db_finalize(q);
    return r >= 0;
}

int64_t store_open_attempt(store *s, const char *kind, const char *pack_id, const char *item_id,
                           store_attempt_cb cb, void *ud, store_error *err)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "%s WHERE a.status = 'open' AND a.kind = :kind AND a.pack_id = :pack"
             " AND a.item_id = :item ORDER BY a.id DESC LIMIT 1",
             store_attempt_cols);
    db_stmt *q = db_prepare(s->d, sql, err);
    int64_t id = 0;
    if (q && db_bind_text(q, ":kind", kind, err) && db_bind_text(q, ":pack", pack_id, err) &&
        db_bind_text(q, ":item", item_id, err) && db_step(q, err) == 1) {
        store_attempt a;
        store_row_attempt(q, &a);
        id = a.id;
        if (cb) cb(ud, &a);
    }
    db_finalize(q);
    return id;
}

bool store_each_answer(store *s, int64_t attempt, store_answer_cb cb, void *ud, store_error *err)
{
    db_stmt *q = db_prepare(
        s->d,
        "SELECT attempt_id, step, item_id, kind, prompt, answer, verdict, points, max_points,"
        " antipatterns, answered_at, content_hash, topic FROM answers"
        " WHERE (:attempt = 0 OR attempt_id = :attempt)"
        " ORDER BY attempt_id, step",
        err);
    if (!q || !db_bind_int(q, ":attempt", attempt, err)) {
        db_finalize(q);
        return false;
    }
    int r;
    while ((r = db_step(q, err)) == 1) {
        store_answer a = {
            .attempt = db_col_int(q, 0),
            .step = (int)db_col_int(q, 1),
            .item_id = db_col_text(q, 2),
            .kind = db_col_text(q, 3),
            .prompt = db_col_text(q, 4),
            .answer = db_col_text(q, 5),
            .verdict = db_col_text(q, 6),
            .points = db_col_double(q, 7),
            .max_points = db_col_double(q, 8),
            .antipatterns = db_col_text(q, 9),
            .answered_at = db_col_int(q, 10),
            .content_hash = db_col_text(q, 11),
            .topic = db_col_text(q, 12),
        };
        if (!cb(ud, &a)) break;
    }
    db_finalize(q);
    return r >= 0;
}

/* --- the review queue ------------------------------------------------------ */

static void store_row_review(db_stmt *q, store_review *r)
{
    r->pack_id = db_col_text(q, 0);
    r->item_id = db_col_text(q, 1);
    r->kind = db_col_text(q, 2);
    r->topic = db_col_text(q, 3);
    r->due_at = db_col_int(q, 4);
    r->interval_days = db_col_double(q, 5);
    r->reps = (int)db_col_int(q, 6);
    r->lapses = (int)db_col_int(q, 7);
    r->last_verdict = db_col_text(q, 8);
}

#define STORE_REVIEW_COLS                                                                          \
    "SELECT r.pack_id, r.item_id, r.kind, r.topic, r.due_at, r.interval_days, r.reps,"             \
    " r.lapses, r.last_verdict FROM reviews r JOIN learners l ON l.id = r.learner_id"

bool store_review_get(store *s, const char *learner, const char *pack_id, const char *item_id,
                      store_review_cb cb, void *ud, bool *found, store_error *err)
{
    *found = false;
    db_stmt *q = db_prepare(s->d,
                            STORE_REVIEW_COLS " WHERE l.name = :learner AND r.pack_id = :pack"
                                              " AND r.item_id = :item",
                            err);
    bool ok = q && db_bind_text(q, ":learner", learner, err) &&
              db_bind_text(q, ":pack", pack_id, err) && db_bind_text(q, ":item", item_id, err);
    int r = ok ? db_step(q, err) : -1;
    if (r == 1) {
        store_review rv;
        store_row_review(q, &rv);
        *found = true;
        if (cb) cb(ud, &rv);
    }
    db_finalize(q);
    return r >= 0;
}

bool store_review_put(store *s, const char *learner, const store_review *r, store_error *err)
{
    db_set_retry(s->d, "answer again"); /* it is stored with the answer */
    db_stmt *q = db_prepare(
        s->d,
        "INSERT INTO reviews(learner_id, pack_id, item_id, kind, topic, due_at, interval_days,"
        " reps, lapses, last_verdict, updated_at)"
        " SELECT id, :pack, :item, :kind, :topic, :due, :interval, :reps, :lapses, :verdict, :now"
        " FROM learners WHERE name = :learner"
        " ON CONFLICT(learner_id, pack_id, item_id) DO UPDATE SET kind = excluded.kind,"
        " topic = excluded.topic, due_at = excluded.due_at,"
        " interval_days = excluded.interval_days, reps = excluded.reps,"
        " lapses = excluded.lapses, last_verdict = excluded.last_verdict,"
        " updated_at = excluded.updated_at",
        err);
    bool ok = q && db_bind_text(q, ":pack", r->pack_id, err) &&
              db_bind_text(q, ":item", r->item_id, err) && db_bind_text(q, ":kind", r->kind, err) &&
              db_bind_text(q, ":topic", r->topic ? r->topic : "", err) &&
              db_bind_int(q, ":due", r->due_at, err) &&
              db_bind_double(q, ":interval", r->interval_days, err) &&
              db_bind_int(q, ":reps", r->reps, err) && db_bind_int(q, ":lapses", r->lapses, err) &&
              db_bind_text(q, ":verdict", r->last_verdict, err) &&
              db_bind_int(q, ":now", store_now_ms(), err) &&
              db_bind_text(q, ":learner", learner, err) && store_write(s, q, err);
    db_finalize(q);
    db_set_retry(s->d, NULL);
    return ok;
}

bool store_each_review(store *s, const char *learner, int64_t now, store_review_cb cb, void *ud,
                       store_error *err)
{
    db_stmt *q = db_prepare(s->d,
                            STORE_REVIEW_COLS " WHERE l.name = :learner AND r.due_at <= :now"
                                              " ORDER BY r.due_at, r.id",
                            err);
    if (!q || !db_bind_text(q, ":learner", learner, err) || !db_bind_int(q, ":now", now, err)) {
        db_finalize(q);
        return false;
    }
    int r;
    while ((r = db_step(q, err)) == 1) {
        store_review rv;
        store_row_review(q, &rv);
        if (!cb(ud, &rv)) break;
    }
    db_finalize(q);
    return r >= 0;
}
