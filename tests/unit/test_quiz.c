/* The quiz engine: reading answers, grading, seeded draws, and the order of
 * storing and telling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "learn/answer.h"
#include "learn/quiz.h"
#include "learn/quiz_run.h"

static void test_choice_answers_accept_numbers_and_letters(void **state)
{
    (void)state;
    bool p[4];
    char why[128];
    assert_true(answer_parse_choice("2", 4, false, p, why, sizeof why));
    assert_true(p[1] && !p[0] && !p[2] && !p[3]);
    assert_true(answer_parse_choice(" c ", 4, false, p, why, sizeof why));
    assert_true(p[2]);
    assert_true(answer_parse_choice("A+C", 4, true, p, why, sizeof why));
    assert_true(p[0] && p[2] && !p[1]);
    char canon[32];
    answer_format_choice(p, 4, canon, sizeof canon);
    assert_string_equal(canon, "1+3");
}

static void test_bad_choice_answers_say_why(void **state)
{
    (void)state;
    bool p[4];
    char why[128];
    assert_false(answer_parse_choice("5", 4, false, p, why, sizeof why));
    assert_non_null(strstr(why, "'5' is not one of the choices (1-4 or A-D)"));
    assert_false(answer_parse_choice("1+2", 4, false, p, why, sizeof why));
    assert_non_null(strstr(why, "exactly one"));
    assert_false(answer_parse_choice("", 4, false, p, why, sizeof why));
    assert_false(answer_parse_choice("maybe", 4, false, p, why, sizeof why));
    assert_false(answer_parse_choice("0", 4, false, p, why, sizeof why));
}

static void test_numbers_allow_a_unit_after(void **state)
{
    (void)state;
    double v;
    assert_true(answer_parse_number("4", &v) && v == 4);
    assert_true(answer_parse_number(" 4.5 shards", &v) && v == 4.5);
    assert_false(answer_parse_number("four", &v));
    assert_false(answer_parse_number("4x", &v));
    assert_false(answer_parse_number("inf", &v));
}

static question make_choice(question_type t, bool c0, bool c1, bool c2, question_choice *ch)
{
    static char *texts[] = {"a", "b", "c"};
    bool cs[] = {c0, c1, c2};
    for (int i = 0; i < 3; i++)
        ch[i] = (question_choice){texts[i], cs[i], NULL, NULL};
    question q = {0};
    q.id = "q";
    q.type = t;
    q.choices = ch;
    q.nchoices = 3;
    return q;
}

static void test_grading_single_multiple_numeric_text(void **state)
{
    (void)state;
    question_choice ch[3];
    quiz_grade g;
    char why[128];
    question q = make_choice(QUESTION_SINGLE, false, true, false, ch);
    assert_true(quiz_grade_answer(&q, "B", &g, why, sizeof why));
    assert_int_equal(g.verdict, GRADE_CORRECT);
    assert_string_equal(g.canonical, "2");
    assert_true(quiz_grade_answer(&q, "1", &g, why, sizeof why));
    assert_int_equal(g.verdict, GRADE_WRONG);

    question m = make_choice(QUESTION_MULTIPLE, true, true, false, ch);
    assert_true(quiz_grade_answer(&m, "1+2", &g, why, sizeof why));
    assert_int_equal(g.verdict, GRADE_CORRECT);
    assert_true(quiz_grade_answer(&m, "1", &g, why, sizeof why));
    assert_int_equal(g.verdict, GRADE_PARTIAL);
    assert_float_equal(g.points, 0.5, 1e-12);
    assert_true(quiz_grade_answer(&m, "1+3", &g, why, sizeof why));
    assert_int_equal(g.verdict, GRADE_WRONG);

    question n = {.id = "n", .type = QUESTION_NUMERIC, .answer = 4, .tolerance = 0.5};
    assert_true(quiz_grade_answer(&n, "4.5", &g, why, sizeof why));
    assert_int_equal(g.verdict, GRADE_CORRECT);
    assert_true(quiz_grade_answer(&n, "5", &g, why, sizeof why));
    assert_int_equal(g.verdict, GRADE_WRONG);
    assert_false(quiz_grade_answer(&n, "five", &g, why, sizeof why));

    char *accepted[] = {"Parquet", "ORC"};
    question t = {.id = "t", .type = QUESTION_TEXT, .answers = accepted, .nanswers = 2};
    assert_true(quiz_grade_answer(&t, "  parquet ", &g, why, sizeof why));
    assert_int_equal(g.verdict, GRADE_CORRECT);
    assert_true(quiz_grade_answer(&t, "CSV", &g, why, sizeof why));
    assert_int_equal(g.verdict, GRADE_WRONG);
}

static void test_draws_are_distinct_and_seeded(void **state)
{
    (void)state;
    question items[20] = {{0}};
    question_bank bank = {items, 20};
    size_t a[20], b[20], c[20], na, nb, nc;
    assert_true(quiz_draw(&bank, 10, 5, a, &na));
    assert_true(quiz_draw(&bank, 10, 5, b, &nb));
    assert_true(quiz_draw(&bank, 10, 6, c, &nc));
    assert_int_equal(na, 10);
    assert_memory_equal(a, b, sizeof a[0] * 10);
    assert_memory_not_equal(a, c, sizeof a[0] * 10);
    bool seen[20] = {false};
    for (size_t i = 0; i < na; i++) {
        assert_true(a[i] < 20);
        assert_false(seen[a[i]]);
        seen[a[i]] = true;
    }
    assert_true(quiz_draw(&bank, 50, 5, a, &na));
    assert_int_equal(na, 20);
}

static void test_blueprint_draw_follows_domain_shares(void **state)
{
    (void)state;
    question items[40] = {{0}};
    for (int i = 0; i < 40; i++)
        items[i].domain = i < 20 ? "storage" : i < 30 ? "analytics" : "misc";
    question_bank bank = {items, 40};
    const char *domains[] = {"storage", "analytics"};
    double weights[] = {3, 1};
    size_t order[40], n;
    assert_true(quiz_draw_blueprint(&bank, domains, weights, 2, 8, 11, order, &n));
    assert_int_equal(n, 8);
    int storage = 0, analytics = 0;
    bool seen[40] = {false};
    for (size_t i = 0; i < n; i++) {
        assert_false(seen[order[i]]);
        seen[order[i]] = true;
        storage += order[i] < 20;
        analytics += order[i] >= 20 && order[i] < 30;
    }
    assert_int_equal(storage, 6); /* 3/4 of 8 */
    assert_int_equal(analytics, 2);
    /* A domain with too few questions is made up from the rest. */
    const char *one[] = {"analytics"};
    double w1[] = {1};
    assert_true(quiz_draw_blueprint(&bank, one, w1, 1, 15, 11, order, &n));
    assert_int_equal(n, 15);
    size_t again[40], n2;
    assert_true(quiz_draw_blueprint(&bank, one, w1, 1, 15, 11, again, &n2));
    assert_memory_equal(order, again, sizeof order[0] * 15);
}

