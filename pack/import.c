/* The common part of the question importers: reading and checking the text
 * (size, byte-order mark, NUL bytes, UTF-8), splitting it into lines, choosing
 * the format, positions for messages, and the question objects both readers
 * build. The format rules live in import_gift.c and import_aiken.c. */
#include "pack/import_priv.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pack/input.h"
#include "sim/utf8.h"

bool imp_buf_add(imp_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) return false;
        b->s = p;
        b->cap = cap;
    }
    if (n) memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return true;
}

char *imp_buf_take(imp_buf *b)
{
    if (!b->s && !imp_buf_add(b, "", 0)) return NULL;
    char *s = b->s;
    *b = (imp_buf){0};
    return s;
}

void imp_buf_free(imp_buf *b)
{
    free(b->s);
    *b = (imp_buf){0};
}

bool imp_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

void imp_trim(const char *s, size_t *a, size_t *b)
{
    while (*a < *b && imp_is_space(s[*a]))
        (*a)++;
    while (*b > *a && imp_is_space(s[*b - 1]))
        (*b)--;
}

size_t imp_line_of(const imp_doc *d, size_t off)
{
    size_t lo = 0, hi = d->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->lines[mid].off <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

int imp_column(const imp_doc *d, size_t line, size_t off)
{
    if (line >= d->nlines) return 1;
    size_t start = d->lines[line].off, end = start + d->lines[line].len;
    if (off > end) off = end;
    int col = 1;
    /* Count code points: every byte that does not continue a UTF-8 sequence. */
    for (size_t i = start; i < off; i++)
        if (((unsigned char)d->text[i] & 0xC0) != 0x80) col++;
    return col;
}

static void imp_vset(imp_doc *d, pack_diag *out, size_t line, size_t off, const char *fmt,
                     va_list ap)
{
    char msg[sizeof out->message];
    vsnprintf(msg, sizeof msg, fmt, ap);
    pack_diag_set(out, d->file, (int)line + 1, imp_column(d, line, off), "%s", msg);
}

bool imp_fail(imp_doc *d, size_t line, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (d->diag) imp_vset(d, d->diag, line, off, fmt, ap);
    va_end(ap);
    return false;
}

void imp_warn(imp_doc *d, size_t line, size_t off, const char *fmt, ...)
{
    if (!d->warn) return;
    if (d->warn->count >= PACK_IMPORT_MAX_WARNINGS - 1) {
        d->dropped_warnings++;
        return;
    }
    pack_diag *items = realloc(d->warn->items, (d->warn->count + 1) * sizeof *items);
    if (!items) return;
    d->warn->items = items;
    va_list ap;
    va_start(ap, fmt);
    imp_vset(d, &items[d->warn->count++], line, off, fmt, ap);
    va_end(ap);
}

bool imp_oom(imp_doc *d)
{
    pack_diag_set(d->diag, d->file, 0, 0, "out of memory");
    return false;
}

static bool imp_push_line(imp_doc *d, size_t *cap, size_t start, size_t end)
{
    if (d->nlines == *cap) {
        imp_line *l = realloc(d->lines, 2 * *cap * sizeof *l);
        if (!l) return imp_oom(d);
        d->lines = l;
        *cap *= 2;
    }
    d->lines[d->nlines++] = (imp_line){(uint32_t)start, (uint32_t)(end - start)};
    return true;
}

/* Splits d->text into lines (LF, CRLF or a lone CR end a line) and refuses
 * NUL bytes and invalid UTF-8 at their line and column. */
static bool imp_split(imp_doc *d)
{
    size_t cap = 64;
    d->lines = malloc(cap * sizeof *d->lines);
    if (!d->lines) return imp_oom(d);
    size_t i = 0, start = 0;
    while (i < d->len) {
        char c = d->text[i];
        if (c == '\n' || c == '\r') {
            if (!imp_push_line(d, &cap, start, i)) return false;
            if (c == '\r' && i + 1 < d->len && d->text[i + 1] == '\n') i++;
            start = ++i;
            continue;
        }
        size_t n = sim_utf8_seq((const unsigned char *)d->text + i, d->len - i);
        if (c == '\0' || n == 0) {
            /* Store the line read so far so that the column can be counted. */
            if (!imp_push_line(d, &cap, start, i)) return false;
            if (c == '\0') return imp_fail(d, d->nlines - 1, i, "a NUL byte: not a text file");
            return imp_fail(d, d->nlines - 1, i,
                            "invalid UTF-8 (byte 0x%02X): save the file as UTF-8",
                            (unsigned char)c);
        }
        i += n;
    }
    return imp_push_line(d, &cap, start, i);
}

static const char *imp_ext(const char *file)
{
    if (!file) return "";
    const char *slash = strrchr(file, '/');
    const char *dot = strrchr(slash ? slash + 1 : file, '.');
    return dot ? dot : "";
}

pack_import_format pack_import_detect(const char *file, const char *text, size_t len)
{
    const char *ext = imp_ext(file);
    if (strcasecmp(ext, ".gift") == 0) return PACK_IMPORT_GIFT;
    if (strcasecmp(ext, ".aiken") == 0) return PACK_IMPORT_AIKEN;
    /* By content: an Aiken file has "ANSWER:" lines and never a GIFT answer
     * block; anything else is read as GIFT, whose messages explain more. */
    bool answer_line = false, brace = false, line_start = true;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '\n' || c == '\r') {
            line_start = true;
            continue;
        }
        if (line_start && (c == ' ' || c == '\t')) continue;
        if (line_start && len - i >= 7 && strncasecmp(text + i, "ANSWER:", 7) == 0)
            answer_line = true;
        line_start = false;
        if (c == '\\')
            i++;
        else if (c == '{')
            brace = true;
    }
    return answer_line && !brace ? PACK_IMPORT_AIKEN : PACK_IMPORT_GIFT;
}

