/* The GIFT answer block: what is between the braces, read as Moodle does
 * (question/format/gift/format.php) into bdw's single, multiple, truefalse,
 * numeric and text questions. */
#include "pack/import_gift_priv.h"

#include <stdlib.h>
#include <string.h>

/* One answer of an answer block. */
typedef struct gans {
    size_t at; /* where its '=' or '~' is (or its first character) */
    char mark; /* '=', '~', or 0 when it has none */
    bool has_weight;
    double weight;  /* %50% is 0.5 */
    size_t text_at; /* where its text starts */
    char *text, *why;
} gans;

typedef struct gift_answers {
    gans *items;
    size_t count;
} gift_answers;

static void g_answers_free(gift_answers *as)
{
    for (size_t i = 0; i < as->count; i++) {
        free(as->items[i].text);
        free(as->items[i].why);
    }
    free(as->items);
    *as = (gift_answers){0};
}

/* Reads one answer [x, y): an optional %weight%, its text, an optional
 * #feedback. */
static bool g_answer(gift *g, size_t x, size_t y, gans *an)
{
    const char *s = g->b.text.s;
    imp_trim(s, &x, &y);
    if (x < y && s[x] == '%') {
        const char *pe = memchr(s + x + 1, '%', y - x - 1);
        if (!pe) return gift_fail(g, x, "a weight opened with '%%' is not closed with '%%'");
        size_t e = (size_t)(pe - s);
        double v;
        if (!imp_parse_number(s + x + 1, e - x - 1, &v) || v < -100 || v > 100)
            return gift_fail(g, x, "weight %%%.*s%% is not a percentage from -100 to 100",
                             (int)(e - x - 1 > 20 ? 20 : e - x - 1), s + x + 1);
        an->has_weight = true;
        an->weight = v / 100;
        x = e + 1;
        imp_trim(s, &x, &y);
    }
    an->text_at = x;
    size_t hash = gift_find(s, x, y, "#");
    an->text = gift_text(g, x, hash == NPOS ? y : hash);
    if (!an->text) return imp_oom(g->d);
    if (hash != NPOS) {
        an->why = gift_text(g, hash + 1, y);
        if (!an->why) return imp_oom(g->d);
    }
    return true;
}

/* Splits [a, b) into answers, each starting at an unescaped character of
 * marks. Text before the first mark becomes an answer with mark 0. */
static bool g_split(gift *g, size_t a, size_t b, const char *marks, gift_answers *as)
{
    const char *s = g->b.text.s;
    size_t cap = 0;
    for (size_t i = a; i < b;) {
        if (as->count == cap) {
            cap = cap ? 2 * cap : 8;
            gans *it = realloc(as->items, cap * sizeof *it);
            if (!it) return imp_oom(g->d);
            as->items = it;
        }
        gans *an = &as->items[as->count++];
        *an = (gans){.at = i};
        if (strchr(marks, s[i])) an->mark = s[i++];
        size_t e = gift_find(s, i, b, marks);
        if (e == NPOS) e = b;
        if (!g_answer(g, i, e, an)) return false;
        i = e;
    }
    return true;
}

static bool g_unknown(gift *g, size_t at, size_t end)
{
    const char *s = g->b.text.s;
    size_t e = at;
    while (e < end && !imp_is_space(s[e]) && e - at < 20)
        e++;
    return gift_fail(g, at,
                     "unexpected \"%.*s\" in an answer block: answers start with '=' or '~', a "
                     "number answer with '#', a true/false answer is T, TRUE, F or FALSE",
                     (int)(e - at), s + at);
}

