/* The importers' common part: what any text file must be (UTF-8, no NUL,
 * not empty, not huge), format detection, ids, warnings, the file API, and
 * that an imported bank loads with bdw's own question-bank reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "pack/import.h"
#include "pack/question.h"

#define DATA BDW_TEST_DATA "/import/"

static json_t *import_n(const char *text, size_t len, pack_diag *d)
{
    memset(d, 0, sizeof *d);
    return pack_import_text(text, len, "f.gift", PACK_IMPORT_AUTO, "p", d);
}

static const char *id_of(json_t *bank, size_t i)
{
    json_t *q = json_array_get(json_object_get(bank, "questions"), i);
    return json_string_value(json_object_get(q, "id"));
}

static void test_empty_and_comment_only_files_have_no_questions(void **state)
{
    (void)state;
    pack_diag d;
    const char *inputs[] = {"", "\xEF\xBB\xBF", "\n\n  \r\n", "// only a comment\n\n// more\n",
                            "$CATEGORY: $course$/top/X\n"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        assert_null(import_n(inputs[i], strlen(inputs[i]), &d));
        assert_non_null(strstr(d.message, "no questions"));
        assert_string_equal(d.file, "f.gift");
        assert_int_equal(d.line, 0);
    }
    memset(&d, 0, sizeof d);
    assert_null(pack_import_text("", 0, "e.txt", PACK_IMPORT_AIKEN, "p", &d));
    assert_non_null(strstr(d.message, "no questions"));
}

static void test_nul_byte_is_refused_at_its_position(void **state)
{
    (void)state;
    pack_diag d;
    const char text[] = "Q{T}\n\nab\0c{T}\n";
    assert_null(import_n(text, sizeof text - 1, &d));
    assert_non_null(strstr(d.message, "NUL"));
    assert_int_equal(d.line, 3);
    assert_int_equal(d.column, 3);
}

static void test_invalid_utf8_is_refused_at_its_character_column(void **state)
{
    (void)state;
    pack_diag d;
    /* Line 2: "é" (2 bytes, 1 column) then a Latin-1 0xE9 at column 3. */
    const char *text = "Q{T}\n\xC3\xA9x\xE9t{T}\n";
    assert_null(import_n(text, strlen(text), &d));
    assert_non_null(strstr(d.message, "UTF-8"));
    assert_int_equal(d.line, 2);
    assert_int_equal(d.column, 3);
    /* Overlong forms and surrogates are not UTF-8 either. */
    const char *overlong = "\xC0\xAFQ{T}";
    assert_null(import_n(overlong, strlen(overlong), &d));
    assert_int_equal(d.line, 1);
    assert_int_equal(d.column, 1);
    const char *surrogate = "ab\xED\xA0\x80{T}";
    assert_null(import_n(surrogate, strlen(surrogate), &d));
    assert_int_equal(d.column, 3);
}

static void test_bom_is_not_a_column(void **state)
{
    (void)state;
    pack_diag d;
    const char *text = "\xEF\xBB\xBFQ{maybe}";
    assert_null(import_n(text, strlen(text), &d));
    assert_int_equal(d.line, 1);
    assert_int_equal(d.column, 3);
}

static void test_lone_cr_ends_a_line_like_lf(void **state)
{
    (void)state;
    pack_diag d;
    const char *text = "A{T}\r\rB{maybe}\r";
    assert_null(import_n(text, strlen(text), &d));
    assert_int_equal(d.line, 3);
    assert_int_equal(d.column, 3);
}

static void test_very_long_line_imports_and_errors_count_far_columns(void **state)
{
    (void)state;
    pack_diag d;
    size_t n = 1 << 20;
    char *text = malloc(n + 32);
    assert_non_null(text);
    memset(text, 'x', n);
    strcpy(text + n, "{T}");
    json_t *bank = import_n(text, strlen(text), &d);
    assert_non_null(bank);
    assert_int_equal(strlen(json_string_value(json_object_get(
                         json_array_get(json_object_get(bank, "questions"), 0), "prompt"))),
                     n);
    json_decref(bank);
    strcpy(text + n, "{maybe}");
    assert_null(import_n(text, strlen(text), &d));
    assert_int_equal(d.column, (int)n + 2);
    free(text);
}

