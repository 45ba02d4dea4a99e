/* The scenario runtime: scoring, anti-patterns, stopping, resuming by replay,
 * and how script errors are reported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "learn/answer.h"
#include "lua/scenario.h"

/* A front end that answers from a list and writes what it is told into a
 * transcript. */
typedef struct scripted {
    const char *const *answers;
    size_t n, next;
    char transcript[16384];
    size_t len;
    int feedbacks, debriefs;
    double debrief_score;
} scripted;

static void tr(scripted *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(s->transcript + s->len, sizeof s->transcript - s->len, fmt, ap);
    va_end(ap);
    if (w > 0 && (size_t)w < sizeof s->transcript - s->len) s->len += (size_t)w;
}

static void sc_say(void *ud, fe_say_style st, const char *text)
{
    (void)st;
    tr(ud, "say:%s\n", text);
}

static fe_status sc_choose(void *ud, const char *prompt, const char *const *o, size_t n, bool multi,
                           bool *picked)
{
    scripted *s = ud;
    (void)o;
    tr(s, "choose:%s\n", prompt);
    if (s->next >= s->n) return FE_EOF;
    const char *a = s->answers[s->next++];
    if (strcmp(a, "QUIT") == 0) return FE_QUIT;
    if (strcmp(a, "?") == 0) return FE_HINT;
    char why[128];
    return answer_parse_choice(a, n, multi, picked, why, sizeof why) ? FE_OK : FE_BAD;
}

static fe_status sc_input(void *ud, const char *prompt, const char *hint, char *buf, size_t cap)
{
    scripted *s = ud;
    (void)hint;
    tr(s, "input:%s\n", prompt);
    if (s->next >= s->n) return FE_EOF;
    const char *a = s->answers[s->next++];
    if (strcmp(a, "QUIT") == 0) return FE_QUIT;
    if (strcmp(a, "?") == 0) return FE_HINT;
    snprintf(buf, cap, "%s", a);
    return FE_OK;
}

static void sc_show(void *ud, const fe_view *v)
{
    tr(ud, "show:%s:%zux%zu:%zu\n", v->title ? v->title : "", v->rows, v->cols, v->npoints);
    for (size_t i = 0; i < v->rows * v->cols; i++)
        tr(ud, "[%s]", v->cells[i]);
    for (size_t i = 0; i < v->nevents; i++)
        tr(ud, "<%lld|%s|%s>", (long long)v->event_ms[i], v->event_when[i], v->event_text[i]);
}

static fe_status sc_pause(void *ud, const char *t)
{
    (void)ud;
    (void)t;
    return FE_OK;
}

static void sc_feedback(void *ud, const fe_feedback *fb)
{
    scripted *s = ud;
    s->feedbacks++;
    tr(s, "feedback:%d:%g/%g", (int)fb->verdict, fb->points, fb->max_points);
    for (size_t i = 0; i < fb->nantipatterns; i++)
        tr(s, ":%s", fb->antipatterns[i].title);
    tr(s, "\n");
}

static void sc_debrief(void *ud, const fe_debrief *d)
{
    scripted *s = ud;
    s->debriefs++;
    s->debrief_score = d->score;
}

static frontend scripted_fe(scripted *s)
{
    return (frontend){.ud = s,
                      .strict = true,
                      .say = sc_say,
                      .choose = sc_choose,
                      .input = sc_input,
                      .show = sc_show,
                      .pause = sc_pause,
                      .feedback = sc_feedback,
                      .debrief = sc_debrief};
}

static char scn_path[256];

static void write_scenario(const char *src)
{
    snprintf(scn_path, sizeof scn_path, "/tmp/bdw-test-scn-%d.lua", (int)getpid());
    FILE *f = fopen(scn_path, "w");
    assert_non_null(f);
    fputs(src, f);
    fclose(f);
}

typedef struct steps {
    int count;
    char kinds[32][16];
    char answers[32][64];
    int verdicts[32];
    double points[32];
    int replayed;
} steps;