static bool g_choices(gift *g, json_t *q, size_t open, size_t a, size_t b)
{
    const char *s = g->b.text.s;
    if (s[a] != '=' && s[a] != '~') return g_unknown(g, a, b);
    gift_answers as = {0};
    bool ok = g_split(g, a, b, "=~", &as);
    /* As in Moodle: an '=' anywhere makes a one-answer question, in which
     * other answers may still earn partial credit; with '~' only, each answer
     * with a positive weight is one of several right answers. */
    bool single = false;
    for (size_t i = 0; ok && i < as.count; i++) {
        gans *an = &as.items[i];
        if (!an->has_weight) an->weight = an->mark == '=' ? 1.0 : 0.0;
        single = single || an->mark == '=';
        if (!an->text[0])
            ok = gift_fail(g, an->at, "an answer with no text after '%c'", an->mark);
        else if (i == GIFT_MAX_CHOICES)
            ok = gift_fail(g, an->at, "more than %d answers: bdw questions hold at most %d",
                           GIFT_MAX_CHOICES, GIFT_MAX_CHOICES);
    }
    if (ok && as.count < 2)
        ok = gift_fail(g, open, "a multiple-choice question needs at least 2 answers");
    size_t ncorrect = 0;
    double sum = 0;
    for (size_t i = 0; ok && i < as.count; i++) {
        double w = as.items[i].weight;
        bool correct = single ? w > 0.9999 : w > 0;
        if (correct && single && ncorrect == 1)
            ok = gift_fail(g, as.items[i].at,
                           "a second answer with full marks: a one-answer question has exactly one "
                           "(mark several right answers with ~%%50%% weights instead)");
        ncorrect += correct;
        sum += w > 0 ? w : 0;
    }
    if (ok && ncorrect == 0)
        ok = gift_fail(g, open,
                       single ? "no answer has full marks: mark the right answer with '='"
                              : "no correct answer: mark it with '=' (or several with ~%%50%%)");
    if (ok && !single && (sum < 0.99 || sum > 1.01))
        gift_warn(g, open, "the positive weights add up to %.4g%%, not 100%%", sum * 100);
    json_t *choices = ok ? json_array() : NULL;
    for (size_t i = 0; choices && i < as.count; i++) {
        gans *an = &as.items[i];
        bool correct = single ? an->weight > 0.9999 : an->weight > 0;
        json_array_append_new(choices, imp_choice(an->text, correct, an->weight, an->why));
    }
    if (ok) {
        json_object_set_new(q, "type", json_string(single ? "single" : "multiple"));
        json_object_set_new(q, "choices", choices);
    }
    g_answers_free(&as);
    return ok;
}

static bool g_truefalse(gift *g, json_t *q, size_t a, size_t b, bool value)
{
    /* {T#shown after a wrong answer#shown after the right one}, as in Moodle. */
    const char *s = g->b.text.s;
    size_t h1 = gift_find(s, a, b, "#"), h2 = h1 == NPOS ? NPOS : gift_find(s, h1 + 1, b, "#");
    char *wrong = h1 == NPOS ? NULL : gift_text(g, h1 + 1, h2 == NPOS ? b : h2);
    char *right = h2 == NPOS ? NULL : gift_text(g, h2 + 1, b);
    json_t *choices = json_array();
    json_array_append_new(choices,
                          imp_choice("True", value, value ? 1.0 : 0.0, value ? right : wrong));
    json_array_append_new(choices,
                          imp_choice("False", !value, value ? 0.0 : 1.0, value ? wrong : right));
    json_object_set_new(q, "choices", choices);
    free(wrong);
    free(right);
    return true;
}

static bool g_short(gift *g, json_t *q, size_t open, size_t a, size_t b)
{
    gift_answers as = {0};
    bool ok = g_split(g, a, b, "=", &as);
    json_t *answers = json_array();
    for (size_t i = 0; ok && i < as.count; i++) {
        gans *an = &as.items[i];
        if (!an->text[0]) {
            ok = gift_fail(g, an->at, "an answer with no text after '='");
        } else if (an->has_weight && an->weight < 0.9999) {
            gift_warn(g, an->at,
                      "answer \"%s\" earns partial credit, which bdw cannot give: left out",
                      an->text);
        } else {
            json_array_append_new(answers, json_string(an->text));
        }
        if (ok && an->why && an->why[0])
            gift_warn(g, an->at, "feedback for answer \"%s\" left out: bdw shows the explanation",
                      an->text);
    }
    if (ok && json_array_size(answers) == 0)
        ok = gift_fail(g, open, "no correct answer: at least one answer needs full marks");
    if (ok)
        json_object_set_new(q, "answers", answers);
    else
        json_decref(answers);
    g_answers_free(&as);
    return ok;
}

static bool g_number_part(gift *g, const char *v, size_t n, size_t at, double *out)
{
    size_t a = 0, b = n;
    imp_trim(v, &a, &b);
    if (imp_parse_number(v + a, b - a, out)) return true;
    return gift_fail(g, at,
                     "\"%.*s\" is not a number: write 4, 4:0.5 (4 give or take 0.5) or 3..5 "
                     "(a range)",
                     (int)(n > 40 ? 40 : n), v);
}