static void test_files_over_the_limit_are_refused(void **state)
{
    (void)state;
    pack_diag d;
    size_t n = PACK_IMPORT_MAX_BYTES + 1;
    char *text = malloc(n);
    assert_non_null(text);
    memset(text, '\n', n);
    assert_null(import_n(text, n, &d));
    assert_non_null(strstr(d.message, "larger than"));
    free(text);
}

static void test_detection_by_extension_then_content(void **state)
{
    (void)state;
    const char *aiken = "Q?\nA. a\nB. b\nANSWER: A\n";
    const char *gift = "Q?{=a ~b}\n";
    assert_int_equal(pack_import_detect("x.gift", aiken, strlen(aiken)), PACK_IMPORT_GIFT);
    assert_int_equal(pack_import_detect("dir.v2/X.AIKEN", gift, strlen(gift)), PACK_IMPORT_AIKEN);
    assert_int_equal(pack_import_detect("x.txt", aiken, strlen(aiken)), PACK_IMPORT_AIKEN);
    assert_int_equal(pack_import_detect("x.txt", gift, strlen(gift)), PACK_IMPORT_GIFT);
    assert_int_equal(pack_import_detect("dir.aiken/x", gift, strlen(gift)), PACK_IMPORT_GIFT);
    /* A GIFT file that mentions ANSWER: in its text is still GIFT. */
    const char *both = "ANSWER: is this GIFT?{T}\n";
    assert_int_equal(pack_import_detect("x.txt", both, strlen(both)), PACK_IMPORT_GIFT);
    assert_string_equal(pack_import_format_name(PACK_IMPORT_AIKEN), "aiken");
}

static void test_ids_are_slugs_unique_and_fall_back_to_position(void **state)
{
    (void)state;
    pack_diag d;
    const char *text = "::Athena: Pricing!::A{T}\n\n::athena pricing::B{T}\n\n"
                       "::athena-pricing::C{T}\n\n::\xC3\x89t\xC3\xA9::D{T}\n\n"
                       "E{T}\n\n::q006::F{T}\n\nG{T}\n";
    json_t *bank = import_n(text, strlen(text), &d);
    assert_non_null(bank);
    assert_string_equal(id_of(bank, 0), "p.athena-pricing");
    assert_string_equal(id_of(bank, 1), "p.athena-pricing-2");
    assert_string_equal(id_of(bank, 2), "p.athena-pricing-3");
    assert_string_equal(id_of(bank, 3), "p.t"); /* "Été": only ASCII letters stay */
    assert_string_equal(id_of(bank, 4), "p.q005");
    assert_string_equal(id_of(bank, 5), "p.q006");
    assert_string_equal(id_of(bank, 6), "p.q007");
    json_decref(bank);
}

static void test_missing_file_reports_errno_and_no_line(void **state)
{
    (void)state;
    pack_diag d = {0};
    errno = 0;
    assert_null(pack_import_file(DATA "does-not-exist.gift", PACK_IMPORT_AUTO, "p", &d));
    assert_int_equal(errno, ENOENT);
    assert_int_equal(d.line, 0);
    assert_non_null(strstr(d.file, "does-not-exist.gift"));
}

static void test_warnings_are_capped_with_a_count_of_the_rest(void **state)
{
    (void)state;
    pack_diag d;
    pack_import_warnings w;
    size_t n = PACK_IMPORT_MAX_WARNINGS + 50;
    char *text = malloc(n * 8 + 1);
    assert_non_null(text);
    text[0] = '\0';
    for (size_t i = 0; i < n; i++)
        strcat(text, "Q{T}\n\n");
    json_t *bank = pack_import_text_ex(text, strlen(text), "w.gift", PACK_IMPORT_AUTO, "p", &d, &w);
    assert_non_null(bank);
    assert_int_equal(json_array_size(json_object_get(bank, "questions")), n);
    assert_int_equal(w.count, PACK_IMPORT_MAX_WARNINGS);
    assert_int_equal(w.items[0].line, 1);
    assert_non_null(strstr(w.items[w.count - 1].message, "51 more warnings"));
    pack_import_warnings_free(&w);
    json_decref(bank);
    free(text);
}