static bool on_step(void *ud, const scn_step *st)
{
    steps *s = ud;
    if (st->replayed) s->replayed++;
    if (s->count < 32) {
        snprintf(s->kinds[s->count], 16, "%s", st->kind);
        snprintf(s->answers[s->count], 64, "%s", st->answer);
        s->verdicts[s->count] = (int)st->verdict;
        s->points[s->count] = st->points;
    }
    s->count++;
    return true;
}

static catalog test_catalog(void)
{
    catalog c = {0};
    pack_diag d;
    const char *json = "{\"antipatterns\": [{\"id\": \"x.bad\", \"service\": \"S\", \"title\": "
                       "\"Bad idea\", \"why\": \"W\", \"instead\": \"I\"}]}";
    assert_true(catalog_parse(&c, json, strlen(json), "c.json", "t", &d));
    return c;
}

static const char *const SCN =
    "return scenario { id = 't.one', title = 'One', topics = { 'a', 'b' }, minutes = 3,\n"
    "  run = function(s)\n"
    "    s:say('hello')\n"
    "    local i = s:choose('Pick', { { 'right', correct = true }, { 'bad', antipattern = "
    "'x.bad' }, { 'half', partial = 0.5 } }, { points = 2 })\n"
    "    local m = s:choose_many('Many', { { 'a', correct = true }, { 'b', correct = true }, 'c' "
    "})\n"
    "    local n = s:number('How many?', { answer = 4, tolerance = '25%' })\n"
    "    local t = s:input('Name?', { default = 'anon' })\n"
    "    s:show({ title = 'T', columns = { 'k', 'v' }, rows = { { 'a', 1 }, { 'b', true } } })\n"
    "    s:show({ title = 'C', chart = { 1, 2, 3 } })\n"
    "    s:award(1, 1, 'bonus')\n"
    "  end }\n";

static void test_scoring_follows_the_options(void **state)
{
    (void)state;
    write_scenario(SCN);
    const char *answers[] = {"1", "1+2", "5", ""};
    scripted s = {answers, 4, 0, "", 0, 0, 0, 0};
    frontend fe = scripted_fe(&s);
    catalog c = test_catalog();
    steps st = {0};
    scn_config cfg = {.seed = 1, .fe = &fe, .catalog = &c, .on_step = on_step, .ud = &st};
    scn_result r;
    assert_int_equal(scn_play(scn_path, "t/one.lua", &cfg, &r), SCN_COMPLETED);
    /* 2 (choose) + 1 (choose_many) + 1 (5 is within 25% of 4) + 0 (input) + 1 (award). */
    assert_float_equal(r.score, 5, 1e-9);
    assert_float_equal(r.max_score, 5, 1e-9);
    assert_int_equal(st.count, 5);
    assert_string_equal(st.kinds[3], "input");
    assert_string_equal(st.answers[3], "anon");
    assert_string_equal(r.meta.id, "t.one");
    assert_string_equal(r.meta.topics, "a,b");
    assert_int_equal(r.meta.minutes, 3);
    assert_int_equal(s.debriefs, 1);
    assert_non_null(strstr(s.transcript, "show:T:3x2:0\n[k][v][a][1][b][yes]"));
    assert_non_null(strstr(s.transcript, "show:C:0x0:3"));
    scn_result_free(&r);
    catalog_free(&c);
    unlink(scn_path);
}

static void test_antipattern_choice_is_wrong_and_named(void **state)
{
    (void)state;
    write_scenario(SCN);
    const char *answers[] = {"2", "1", "2", "x"};
    scripted s = {answers, 4, 0, "", 0, 0, 0, 0};
    frontend fe = scripted_fe(&s);
    catalog c = test_catalog();
    scn_config cfg = {.seed = 1, .fe = &fe, .catalog = &c};
    scn_result r;
    assert_int_equal(scn_play(scn_path, "t/one.lua", &cfg, &r), SCN_COMPLETED);
    /* 0 (anti-pattern) + 0.5 (one of two right, none wrong) + 0 (2 is outside 25%
     * of 4) + 1 (award). */
    assert_float_equal(r.score, 1.5, 1e-9);
    assert_int_equal(r.nantipatterns, 1);
    assert_string_equal(r.antipatterns[0], "x.bad");
    assert_non_null(strstr(s.transcript, "feedback:0:0/2:Bad idea"));
    scn_result_free(&r);
    catalog_free(&c);
    unlink(scn_path);
}

