/* The JSON the agent writes, and CSVTOJSON (see agent_process.c for what
 * each option does). CSVTOJSON is the course exercise's hot path: every
 * line of LogGenerator.py goes through it, so the field names are escaped
 * once per config (agent_proc_prepare) and lines are split and copied a
 * word at a time where the machine allows. */
#include <stdint.h>
#include <string.h>

#include "sim/agent_internal.h"

/* 1 for the bytes a JSON string must escape: control characters, '"', '\\'. */
static const unsigned char needs_escape[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,         1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, ['"'] = 1, ['\\'] = 1,
};

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* True when one of the 8 bytes of w is a control character, '"' or '\\':
 * the exact "has a zero byte" and "has a byte less than n" word tests (Alan
 * Mycroft's, from Sean Anderson's "Bit Twiddling Hacks"); bytes of UTF-8
 * sequences (0x80 and up) never match. */
static bool word_needs_escape(uint64_t w)
{
    uint64_t q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');
    uint64_t m = ((q - ONES) & ~q) | ((b - ONES) & ~b) | ((w - ONES * 0x20) & ~w);
    return (m & HIGHS) != 0;
}

/* The first `ch` in [p, end), or NULL: eight bytes at a time. */
static const char *find_byte(const char *p, const char *end, char ch)
{
    uint64_t pat = ONES * (unsigned char)ch;
    while (end - p >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        w ^= pat;
        if (((w - ONES) & ~w & HIGHS) != 0) break;
        p += 8;
    }
    for (; p < end; p++)
        if (*p == ch) return p;
    return NULL;
}

/* Writes the characters of a JSON string as Jackson does: quotes,
 * backslashes and control characters escaped, everything else (UTF-8
 * included) as is. Words with nothing to escape are copied whole. The
 * caller has reserved 6 bytes per input byte. */
static char *json_chars(char *o, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i = 0;
    while (i < n) {
        size_t stop = n - i >= 8 ? i + 8 : n;
        if (stop == i + 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!word_needs_escape(w)) {
                memcpy(o, &w, 8);
                o += 8;
                i += 8;
                continue;
            }
        }
        for (; i < stop; i++) {
            unsigned char c = (unsigned char)s[i];
            if (!needs_escape[c]) {
                *o++ = (char)c;
                continue;
            }
            *o++ = '\\';
            switch (c) {
            case '"':
                *o++ = '"';
                break;
            case '\\':
                *o++ = '\\';
                break;
            case '\b':
                *o++ = 'b';
                break;
            case '\t':
                *o++ = 't';
                break;
            case '\n':
                *o++ = 'n';
                break;
            case '\f':
                *o++ = 'f';
                break;
            case '\r':
                *o++ = 'r';
                break;
            default:
                *o++ = 'u';
                *o++ = '0';
                *o++ = '0';
                *o++ = hex[c >> 4];
                *o++ = hex[c & 15];
            }
        }
    }
    return o;
}

/* A JSON string: the caller has reserved 6 bytes per input byte plus 2. */
static char *json_str(char *o, const char *s, size_t n)
{
    *o++ = '"';
    o = json_chars(o, s, n);
    *o++ = '"';
    return o;
}

bool agent_proc_prepare(agent_proc *p)
{
    return agent_proc_prepare_budget(p, NULL);
}

bool agent_proc_prepare_budget(agent_proc *p, sim_budget *b)
{
    if (p->nfields < 1) return true; /* nothing to prepare: the slow path copes */
    size_t total = 0;
    for (int i = 0; i < p->nfields; i++)
        total += 6 * strlen(p->fields[i]) + 4;
    /* 16 bytes of padding: members are copied 16 bytes at a time. */
    char *keys = total <= UINT32_MAX ? sim_calloc(b, 1, total + 16) : NULL;
    uint32_t *end = sim_reallocarray(b, NULL, (size_t)p->nfields, sizeof *end);
    if (!keys || !end) {
        sim_free(b, keys);
        sim_free(b, end);
        return false;
    }
    char *o = keys;
    for (int i = 0; i < p->nfields; i++) {
        *o++ = i ? ',' : '{';
        o = json_str(o, p->fields[i], strlen(p->fields[i]));
        *o++ = ':';
        end[i] = (uint32_t)(o - keys);
    }
    p->json_keys = keys;
    p->json_key_end = end;
    return true;
}

