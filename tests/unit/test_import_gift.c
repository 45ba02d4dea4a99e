/* GIFT import: real-shaped files read field by field, and every refusal
 * located at the line and column an instructor must fix. Expected values come
 * from the Moodle GIFT documentation and Moodle's own importer
 * (question/format/gift/format.php), not from this reader's output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "import_util.h"

static json_t *gift(const char *text, pack_diag *d)
{
    return import_text(text, "t.gift", PACK_IMPORT_GIFT, "imp", d);
}

/* The import fails at line:column with a message containing `words`. */
static void refused_at(const char *text, int line, int column, const char *words)
{
    import_refused_at(text, "t.gift", PACK_IMPORT_GIFT, line, column, words);
}

static void test_sample_file_multiple_choice_with_feedback_and_category(void **state)
{
    (void)state;
    pack_diag d;
    json_t *bank = pack_import_file(DATA "aws-bigdata.gift", PACK_IMPORT_AUTO, "imported", &d);
    assert_non_null(bank);
    assert_int_equal(json_array_size(json_object_get(bank, "questions")), 9);
    json_t *q = question(bank, 0);
    assert_string_equal(str(q, "id"), "imported.athena-pricing");
    /* The [html] marker goes, the text stays. */
    assert_string_equal(str(q, "prompt"), "What does Amazon Athena charge for a query?");
    assert_string_equal(str(q, "type"), "single");
    assert_int_equal(json_array_size(json_object_get(q, "choices")), 3);
    assert_string_equal(str(choice(q, 0), "text"), "$5 per TB of data scanned");
    assert_true(json_is_true(json_object_get(choice(q, 0), "correct")));
    assert_true(num(choice(q, 0), "weight") == 1.0);
    assert_string_equal(str(choice(q, 0), "why"), "Right: you pay for the bytes each query reads.");
    assert_string_equal(str(choice(q, 1), "text"), "$5 per query");
    assert_true(json_is_false(json_object_get(choice(q, 1), "correct")));
    assert_null(json_object_get(choice(q, 1), "weight"));
    assert_string_equal(
        str(q, "explanation"),
        "Columnar formats such as ORC and Parquet cut the bytes scanned by 30 to 90%.");
    /* "$CATEGORY: $course$/top/Default for BigData/Athena" without context and top. */
    assert_string_equal(str(q, "topic"), "Default for BigData/Athena");
    json_t *src = json_object_get(q, "source");
    assert_string_equal(str(src, "file"), DATA "aws-bigdata.gift");
    assert_int_equal(json_integer_value(json_object_get(src, "line")), 7);
    json_decref(bank);
}

static void test_sample_file_weights_make_a_multiple_response_question(void **state)
{
    (void)state;
    pack_diag d;
    json_t *bank = pack_import_file(DATA "aws-bigdata.gift", PACK_IMPORT_GIFT, "imported", &d);
    assert_non_null(bank);
    json_t *q = question(bank, 1);
    assert_string_equal(str(q, "id"), "imported.columnar-formats");
    assert_string_equal(str(q, "type"), "multiple");
    assert_true(json_is_true(json_object_get(choice(q, 0), "correct")));
    assert_true(num(choice(q, 0), "weight") == 0.5);
    assert_true(json_is_true(json_object_get(choice(q, 1), "correct")));
    assert_string_equal(str(choice(q, 2), "text"), "CSV");
    assert_true(json_is_false(json_object_get(choice(q, 2), "correct")));
    assert_true(num(choice(q, 2), "weight") == -1.0);
    json_decref(bank);
}

static void test_sample_file_true_false_feedback_goes_to_the_right_choice(void **state)
{
    (void)state;
    pack_diag d;
    json_t *bank = pack_import_file(DATA "aws-bigdata.gift", PACK_IMPORT_GIFT, "imported", &d);
    assert_non_null(bank);
    /* {F#shown after the wrong answer#shown after the right one}. */
    json_t *q = question(bank, 2);
    assert_string_equal(str(q, "type"), "truefalse");
    assert_string_equal(str(choice(q, 0), "text"), "True");
    assert_true(json_is_false(json_object_get(choice(q, 0), "correct")));
    assert_string_equal(str(choice(q, 0), "why"), "Failed queries are not charged.");
    assert_string_equal(str(choice(q, 1), "text"), "False");
    assert_true(json_is_true(json_object_get(choice(q, 1), "correct")));
    assert_string_equal(str(choice(q, 1), "why"),
                        "Right: only successful or cancelled queries are.");
    assert_string_equal(str(q, "explanation"),
                        "Successful and cancelled queries count; failed ones do not.");
    json_decref(bank);
}