static void test_partial_option_earns_its_share(void **state)
{
    (void)state;
    write_scenario(SCN);
    const char *answers[] = {"3", "3", "4", "x"};
    scripted s = {answers, 4, 0, "", 0, 0, 0, 0};
    frontend fe = scripted_fe(&s);
    scn_config cfg = {.seed = 1, .fe = &fe};
    scn_result r;
    assert_int_equal(scn_play(scn_path, "t/one.lua", &cfg, &r), SCN_COMPLETED);
    /* 1 (half of 2) + 0 (only a wrong pick) + 1 + 1. */
    assert_float_equal(r.score, 3, 1e-9);
    scn_result_free(&r);
    unlink(scn_path);
}

static void test_quitting_stops_even_through_pcall(void **state)
{
    (void)state;
    write_scenario("return scenario { id = 'q', title = 'Q', run = function(s)\n"
                   "  for i = 1, 3 do pcall(function() s:choose('c', { 'a', 'b' }) end) end\n"
                   "  s:say('should not be said')\nend }\n");
    const char *answers[] = {"1", "QUIT", "1"};
    scripted s = {answers, 3, 0, "", 0, 0, 0, 0};
    frontend fe = scripted_fe(&s);
    steps st = {0};
    scn_config cfg = {.seed = 1, .fe = &fe, .on_step = on_step, .ud = &st};
    scn_result r;
    assert_int_equal(scn_play(scn_path, "t/q.lua", &cfg, &r), SCN_QUIT);
    assert_int_equal(st.count, 1);
    assert_null(strstr(s.transcript, "should not be said"));
    scn_result_free(&r);
    unlink(scn_path);
}

static void test_resume_replays_answers_silently_then_asks(void **state)
{
    (void)state;
    write_scenario(SCN);
    const char *stored[] = {"1", "1+2"};
    const char *answers[] = {"4", "bob"};
    scripted s = {answers, 2, 0, "", 0, 0, 0, 0};
    frontend fe = scripted_fe(&s);
    steps st = {0};
    scn_config cfg = {.seed = 1,
                      .fe = &fe,
                      .on_step = on_step,
                      .ud = &st,
                      .replay = stored,
                      .nreplay = 2,
                      .stored_steps = 2};
    scn_result r;
    assert_int_equal(scn_play(scn_path, "t/one.lua", &cfg, &r), SCN_COMPLETED);
    assert_int_equal(st.replayed, 2);
    assert_float_equal(r.score, 5, 1e-9);
    /* The replayed steps were not shown again. */
    assert_null(strstr(s.transcript, "choose:Pick"));
    assert_null(strstr(s.transcript, "say:hello"));
    assert_non_null(strstr(s.transcript, "input:How many?"));
    scn_result_free(&r);
    unlink(scn_path);
}

static void test_same_seed_same_answers_same_transcript(void **state)
{
    (void)state;
    write_scenario("return scenario { id = 'r', title = 'R', run = function(s)\n"
                   "  local n = math.random(1, 1000000)\n"
                   "  s:say('n=' .. n .. ' t=' .. clock.iso())\n"
                   "  clock.advance(math.random(1, 100) .. 'h')\n"
                   "  s:say('t=' .. clock.iso())\nend }\n");
    char first[16384];
    for (int run = 0; run < 3; run++) {
        scripted s = {NULL, 0, 0, "", 0, 0, 0, 0};
        frontend fe = scripted_fe(&s);
        scn_config cfg = {.seed = run < 2 ? 99 : 100, .fe = &fe};
        scn_result r;
        assert_int_equal(scn_play(scn_path, "t/r.lua", &cfg, &r), SCN_COMPLETED);
        if (run == 0) snprintf(first, sizeof first, "%s", s.transcript);
        if (run == 1) assert_string_equal(first, s.transcript);
        if (run == 2) assert_string_not_equal(first, s.transcript);
        scn_result_free(&r);
    }
    unlink(scn_path);
}