static void test_more_than_the_question_limit_is_refused_at_the_first_too_many(void **state)
{
    (void)state;
    pack_diag d;
    size_t n = PACK_IMPORT_MAX_QUESTIONS + 1;
    char *text = malloc(n * 6 + 1);
    assert_non_null(text);
    for (size_t i = 0; i < n; i++)
        memcpy(text + 6 * i, "Q{T}\n\n", 6);
    assert_null(import_n(text, n * 6, &d));
    assert_non_null(strstr(d.message, "split it"));
    /* Each question takes two lines: its own and a blank one. */
    assert_int_equal(d.line, 2 * PACK_IMPORT_MAX_QUESTIONS + 1);
    assert_int_equal(d.column, 1);
    free(text);
}

static void test_imported_bank_loads_with_the_question_bank_reader(void **state)
{
    (void)state;
    pack_diag d;
    json_t *bank = pack_import_file(DATA "moodle-export.gift", PACK_IMPORT_AUTO, "m", &d);
    assert_non_null(bank);
    char *json = json_dumps(bank, JSON_INDENT(2));
    question_bank qb = {0};
    pack_diag qd = {0};
    bool ok = question_bank_parse(&qb, json, strlen(json), "m.json", &qd);
    if (!ok) fail_msg("%s:%d:%d: %s", qd.file, qd.line, qd.column, qd.message);
    assert_int_equal(qb.count, 4);
    const question *q = question_bank_find(&qb, "m.vault-lock-window");
    assert_non_null(q);
    assert_int_equal(q->type, QUESTION_NUMERIC);
    assert_true(q->answer == 24);
    q = question_bank_find(&qb, "m.access-policy-mutable");
    assert_non_null(q);
    assert_int_equal(q->type, QUESTION_TRUEFALSE);
    assert_true(q->choices[0].correct);
    question_bank_free(&qb);
    free(json);
    json_decref(bank);
}

static void test_numbers_read_with_a_point_in_a_comma_locale(void **state)
{
    (void)state;
    const char *locales[] = {"de_DE.UTF-8", "fr_FR.UTF-8", "de_DE.utf8", "fr_FR.utf8"};
    const char *set = NULL;
    for (size_t i = 0; !set && i < 4; i++)
        set = setlocale(LC_NUMERIC, locales[i]);
    if (!set) skip();
    pack_diag d;
    const char *text = "Q{#2.5:0.25}";
    json_t *bank = import_n(text, strlen(text), &d);
    setlocale(LC_NUMERIC, "C");
    assert_non_null(bank);
    json_t *q = json_array_get(json_object_get(bank, "questions"), 0);
    assert_true(json_number_value(json_object_get(q, "answer")) == 2.5);
    assert_true(json_number_value(json_object_get(q, "tolerance")) == 0.25);
    json_decref(bank);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_comment_only_files_have_no_questions),
        cmocka_unit_test(test_nul_byte_is_refused_at_its_position),
        cmocka_unit_test(test_invalid_utf8_is_refused_at_its_character_column),
        cmocka_unit_test(test_bom_is_not_a_column),
        cmocka_unit_test(test_lone_cr_ends_a_line_like_lf),
        cmocka_unit_test(test_very_long_line_imports_and_errors_count_far_columns),
        cmocka_unit_test(test_files_over_the_limit_are_refused),
        cmocka_unit_test(test_detection_by_extension_then_content),
        cmocka_unit_test(test_ids_are_slugs_unique_and_fall_back_to_position),
        cmocka_unit_test(test_missing_file_reports_errno_and_no_line),
        cmocka_unit_test(test_warnings_are_capped_with_a_count_of_the_rest),
        cmocka_unit_test(test_more_than_the_question_limit_is_refused_at_the_first_too_many),
        cmocka_unit_test(test_imported_bank_loads_with_the_question_bank_reader),
        cmocka_unit_test(test_numbers_read_with_a_point_in_a_comma_locale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
