/* CSVTOJSON against a byte-at-a-time reference written from the agent's
 * documented behaviour (awslabs/amazon-kinesis-agent CSVToJSONDataConverter:
 * the line without its '\n', split like Java's String.split on the
 * delimiter, field i = column i or null, compact JSON plus '\n', escaped the
 * way Jackson escapes: \" \\ \b \t \n \f \r and \u00XX for the other
 * control characters). The simulator keeps at most 64 columns and 64
 * fields; the reference does the same. Random lines mix delimiters, quotes,
 * backslashes, control characters and UTF-8, up to past the 1,024 bytes
 * where the word-at-a-time path gives way to the byte path, and every line
 * goes through a parsed config (names escaped once, agent_proc_prepare) and
 * a hand-built one (names escaped per record). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/agent.h"

typedef struct text {
    char *p;
    size_t len, cap;
} text;

static void put_bytes(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->p = realloc(t->p, t->cap);
        assert_non_null(t->p);
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
}

static void put_str(text *t, const char *s)
{
    put_bytes(t, s, strlen(s));
}

static void put_json_string(text *t, const char *s, size_t n)
{
    put_bytes(t, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        switch (c) {
        case '"':
            put_bytes(t, "\\\"", 2);
            break;
        case '\\':
            put_bytes(t, "\\\\", 2);
            break;
        case '\b':
            put_bytes(t, "\\b", 2);
            break;
        case '\t':
            put_bytes(t, "\\t", 2);
            break;
        case '\n':
            put_bytes(t, "\\n", 2);
            break;
        case '\f':
            put_bytes(t, "\\f", 2);
            break;
        case '\r':
            put_bytes(t, "\\r", 2);
            break;
        default:
            if (c < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04X", c);
                put_bytes(t, esc, 6);
            } else {
                put_bytes(t, (const char *)&c, 1);
            }
        }
    }
    put_bytes(t, "\"", 1);
}

/* The reference: one byte at a time, no cleverness. */
static void reference(char *const *names, int nfields, const char *delim, const char *in,
                      size_t len, text *out)
{
    out->len = 0;
    if (len && in[len - 1] == '\n') len--;
    char d[8];
    size_t dl = strlen(delim);
    memcpy(d, delim, dl + 1);
    if (dl == 2 && d[0] == '\\') { /* "\\t" is a tab, "\\|" a pipe */
        d[0] = d[1] == 't' ? '\t' : d[1];
        dl = 1;
    }
    size_t start[64], end[64];
    int ncols = 0;
    size_t p = 0;
    for (;;) {
        size_t q = p;
        while (q + dl <= len && memcmp(in + q, d, dl) != 0)
            q++;
        bool hit = q + dl <= len;
        start[ncols] = p;
        end[ncols] = hit ? q : len;
        ncols++;
        if (!hit || ncols == 64) break;
        p = q + dl;
    }
    while (ncols > 1 && end[ncols - 1] == start[ncols - 1])
        ncols--;
    int n = nfields < 64 ? nfields : 64;
    put_bytes(out, "{", 1);
    for (int i = 0; i < n; i++) {
        if (i) put_bytes(out, ",", 1);
        put_json_string(out, names[i], strlen(names[i]));
        put_bytes(out, ":", 1);
        if (i < ncols)
            put_json_string(out, in + start[i], end[i] - start[i]);
        else
            put_bytes(out, "null", 4);
    }
    put_bytes(out, "}\n", 2);
}

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
    rng_state = rng_state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return (uint32_t)((rng_state >> 33) % n);
}

static const char *const delimiters[] = {",", "\\t", "\\|", ";;", "|", " "};

/* A line built mostly from letters and the delimiter, with quotes,
 * backslashes, control characters, DEL and UTF-8 sprinkled in. */
static size_t random_line(char *buf, size_t max, const char *delim)
{
    static const char *const pieces[] = {
        "a",  "Z",    "9",    " ",        "\"",           "\\", "\x01", "\t",
        "\r", "\x1f", "\x7f", "\xc3\xa9", "\xe2\x82\xac", "'",  "{}"};
    char d[4];
    snprintf(d, sizeof d, "%s", delim);
    if (d[0] == '\\') {
        d[0] = d[1] == 't' ? '\t' : d[1];
        d[1] = '\0';
    }
    size_t target = rnd(10) == 0 ? 900 + rnd(400) : rnd(200);
    bool clean = rnd(2) == 0; /* half the lines need no escaping at all */
    size_t n = 0;
    while (n + 8 < max && n < target) {
        const char *s;
        uint32_t r = rnd(12);
        if (r < 3)
            s = d;
        else if (clean || r < 9)
            s = pieces[rnd(3)];
        else
            s = pieces[rnd(sizeof pieces / sizeof pieces[0])];
        size_t k = strlen(s);
        memcpy(buf + n, s, k);
        n += k;
    }
    if (rnd(3)) buf[n++] = '\n';
    return n;
}

