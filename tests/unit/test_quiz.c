/* The quiz engine: reading answers, grading, and seeded draws. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "learn/answer.h"
#include "learn/quiz.h"

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
    for (int i = 0; i < 3; i++) ch[i] = (question_choice){texts[i], cs[i], NULL, NULL};
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_choice_answers_accept_numbers_and_letters),
        cmocka_unit_test(test_bad_choice_answers_say_why),
        cmocka_unit_test(test_numbers_allow_a_unit_after),
        cmocka_unit_test(test_grading_single_multiple_numeric_text),
        cmocka_unit_test(test_draws_are_distinct_and_seeded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
