/* The agent's dataProcessingOptions, following the agent's own converters
 * (awslabs/amazon-kinesis-agent, processing/processors):
 *  - SINGLELINE splits on '\n', trims each line, joins them with nothing
 *    and ends the record with '\n'.
 *  - CSVTOJSON drops the trailing '\n', splits on the delimiter the way
 *    Java's String.split does (no quoting; trailing empty fields vanish),
 *    maps field i to column i (null when missing) and prints compact JSON
 *    plus '\n'. All values are strings.
 *  - LOGTOJSON matches the format's pattern (PatternConstants) and prints
 *    the fields; "-" becomes null for the Apache formats; a line that does
 *    not match is skipped. The patterns are matched by hand here, a little
 *    more loosely than the agent's regular expressions for dates. */
#include <string.h>

#include "sim/agent_internal.h"

typedef agent_span span;

bool agent_buf_reserve(agent_buf *b, size_t need)
{
    if (need <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    char *p = sim_realloc(b->budget, b->p, cap);
    if (!p) return false;
    b->p = p;
    b->cap = cap;
    return true;
}

void agent_buf_free(agent_buf *b)
{
    sim_free(b->budget, b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

static bool put(agent_buf *b, const char *s, size_t n)
{
    if (!agent_buf_reserve(b, b->len + n + 1)) return false;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    return true;
}

static bool single_line(const char *in, size_t len, agent_buf *out)
{
    out->len = 0;
    const char *p = in, *end = in + len;
    while (p <= end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        const char *a = p, *z = e;
        while (a < z && (unsigned char)*a <= ' ')
            a++;
        while (z > a && (unsigned char)z[-1] <= ' ')
            z--;
        if (!put(out, a, (size_t)(z - a))) return false;
        if (!nl) break;
        p = nl + 1;
    }
    return put(out, "\n", 1);
}

/* --- log formats --------------------------------------------------------- */

typedef struct cursor {
    const char *p, *end;
} cursor;

static bool lit(cursor *c, const char *s)
{
    size_t n = strlen(s);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, s, n) != 0) return false;
    c->p += n;
    return true;
}

/* A run of characters accepted by ok(), at least one. */
static bool run(cursor *c, bool (*ok)(char), span *out)
{
    const char *a = c->p;
    while (c->p < c->end && ok(*c->p))
        c->p++;
    *out = (span){a, (size_t)(c->p - a), false};
    return c->p > a;
}

static bool is_notspace(char ch)
{
    return ch != ' ' && ch != '\t';
}
static bool is_user(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '.' || ch == '_' || ch == '-';
}
static bool is_noquote(char ch)
{
    return ch != '"';
}
static bool is_notbracket(char ch)
{
    return ch != ']';
}
static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}
static bool is_word(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || is_digit(ch) || ch == '_';
}
static bool is_prog(char ch)
{
    return is_word(ch) || ch == '.' || ch == '/' || ch == '%' || ch == '-';
}
static bool is_space(char ch)
{
    return ch == ' ' || ch == '\t';
}
static bool is_notcolonbracket(char ch)
{
    return ch != ']' && ch != ' ';
}

static bool int_or_dash(cursor *c, span *out)
{
    if (c->p < c->end && *c->p == '-' && (c->p + 1 == c->end || c->p[1] == ' ')) {
        *out = (span){c->p, 1, false};
        c->p++;
        return true;
    }
    const char *a = c->p;
    if (c->p < c->end && (*c->p == '+' || *c->p == '-')) c->p++;
    span d;
    if (!run(c, is_digit, &d)) return false;
    *out = (span){a, (size_t)(c->p - a), false};
    return true;
}

static bool apache_access(cursor *c, span *v, bool combined)
{
    if (!run(c, is_notspace, &v[0]) || !lit(c, " ") || !run(c, is_user, &v[1]) || !lit(c, " ") ||
        !run(c, is_user, &v[2]) || !lit(c, " [") || !run(c, is_notbracket, &v[3]) ||
        !lit(c, "] \"") || !run(c, is_noquote, &v[4]) || !lit(c, "\" ") || !int_or_dash(c, &v[5]) ||
        !lit(c, " ") || !int_or_dash(c, &v[6]))
        return false;
    if (combined && (!lit(c, " \"") || !run(c, is_noquote, &v[7]) || !lit(c, "\" \"") ||
                     !run(c, is_noquote, &v[8]) || !lit(c, "\"")))
        return false;
    return true; /* the agent's pattern ends in ".*" */
}