bool agent_put_object(agent_buf *out, char *const *names, const char *const *defaults,
                      const agent_span *vals, int n)
{
    /* One reservation for the worst case, then plain writes. */
    size_t need = 4;
    const char *nm[64];
    size_t nl[64];
    n = n < 64 ? n : 64;
    for (int i = 0; i < n; i++) {
        nm[i] = names ? names[i] : defaults[i];
        nl[i] = strlen(nm[i]);
        need += 6 * nl[i] + 6 * vals[i].n + 8;
    }
    out->len = 0;
    if (!agent_buf_reserve(out, need)) return false;
    char *o = out->p;
    *o++ = '{';
    for (int i = 0; i < n; i++) {
        if (i) *o++ = ',';
        o = json_str(o, nm[i], nl[i]);
        *o++ = ':';
        if (vals[i].null) {
            memcpy(o, "null", 4);
            o += 4;
        } else {
            o = json_str(o, vals[i].p, vals[i].n);
        }
    }
    *o++ = '}';
    *o++ = '\n';
    out->len = (size_t)(o - out->p);
    return true;
}

/* Java's String.split on a literal delimiter, at most 64 columns. */
static int split_bytes(const char *in, size_t len, const char *d, size_t dl, agent_span *cols)
{
    int ncols = 0;
    const char *p = in, *end = in + len;
    while (ncols < 64) {
        const char *hit = NULL;
        if (dl == 1) {
            hit = find_byte(p, end, d[0]);
        } else {
            for (const char *q = p; dl && q + dl <= end; q++)
                if (memcmp(q, d, dl) == 0) {
                    hit = q;
                    break;
                }
        }
        const char *e = hit ? hit : end;
        cols[ncols++] = (agent_span){p, (size_t)(e - p), false};
        if (!hit) break;
        p = hit + dl;
    }
    return ncols;
}

/* The fast CSVTOJSON path: the line is split with whole-word compares (16
 * bytes with SSE2, else 8 in a uint64_t) and copied, word by word as it is
 * read, into a buffer with padding, from which its values are copied in
 * whole words too when no byte of it needs escaping. (Copying the line with
 * memcpy first made every word read wait for that copy's stores to land.)
 * Longer lines and other machines take the byte path. */
#define CSV_WORDS_MAX 1024
#define CSV_PAD 16

#if defined(__SSE2__)
#include <emmintrin.h>
#define CSV_WORDS 1

/* Splits line[0..len) and copies it to `in`, which has CSV_PAD bytes of
 * room past len; the columns point into `in`. */
static int split_words(const char *line, size_t len, char *in, char dch, agent_span *cols,
                       bool *plain)
{
    const __m128i vd = _mm_set1_epi8(dch), vq = _mm_set1_epi8('"'), vb = _mm_set1_epi8('\\');
    const __m128i v1f = _mm_set1_epi8(0x1F);
    int ncols = 0;
    size_t from = 0;
    unsigned esc = 0;
    for (size_t i = 0; i < len; i += 16) {
        /* The block at `at`: the next 16 bytes, or, for the last few, the
         * line's last 16 with the bytes already seen masked off (a short
         * copy into a zeroed block would make the load wait for it). */
        size_t at0 = i;
        unsigned valid = 0xFFFFu;
        __m128i v;
        if (len - i >= 16) {
            v = _mm_loadu_si128((const __m128i *)(const void *)(line + i));
        } else if (len >= 16) {
            at0 = len - 16;
            valid = 0xFFFFu << (i - at0) & 0xFFFFu;
            v = _mm_loadu_si128((const __m128i *)(const void *)(line + at0));
        } else {
            char last[16] = {0};
            memcpy(last, line, len);
            valid = (1u << len) - 1;
            v = _mm_loadu_si128((const __m128i *)(const void *)last);
        }
        _mm_storeu_si128((__m128i *)(void *)(in + at0), v);
        /* Unsigned v <= 0x1F is min(v, 0x1F) == v. */
        __m128i e = _mm_or_si128(_mm_cmpeq_epi8(v, vq), _mm_cmpeq_epi8(v, vb));
        e = _mm_or_si128(e, _mm_cmpeq_epi8(_mm_min_epu8(v, v1f), v));
        esc |= (unsigned)_mm_movemask_epi8(e) & valid;
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vd)) & valid;
        for (; m; m &= m - 1) {
            size_t at = at0 + (size_t)__builtin_ctz(m);
            cols[ncols++] = (agent_span){in + from, at - from, false};
            from = at + 1;
            if (ncols == 64) goto done; /* String.split as capped in split_bytes */
        }
    }
    cols[ncols++] = (agent_span){in + from, len - from, false};
done:
    *plain = esc == 0;
    return ncols;
}

#elif defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define CSV_WORDS 1

/* 0x80 in each byte of x that is zero, exactly (no borrow between bytes). */
static uint64_t zero_bytes(uint64_t x)
{
    uint64_t y = (x & ~HIGHS) + ~HIGHS;
    return ~(y | x | ~HIGHS);
}

/* 0x80 in each byte of w that a JSON string must escape. */
static uint64_t escape_bytes(uint64_t w)
{
    uint64_t ctl = ~(((w & ~HIGHS) + ONES * (0x80 - 0x20)) | w) & HIGHS;
    return ctl | zero_bytes(w ^ (ONES * '"')) | zero_bytes(w ^ (ONES * '\\'));
}

