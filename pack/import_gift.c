/* The Moodle GIFT reader. It follows Moodle's own importer
 * (question/format/gift/format.php) wherever bdw can hold the result, so that a
 * file that imports into Moodle imports here, and it refuses, with a line and
 * column, the question types bdw has no way to ask (matching, essay,
 * description). docs/import.md lists the rules. */
#include "pack/import_gift_priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void g_pos(const gift *g, size_t p, size_t *line, size_t *off)
{
    size_t lo = 0, hi = g->b.nseg;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->b.seg_at[mid] <= p)
            lo = mid;
        else
            hi = mid;
    }
    *line = g->b.seg_line[lo];
    *off = g->d->lines[*line].off + (p - g->b.seg_at[lo]);
}

bool gift_fail(gift *g, size_t p, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t line, off;
    g_pos(g, p, &line, &off);
    return imp_fail(g->d, line, off, "%s", msg);
}

void gift_warn(gift *g, size_t p, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t line, off;
    g_pos(g, p, &line, &off);
    imp_warn(g->d, line, off, "%s", msg);
}

/* GIFT escapes: \~ \= \# \{ \} \: stand for the character, \n for a line
 * break and \\ for one backslash. Any other backslash is itself. */
static bool g_escape(const char *s, size_t i, size_t end)
{
    return s[i] == '\\' && i + 1 < end && s[i + 1] && strchr("~=#{}:n\\", s[i + 1]);
}

/* The first unescaped character of set in [a, b). */
size_t gift_find(const char *s, size_t a, size_t b, const char *set)
{
    for (size_t i = a; i < b; i++) {
        if (g_escape(s, i, b))
            i++;
        else if (s[i] && strchr(set, s[i]))
            return i;
    }
    return NPOS;
}

/* The first (or last) unescaped occurrence of needle in [a, b). */
size_t gift_find_str(const char *s, size_t a, size_t b, const char *needle, bool last)
{
    size_t n = strlen(needle), found = NPOS;
    for (size_t i = a; i + n <= b; i++) {
        if (g_escape(s, i, b)) {
            i++;
        } else if (memcmp(s + i, needle, n) == 0) {
            if (!last) return i;
            found = i;
        }
    }
    return found;
}

static bool g_unescape(imp_buf *out, const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        char c = s[i];
        if (g_escape(s, i, b)) {
            c = s[++i] == 'n' ? '\n' : s[i];
        }
        if (!imp_buf_add(out, &c, 1)) return false;
    }
    return true;
}

/* The text a reader sees: escapes resolved, a leading [html], [moodle],
 * [plain] or [markdown] format marker removed, HTML turned into plain text,
 * spaces before line breaks and around the whole dropped. *fmt is the format
 * of text without a marker (answers take their question's) and becomes the
 * format found. */
static char *g_clean(const char *raw, size_t n, int *fmt)
{
    imp_buf u = {0};
    if (!g_unescape(&u, raw, 0, n)) {
        imp_buf_free(&u);
        return NULL;
    }
    char *s = imp_buf_take(&u);
    if (!s) return NULL;
    size_t a = 0, b = strlen(s);
    imp_trim(s, &a, &b);
    static const char *const markers[] = {"[moodle]", "[html]", "[plain]", "[markdown]"};
    for (int k = 0; k < (int)(sizeof markers / sizeof markers[0]); k++) {
        size_t m = strlen(markers[k]);
        if (b - a >= m && memcmp(s + a, markers[k], m) == 0) {
            a += m;
            imp_trim(s, &a, &b);
            *fmt = k;
            break;
        }
    }
    size_t o = 0;
    for (size_t i = a; i < b; i++) {
        if (s[i] == '\n')
            while (o > 0 && (s[o - 1] == ' ' || s[o - 1] == '\t'))
                o--;
        s[o++] = s[i];
    }
    s[o] = '\0';
    if (*fmt == GIFT_HTML) {
        char *t = imp_html_to_text(s);
        free(s);
        s = t;
    }
    return s;
}

/* g_clean on [a, b) of the block, in the current question's format. */
char *gift_text(gift *g, size_t a, size_t b)
{
    imp_buf u = {0};
    if (!imp_buf_add(&u, g->b.text.s + a, b - a)) return NULL;
    int fmt = g->fmt;
    char *s = g_clean(u.s, u.len, &fmt);
    imp_buf_free(&u);
    return s;
}

/* The category path without Moodle's context ("$course$/") and "top". */
static char *g_category(gift *g, size_t a, size_t b)
{
    char *c = gift_text(g, a, b);
    if (!c) return NULL;
    char *p = c;
    if (*p == '$') {
        char *e = strchr(p + 1, '$');
        if (e && e[1] == '/') p = e + 2;
    }
    if (strncmp(p, "top/", 4) == 0)
        p += 4;
    else if (strcmp(p, "top") == 0)
        p += 3;
    memmove(c, p, strlen(p) + 1);
    return c;
}

