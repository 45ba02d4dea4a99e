/* Text marked [html] in a GIFT file, as Moodle exports every question, turned
 * into the plain text a terminal shows: tags dropped (paragraphs and line
 * breaks kept as line breaks, list items as "- "), the common entities and
 * numeric character references decoded, runs of spaces folded as a browser
 * would. It is not an HTML parser; it only has to make exported quiz text
 * readable, and anything it does not recognise stays as written. */
#include "pack/import_priv.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool h_put_cp(imp_buf *o, unsigned long cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return imp_buf_add(o, u, n);
}

/* Decodes the entity at s (which starts with '&'); returns its length, or 0
 * when it is not one this knows (the '&' then stays as text). */
static size_t h_entity(const char *s, imp_buf *o, bool *ok)
{
    static const struct {
        const char *name;
        const char *text;
    } named[] = {{"&amp;", "&"},   {"&lt;", "<"},         {"&gt;", ">"},
                 {"&quot;", "\""}, {"&apos;", "'"},       {"&nbsp;", " "},
                 {"&#39;", "'"},   {"&ndash;", "\u2013"}, {"&mdash;", "\u2014"}};
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
        size_t n = strlen(named[k].name);
        if (strncmp(s, named[k].name, n) == 0) {
            *ok = imp_buf_add(o, named[k].text, strlen(named[k].text));
            return n;
        }
    }
    if (s[1] != '#') return 0;
    bool hex = s[2] == 'x' || s[2] == 'X';
    size_t i = hex ? 3 : 2, digits = 0;
    unsigned long cp = 0;
    for (; digits < 8; i++, digits++) {
        char c = s[i];
        int v = c >= '0' && c <= '9'          ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : -1;
        if (v < 0) break;
        cp = cp * (hex ? 16 : 10) + (unsigned long)v;
    }
    if (digits == 0 || s[i] != ';' || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    *ok = h_put_cp(o, cp);
    return i + 1;
}

/* The tag name at s (after '<' and an optional '/'), lower-cased into name. */
static void h_tag_name(const char *s, char *name, size_t cap)
{
    size_t n = 0;
    while (n + 1 < cap &&
           ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9'))) {
        char c = *s++;
        name[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    name[n] = '\0';
}

static bool h_tag(const char *tag, bool closing, imp_buf *o)
{
    static const char *const blocks[] = {"p",  "div", "ul", "ol", "table", "tr",  "h1",
                                         "h2", "h3",  "h4", "h5", "h6",    "pre", "blockquote"};
    if (strcmp(tag, "br") == 0) return imp_buf_add(o, "\n", 1);
    if (strcmp(tag, "li") == 0) return imp_buf_add(o, closing ? "\n" : "\n- ", closing ? 1 : 3);
    if (strcmp(tag, "td") == 0 || strcmp(tag, "th") == 0) return imp_buf_add(o, " ", 1);
    for (size_t k = 0; k < sizeof blocks / sizeof blocks[0]; k++)
        if (strcmp(tag, blocks[k]) == 0) return imp_buf_add(o, "\n", 1);
    return true;
}

/* Folds spaces, trims every line, keeps at most one empty line in a row. */
static char *h_tidy(const char *s)
{
    imp_buf o = {0};
    bool ok = imp_buf_add(&o, "", 0);
    size_t newlines = 0;
    bool space = false;
    for (const char *p = s; ok && *p; p++) {
        if (*p == '\n') {
            space = false;
            newlines++;
            continue;
        }
        if (*p == ' ' || *p == '\t' || *p == '\r') {
            space = true;
            continue;
        }
        if (o.len > 0 && newlines > 0)
            ok = imp_buf_add(&o, "\n\n", newlines > 1 ? 2 : 1);
        else if (o.len > 0 && space)
            ok = imp_buf_add(&o, " ", 1);
        newlines = 0;
        space = false;
        ok = ok && imp_buf_add(&o, p, 1);
    }
    if (!ok) {
        imp_buf_free(&o);
        return NULL;
    }
    return imp_buf_take(&o);
}

char *imp_html_to_text(const char *s)
{
    imp_buf o = {0};
    bool ok = imp_buf_add(&o, "", 0);
    /* Past the last '>' no tag can close: this keeps "<a<a<a..." linear. */
    const char *last_gt = strrchr(s, '>');
    for (const char *p = s; ok && *p;) {
        if (*p == '<' && last_gt && p < last_gt &&
            (p[1] == '/' || p[1] == '!' || (p[1] >= 'a' && p[1] <= 'z') ||
             (p[1] >= 'A' && p[1] <= 'Z'))) {
            const char *end = strchr(p, '>');
            if (end) {
                bool closing = p[1] == '/';
                char name[16];
                h_tag_name(p + 1 + closing, name, sizeof name);
                ok = h_tag(name, closing, &o);
                p = end + 1;
                continue;
            }
        }
        if (*p == '&') {
            size_t n = h_entity(p, &o, &ok);
            if (n) {
                p += n;
                continue;
            }
        }
        /* Line breaks in HTML source are spaces; only tags break lines. */
        ok = imp_buf_add(&o, *p == '\n' ? " " : p, 1);
        p++;
    }
    char *t = ok ? h_tidy(o.s) : NULL;
    imp_buf_free(&o);
    return t;
}