static void test_script_error_names_file_and_line(void **state)
{
    (void)state;
    write_scenario("return scenario { id = 'e', title = 'E', run = function(s)\n"
                   "  s:say('a')\n"
                   "  local x = nil + 1\nend }\n");
    scripted s = {NULL, 0, 0, "", 0, 0, 0, 0};
    frontend fe = scripted_fe(&s);
    scn_config cfg = {.seed = 1, .fe = &fe};
    scn_result r;
    assert_int_equal(scn_play(scn_path, "mypack/scenarios/e.lua", &cfg, &r), SCN_SCRIPT_ERROR);
    assert_string_equal(r.error.file, "mypack/scenarios/e.lua");
    assert_int_equal(r.error.line, 3);
    assert_non_null(strstr(r.error.message, "arithmetic"));
    assert_non_null(strstr(r.error.traceback, "stack traceback"));
    scn_result_free(&r);
    unlink(scn_path);
}

static void test_timeline_labels_each_event_from_the_first(void **state)
{
    (void)state;
    write_scenario("return scenario { id = 't.tl', title = 'TL', run = function(s)\n"
                   "  local t0 = clock.now()\n"
                   "  clock.advance('25h')\n"
                   "  s:show({ title = 'Lock', timeline = {\n"
                   "    { at = t0, text = 'initiated' },\n"
                   "    { at = clock.now(), text = 'expired' },\n"
                   "    { at = t0 - 90000, text = 'before' } } })\n"
                   "end }\n");
    scripted s = {NULL, 0, 0, "", 0, 0, 0, 0};
    frontend fe = scripted_fe(&s);
    scn_config cfg = {.seed = 1, .fe = &fe};
    scn_result r;
    assert_int_equal(scn_play(scn_path, "t/tl.lua", &cfg, &r), SCN_COMPLETED);
    assert_non_null(strstr(s.transcript, "show:Lock:0x0:0\n"
                                         "<1704067200000|2024-01-01 00:00:00  +0s|initiated>"
                                         "<1704157200000|2024-01-02 01:00:00  +1d 1h|expired>"
                                         "<1704067110000|2023-12-31 23:58:30  -1m 30s|before>"));
    scn_result_free(&r);

    /* An event without a time is the author's error, named with its number. */
    write_scenario("return scenario { id = 't.tl', title = 'TL', run = function(s)\n"
                   "  s:show({ timeline = { { at = 1, text = 'a' }, { text = 'b' } } })\n"
                   "end }\n");
    scripted s2 = {NULL, 0, 0, "", 0, 0, 0, 0};
    fe = scripted_fe(&s2);
    assert_int_equal(scn_play(scn_path, "p/tl.lua", &cfg, &r), SCN_SCRIPT_ERROR);
    assert_int_equal(r.error.line, 2);
    assert_non_null(strstr(r.error.message, "timeline event 2 needs at"));
    scn_result_free(&r);
    unlink(scn_path);
}

