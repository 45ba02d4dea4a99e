#include "pack/question.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack/hash.h"
#include "pack/jsonfile.h"

static const char *const type_names[] = {"single", "multiple", "truefalse", "numeric", "text"};

const char *question_type_name(question_type t)
{
    return (unsigned)t < sizeof type_names / sizeof type_names[0] ? type_names[t] : "?";
}

static void question_clear(question *q)
{
    free(q->id);
    free(q->prompt);
    for (size_t i = 0; i < q->nchoices; i++) {
        free(q->choices[i].text);
        free(q->choices[i].why);
        free(q->choices[i].antipattern);
    }
    free(q->choices);
    for (size_t i = 0; i < q->nanswers; i++)
        free(q->answers[i]);
    free(q->answers);
    free(q->explanation);
    free(q->topic);
    free(q->domain);
    free(q->file);
}

void question_bank_free(question_bank *bank)
{
    for (size_t i = 0; i < bank->count; i++)
        question_clear(&bank->items[i]);
    free(bank->items);
    bank->items = NULL;
    bank->count = 0;
}

const question *question_bank_find(const question_bank *bank, const char *id)
{
    for (size_t i = 0; i < bank->count; i++)
        if (strcmp(bank->items[i].id, id) == 0) return &bank->items[i];
    return NULL;
}

static char *dup_opt(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? strdup(json_string_value(v)) : NULL;
}

/* Validates one question object; on failure fills d at the offending value. */
static bool question_read(const pack_jfile *f, size_t qi, json_t *o, question *q, pack_diag *d)
{
    pack_jpath_step path[5] = {{"questions", 0}, {NULL, qi}, {NULL, 0}, {NULL, 0}, {NULL, 0}};
    memset(q, 0, sizeof *q);
    if (!json_is_object(o)) {
        pack_jfile_fail(f, d, path, 2, "each question must be an object");
        return false;
    }
    /* An explanation is expected (lint warns without one) but not required:
     * imported GIFT and Aiken files often have none. */
    static const char *const required[] = {"id", "prompt"};
    for (size_t i = 0; i < 2; i++) {
        json_t *v = json_object_get(o, required[i]);
        path[2].key = required[i];
        if (!v) {
            pack_jfile_fail(f, d, path, 2, "question %zu has no \"%s\"", qi + 1, required[i]);
            return false;
        }
        if (!json_is_string(v) || json_string_length(v) == 0) {
            pack_jfile_fail(f, d, path, 3, "\"%s\" must be a non-empty string", required[i]);
            return false;
        }
    }
    const char *type = "single";
    json_t *tv = json_object_get(o, "type");
    path[2].key = "type";
    if (tv && !json_is_string(tv)) {
        pack_jfile_fail(f, d, path, 3, "\"type\" must be a string");
        return false;
    }
    if (tv) type = json_string_value(tv);
    bool known = false;
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++) {
        if (strcmp(type, type_names[i]) == 0) {
            q->type = (question_type)i;
            known = true;
        }
    }
    if (!known) {
        pack_jfile_fail(f, d, path, 3,
                        "unknown type \"%s\" (single, multiple, truefalse, numeric or text)", type);
        return false;
    }
    q->id = dup_opt(o, "id");
    q->prompt = dup_opt(o, "prompt");
    q->explanation = dup_opt(o, "explanation");
    json_t *sh = json_object_get(o, "shuffle");
    if (sh && !json_is_boolean(sh)) {
        path[2].key = "shuffle";
        pack_jfile_fail(f, d, path, 3, "\"shuffle\" must be true or false");
        return false;
    }
    q->keep_order = json_is_false(sh);
    json_t *ev = json_object_get(o, "explanation");
    if (ev && !json_is_string(ev)) {
        path[2].key = "explanation";
        pack_jfile_fail(f, d, path, 3, "\"explanation\" must be a string");
        return false;
    }
    q->topic = dup_opt(o, "topic");
    q->domain = dup_opt(o, "domain");
    q->file = strdup(f->display);
    int col;
    path[2].key = NULL;
    pack_json_locate(f->text, f->len, path, 2, &q->line, &col);

    if (q->type == QUESTION_NUMERIC) {
        json_t *a = json_object_get(o, "answer"), *t = json_object_get(o, "tolerance");
        path[2].key = "answer";
        if (!json_is_number(a) || !isfinite(json_number_value(a))) {
            pack_jfile_fail(f, d, path, a ? 3 : 2, "a numeric question needs a number \"answer\"");
            return false;
        }
        path[2].key = "tolerance";
        if (t && (!json_is_number(t) || json_number_value(t) < 0)) {
            pack_jfile_fail(f, d, path, 3, "\"tolerance\" must be a number >= 0");
            return false;
        }
        q->answer = json_number_value(a);
        q->tolerance = t ? json_number_value(t) : 0;
        return true;
    }
    if (q->type == QUESTION_TEXT) {
        json_t *a = json_object_get(o, "answers");
        path[2].key = "answers";
        if (!json_is_array(a) || json_array_size(a) == 0) {
            pack_jfile_fail(f, d, path, a ? 3 : 2,
                            "a text question needs \"answers\": a list of accepted answers");
            return false;
        }
        q->answers = calloc(json_array_size(a), sizeof *q->answers);
        for (size_t i = 0; i < json_array_size(a); i++) {
            json_t *s = json_array_get(a, i);
            path[3] = (pack_jpath_step){NULL, i};
            if (!json_is_string(s)) {
                pack_jfile_fail(f, d, path, 4, "each accepted answer must be a string");
                return false;
            }
            q->answers[q->nanswers++] = strdup(json_string_value(s));
        }
        return true;
    }
    json_t *choices = json_object_get(o, "choices");
    path[2].key = "choices";
    if (!json_is_array(choices) || json_array_size(choices) < 2 || json_array_size(choices) > 26) {
        pack_jfile_fail(f, d, path, choices ? 3 : 2,
                        "a %s question needs \"choices\": a list of 2 to 26 choices", type);
        return false;
    }
    size_t n = json_array_size(choices), ncorrect = 0;
    q->choices = calloc(n, sizeof *q->choices);
    for (size_t i = 0; i < n; i++) {
        json_t *c = json_array_get(choices, i);
        path[3] = (pack_jpath_step){NULL, i};
        json_t *text = json_object_get(c, "text"), *corr = json_object_get(c, "correct");
        if (!json_is_object(c) || !json_is_string(text)) {
            pack_jfile_fail(f, d, path, 4, "each choice must be an object with a \"text\" string");
            return false;
        }
        if (corr && !json_is_boolean(corr)) {
            path[4].key = "correct";
            pack_jfile_fail(f, d, path, 5, "\"correct\" must be true or false");
            return false;
        }
        question_choice *qc = &q->choices[q->nchoices++];
        qc->text = strdup(json_string_value(text));
        qc->correct = json_is_true(corr);
        qc->why = dup_opt(c, "why");
        qc->antipattern = dup_opt(c, "antipattern");
        ncorrect += qc->correct;
    }
    if (ncorrect == 0 || (q->type != QUESTION_MULTIPLE && ncorrect != 1)) {
        pack_jfile_fail(f, d, path, 3,
                        q->type == QUESTION_MULTIPLE
                            ? "no choice is marked \"correct\": true"
                            : "exactly one choice must be marked \"correct\": true");
        return false;
    }
    return true;
}

