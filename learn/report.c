/* Aggregates exports. Everything is kept as small tables keyed by name; a
 * class is tens of learners and hundreds of items, so linear lookups serve. */
#include "learn/report.h"

#include <stdlib.h>
#include <string.h>

#include "pack/jsonfile.h"

typedef struct counter {
    char *key;
    int n;
} counter;

typedef struct counters {
    counter *items;
    size_t n;
} counters;

typedef struct item_stats {
    char *pack, *item, *kind, *title;
    int attempts, completed, perfect;
    double score_sum, max_sum;
    counters learners, antipatterns;
} item_stats;

typedef struct question_stats {
    char *pack, *id;
    int answered, correct;
    counters antipatterns;
} question_stats;

typedef struct learner_stats {
    char *name;
    int attempts, completed, answers, correct;
    double score_sum, max_sum;
    counters antipatterns;
} learner_stats;

struct report {
    item_stats *items;
    size_t nitems;
    question_stats *questions;
    size_t nquestions;
    learner_stats *learners;
    size_t nlearners;
    int files;
};

static void counters_add(counters *c, const char *key, int by)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->items[i].key, key) == 0) {
            c->items[i].n += by;
            return;
        }
    counter *grown = realloc(c->items, (c->n + 1) * sizeof *grown);
    if (!grown) return;
    c->items = grown;
    c->items[c->n++] = (counter){strdup(key), by};
}

static void counters_free(counters *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->items[i].key);
    free(c->items);
}

static int counter_cmp(const void *a, const void *b)
{
    const counter *x = a, *y = b;
    if (x->n != y->n) return y->n - x->n;
    return strcmp(x->key, y->key);
}

/* The most frequent keys, most first, as [{id, count}]. */
static json_t *counters_top(const counters *c, size_t most)
{
    counter *sorted = malloc((c->n + 1) * sizeof *sorted);
    json_t *arr = json_array();
    if (!sorted) return arr;
    if (c->n) memcpy(sorted, c->items, c->n * sizeof *sorted);
    qsort(sorted, c->n, sizeof *sorted, counter_cmp);
    for (size_t i = 0; i < c->n && i < most; i++)
        json_array_append_new(arr,
                              json_pack("{s:s,s:i}", "id", sorted[i].key, "count", sorted[i].n));
    free(sorted);
    return arr;
}

report *report_new(void)
{
    return calloc(1, sizeof(report));
}

void report_free(report *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->nitems; i++) {
        item_stats *s = &r->items[i];
        free(s->pack);
        free(s->item);
        free(s->kind);
        free(s->title);
        counters_free(&s->learners);
        counters_free(&s->antipatterns);
    }
    for (size_t i = 0; i < r->nquestions; i++) {
        free(r->questions[i].pack);
        free(r->questions[i].id);
        counters_free(&r->questions[i].antipatterns);
    }
    for (size_t i = 0; i < r->nlearners; i++) {
        free(r->learners[i].name);
        counters_free(&r->learners[i].antipatterns);
    }
    free(r->items);
    free(r->questions);
    free(r->learners);
    free(r);
}

static const char *jstr(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : "";
}

static item_stats *report_item(report *r, const char *pack, const char *item, const char *kind,
                               const char *title)
{
    for (size_t i = 0; i < r->nitems; i++)
        if (strcmp(r->items[i].pack, pack) == 0 && strcmp(r->items[i].item, item) == 0)
            return &r->items[i];
    item_stats *grown = realloc(r->items, (r->nitems + 1) * sizeof *grown);
    if (!grown) return NULL;
    r->items = grown;
    item_stats *s = &r->items[r->nitems++];
    memset(s, 0, sizeof *s);
    s->pack = strdup(pack);
    s->item = strdup(item);
    s->kind = strdup(kind);
    s->title = strdup(title);
    return s;
}

static question_stats *report_question(report *r, const char *pack, const char *id)
{
    for (size_t i = 0; i < r->nquestions; i++)
        if (strcmp(r->questions[i].pack, pack) == 0 && strcmp(r->questions[i].id, id) == 0)
            return &r->questions[i];
    question_stats *grown = realloc(r->questions, (r->nquestions + 1) * sizeof *grown);
    if (!grown) return NULL;
    r->questions = grown;
    question_stats *s = &r->questions[r->nquestions++];
    memset(s, 0, sizeof *s);
    s->pack = strdup(pack);
    s->id = strdup(id);
    return s;
}

static learner_stats *report_learner(report *r, const char *name)
{
    for (size_t i = 0; i < r->nlearners; i++)
        if (strcmp(r->learners[i].name, name) == 0) return &r->learners[i];
    learner_stats *grown = realloc(r->learners, (r->nlearners + 1) * sizeof *grown);
    if (!grown) return NULL;
    r->learners = grown;
    learner_stats *s = &r->learners[r->nlearners++];
    memset(s, 0, sizeof *s);
    s->name = strdup(name);
    return s;
}

/* Checks the shape of an export before anything is counted, so a bad file
 * changes nothing. */