static void test_text_that_is_not_utf8_is_the_authors_error(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "  s:say('caf\\233')\n",
        "  s:choose('which', { 'ok', 'caf\\233' })\n",
        "  s:show({ title = 'T', columns = { 'k' }, rows = { { 'caf\\233' } } })\n",
        "  s:number('n', { answer = 1, hint = '\\237\\160\\128' })\n", /* a surrogate */
        "  s:hit('x.\\192\\175')\n",                                   /* overlong '/' */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char src[512];
        snprintf(src, sizeof src,
                 "return scenario { id = 'u', title = 'U', run = function(s)\n%send }\n", bad[i]);
        write_scenario(src);
        scripted s = {NULL, 0, 0, "", 0, 0, 0, 0};
        frontend fe = scripted_fe(&s);
        scn_config cfg = {.seed = 1, .fe = &fe};
        scn_result r;
        assert_int_equal(scn_play(scn_path, "p/u.lua", &cfg, &r), SCN_SCRIPT_ERROR);
        /* Raised by the s: method, located at the script's line that called it. */
        assert_string_equal(r.error.file, "p/u.lua");
        assert_int_equal(r.error.line, 2);
        assert_non_null(strstr(r.error.message, "is not valid UTF-8 (byte 0x"));
        /* Nothing malformed reached the front end. */
        assert_null(strstr(s.transcript, "caf"));
        scn_result_free(&r);
    }
    unlink(scn_path);
}

static void test_missing_fields_are_reported_at_the_authors_line(void **state)
{
    (void)state;
    write_scenario("-- no title\n\nreturn scenario { id = 'x', run = function() end }\n");
    scn_meta m;
    lhost_error err;
    assert_false(scn_read_meta(scn_path, "p/x.lua", &m, &err));
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.message, "title"));
    write_scenario("return 42\n");
    assert_false(scn_read_meta(scn_path, "p/x.lua", &m, &err));
    assert_non_null(strstr(err.message, "return scenario"));
    unlink(scn_path);
}

static void test_unreadable_number_stops_a_strict_front_end(void **state)
{
    (void)state;
    write_scenario(SCN);
    const char *answers[] = {"1", "1", "four"};
    scripted s = {answers, 3, 0, "", 0, 0, 0, 0};
    frontend fe = scripted_fe(&s);
    scn_config cfg = {.seed = 1, .fe = &fe};
    scn_result r;
    assert_int_equal(scn_play(scn_path, "t/one.lua", &cfg, &r), SCN_BAD_ANSWER);
    assert_non_null(strstr(r.error.message, "'four' is not a number"));
    scn_result_free(&r);
    unlink(scn_path);
}

static void test_hint_costs_points_and_is_replayed(void **state)
{
    (void)state;
    write_scenario(
        "return scenario { id = 'h', title = 'H', run = function(s)\n"
        "  s:choose('c', { { 'a', correct = true }, 'b' }, { points = 2, hint = 'It is a',"
        " hint_cost = 0.5 })\n"
        "  s:choose('d', { { 'a', correct = true }, 'b' }, { points = 2 })\n"
        "  s:number('n', { answer = 4, hint = 'Four' })\nend }\n");
    const char *answers[] = {"?", "1", "?", "1", "?", "4"};
    scripted s = {answers, 6, 0, "", 0, 0, 0, 0};
    frontend fe = scripted_fe(&s);
    steps st = {0};
    scn_config cfg = {.seed = 1, .fe = &fe, .on_step = on_step, .ud = &st};
    scn_result r;
    assert_int_equal(scn_play(scn_path, "t/h.lua", &cfg, &r), SCN_COMPLETED);
    /* 2 - 0.5 (hint) + 2 (no hint exists, so none charged) + 1 - 0.25 (default cost). */
    assert_float_equal(r.score, 4.25, 1e-9);
    assert_non_null(strstr(s.transcript, "say:It is a"));
    assert_non_null(strstr(s.transcript, "say:There is no hint"));
    assert_string_equal(st.answers[0], "?1");
    assert_string_equal(st.answers[1], "1");
    assert_string_equal(st.answers[2], "?4");
    scn_result_free(&r);

    /* Replaying the stored answers charges the hints again. */
    const char *stored[] = {"?1", "1", "?4"};
    scripted s2 = {NULL, 0, 0, "", 0, 0, 0, 0};
    frontend fe2 = scripted_fe(&s2);
    scn_config cfg2 = {.seed = 1, .fe = &fe2, .replay = stored, .nreplay = 3, .stored_steps = 3};
    assert_int_equal(scn_play(scn_path, "t/h.lua", &cfg2, &r), SCN_COMPLETED);
    assert_float_equal(r.score, 4.25, 1e-9);
    scn_result_free(&r);
    unlink(scn_path);
}