static void question_fingerprint(question *q)
{
    uint64_t h = pack_hash_str(PACK_HASH_SEED, q->prompt);
    h = pack_hash_str(h, question_type_name(q->type));
    for (size_t i = 0; i < q->nchoices; i++) {
        h = pack_hash_str(h, q->choices[i].text);
        h = pack_hash(h, q->choices[i].correct ? "1" : "0", 1);
    }
    char num[64];
    snprintf(num, sizeof num, "%.17g/%.17g", q->answer, q->tolerance);
    h = pack_hash_str(h, num);
    for (size_t i = 0; i < q->nanswers; i++)
        h = pack_hash_str(h, q->answers[i]);
    pack_hash_hex(h, q->hash);
}

bool question_bank_parse(question_bank *bank, const char *text, size_t len, const char *display,
                         pack_diag *d)
{
    pack_jfile f;
    if (!pack_jfile_parse(&f, text, len, display, d)) return false;
    json_t *qs = json_object_get(f.root, "questions");
    pack_jpath_step path[1] = {{"questions", 0}};
    if (!json_is_array(qs)) {
        pack_jfile_fail(&f, d, path, qs ? 1 : 0, "expected \"questions\": a list of questions");
        pack_jfile_free(&f);
        return false;
    }
    size_t n = json_array_size(qs);
    question *items = realloc(bank->items, (bank->count + n + 1) * sizeof *items);
    if (!items) {
        pack_diag_set(d, display, 0, 0, "out of memory");
        pack_jfile_free(&f);
        return false;
    }
    bank->items = items;
    size_t before = bank->count;
    for (size_t i = 0; i < n; i++) {
        question q;
        bool ok = question_read(&f, i, json_array_get(qs, i), &q, d);
        if (ok && question_bank_find(bank, q.id)) {
            pack_jpath_step p[3] = {{"questions", 0}, {NULL, i}, {"id", 0}};
            pack_jfile_fail(&f, d, p, 3, "duplicate question id \"%s\"", q.id);
            ok = false;
        }
        if (!ok) {
            question_clear(&q);
            while (bank->count > before)
                question_clear(&bank->items[--bank->count]);
            pack_jfile_free(&f);
            return false;
        }
        question_fingerprint(&q);
        bank->items[bank->count++] = q;
    }
    pack_jfile_free(&f);
    return true;
}

bool question_bank_load(question_bank *bank, const char *path, const char *display, pack_diag *d)
{
    char *text;
    size_t len;
    if (!pack_read_file(path, display, &text, &len, d, NULL)) return false;
    bool ok = question_bank_parse(bank, text, len, display, d);
    free(text);
    return ok;
}