const char *pack_import_format_name(pack_import_format fmt)
{
    switch (fmt) {
    case PACK_IMPORT_GIFT:
        return "gift";
    case PACK_IMPORT_AIKEN:
        return "aiken";
    default:
        return "auto";
    }
}

/* Lower-case ASCII letters and digits, anything else becomes one '-'. */
static void imp_slug(const char *title, char *out, size_t cap)
{
    size_t n = 0;
    bool dash = false;
    for (const char *p = title; *p && n + 1 < cap; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && n > 0 && n + 2 < cap) out[n++] = '-';
            out[n++] = c;
            dash = false;
        } else {
            dash = true;
        }
    }
    out[n] = '\0';
}

json_t *imp_question_begin(imp_doc *d, const char *title, const char *prompt, const char *type,
                           size_t line)
{
    if (d->ordinal == PACK_IMPORT_MAX_QUESTIONS) {
        imp_fail(d, line, d->lines[line].off, "more than %d questions in one file: split it",
                 PACK_IMPORT_MAX_QUESTIONS);
        return NULL;
    }
    d->ordinal++;
    char slug[49] = "";
    if (title) imp_slug(title, slug, sizeof slug);
    if (!slug[0]) snprintf(slug, sizeof slug, "q%03zu", d->ordinal);
    const char *prefix = d->prefix ? d->prefix : "";
    char base[1024], id[1100];
    snprintf(base, sizeof base, "%s%s%s", prefix, prefix[0] ? "." : "", slug);
    snprintf(id, sizeof id, "%s", base);
    /* Two questions with the same title keep both: the later ones get -2, -3.
     * The next suffix to try is remembered, so that many equal titles do not
     * cost a search each from -2. */
    if (json_object_get(d->ids, id)) {
        json_int_t k = json_integer_value(json_object_get(d->suffixes, base));
        if (k < 2) k = 2;
        do
            snprintf(id, sizeof id, "%s-%lld", base, (long long)k++);
        while (json_object_get(d->ids, id));
        if (json_object_set_new(d->suffixes, base, json_integer(k)) != 0) {
            imp_oom(d);
            return NULL;
        }
    }
    json_t *q = json_object();
    json_t *jid = json_string(id), *jp = json_string(prompt), *jt = json_string(type);
    if (!q || !jid || !jp || !jt || json_object_set(d->ids, id, json_true()) != 0) {
        json_decref(q);
        json_decref(jid);
        json_decref(jp);
        json_decref(jt);
        imp_oom(d);
        return NULL;
    }
    json_object_set_new(q, "id", jid);
    json_object_set_new(q, "prompt", jp);
    json_object_set_new(q, "type", jt);
    return q;
}

bool imp_question_end(imp_doc *d, json_t *q, const char *explanation, const char *topic,
                      size_t line)
{
    if (explanation && explanation[0])
        json_object_set_new(q, "explanation", json_string(explanation));
    if (topic && topic[0]) json_object_set_new(q, "topic", json_string(topic));
    json_object_set_new(q, "source",
                        json_pack("{s:s, s:i}", "file", d->file, "line", (int)line + 1));
    if (json_array_append_new(d->questions, q) != 0) return imp_oom(d);
    return true;
}

json_t *imp_choice(const char *text, bool correct, double weight, const char *why)
{
    json_t *c = json_object();
    if (!c) return NULL;
    json_object_set_new(c, "text", json_string(text));
    json_object_set_new(c, "correct", json_boolean(correct));
    if (weight != 0) json_object_set_new(c, "weight", json_real(weight));
    if (why && why[0]) json_object_set_new(c, "why", json_string(why));
    return c;
}