/* tries = 2: a wrong first try shows the hint (charged) and asks again;
 * the stored answer holds both tries and replays to the same score. */
static const char *const TRIES =
    "return scenario { id = 'tr', title = 'Tries', run = function(s)\n"
    "  s:choose('c', { { 'a', correct = true }, { 'b', antipattern = 'x.bad' }, 'c' },\n"
    "    { points = 4, tries = 2, hint = 'Think of a', hint_cost = 1, id = 'c' })\n"
    "  s:number('n', { answer = 4, points = 2, tries = 3, retry_cost = 0.5, id = 'n' })\n"
    "  s:choose('d', { { 'a', correct = true }, 'b' }, { tries = 2, id = 'd' })\n"
    "  s:choose('e', { { 'a', correct = true }, 'b' }, { tries = 2, id = 'e' })\n"
    "  s:input('free', { id = 'free' })\n"
    "end }\n";

static void test_a_wrong_try_gives_the_hint_and_another_try(void **state)
{
    (void)state;
    write_scenario(TRIES);
    const char *answers[] = {"2", "1", "5", "6", "4", "1", "2", "2", "?;x"};
    scripted s = {answers, 9, 0, "", 0, 0, 0, 0};
    frontend fe = scripted_fe(&s);
    catalog c = test_catalog();
    steps st = {0};
    scn_config cfg = {.seed = 1, .fe = &fe, .catalog = &c, .on_step = on_step, .ud = &st};
    scn_result r;
    assert_int_equal(scn_play(scn_path, "t/tr.lua", &cfg, &r), SCN_COMPLETED);
    assert_int_equal(st.count, 5);
    /* c: right on the second try: 4 - 2 (the try) - 1 (the hint it showed). */
    assert_string_equal(st.answers[0], "?2;1");
    assert_float_equal(st.points[0], 1, 1e-9);
    assert_int_equal(st.verdicts[0], FE_PARTIAL);
    assert_non_null(strstr(s.transcript, "choose:c\nsay:Not quite. Try again: now it can earn at "
                                         "most 1 of 4 points.\nsay:Think of a\nchoose:c\n"));
    /* The anti-pattern picked on the first try is still recorded. */
    assert_int_equal(r.nantipatterns, 1);
    assert_string_equal(r.antipatterns[0], "x.bad");
    /* n: right on the third: 2 - 2 x 0.5; no hint, so none shown. */
    assert_string_equal(st.answers[1], "5;6;4");
    assert_float_equal(st.points[1], 1, 1e-9);
    /* d: right at once: full points, no second question. */
    assert_string_equal(st.answers[2], "1");
    assert_int_equal(st.verdicts[2], FE_CORRECT);
    /* e: wrong twice: nothing, and the step is over. */
    assert_string_equal(st.answers[3], "2;2");
    assert_int_equal(st.verdicts[3], FE_WRONG);
    /* Free text is stored as typed, '?' and ';' included. */
    assert_string_equal(st.answers[4], "?;x");
    assert_float_equal(r.score, 1 + 1 + 1 + 0, 1e-9);
    assert_float_equal(r.max_score, 4 + 2 + 1 + 1, 1e-9);
    scn_result_free(&r);

    /* Resuming replays every try silently, to the same score and answers. */
    const char *stored[] = {"?2;1", "5;6;4", "1", "2;2", "?;x"};
    scripted s2 = {NULL, 0, 0, "", 0, 0, 0, 0};
    frontend fe2 = scripted_fe(&s2);
    steps st2 = {0};
    scn_config cfg2 = {.seed = 1,
                       .fe = &fe2,
                       .catalog = &c,
                       .on_step = on_step,
                       .ud = &st2,
                       .replay = stored,
                       .nreplay = 5,
                       .stored_steps = 5};
    assert_int_equal(scn_play(scn_path, "t/tr.lua", &cfg2, &r), SCN_COMPLETED);
    assert_float_equal(r.score, 3, 1e-9);
    assert_int_equal(st2.replayed, 5);
    assert_string_equal(st2.answers[4], "?;x");
    assert_null(strstr(s2.transcript, "Not quite"));
    assert_null(strstr(s2.transcript, "Think of a"));
    scn_result_free(&r);

    /* A stored answer that no longer fits is dropped and the person asked. */
    const char *stale[] = {"?9;1"};
    const char *live[] = {"1"};
    scripted s3 = {live, 1, 0, "", 0, 0, 0, 0};
    frontend fe3 = scripted_fe(&s3);
    steps st3 = {0};
    scn_config cfg3 = {.seed = 1,
                       .fe = &fe3,
                       .catalog = &c,
                       .on_step = on_step,
                       .ud = &st3,
                       .replay = stale,
                       .nreplay = 1,
                       .stored_steps = 0};
    assert_int_equal(scn_play(scn_path, "t/tr.lua", &cfg3, &r), SCN_OUT_OF_ANSWERS);
    assert_string_equal(st3.answers[0], "1");
    assert_float_equal(st3.points[0], 4, 1e-9);
    scn_result_free(&r);
    catalog_free(&c);

    write_scenario("return scenario { id = 'tr', title = 'T', run = function(s)\n"
                   "  s:choose('c', { 'a', 'b' }, { tries = 6 })\nend }\n");
    assert_int_equal(scn_play(scn_path, "t/tr.lua", &cfg, &r), SCN_SCRIPT_ERROR);
    assert_non_null(strstr(r.error.message, "tries must be between 1 and 5"));
    scn_result_free(&r);
    unlink(scn_path);
}