/* "4", "4:0.5" or "3..5" into answer and tolerance. */
static bool g_number(gift *g, const gans *an, double *ans, double *tol)
{
    const char *v = an->text;
    const char *dots = strstr(v, "..");
    const char *colon = strchr(v, ':');
    *tol = 0;
    if (dots && dots != v) {
        double lo, hi;
        if (!g_number_part(g, v, (size_t)(dots - v), an->text_at, &lo) ||
            !g_number_part(g, dots + 2, strlen(dots + 2), an->text_at, &hi))
            return false;
        if (hi < lo) return gift_fail(g, an->text_at, "the range %s runs backwards", v);
        *ans = lo + (hi - lo) / 2;
        *tol = (hi - lo) / 2;
        return true;
    }
    if (colon && colon != v) {
        if (!g_number_part(g, v, (size_t)(colon - v), an->text_at, ans) ||
            !g_number_part(g, colon + 1, strlen(colon + 1), an->text_at, tol))
            return false;
        if (*tol < 0) return gift_fail(g, an->text_at, "the margin in %s is negative", v);
        return true;
    }
    return g_number_part(g, v, strlen(v), an->text_at, ans);
}

static bool g_numeric(gift *g, json_t *q, size_t open, size_t a, size_t b)
{
    const char *s = g->b.text.s;
    size_t tilde = gift_find(s, a + 1, b, "~");
    if (tilde != NPOS) {
        gift_warn(g, tilde, "feedback for wrong numbers ('~') left out: bdw shows the explanation");
        b = tilde;
    }
    size_t x = a + 1, y = b;
    imp_trim(s, &x, &y);
    if (x == y) return gift_fail(g, a, "a number answer block needs a number after '#'");
    gift_answers as = {0};
    bool ok = g_split(g, x, y, "=", &as), found = false;
    double answer = 0, tolerance = 0;
    for (size_t i = 0; ok && i < as.count; i++) {
        gans *an = &as.items[i];
        double v, t;
        if (!an->text[0]) {
            ok = gift_fail(g, an->at, "an answer with no number");
            break;
        }
        ok = g_number(g, an, &v, &t);
        double w = an->has_weight ? an->weight : 1.0;
        if (ok && w > 0.9999 && !found) {
            found = true;
            answer = v;
            tolerance = t;
        } else if (ok) {
            gift_warn(g, an->at,
                      "other accepted number %s left out: bdw takes the first with full "
                      "marks",
                      an->text);
        }
        if (ok && an->why && an->why[0])
            gift_warn(g, an->at, "feedback for number %s left out: bdw shows the explanation",
                      an->text);
    }
    if (ok && !found) ok = gift_fail(g, open, "no correct answer: no number has full marks");
    if (ok) {
        json_object_set_new(q, "answer", imp_number(answer));
        json_object_set_new(q, "tolerance", imp_number(tolerance));
    }
    g_answers_free(&as);
    return ok;
}

static bool g_tf_token(const char *s, size_t a, size_t b, bool *value)
{
    static const char *const t[] = {"T", "TRUE", "F", "FALSE"};
    for (size_t k = 0; k < 4; k++) {
        if (b - a == strlen(t[k]) && memcmp(s + a, t[k], b - a) == 0) {
            *value = k < 2;
            return true;
        }
    }
    return false;
}

bool gift_read_answers(gift *g, json_t *q, size_t open, size_t close, char **explanation)
{
    const char *s = g->b.text.s;
    size_t a = open + 1, b = close;
    size_t gf = gift_find_str(s, a, b, "####", true);
    if (gf != NPOS) {
        *explanation = gift_text(g, gf + 4, b);
        if (!*explanation) return imp_oom(g->d);
        b = gf;
    }
    imp_trim(s, &a, &b);
    if (a == b)
        return gift_fail(g, open,
                         "an essay question ({}) cannot be imported: bdw cannot mark "
                         "free text");
    if (s[a] == '#') {
        json_object_set_new(q, "type", json_string("numeric"));
        return g_numeric(g, q, open, a, b);
    }
    if (gift_find(s, a, b, "~") != NPOS) return g_choices(g, q, open, a, b);
    size_t arrow = gift_find_str(s, a, b, "->", false);
    if (arrow != NPOS)
        return gift_fail(g, arrow,
                         "a matching question (->) cannot be imported: bdw has no "
                         "matching questions");
    size_t hash = gift_find(s, a, b, "#"), te = hash == NPOS ? b : hash, ta = a;
    imp_trim(s, &ta, &te);
    bool value;
    if (g_tf_token(s, ta, te, &value)) {
        json_object_set_new(q, "type", json_string("truefalse"));
        return g_truefalse(g, q, a, b, value);
    }
    if (s[a] == '=') {
        json_object_set_new(q, "type", json_string("text"));
        return g_short(g, q, open, a, b);
    }
    return g_unknown(g, a, b);
}