/* A clock that moves a minute every time it is read. */
static int64_t fake_now(void *ud)
{
    int64_t *t = ud;
    *t += 60000;
    return *t;
}

static fe_status always_first(void *ud, const char *p, const char *const *o, size_t n, bool m,
                              bool *picked)
{
    (void)ud;
    (void)p;
    (void)o;
    (void)m;
    memset(picked, 0, n * sizeof *picked);
    picked[0] = true;
    return FE_OK;
}

static void test_timed_exam_stops_when_time_is_up(void **state)
{
    (void)state;
    question_choice ch[2] = {{"a", true, NULL, NULL}, {"b", false, NULL, NULL}};
    question items[10];
    for (int i = 0; i < 10; i++) {
        items[i] = (question){0};
        items[i].id = i % 2 ? "odd" : "even";
        items[i].type = QUESTION_SINGLE;
        items[i].choices = ch;
        items[i].nchoices = 2;
        items[i].keep_order = true;
    }
    question_bank bank = {items, 10};
    frontend fe = {.choose = always_first, .strict = true};
    int64_t t = 0;
    /* Each question takes a minute on this clock: 3.5 minutes allow 3. */
    quiz_config cfg = {.bank = &bank,
                       .count = 10,
                       .seed = 1,
                       .mode = QUIZ_EXAM,
                       .fe = &fe,
                       .time_limit_ms = 210000,
                       .now = fake_now,
                       .now_ud = &t};
    quiz_result r;
    assert_int_equal(quiz_run(&cfg, &r), QUIZ_TIME_UP);
    assert_int_equal(r.answered, 3);
    assert_int_equal(r.drawn, 10);
    assert_float_equal(r.score, 3, 1e-9);
}

/* A person who answers two questions, then the front end's clock runs out
 * on the third. */
typedef struct timing_out {
    int asked;
    int says_time_up;
    double debrief_max;
} timing_out;

static fe_status first_two_then_timeout(void *ud, const char *p, const char *const *o, size_t n,
                                        bool m, bool *picked)
{
    timing_out *t = ud;
    if (++t->asked > 2) return FE_TIMEOUT;
    return always_first(ud, p, o, n, m, picked);
}

static void say_seen(void *ud, fe_say_style style, const char *text)
{
    (void)style;
    if (strstr(text, "Time is up")) ((timing_out *)ud)->says_time_up++;
}

static void debrief_seen(void *ud, const fe_debrief *d)
{
    ((timing_out *)ud)->debrief_max = d->max_score;
}