static void test_antipattern_penalty_takes_points_off(void **state)
{
    (void)state;
    write_scenario(
        "return scenario { id = 'p', title = 'P', concepts = { 'c.one', 'c.two' },"
        " run = function(s)\n"
        "  s:choose('a', { { 'ok', correct = true }, { 'bad', antipattern = 'x.bad' } },"
        " { points = 2, penalty = 1 })\n"
        "  s:choose('b', { { 'ok', correct = true }, { 'bad', antipattern = 'x.bad' } })\n"
        "end }\n");
    const char *answers[] = {"2", "2"};
    scripted s = {answers, 2, 0, "", 0, 0, 0, 0};
    frontend fe = scripted_fe(&s);
    scn_config cfg = {.seed = 1, .fe = &fe};
    scn_result r;
    assert_int_equal(scn_play(scn_path, "t/p.lua", &cfg, &r), SCN_COMPLETED);
    /* -1 for the penalised anti-pattern, 0 for the other (no penalty given). */
    assert_float_equal(r.score, -1, 1e-9);
    assert_float_equal(r.max_score, 3, 1e-9);
    assert_string_equal(r.meta.concepts, "c.one,c.two");
    scn_result_free(&r);
    unlink(scn_path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scoring_follows_the_options),
        cmocka_unit_test(test_antipattern_choice_is_wrong_and_named),
        cmocka_unit_test(test_partial_option_earns_its_share),
        cmocka_unit_test(test_quitting_stops_even_through_pcall),
        cmocka_unit_test(test_resume_replays_answers_silently_then_asks),
        cmocka_unit_test(test_same_seed_same_answers_same_transcript),
        cmocka_unit_test(test_script_error_names_file_and_line),
        cmocka_unit_test(test_timeline_labels_each_event_from_the_first),
        cmocka_unit_test(test_text_that_is_not_utf8_is_the_authors_error),
        cmocka_unit_test(test_missing_fields_are_reported_at_the_authors_line),
        cmocka_unit_test(test_unreadable_number_stops_a_strict_front_end),
        cmocka_unit_test(test_hint_costs_points_and_is_replayed),
        cmocka_unit_test(test_a_wrong_try_gives_the_hint_and_another_try),
        cmocka_unit_test(test_antipattern_penalty_takes_points_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