static void test_sample_file_numeric_forms_and_the_next_category(void **state)
{
    (void)state;
    pack_diag d;
    json_t *bank = pack_import_file(DATA "aws-bigdata.gift", PACK_IMPORT_GIFT, "imported", &d);
    assert_non_null(bank);
    json_t *q = question(bank, 3); /* {#1000:0} */
    assert_string_equal(str(q, "type"), "numeric");
    assert_true(num(q, "answer") == 1000 && num(q, "tolerance") == 0);
    assert_string_equal(str(q, "topic"), "Default for BigData/Kinesis");
    q = question(bank, 4); /* {# =1:0 =%50%1:0.5 } takes the 100% one */
    assert_true(num(q, "answer") == 1 && num(q, "tolerance") == 0);
    q = question(bank, 5); /* {#12..36}: the middle, give or take half the range */
    assert_true(num(q, "answer") == 24 && num(q, "tolerance") == 12);
    json_decref(bank);
}

static void test_sample_file_short_answer_blank_and_escapes(void **state)
{
    (void)state;
    pack_diag d;
    json_t *bank = pack_import_file(DATA "aws-bigdata.gift", PACK_IMPORT_GIFT, "imported", &d);
    assert_non_null(bank);
    json_t *q = question(bank, 6);
    assert_string_equal(str(q, "type"), "text");
    json_t *answers = json_object_get(q, "answers");
    /* =%50%Avro earns partial credit, which bdw cannot give. */
    assert_int_equal(json_array_size(answers), 2);
    assert_string_equal(json_string_value(json_array_get(answers, 0)), "Parquet");
    assert_string_equal(json_string_value(json_array_get(answers, 1)), "ORC");
    q = question(bank, 7);
    assert_string_equal(str(q, "id"), "imported.q008");
    assert_string_equal(str(q, "prompt"),
                        "A Glacier vault lock policy, once completed, is _____ and can never be "
                        "changed.");
    assert_string_equal(str(choice(q, 0), "text"), "immutable");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(q, "source"), "line")), 39);
    q = question(bank, 8);
    assert_string_equal(str(q, "id"), "imported.escapes-braces");
    assert_string_equal(str(q, "prompt"),
                        "Which JSON starts an empty object: { or \\[? Escaped = and ~ and # are "
                        "text.");
    assert_string_equal(str(choice(q, 0), "text"), "{}");
    assert_null(json_object_get(q, "explanation"));
    json_decref(bank);
}

static void test_moodle_export_html_is_plain_text_and_weights_parse(void **state)
{
    (void)state;
    pack_diag d;
    pack_import_warnings w;
    json_t *bank = pack_import_file_ex(DATA "moodle-export.gift", PACK_IMPORT_AUTO, "m", &d, &w);
    assert_non_null(bank);
    json_t *q = question(bank, 0);
    assert_string_equal(str(q, "id"), "m.vault-lock-window");
    assert_string_equal(str(q, "prompt"), "How many hours do you have to complete a vault lock?");
    assert_true(num(q, "answer") == 24 && num(q, "tolerance") == 0);
    assert_string_equal(str(q, "explanation"),
                        "After 24 hours the lock ID expires and the policy is removed.");
    assert_string_equal(str(q, "topic"), "Default for AWS BDS/Storage");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(q, "source"), "line")), 7);
    q = question(bank, 1);
    assert_string_equal(str(q, "type"), "single");
    assert_true(num(choice(q, 2), "weight") == -0.5);
    assert_true(json_is_false(json_object_get(choice(q, 2), "correct")));
    q = question(bank, 2); /* =%100% short answers, [markdown] kept as written */
    assert_string_equal(str(q, "prompt"), "Which policy holds a *compliance* rule?");
    assert_int_equal(json_array_size(json_object_get(q, "answers")), 2);
    assert_string_equal(str(q, "explanation"),
                        "Use the **vault lock policy**: it cannot change once locked.");
    q = question(bank, 3); /* {TRUE##Right####...}: no wrong feedback, right feedback */
    assert_string_equal(str(q, "type"), "truefalse");
    assert_string_equal(str(choice(q, 0), "why"), "Right");
    assert_null(json_object_get(choice(q, 1), "why"));
    /* The numeric question's feedback (right and wrong) has nowhere to go. */
    assert_int_equal(w.count, 2);
    assert_int_equal(w.items[0].line, 9);
    assert_non_null(strstr(w.items[0].message, "wrong numbers"));
    pack_import_warnings_free(&w);
    json_decref(bank);
}