/* Splits line[0..len) and copies it to `in`, which has CSV_PAD bytes of
 * room past len; the columns point into `in`. */
static int split_words(const char *line, size_t len, char *in, char dch, agent_span *cols,
                       bool *plain)
{
    int ncols = 0;
    size_t from = 0;
    uint64_t esc = 0, pat = ONES * (unsigned char)dch;
    for (size_t i = 0; i < len; i += 8) {
        uint64_t w = 0;
        memcpy(&w, line + i, len - i >= 8 ? 8 : len - i);
        memcpy(in + i, &w, 8);
        uint64_t valid = len - i >= 8 ? ~UINT64_C(0) : (UINT64_C(1) << (8 * (len - i))) - 1;
        esc |= escape_bytes(w) & valid;
        uint64_t m = zero_bytes(w ^ pat) & valid;
        for (; m; m &= m - 1) {
            size_t at = i + (size_t)__builtin_ctzll(m) / 8;
            cols[ncols++] = (agent_span){in + from, at - from, false};
            from = at + 1;
            if (ncols == 64) goto done;
        }
    }
    cols[ncols++] = (agent_span){in + from, len - from, false};
done:
    *plain = esc == 0;
    return ncols;
}

#else
#define CSV_WORDS 0

static int split_words(const char *line, size_t len, char *in, char dch, agent_span *cols,
                       bool *plain)
{
    (void)in;
    *plain = false; /* never called: CSV_WORDS is 0 */
    return split_bytes(line, len, &dch, 1, cols);
}
#endif

/* The object from a prepared option: names copied, values escaped, or,
 * when `plain` says no byte needs it, copied 16 bytes at a time (the values
 * then lie in a buffer with CSV_PAD readable bytes past the line). Column i
 * is field i; fields past the columns are null. */
static bool put_prepared(const agent_proc *pr, const agent_span *cols, int ncols, int n, size_t len,
                         bool plain, agent_buf *out)
{
    /* Values hold at most `len` bytes, 6 each when escaped; quotes or null
     * take at most 4 per field; 16 bytes of slack for the whole-word
     * copies. */
    size_t need = pr->json_key_end[n - 1] + 6 * len + 4 * (size_t)n + 2 + 16;
    out->len = 0;
    if (!agent_buf_reserve(out, need)) return false;
    char *o = out->p;
    uint32_t from = 0;
    for (int i = 0; i < n; i++) {
        uint32_t to = pr->json_key_end[i];
        const char *key = pr->json_keys + from;
        memcpy(o, key, 16); /* most names fit in one copy */
        for (uint32_t k = 16; k < to - from; k += 16)
            memcpy(o + k, key + k, 16);
        o += to - from;
        from = to;
        if (i >= ncols) {
            memcpy(o, "null", 4);
            o += 4;
        } else if (plain) {
            *o++ = '"';
            memcpy(o, cols[i].p, 16);
            for (size_t k = 16; k < cols[i].n; k += 16)
                memcpy(o + k, cols[i].p + k, 16);
            o += cols[i].n;
            *o++ = '"';
        } else {
            o = json_str(o, cols[i].p, cols[i].n);
        }
    }
    *o++ = '}';
    *o++ = '\n';
    out->len = (size_t)(o - out->p);
    return true;
}

bool agent_csv_to_json(const agent_proc *pr, const char *in, size_t len, agent_buf *out)
{
    if (len && in[len - 1] == '\n') len--;
    /* The delimiter is a Java regular expression; the escapes people write
     * for tab and pipe are the ones worth honouring. */
    const char *d = pr->delimiter ? pr->delimiter : ",";
    char dch[2] = {0, 0};
    if (d[0] == '\\' && d[1] && !d[2]) {
        dch[0] = d[1] == 't' ? '\t' : d[1];
        d = dch;
    }
    size_t dl = pr->delimiter ? strlen(d) : 1;
    agent_span cols[64];
    int ncols;
    bool plain = false;
    char words[CSV_WORDS_MAX + CSV_PAD];
    if (CSV_WORDS && pr->json_keys && dl == 1 && len <= CSV_WORDS_MAX) {
        ncols = split_words(in, len, words, d[0], cols, &plain);
    } else {
        ncols = split_bytes(in, len, d, dl, cols);
    }
    /* String.split drops trailing empty strings (but keeps a lone one). */
    while (ncols > 1 && cols[ncols - 1].n == 0)
        ncols--;
    int n = pr->nfields < 64 ? pr->nfields : 64;
    if (pr->json_keys) return put_prepared(pr, cols, ncols, n, len, plain, out);
    agent_span vals[64];
    for (int i = 0; i < n; i++)
        vals[i] = i < ncols ? cols[i] : (agent_span){NULL, 0, true};
    return agent_put_object(out, pr->fields, NULL, vals, n);
}