static void check_delimiter(const char *delim, int nfields)
{
    /* The config, with names that need escaping themselves. */
    text json = {0};
    char *names[80];
    put_str(&json, "{\"flows\":[{\"filePattern\":\"/x/*\",\"kinesisStream\":\"S\","
                   "\"dataProcessingOptions\":[{\"optionName\":\"CSVTOJSON\","
                   "\"customFieldNames\":[");
    for (int i = 0; i < nfields; i++) {
        char name[32];
        if (i % 5 == 1)
            snprintf(name, sizeof name, "q\"%d", i);
        else if (i % 7 == 3)
            snprintf(name, sizeof name, "tab\t%d\\", i);
        else
            snprintf(name, sizeof name, "Field%d", i);
        names[i] = strdup(name);
        if (i) put_str(&json, ",");
        put_json_string(&json, name, strlen(name));
    }
    put_str(&json, "],\"delimiter\":");
    put_json_string(&json, delim, strlen(delim));
    put_str(&json, "}]}]}");
    sim_error err = {0};
    agent_config *c = agent_config_parse(json.p, json.len, &err);
    if (!c) fail_msg("%s in %s", err.message, json.p);
    assert_non_null(c->flows[0].procs[0].json_keys);

    /* The same option built by hand: nothing prepared. */
    agent_proc hand = {
        .kind = AGENT_CSVTOJSON, .fields = names, .nfields = nfields, .delimiter = (char *)delim};
    agent_flow_config hand_flow = {.procs = &hand, .nprocs = 1};

    agent_buf out = {0}, tmp = {0};
    text want = {0};
    char line[1400];
    for (int k = 0; k < 400; k++) {
        size_t n = random_line(line, sizeof line, delim);
        reference(names, nfields, delim, line, n, &want);
        assert_true(agent_process(&c->flows[0], line, n, &out, &tmp));
        if (out.len != want.len || memcmp(out.p, want.p, want.len) != 0)
            fail_msg("prepared, delimiter '%s', %d fields, line %d:\n%.*s\ngot  %.*s\nwant %s",
                     delim, nfields, k, (int)n, line, (int)out.len, out.p, want.p);
        assert_true(agent_process(&hand_flow, line, n, &out, &tmp));
        if (out.len != want.len || memcmp(out.p, want.p, want.len) != 0)
            fail_msg("by hand, delimiter '%s', %d fields, line %d", delim, nfields, k);
    }
    free(want.p);
    agent_buf_free(&out);
    agent_buf_free(&tmp);
    agent_config_free(c);
    for (int i = 0; i < nfields; i++)
        free(names[i]);
    free(json.p);
}

static void test_csvtojson_matches_the_byte_at_a_time_reference(void **state)
{
    (void)state;
    rng_state = 20240101;
    static const int field_counts[] = {1, 3, 8, 17, 64, 70};
    for (size_t d = 0; d < sizeof delimiters / sizeof delimiters[0]; d++)
        for (size_t f = 0; f < sizeof field_counts / sizeof field_counts[0]; f++)
            check_delimiter(delimiters[d], field_counts[f]);
}

static void test_csvtojson_escapes_control_characters_like_jackson(void **state)
{
    (void)state;
    /* Written by hand: Jackson's short escapes, \u00XX (uppercase) for the
     * rest, DEL and UTF-8 as they are. */
    static const char json[] = "{\"flows\":[{\"filePattern\":\"/x/*\",\"kinesisStream\":\"S\","
                               "\"dataProcessingOptions\":[{\"optionName\":\"CSVTOJSON\","
                               "\"customFieldNames\":[\"a\",\"b\",\"c\"]}]}]}";
    agent_config *c = agent_config_parse(json, sizeof json - 1, NULL);
    assert_non_null(c);
    static const char line[] = "x\"y\\z\b\f\r,\x01\x1f\x7f caf\xc3\xa9,long value past sixteen\n";
    agent_buf out = {0}, tmp = {0};
    assert_true(agent_process(&c->flows[0], line, sizeof line - 1, &out, &tmp));
    static const char want[] = "{\"a\":\"x\\\"y\\\\z\\b\\f\\r\",\"b\":\"\\u0001\\u001F\x7f "
                               "caf\xc3\xa9\",\"c\":\"long value past sixteen\"}\n";
    assert_int_equal(out.len, sizeof want - 1);
    assert_memory_equal(out.p, want, sizeof want - 1);
    agent_buf_free(&out);
    agent_buf_free(&tmp);
    agent_config_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csvtojson_matches_the_byte_at_a_time_reference),
        cmocka_unit_test(test_csvtojson_escapes_control_characters_like_jackson),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