static bool apache_error(cursor *c, span *v)
{
    span mod_or_sev, sev;
    if (!lit(c, "[") || !run(c, is_notbracket, &v[0]) || !lit(c, "] [") ||
        !run(c, is_word, &mod_or_sev))
        return false;
    if (lit(c, ":")) {
        if (!run(c, is_word, &sev)) return false;
        v[1] = mod_or_sev;
        v[2] = sev;
    } else {
        v[1] = (span){NULL, 0, true};
        v[2] = mod_or_sev;
    }
    if (!lit(c, "] [pid ") || !run(c, is_digit, &v[3])) return false;
    v[4] = (span){NULL, 0, true};
    if (lit(c, ":tid ") && !run(c, is_digit, &v[4])) return false;
    if (!lit(c, "] [client ") || !run(c, is_notcolonbracket, &v[5]) || !lit(c, "] ")) return false;
    v[6] = (span){c->p, (size_t)(c->end - c->p), false};
    return true;
}

static bool syslog_line(cursor *c, span *v)
{
    const char *a = c->p;
    span month, day, t, sp;
    if (!run(c, is_word, &month) || month.n < 3 || !run(c, is_space, &sp) ||
        !run(c, is_digit, &day) || !run(c, is_space, &sp) || !run(c, is_notspace, &t))
        return false;
    v[0] = (span){a, (size_t)(c->p - a), false};
    if (!lit(c, " ")) return false;
    if (c->p < c->end && *c->p == '<') { /* an optional <facility.priority> */
        span fac;
        c->p++;
        if (!run(c, is_notbracket, &fac) || !lit(c, "> ")) return false;
    }
    if (!run(c, is_user, &v[1]) || !lit(c, " ") || !run(c, is_prog, &v[2])) return false;
    v[3] = (span){NULL, 0, true};
    if (lit(c, "[") && (!run(c, is_digit, &v[3]) || !lit(c, "]"))) return false;
    if (!lit(c, ": ")) return false;
    v[4] = (span){c->p, (size_t)(c->end - c->p), false};
    return true;
}

static const char *const common_fields[] = {"host",     "ident", "authuser", "datetime", "request",
                                            "response", "bytes", "referer",  "agent"};
static const char *const error_fields[] = {"timestamp", "module", "severity", "processid",
                                           "threadid",  "client", "message"};
static const char *const syslog_fields[] = {"timestamp", "hostname", "program", "processid",
                                            "message"};

static int log_to_json(const agent_proc *pr, const char *in, size_t len, agent_buf *out)
{
    if (len && in[len - 1] == '\n') len--;
    cursor c = {in, in + len};
    span v[9];
    int n;
    const char *const *names;
    bool ok;
    switch (pr->format) {
    case AGENT_LOG_COMMONAPACHE:
    case AGENT_LOG_COMBINEDAPACHE: {
        bool comb = pr->format == AGENT_LOG_COMBINEDAPACHE;
        ok = apache_access(&c, v, comb);
        n = comb ? 9 : 7;
        names = common_fields;
        for (int i = 0; ok && i < n; i++)
            if (v[i].n == 1 && v[i].p[0] == '-') v[i].null = true;
        break;
    }
    case AGENT_LOG_APACHEERROR:
        ok = apache_error(&c, v);
        n = 7;
        names = error_fields;
        for (int i = 0; ok && i < n; i++)
            if (!v[i].null && v[i].n == 1 && v[i].p[0] == '-') v[i].null = true;
        break;
    case AGENT_LOG_SYSLOG:
    default:
        ok = syslog_line(&c, v);
        n = 5;
        names = syslog_fields;
        break;
    }
    if (!ok) return 0;
    return agent_put_object(out, pr->fields, names, v, n) ? 1 : -1;
}

bool agent_process(const agent_flow_config *f, const char *in, size_t len, agent_buf *out,
                   agent_buf *tmp)
{
    return agent_process_record(f, in, len, out, tmp) == AGENT_RECORD_KEPT;
}

agent_record_outcome agent_process_record(const agent_flow_config *f, const char *in, size_t len,
                                          agent_buf *out, agent_buf *tmp)
{
    out->len = 0;
    if (!f->nprocs) return put(out, in, len) ? AGENT_RECORD_KEPT : AGENT_RECORD_NO_MEMORY;
    const char *src = in;
    size_t slen = len;
    for (int i = 0; i < f->nprocs; i++) {
        const agent_proc *pr = &f->procs[i];
        /* Each step reads the previous result: swap the two buffers. */
        agent_buf *dst = (i % 2 == f->nprocs % 2) ? tmp : out;
        int ok = 1; /* 1 made, 0 skipped, -1 out of memory */
        switch (pr->kind) {
        case AGENT_SINGLELINE:
            ok = single_line(src, slen, dst) ? 1 : -1;
            break;
        case AGENT_CSVTOJSON:
            ok = agent_csv_to_json(pr, src, slen, dst) ? 1 : -1;
            break;
        case AGENT_LOGTOJSON:
            ok = log_to_json(pr, src, slen, dst);
            break;
        }
        if (ok <= 0) return ok < 0 ? AGENT_RECORD_NO_MEMORY : AGENT_RECORD_SKIPPED;
        src = dst->p;
        slen = dst->len;
    }
    return AGENT_RECORD_KEPT;
}