static void test_bom_crlf_and_duplicate_titles_get_numbered_ids(void **state)
{
    (void)state;
    pack_diag d;
    json_t *bank = pack_import_file(DATA "bom-crlf.gift", PACK_IMPORT_AUTO, "aws", &d);
    assert_non_null(bank);
    assert_string_equal(str(question(bank, 0), "id"), "aws.q1");
    assert_string_equal(str(question(bank, 0), "prompt"), "Is Athena serverless?");
    assert_string_equal(str(question(bank, 1), "id"), "aws.q1-2");
    assert_string_equal(str(question(bank, 1), "prompt"), "Is EMR serverless?");
    assert_true(json_is_true(json_object_get(choice(question(bank, 1), 1), "correct")));
    json_decref(bank);
}

static void test_true_false_spellings(void **state)
{
    (void)state;
    pack_diag d;
    json_t *bank = gift("A{T}\n\nB{TRUE}\n\nC{F}\n\nD{FALSE}\n", &d);
    assert_non_null(bank);
    for (size_t i = 0; i < 4; i++) {
        json_t *q = question(bank, i);
        assert_string_equal(str(q, "type"), "truefalse");
        assert_int_equal(json_is_true(json_object_get(choice(q, 0), "correct")), i < 2);
        assert_int_equal(json_is_true(json_object_get(choice(q, 1), "correct")), i >= 2);
    }
    json_decref(bank);
}

static void test_numeric_range_margin_and_negative_numbers(void **state)
{
    (void)state;
    pack_diag d;
    json_t *bank =
        gift("a{#4:0.5}\n\nb{#3..5}\n\nc{#-10..-6}\n\nd{#=%50%4:1 =4:0}\n\ne{#2.5e3}\n", &d);
    assert_non_null(bank);
    assert_true(num(question(bank, 0), "answer") == 4 &&
                num(question(bank, 0), "tolerance") == 0.5);
    assert_true(num(question(bank, 1), "answer") == 4 && num(question(bank, 1), "tolerance") == 1);
    assert_true(num(question(bank, 2), "answer") == -8 && num(question(bank, 2), "tolerance") == 2);
    assert_true(num(question(bank, 3), "answer") == 4 && num(question(bank, 3), "tolerance") == 0);
    assert_true(num(question(bank, 4), "answer") == 2500);
    json_decref(bank);
}

static void test_multi_line_question_with_comments_inside(void **state)
{
    (void)state;
    pack_diag d;
    json_t *bank = gift("// header\n::Lines:: First line\n// a comment inside does not split\n"
                        "second line {\n  =yes # fine\n  // and one among the answers\n  ~no\n}\n",
                        &d);
    assert_non_null(bank);
    json_t *q = question(bank, 0);
    assert_string_equal(str(q, "prompt"), "First line\nsecond line");
    assert_int_equal(json_array_size(json_object_get(q, "choices")), 2);
    assert_string_equal(str(choice(q, 0), "why"), "fine");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(q, "source"), "line")), 2);
    json_decref(bank);
}

static void test_newline_escape_and_format_markers_in_answers(void **state)
{
    (void)state;
    pack_diag d;
    json_t *bank = gift("[plain]Two\\nlines{=[markdown]**yes**#[plain]ok ~\\\\no}", &d);
    assert_non_null(bank);
    json_t *q = question(bank, 0);
    assert_string_equal(str(q, "prompt"), "Two\nlines");
    assert_string_equal(str(choice(q, 0), "text"), "**yes**");
    assert_string_equal(str(choice(q, 0), "why"), "ok");
    assert_string_equal(str(choice(q, 1), "text"), "\\no");
    json_decref(bank);
}

static void test_refuses_matching_at_the_arrow(void **state)
{
    (void)state;
    refused_at("// pairs\n::M:: Match them {\n  =Kinesis -> streams\n  =Glue -> ETL\n}\n", 3, 12,
               "matching");
}

static void test_refuses_essay_at_the_brace(void **state)
{
    (void)state;
    refused_at("::E::Describe Athena. {  }\n", 1, 23, "essay");
}

static void test_refuses_unterminated_brace(void **state)
{
    (void)state;
    refused_at("ok{T}\n\n\tWhat is it? {=a ~b\n\nnext{T}\n", 3, 14, "unterminated '{'");
}