json_t *imp_number(double v)
{
    if (v == floor(v) && fabs(v) < 9007199254740992.0) return json_integer((json_int_t)v);
    return json_real(v);
}

bool imp_parse_number(const char *s, size_t n, double *out)
{
    /* The grammar is checked here so that strtod's extras (hex, inf, nan,
     * leading spaces) are refused. */
    size_t i = 0, digits = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++, digits++;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, digits++;
    }
    if (digits == 0) return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        size_t e = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, e++;
        if (e == 0) return false;
    }
    if (i != n || n > 400) return false;
    char tmp[401];
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    /* The TUI sets the user's locale, where the decimal point may be a
     * comma; numbers in question files always use a point. */
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = c ? uselocale(c) : (locale_t)0;
    double v = strtod(tmp, NULL);
    if (c) {
        uselocale(old);
        freelocale(c);
    }
    if (!isfinite(v)) return false;
    *out = v == 0 ? 0 : v; /* no -0 */
    return true;
}

json_t *pack_import_text_ex(const char *text, size_t len, const char *file, pack_import_format fmt,
                            const char *id_prefix, pack_diag *diag, pack_import_warnings *warnings)
{
    if (!file) file = "";
    if (warnings) *warnings = (pack_import_warnings){0};
    imp_doc d = {.text = text,
                 .len = len,
                 .file = file,
                 .prefix = id_prefix,
                 .diag = diag,
                 .warn = warnings};
    if (len > PACK_IMPORT_MAX_BYTES) {
        pack_diag_set(diag, file, 0, 0, "the text is larger than the %zu MiB limit",
                      PACK_IMPORT_MAX_BYTES >> 20);
        return NULL;
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        d.text += 3;
        d.len -= 3;
    }
    if (fmt != PACK_IMPORT_GIFT && fmt != PACK_IMPORT_AIKEN)
        fmt = pack_import_detect(file, d.text, d.len);
    d.bank = json_object();
    d.questions = json_array();
    d.ids = json_object();
    d.suffixes = json_object();
    bool ok = d.bank && d.questions && d.ids && d.suffixes &&
              json_object_set(d.bank, "questions", d.questions) == 0;
    if (!ok) imp_oom(&d);
    ok = ok && imp_split(&d);
    ok = ok && (fmt == PACK_IMPORT_AIKEN ? imp_aiken_read(&d) : imp_gift_read(&d));
    if (ok && json_array_size(d.questions) == 0) {
        pack_diag_set(diag, file, 0, 0, "no questions: the file holds no %s question",
                      fmt == PACK_IMPORT_AIKEN ? "Aiken" : "GIFT");
        ok = false;
    }
    if (ok && warnings && d.dropped_warnings) {
        pack_diag *items = realloc(warnings->items, (warnings->count + 1) * sizeof *items);
        if (items) {
            warnings->items = items;
            pack_diag_set(&items[warnings->count++], file, 0, 0, "%zu more warnings not shown",
                          d.dropped_warnings);
        }
    }
    free(d.lines);
    json_decref(d.questions);
    json_decref(d.ids);
    json_decref(d.suffixes);
    if (!ok) {
        json_decref(d.bank);
        return NULL;
    }
    return d.bank;
}

json_t *pack_import_text(const char *text, size_t len, const char *file, pack_import_format fmt,
                         const char *id_prefix, pack_diag *diag)
{
    return pack_import_text_ex(text, len, file, fmt, id_prefix, diag, NULL);
}

json_t *pack_import_file_ex(const char *path, pack_import_format fmt, const char *id_prefix,
                            pack_diag *diag, pack_import_warnings *warnings)
{
    if (warnings) *warnings = (pack_import_warnings){0};
    /* A pipe is welcome (`bdw pack import <(...)`): it is read once, up to
     * the limit, like a file. */
    char *text;
    size_t len;
    if (!pack_input_read(path, path, PACK_IMPORT_MAX_BYTES, PACK_INPUT_PIPES, &text, &len, diag,
                         NULL))
        return NULL;
    json_t *bank = pack_import_text_ex(text, len, path, fmt, id_prefix, diag, warnings);
    free(text);
    return bank;
}

json_t *pack_import_file(const char *path, pack_import_format fmt, const char *id_prefix,
                         pack_diag *diag)
{
    return pack_import_file_ex(path, fmt, id_prefix, diag, NULL);
}

void pack_import_warnings_free(pack_import_warnings *warnings)
{
    if (!warnings) return;
    free(warnings->items);
    *warnings = (pack_import_warnings){0};
}