static bool g_question(gift *g, size_t p)
{
    const char *s = g->b.text.s;
    size_t n = g->b.text.len, qline, qoff;
    g_pos(g, p, &qline, &qoff);
    char *title = NULL, *prompt = NULL, *explanation = NULL;
    json_t *q = NULL;
    bool ok = true;
    size_t start = p;
    g->fmt = GIFT_PLAIN; /* titles have no format */
    if (n - p >= 2 && s[p] == ':' && s[p + 1] == ':') {
        size_t e = gift_find_str(s, p + 2, n, "::", false);
        if (e == NPOS) return gift_fail(g, p, "the title opened with '::' is not closed with '::'");
        title = gift_text(g, p + 2, e);
        if (!title) return imp_oom(g->d);
        p = e + 2;
    }
    size_t open = gift_find(s, p, n, "{}"), close = NPOS, extra = NPOS;
    if (open == NPOS)
        ok = gift_fail(g, start,
                       "no answer block: a question needs {...} (text alone is a "
                       "description, which bdw cannot ask)");
    else if (s[open] == '}')
        ok = gift_fail(g, open, "'}' without an opening '{' (write \\} for a brace in text)");
    if (ok) close = gift_find(s, open + 1, n, "{}");
    if (ok && close == NPOS)
        ok = gift_fail(g, open, "unterminated '{': no '}' closes it before the next blank line");
    else if (ok && s[close] == '{')
        ok = gift_fail(g, close, "'{' inside an answer block (write \\{ for a brace in text)");
    if (ok) extra = gift_find(s, close + 1, n, "{}");
    if (ok && extra != NPOS)
        ok = gift_fail(g, extra,
                       s[extra] == '{'
                           ? "a second answer block: a GIFT question has one"
                           : "'}' without an opening '{' (write \\} for a brace in text)");
    if (ok) {
        /* Text after the block makes a fill-in-the-blank question. */
        size_t ta = close + 1, tb = n;
        imp_trim(s, &ta, &tb);
        imp_buf pb = {0};
        ok = imp_buf_add(&pb, s + p, open - p) &&
             (ta == tb ||
              (imp_buf_add(&pb, "_____", 5) && imp_buf_add(&pb, s + close + 1, n - close - 1)));
        g->fmt = GIFT_MOODLE;
        prompt = ok ? g_clean(pb.s, pb.len, &g->fmt) : NULL;
        imp_buf_free(&pb);
        if (!prompt) ok = imp_oom(g->d);
    }
    if (ok && !prompt[0]) ok = gift_fail(g, open, "the question has no text");
    if (ok) q = imp_question_begin(g->d, title, prompt, "single", qline);
    ok = ok && q && gift_read_answers(g, q, open, close, &explanation);
    if (ok && !(explanation && explanation[0]))
        gift_warn(g, start,
                  "no general feedback (####...): bdw shows it as the explanation, and "
                  "'bdw pack lint' asks for one");
    if (ok) {
        ok = imp_question_end(g->d, q, explanation, g->topic, qline);
        q = NULL;
    }
    json_decref(q);
    free(title);
    free(prompt);
    free(explanation);
    return ok;
}

static bool g_block(gift *g)
{
    const char *s = g->b.text.s;
    size_t n = g->b.text.len, p = 0;
    while (p < n && imp_is_space(s[p]))
        p++;
    if (n - p >= 10 && memcmp(s + p, "$CATEGORY:", 10) == 0) {
        size_t e = p + 10;
        while (e < n && s[e] != '\n')
            e++;
        free(g->topic);
        g->fmt = GIFT_PLAIN;
        g->topic = g_category(g, p + 10, e);
        if (!g->topic) return imp_oom(g->d);
        for (p = e; p < n && imp_is_space(s[p]);)
            p++;
        if (p == n) return true;
    }
    return g_question(g, p);
}

static bool g_blank(const imp_doc *d, size_t i)
{
    for (size_t k = 0; k < d->lines[i].len; k++)
        if (!imp_is_space(d->text[d->lines[i].off + k])) return false;
    return true;
}

static bool g_comment(const imp_doc *d, size_t i)
{
    const char *s = d->text + d->lines[i].off;
    size_t k = 0, n = d->lines[i].len;
    while (k < n && imp_is_space(s[k]))
        k++;
    return n - k >= 2 && s[k] == '/' && s[k + 1] == '/';
}

static bool g_add_line(gift *g, size_t i)
{
    gblock *b = &g->b;
    if (b->nseg == b->capseg) {
        size_t cap = b->capseg ? 2 * b->capseg : 16;
        size_t *at = realloc(b->seg_at, cap * sizeof *at);
        if (!at) return false;
        b->seg_at = at;
        size_t *ln = realloc(b->seg_line, cap * sizeof *ln);
        if (!ln) return false;
        b->seg_line = ln;
        b->capseg = cap;
    }
    if (b->nseg > 0 && !imp_buf_add(&b->text, "\n", 1)) return false;
    b->seg_at[b->nseg] = b->text.len;
    b->seg_line[b->nseg++] = i;
    const imp_line *l = &g->d->lines[i];
    return imp_buf_add(&b->text, g->d->text + l->off, l->len);
}

bool imp_gift_read(imp_doc *d)
{
    /* Questions are separated by blank lines; comment lines ("//" first)
     * are left out but do not separate, as in Moodle. */
    gift g = {.d = d};
    bool ok = true;
    size_t i = 0;
    while (ok && i < d->nlines) {
        if (g_blank(d, i)) {
            i++;
            continue;
        }
        g.b.text.len = 0;
        g.b.nseg = 0;
        for (; ok && i < d->nlines && !g_blank(d, i); i++)
            if (!g_comment(d, i)) ok = g_add_line(&g, i) || imp_oom(d);
        if (ok && g.b.nseg > 0) ok = g_block(&g);
    }
    imp_buf_free(&g.b.text);
    free(g.b.seg_at);
    free(g.b.seg_line);
    free(g.topic);
    return ok;
}