static void test_refuses_answer_blocks_without_a_correct_answer(void **state)
{
    (void)state;
    refused_at("Pick{~a ~b}", 1, 5, "no correct answer");
    refused_at("x\ny{=%50%a =%20%b}", 2, 2, "no correct answer");
    refused_at("n{#=%50%4:1}", 1, 2, "no correct answer");
    refused_at("Pick{=%50%a ~b}", 1, 5, "no answer has full marks");
}

static void test_refuses_unknown_tokens(void **state)
{
    (void)state;
    refused_at("Q{maybe}", 1, 3, "unexpected \"maybe\"");
    refused_at("Q{true}", 1, 3, "unexpected \"true\"");
    refused_at("Q{ A ~B }", 1, 4, "unexpected \"A\"");
    refused_at("Q{T x}", 1, 3, "unexpected \"T\"");
}

static void test_refuses_brace_errors_and_titles(void **state)
{
    (void)state;
    refused_at("Q} x {T}", 1, 2, "without an opening '{'");
    refused_at("Q{T} and {F}", 1, 10, "second answer block");
    refused_at("Q{=a {b} ~c}", 1, 6, "inside an answer block");
    refused_at("::Title without end {T}", 1, 1, "title");
    refused_at("\n\nJust a description.\n", 3, 1, "no answer block");
    refused_at("::T::{T}", 1, 6, "no text");
}

static void test_refuses_bad_weights_numbers_and_answers(void **state)
{
    (void)state;
    refused_at("Q{=a ~%abc%b}", 1, 7, "weight");
    refused_at("Q{=a ~%150%b}", 1, 7, "weight");
    refused_at("Q{=a ~%50 b}", 1, 7, "not closed");
    refused_at("Q{#four}", 1, 4, "not a number");
    refused_at("Q{#5..3}", 1, 4, "backwards");
    refused_at("Q{#4:-1}", 1, 4, "negative");
    refused_at("Q{#}", 1, 3, "needs a number");
    refused_at("Q{= ~b}", 1, 3, "no text");
    refused_at("Q{~%100%only}", 1, 2, "at least 2");
    refused_at("Q{=a =b ~c}", 1, 6, "second answer with full marks");
}

static void test_columns_count_characters_and_tabs_after_crlf(void **state)
{
    (void)state;
    /* "Été" is 3 characters and 5 bytes; the tab counts as one column. */
    refused_at("ok{T}\r\n\r\n\tÉté {maybe}\r\n", 3, 7, "unexpected");
}

static void test_too_many_choices_is_refused_at_the_27th(void **state)
{
    (void)state;
    char text[512] = "Q{=a0";
    for (int i = 1; i < 27; i++)
        snprintf(text + strlen(text), 16, " ~a%d", i);
    strcat(text, "}");
    /* "Q{=a0" (5 columns), " ~a1".." ~a9" (9 x 4), " ~a10".." ~a25" (16 x 5), then the
     * 27th answer's '~' two columns into " ~a26". */
    refused_at(text, 1, 5 + 9 * 4 + 16 * 5 + 2, "at most 26");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_file_multiple_choice_with_feedback_and_category),
        cmocka_unit_test(test_sample_file_weights_make_a_multiple_response_question),
        cmocka_unit_test(test_sample_file_true_false_feedback_goes_to_the_right_choice),
        cmocka_unit_test(test_sample_file_numeric_forms_and_the_next_category),
        cmocka_unit_test(test_sample_file_short_answer_blank_and_escapes),
        cmocka_unit_test(test_moodle_export_html_is_plain_text_and_weights_parse),
        cmocka_unit_test(test_bom_crlf_and_duplicate_titles_get_numbered_ids),
        cmocka_unit_test(test_true_false_spellings),
        cmocka_unit_test(test_numeric_range_margin_and_negative_numbers),
        cmocka_unit_test(test_multi_line_question_with_comments_inside),
        cmocka_unit_test(test_newline_escape_and_format_markers_in_answers),
        cmocka_unit_test(test_refuses_matching_at_the_arrow),
        cmocka_unit_test(test_refuses_essay_at_the_brace),
        cmocka_unit_test(test_refuses_unterminated_brace),
        cmocka_unit_test(test_refuses_answer_blocks_without_a_correct_answer),
        cmocka_unit_test(test_refuses_unknown_tokens),
        cmocka_unit_test(test_refuses_brace_errors_and_titles),
        cmocka_unit_test(test_refuses_bad_weights_numbers_and_answers),
        cmocka_unit_test(test_columns_count_characters_and_tabs_after_crlf),
        cmocka_unit_test(test_too_many_choices_is_refused_at_the_27th),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
