/* Aiken import: the sample files field by field, and each refusal at the line
 * and column to fix. The format as Moodle documents it: question text,
 * options "A." or "A)" in order, then "ANSWER: X". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "import_util.h"

/* The import fails at line:column with a message containing `words`. */
static void refused_at(const char *text, int line, int column, const char *words)
{
    import_refused_at(text, "t.txt", PACK_IMPORT_AIKEN, line, column, words);
}

static void test_sample_file_three_questions_field_by_field(void **state)
{
    (void)state;
    pack_diag d;
    /* .txt: detected as Aiken by its ANSWER: lines and the absence of '{'. */
    json_t *bank = pack_import_file(DATA "aws-bigdata.txt", PACK_IMPORT_AUTO, "imported", &d);
    assert_non_null(bank);
    assert_int_equal(json_array_size(json_object_get(bank, "questions")), 3);

    json_t *q = question(bank, 0);
    assert_string_equal(str(q, "id"), "imported.q001");
    assert_string_equal(str(q, "prompt"),
                        "Which service queries data in S3 without loading it first?");
    assert_string_equal(str(q, "type"), "single");
    assert_int_equal(json_array_size(json_object_get(q, "choices")), 4);
    assert_string_equal(str(choice(q, 0), "text"), "Amazon Athena");
    assert_true(is_correct(q, 0));
    assert_true(json_real_value(json_object_get(choice(q, 0), "weight")) == 1.0);
    assert_string_equal(str(choice(q, 3), "text"), "Amazon DynamoDB");
    assert_false(is_correct(q, 3));
    assert_null(json_object_get(choice(q, 3), "weight"));
    assert_null(json_object_get(q, "explanation"));
    assert_null(json_object_get(q, "topic"));
    json_t *src = json_object_get(q, "source");
    assert_string_equal(str(src, "file"), DATA "aws-bigdata.txt");
    assert_int_equal(json_integer_value(json_object_get(src, "line")), 1);

    /* Two lines of question text, options with ')'. */
    q = question(bank, 1);
    assert_string_equal(str(q, "id"), "imported.q002");
    assert_string_equal(str(q, "prompt"),
                        "How many records per second can one Kinesis shard take in\nfor writes?");
    assert_string_equal(str(choice(q, 1), "text"), "1,000");
    assert_false(is_correct(q, 0));
    assert_true(is_correct(q, 1));
    assert_int_equal(json_integer_value(json_object_get(json_object_get(q, "source"), "line")), 8);

    /* No blank line before it, and a lower-case answer letter. */
    q = question(bank, 2);
    assert_int_equal(json_array_size(json_object_get(q, "choices")), 2);
    assert_true(is_correct(q, 1));
    assert_int_equal(json_integer_value(json_object_get(json_object_get(q, "source"), "line")), 14);
    json_decref(bank);
}

static void test_crlf_file_and_the_explanation_warning(void **state)
{
    (void)state;
    pack_diag d;
    pack_import_warnings w;
    json_t *bank = pack_import_file_ex(DATA "aiken-crlf.txt", PACK_IMPORT_AUTO, "x", &d, &w);
    assert_non_null(bank);
    json_t *q = question(bank, 0);
    assert_string_equal(str(q, "prompt"), "What is the Athena price per TB scanned?");
    assert_string_equal(str(choice(q, 0), "text"), "$5");
    assert_string_equal(str(choice(q, 1), "text"), "$50");
    assert_int_equal(w.count, 1);
    assert_non_null(strstr(w.items[0].message, "no explanations"));
    pack_import_warnings_free(&w);
    json_decref(bank);
}

static void test_refuses_missing_answer_before_the_next_question(void **state)
{
    (void)state;
    refused_at("Q1?\nA. a\nB. b\n\n  Q2?\nA. a\nB. b\nANSWER: A\n", 1, 1, "no \"ANSWER:\" line");
    refused_at("Q1?\nA. a\nB. b\nANSWER: A\n\n   Q2?\nA. a\nB. b\n", 6, 4, "last option (line 8)");
    refused_at("Only text\n", 1, 1, "no options");
}

static void test_refuses_answer_naming_no_option(void **state)
{
    (void)state;
    refused_at("Q?\nA. a\nB. b\nC. c\nANSWER: D\n", 5, 9, "options are A to C");
    refused_at("Q?\nA. a\nB. b\nANSWER:  AB\n", 4, 10, "names no option");
    refused_at("Q?\nA. a\nB. b\nANSWER:\n", 4, 8, "names no option");
}

static void test_refuses_fewer_than_two_options(void **state)
{
    (void)state;
    refused_at("Q?\nA. only\nANSWER: A\n", 3, 1, "needs at least 2");
    /* Lower-case letters are not options, so the question has none. */
    refused_at("Q?\na) x\nb) y\nANSWER: A\n", 4, 1, "has 0 options");
}

static void test_refuses_options_out_of_order(void **state)
{
    (void)state;
    refused_at("Q?\nA. a\n  C. c\nB. b\nANSWER: A\n", 3, 3, "expected B here, found C");
    refused_at("Q?\nB) b\nA) a\nANSWER: A\n", 2, 1, "expected A here, found B");
}

static void test_refuses_options_and_answers_outside_a_question(void **state)
{
    (void)state;
    refused_at("A. a\nB. b\nANSWER: A\n", 1, 1, "before any question");
    refused_at("Q?\nA. a\nB. b\nANSWER: A\nANSWER: B\n", 5, 1, "without a question");
    refused_at("Q?\nA. a\nB.\nANSWER: A\n", 3, 1, "option B has no text");
}

static void test_ids_number_every_question_with_or_without_prefix(void **state)
{
    (void)state;
    pack_diag d;
    const char *text = "Q1?\nA. a\nB. b\nANSWER: A\nQ2?\nA. a\nB. b\nANSWER: B\n";
    json_t *bank = pack_import_text(text, strlen(text), "x.aiken", PACK_IMPORT_AUTO, NULL, &d);
    assert_non_null(bank);
    assert_string_equal(str(question(bank, 0), "id"), "q001");
    assert_string_equal(str(question(bank, 1), "id"), "q002");
    json_decref(bank);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_file_three_questions_field_by_field),
        cmocka_unit_test(test_crlf_file_and_the_explanation_warning),
        cmocka_unit_test(test_refuses_missing_answer_before_the_next_question),
        cmocka_unit_test(test_refuses_answer_naming_no_option),
        cmocka_unit_test(test_refuses_fewer_than_two_options),
        cmocka_unit_test(test_refuses_options_out_of_order),
        cmocka_unit_test(test_refuses_options_and_answers_outside_a_question),
        cmocka_unit_test(test_ids_number_every_question_with_or_without_prefix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
