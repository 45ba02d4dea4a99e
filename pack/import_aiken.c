/* The Aiken reader: a question's text (one line or more), its options as
 * "A. text" or "A) text" lines in order, then "ANSWER: B". Blank lines between
 * questions are optional. Every question is single-choice; the format has no
 * feedback and no explanation. */
#include "pack/import_priv.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct aiken {
    imp_doc *d;
    size_t qline, qoff; /* where the current question's text starts */
    imp_buf text;
    json_t *options; /* the option texts read so far */
    size_t last_option_line;
} aiken;

/* "A. text" or "A) text": a capital letter, '.' or ')', then a space (or
 * nothing, which a_option refuses as an option without text). */
static bool a_is_option(const char *s, size_t n)
{
    return n >= 2 && s[0] >= 'A' && s[0] <= 'Z' && (s[1] == '.' || s[1] == ')') &&
           (n == 2 || s[2] == ' ' || s[2] == '\t');
}

static bool a_is_answer(const char *s, size_t n)
{
    return n >= 7 && strncasecmp(s, "ANSWER:", 7) == 0;
}

static bool a_missing_answer(aiken *k)
{
    if (json_array_size(k->options) == 0)
        return imp_fail(k->d, k->qline, k->qoff,
                        "the question has no options and no \"ANSWER:\" line (options are lines "
                        "like \"A. text\" or \"A) text\")");
    return imp_fail(k->d, k->qline, k->qoff,
                    "the question has no \"ANSWER:\" line after its last option (line %zu)",
                    k->last_option_line + 1);
}

static bool a_option(aiken *k, size_t i, const char *s, size_t a, size_t b)
{
    imp_doc *d = k->d;
    size_t off = d->lines[i].off, n = json_array_size(k->options);
    if (k->text.len == 0)
        return imp_fail(d, i, off + a, "option %c%c before any question text", s[a], s[a + 1]);
    if (s[a] != (char)('A' + n))
        return imp_fail(d, i, off + a, "options out of order: expected %c here, found %c",
                        (char)('A' + n), s[a]);
    size_t ta = a + 2, tb = b;
    imp_trim(s, &ta, &tb);
    if (ta == tb) return imp_fail(d, i, off + a, "option %c has no text", s[a]);
    json_t *t = json_stringn(s + ta, tb - ta);
    if (!t || json_array_append_new(k->options, t) != 0) return imp_oom(d);
    k->last_option_line = i;
    return true;
}

static bool a_answer(aiken *k, size_t i, const char *s, size_t a, size_t b)
{
    imp_doc *d = k->d;
    size_t off = d->lines[i].off, n = json_array_size(k->options);
    if (k->text.len == 0)
        return imp_fail(d, i, off + a, "\"ANSWER:\" without a question before it");
    if (n < 2)
        return imp_fail(d, i, off + a,
                        "the question on line %zu has %zu option%s; it needs at least 2 (lines "
                        "like \"A. text\" or \"A) text\")",
                        k->qline + 1, n, n == 1 ? "" : "s");
    size_t va = a + 7, vb = b;
    imp_trim(s, &va, &vb);
    char letter = vb - va == 1 ? s[va] : 0;
    if (letter >= 'a' && letter <= 'z') letter = (char)(letter - 'a' + 'A');
    if (letter < 'A' || (size_t)(letter - 'A') >= n)
        return imp_fail(d, i, off + va, "ANSWER: \"%.*s\" names no option: the options are A to %c",
                        (int)(vb - va > 20 ? 20 : vb - va), s + va, (char)('A' + n - 1));
    json_t *q = imp_question_begin(d, NULL, k->text.s, "single", k->qline);
    if (!q) return false;
    json_t *choices = json_array();
    if (!choices) {
        json_decref(q);
        json_decref(choices);
        return imp_oom(d);
    }
    for (size_t c = 0; c < n; c++) {
        bool right = c == (size_t)(letter - 'A');
        json_array_append_new(choices, imp_choice(json_string_value(json_array_get(k->options, c)),
                                                  right, right ? 1.0 : 0.0, NULL));
    }
    json_object_set_new(q, "choices", choices);
    json_array_clear(k->options);
    k->text.len = 0;
    return imp_question_end(d, q, NULL, NULL, k->qline);
}

static bool a_text(aiken *k, size_t i, const char *s, size_t a, size_t b)
{
    if (json_array_size(k->options) > 0) return a_missing_answer(k);
    if (k->text.len == 0) {
        k->qline = i;
        k->qoff = k->d->lines[i].off + a;
    } else if (!imp_buf_add(&k->text, "\n", 1)) {
        return imp_oom(k->d);
    }
    return imp_buf_add(&k->text, s + a, b - a) || imp_oom(k->d);
}

bool imp_aiken_read(imp_doc *d)
{
    aiken k = {.d = d, .options = json_array()};
    bool ok = k.options != NULL || imp_oom(d);
    size_t first = 0;
    for (size_t i = 0; ok && i < d->nlines; i++) {
        const char *s = d->text + d->lines[i].off;
        size_t a = 0, b = d->lines[i].len;
        imp_trim(s, &a, &b);
        if (a == b) continue;
        if (json_array_size(d->questions) == 0 && k.text.len == 0) first = i;
        if (a_is_option(s + a, b - a))
            ok = a_option(&k, i, s, a, b);
        else if (a_is_answer(s + a, b - a))
            ok = a_answer(&k, i, s, a, b);
        else
            ok = a_text(&k, i, s, a, b);
    }
    if (ok && k.text.len > 0) ok = a_missing_answer(&k);
    size_t count = json_array_size(d->questions);
    if (ok && count > 0)
        imp_warn(d, first, d->lines[first].off,
                 "Aiken has no explanations: %zu question%s without one ('bdw pack lint' asks "
                 "for one)",
                 count, count == 1 ? "" : "s");
    imp_buf_free(&k.text);
    json_decref(k.options);
    return ok;
}