static bool report_check(const pack_jfile *f, pack_diag *d)
{
    pack_jpath_step path[4] = {{"format", 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}};
    if (strcmp(jstr(f->root, "format"), "bdw-export") != 0) {
        pack_jfile_fail(f, d, path, json_object_get(f->root, "format") ? 1 : 0,
                        "not a bdw export (expected \"format\": \"bdw-export\"; make one with "
                        "bdw export --json)");
        return false;
    }
    json_t *attempts = json_object_get(f->root, "attempts");
    path[0].key = "attempts";
    if (!json_is_array(attempts)) {
        pack_jfile_fail(f, d, path, attempts ? 1 : 0, "\"attempts\" must be a list");
        return false;
    }
    for (size_t i = 0; i < json_array_size(attempts); i++) {
        json_t *a = json_array_get(attempts, i);
        path[1].index = i;
        static const char *const fields[] = {"kind", "pack", "item", "status"};
        for (size_t k = 0; k < 4; k++) {
            if (!json_is_string(json_object_get(a, fields[k]))) {
                path[2].key = fields[k];
                pack_jfile_fail(f, d, path, json_object_get(a, fields[k]) ? 3 : 2,
                                "attempt %zu needs a string \"%s\"", i + 1, fields[k]);
                return false;
            }
        }
        if (!json_is_array(json_object_get(a, "answers"))) {
            path[2].key = "answers";
            pack_jfile_fail(f, d, path, 2, "attempt %zu needs \"answers\": a list", i + 1);
            return false;
        }
    }
    return true;
}

static void report_answer(report *r, const char *pack, json_t *x, item_stats *it, learner_stats *ls,
                          bool quiz)
{
    bool correct = strcmp(jstr(x, "verdict"), "correct") == 0;
    ls->answers++;
    ls->correct += correct;
    question_stats *q = quiz ? report_question(r, pack, jstr(x, "item")) : NULL;
    if (q) {
        q->answered++;
        q->correct += correct;
    }
    json_t *anti = json_object_get(x, "antipatterns");
    for (size_t k = 0; k < json_array_size(anti); k++) {
        const char *id = json_string_value(json_array_get(anti, k));
        if (!id) continue;
        counters_add(&it->antipatterns, id, 1);
        counters_add(&ls->antipatterns, id, 1);
        if (q) counters_add(&q->antipatterns, id, 1);
    }
}

bool report_add_file(report *r, const char *path, pack_diag *d)
{
    pack_jfile f;
    if (!pack_jfile_load(&f, path, path, d, NULL)) return false;
    if (!report_check(&f, d)) {
        pack_jfile_free(&f);
        return false;
    }
    json_t *attempts = json_object_get(f.root, "attempts");
    const char *file_learner = jstr(f.root, "learner");
    for (size_t i = 0; i < json_array_size(attempts); i++) {
        json_t *a = json_array_get(attempts, i);
        const char *learner = jstr(a, "learner")[0] ? jstr(a, "learner") : file_learner;
        if (!learner[0]) learner = path;
        const char *pack = jstr(a, "pack"), *kind = jstr(a, "kind");
        bool quiz = strcmp(kind, "quiz") == 0;
        item_stats *it = report_item(r, pack, jstr(a, "item"), kind, jstr(a, "title"));
        learner_stats *ls = report_learner(r, learner);
        if (!it || !ls) continue;
        bool completed = strcmp(jstr(a, "status"), "completed") == 0;
        double score = json_number_value(json_object_get(a, "score"));
        double max = json_number_value(json_object_get(a, "max_score"));
        it->attempts++;
        counters_add(&it->learners, learner, 1);
        ls->attempts++;
        if (completed) {
            it->completed++;
            it->score_sum += score;
            it->max_sum += max;
            it->perfect += max > 0 && score >= max;
            ls->completed++;
            ls->score_sum += score;
            ls->max_sum += max;
        }
        json_t *answers = json_object_get(a, "answers");
        for (size_t k = 0; k < json_array_size(answers); k++)
            report_answer(r, pack, json_array_get(answers, k), it, ls, quiz);
    }
    r->files++;
    pack_jfile_free(&f);
    return true;
}

static double ratio(double a, double b)
{
    return b > 0 ? a / b : 0;
}

json_t *report_to_json(const report *r)
{
    json_t *items = json_array(), *questions = json_array(), *learners = json_array();
    for (size_t i = 0; i < r->nitems; i++) {
        const item_stats *s = &r->items[i];
        json_array_append_new(
            items, json_pack("{s:s,s:s,s:s,s:s,s:i,s:i,s:i,s:f,s:f,s:o}", "pack", s->pack, "item",
                             s->item, "kind", s->kind, "title", s->title, "attempts", s->attempts,
                             "learners", (int)s->learners.n, "completed", s->completed,
                             "mean_score", ratio(s->score_sum, s->max_sum), "success_rate",
                             ratio(s->perfect, s->completed), "top_antipatterns",
                             counters_top(&s->antipatterns, 3)));
    }
    for (size_t i = 0; i < r->nquestions; i++) {
        const question_stats *s = &r->questions[i];
        json_array_append_new(questions,
                              json_pack("{s:s,s:s,s:i,s:i,s:f,s:o}", "pack", s->pack, "question",
                                        s->id, "answered", s->answered, "correct", s->correct,
                                        "success_rate", ratio(s->correct, s->answered),
                                        "top_antipatterns", counters_top(&s->antipatterns, 3)));
    }
    for (size_t i = 0; i < r->nlearners; i++) {
        const learner_stats *s = &r->learners[i];
        json_array_append_new(learners,
                              json_pack("{s:s,s:i,s:i,s:i,s:i,s:f,s:o}", "learner", s->name,
                                        "attempts", s->attempts, "completed", s->completed,
                                        "answers", s->answers, "correct", s->correct, "mean_score",
                                        ratio(s->score_sum, s->max_sum), "top_antipatterns",
                                        counters_top(&s->antipatterns, 3)));
    }
    return json_pack("{s:i,s:o,s:o,s:o}", "exports", r->files, "items", items, "questions",
                     questions, "learners", learners);
}