static void test_front_end_timeout_ends_the_exam(void **state)
{
    (void)state;
    question_choice ch[2] = {{"a", true, NULL, NULL}, {"b", false, NULL, NULL}};
    question items[6];
    for (int i = 0; i < 6; i++) {
        items[i] = (question){0};
        items[i].id = "q";
        items[i].type = QUESTION_SINGLE;
        items[i].choices = ch;
        items[i].nchoices = 2;
        items[i].keep_order = true;
    }
    question_bank bank = {items, 6};
    timing_out t = {0};
    frontend fe = {.ud = &t,
                   .choose = first_two_then_timeout,
                   .say = say_seen,
                   .debrief = debrief_seen,
                   .strict = true};
    quiz_config cfg = {.bank = &bank, .count = 5, .seed = 1, .mode = QUIZ_EXAM, .fe = &fe};
    quiz_result r;
    assert_int_equal(quiz_run(&cfg, &r), QUIZ_TIME_UP);
    assert_int_equal(t.asked, 3); /* nothing is asked after the clock ran out */
    assert_int_equal(r.answered, 2);
    assert_int_equal(r.asked, 3);
    assert_float_equal(r.score, 2, 1e-9);
    assert_int_equal(t.says_time_up, 1);
    assert_float_equal(t.debrief_max, 5, 1e-9); /* marked out of every question */
}

/* What happened, in order: 's' stored, 'f' feedback shown, 'e' end stored,
 * 'd' debrief shown. The store refuses the answer numbered fail_at (0:
 * none), or the end when fail_end. */
typedef struct order_log {
    char events[64];
    int n;
    int fail_at;
    bool fail_end;
} order_log;

static void log_event(order_log *l, char c)
{
    if (l->n < (int)sizeof l->events - 1) l->events[l->n++] = c;
    l->events[l->n] = '\0';
}

static bool store_answer_hook(void *ud, const quiz_answer *a)
{
    order_log *l = ud;
    if (a->n == l->fail_at) return false;
    log_event(l, 's');
    return true;
}

static bool store_end_hook(void *ud, const quiz_result *r)
{
    (void)r;
    order_log *l = ud;
    if (l->fail_end) return false;
    log_event(l, 'e');
    return true;
}

static void feedback_logged(void *ud, const fe_feedback *fb)
{
    (void)fb;
    log_event(ud, 'f');
}

static void debrief_logged(void *ud, const fe_debrief *d)
{
    (void)d;
    log_event(ud, 'd');
}

static quiz_status run_logged(order_log *l, quiz_mode mode)
{
    static question_choice ch[2] = {{"a", true, NULL, NULL}, {"b", false, NULL, NULL}};
    static question items[3];
    for (int i = 0; i < 3; i++) {
        items[i] = (question){0};
        items[i].id = i == 0 ? "q0" : i == 1 ? "q1" : "q2";
        items[i].type = QUESTION_SINGLE;
        items[i].choices = ch;
        items[i].nchoices = 2;
        items[i].keep_order = true;
    }
    static question_bank bank = {items, 3};
    frontend fe = {.ud = l,
                   .choose = always_first,
                   .feedback = feedback_logged,
                   .debrief = debrief_logged,
                   .strict = true};
    quiz_config cfg = {.bank = &bank,
                       .count = 3,
                       .seed = 1,
                       .mode = mode,
                       .fe = &fe,
                       .on_answer = store_answer_hook,
                       .on_end = store_end_hook,
                       .ud = l};
    quiz_result r;
    return quiz_run(&cfg, &r);
}

static void test_feedback_comes_after_the_answer_is_stored(void **state)
{
    (void)state;
    order_log l = {0};
    assert_int_equal(run_logged(&l, QUIZ_PRACTICE), QUIZ_COMPLETED);
    assert_string_equal(l.events, "sfsfsfed");
    order_log exam = {0};
    assert_int_equal(run_logged(&exam, QUIZ_EXAM), QUIZ_COMPLETED);
    assert_string_equal(exam.events, "sssed"); /* no feedback in an exam */
}

static void test_no_feedback_for_an_answer_that_could_not_be_stored(void **state)
{
    (void)state;
    order_log l = {.fail_at = 2};
    assert_int_equal(run_logged(&l, QUIZ_PRACTICE), QUIZ_HOOK_FAILED);
    /* The first is stored and told; the second is neither; the quiz stops. */
    assert_string_equal(l.events, "sf");
}

static void test_no_debrief_when_the_end_could_not_be_stored(void **state)
{
    (void)state;
    order_log l = {.fail_end = true};
    assert_int_equal(run_logged(&l, QUIZ_PRACTICE), QUIZ_HOOK_FAILED);
    assert_string_equal(l.events, "sfsfsf");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_choice_answers_accept_numbers_and_letters),
        cmocka_unit_test(test_bad_choice_answers_say_why),
        cmocka_unit_test(test_numbers_allow_a_unit_after),
        cmocka_unit_test(test_grading_single_multiple_numeric_text),
        cmocka_unit_test(test_draws_are_distinct_and_seeded),
        cmocka_unit_test(test_blueprint_draw_follows_domain_shares),
        cmocka_unit_test(test_timed_exam_stops_when_time_is_up),
        cmocka_unit_test(test_front_end_timeout_ends_the_exam),
        cmocka_unit_test(test_feedback_comes_after_the_answer_is_stored),
        cmocka_unit_test(test_no_feedback_for_an_answer_that_could_not_be_stored),
        cmocka_unit_test(test_no_debrief_when_the_end_could_not_be_stored),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
