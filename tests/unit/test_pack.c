/* Packs: the manifest, question banks and the catalog, good and broken. A
 * broken file must be named with the line and column of what is wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "pack/catalog.h"
#include "pack/pack.h"
#include "pack/packset.h"
#include "pack/question.h"

static char tmpdir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/bdw-test-pack-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd);
}

static void write_file(const char *rel, const char *text, size_t len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    char dir[512];
    snprintf(dir, sizeof dir, "%s", path);
    for (char *p = dir + strlen(tmpdir) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0755);
            *p = '/';
        }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(text, 1, len, f);
    fclose(f);
}

static void write_str(const char *rel, const char *text)
{
    write_file(rel, text, strlen(text));
}

static char *pack_dir(const char *name)
{
    static char buf[512];
    snprintf(buf, sizeof buf, "%s/%s", tmpdir, name);
    return buf;
}

static void test_core_pack_loads_with_scenarios_and_questions(void **state)
{
    (void)state;
    pack_diag d = {0};
    char dir[512];
    snprintf(dir, sizeof dir, "%s/core", BDW_SOURCE_PACKS);
    pack *p = pack_load(dir, &d);
    assert_non_null(p);
    assert_string_equal(p->id, "core");
    assert_true(p->nscenarios >= 1);
    assert_non_null(pack_find_scenario(p, "athena-cost"));
    question_bank bank = {0};
    assert_true(pack_load_questions(p, &bank, &d));
    assert_true(bank.count >= 10);
    for (size_t i = 0; i < bank.count; i++)
        assert_non_null(bank.items[i].explanation);
    catalog c = {0};
    assert_true(pack_load_catalog(p, &c, &d));
    assert_non_null(catalog_find(&c, "glacier.compliance-in-access-policy"));
    catalog_free(&c);
    question_bank_free(&bank);
    pack_free(p);
}

/* Writes pack.json into a fresh pack folder and expects pack_load to fail at
 * line:column with a message containing want. */
static void expect_manifest_error(const char *name, const char *json, size_t len, int line,
                                  int column, const char *want)
{
    char rel[300];
    snprintf(rel, sizeof rel, "%s/pack.json", name);
    write_file(rel, json, len);
    pack_diag d = {0};
    pack *p = pack_load(pack_dir(name), &d);
    if (p || d.line != line || d.column != column || !strstr(d.message, want)) {
        fprintf(stderr, "%s: got %s:%d:%d: %s\n", name, d.file, d.line, d.column, d.message);
        pack_free(p);
        if (!getenv("BDW_TEST_ALL")) fail();
        return;
    }
    char expect_file[300];
    snprintf(expect_file, sizeof expect_file, "%s/pack.json", name);
    assert_string_equal(d.file, expect_file);
}

static void test_broken_manifests_are_located(void **state)
{
    (void)state;
    const char *empty = "";
    expect_manifest_error("empty", empty, 0, 1, 1, "empty");
    const char *trunc = "{\n  \"id\": \"x\",\n  \"title\": \"T";
    expect_manifest_error("trunc", trunc, strlen(trunc), 3, 13, "premature end");
    const char *dup =
        "{\n  \"id\": \"a\",\n  \"id\": \"b\", \"title\": \"t\", \"version\": \"1.0.0\"\n}";
    /* jansson points at the end of the repeated key. */
    expect_manifest_error("dup", dup, strlen(dup), 3, 6, "duplicate");
    const char *nul = "{\"id\": \"a\\u0000b\"}";
    expect_manifest_error("nul", nul, strlen(nul), 1, 17, "u0000");
    const char *badver = "{\n  \"id\": \"x\",\n  \"title\": \"T\",\n  \"version\": \"one\"\n}";
    expect_manifest_error("badver", badver, strlen(badver), 4, 14, "MAJOR.MINOR.PATCH");
    const char *noid = "{\n  \"title\": \"T\",\n  \"version\": \"1.0.0\"\n}";
    expect_manifest_error("noid", noid, strlen(noid), 1, 1, "needs \"id\"");
    const char *badid = "{ \"id\": \"Has Spaces\", \"title\": \"T\", \"version\": \"1.0.0\" }";
    expect_manifest_error("badid", badid, strlen(badid), 1, 9, "lower-case");
    const char *wrongtype = "{\n  \"id\": \"x\",\n  \"title\": 5,\n  \"version\": \"1.0.0\"\n}";
    expect_manifest_error("wrongtype", wrongtype, strlen(wrongtype), 3, 12, "non-empty string");
    const char *trailing = "{ \"id\": \"x\", \"title\": \"T\", \"version\": \"1.0.0\" } junk";
    expect_manifest_error("trailing", trailing, strlen(trailing), 1, 52, "end of file expected");
    const char *huge = "{ \"id\": \"x\", \"title\": \"T\", \"version\": \"1.0.0\", \"n\": 1e400 }";
    expect_manifest_error("huge", huge, strlen(huge), 1, 57, "overflow");
    const char *bigint = "{ \"n\": 99999999999999999999 }";
    expect_manifest_error("bigint", bigint, strlen(bigint), 1, 27, "too big");
    const char *notobj = "[1, 2]";
    expect_manifest_error("notobj", notobj, strlen(notobj), 1, 1, "object");
    const char badutf8[] = "{ \"id\": \"x\xff\" }";
    expect_manifest_error("badutf8", badutf8, sizeof badutf8 - 1, 1, 10, "decode byte 0xff");
}

static void test_deep_nesting_is_refused_not_crashed(void **state)
{
    (void)state;
    size_t depth = 100000;
    char *deep = malloc(depth * 2 + 1);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    deep[depth * 2] = '\0';
    write_file("deep/pack.json", deep, depth * 2);
    free(deep);
    pack_diag d = {0};
    pack *p = pack_load(pack_dir("deep"), &d);
    assert_null(p);
    assert_int_equal(d.line, 1);
    assert_non_null(strstr(d.message, "maximum parsing depth"));
}

static void test_manifest_with_bom_is_accepted(void **state)
{
    (void)state;
    const char *json = "\xEF\xBB\xBF{ \"id\": \"bom\", \"title\": \"T\", \"version\": \"1.2.3\" }";
    write_str("bom/pack.json", json);
    pack_diag d = {0};
    pack *p = pack_load(pack_dir("bom"), &d);
    assert_non_null(p);
    assert_string_equal(p->version, "1.2.3");
    pack_free(p);
}

static void test_scenarios_and_banks_are_listed_in_name_order(void **state)
{
    (void)state;
    write_str("order/pack.json", "{ \"id\": \"order\", \"title\": \"T\", \"version\": \"1.0.0\" }");
    write_str("order/scenarios/b.lua", "");
    write_str("order/scenarios/a.lua", "");
    write_str("order/scenarios/notes.txt", "");
    pack_diag d = {0};
    pack *p = pack_load(pack_dir("order"), &d);
    assert_non_null(p);
    assert_int_equal(p->nscenarios, 2);
    assert_string_equal(p->scenarios[0].stem, "a");
    assert_string_equal(p->scenarios[1].display, "order/scenarios/b.lua");
    pack_free(p);
}

static void expect_bank_error(const char *json, int line, int column, const char *want)
{
    question_bank bank = {0};
    pack_diag d = {0};
    bool ok = question_bank_parse(&bank, json, strlen(json), "p/questions/q.json", &d);
    if (ok || d.line != line || d.column != column || !strstr(d.message, want)) {
        fprintf(stderr, "bank: got ok=%d %d:%d: %s\n", ok, d.line, d.column, d.message);
        fail();
    }
    assert_int_equal(bank.count, 0);
    question_bank_free(&bank);
}

static void test_broken_question_banks_are_located(void **state)
{
    (void)state;
    expect_bank_error("{ \"items\": [] }", 1, 1, "\"questions\"");
    expect_bank_error("{\n \"questions\": [\n  { \"id\": \"a\", \"explanation\": \"e\" }\n ]\n}", 3,
                      3, "no \"prompt\"");
    expect_bank_error(
        "{\"questions\": [{\"id\": \"a\", \"prompt\": \"p\", \"explanation\": \"e\",\n"
        "  \"choices\": [{\"text\": \"x\"}, {\"text\": \"y\"}]}]}",
        2, 14, "exactly one choice");
    expect_bank_error(
        "{\"questions\": [{\"id\": \"a\", \"prompt\": \"p\", \"explanation\": \"e\",\n"
        "  \"type\": \"essay\"}]}",
        2, 11, "unknown type");
    expect_bank_error(
        "{\"questions\": [\n{\"id\": \"a\", \"prompt\": \"p\", \"explanation\": \"e\","
        " \"type\": \"numeric\", \"answer\": 4},\n"
        "{\"id\": \"a\", \"prompt\": \"p\", \"explanation\": \"e\", \"type\": "
        "\"numeric\", \"answer\": 4}]}",
        3, 8, "duplicate question id");
    expect_bank_error("{\"questions\": [{\"id\": \"a\", \"prompt\": \"p\", \"explanation\": \"e\","
                      " \"type\": \"numeric\", \"answer\": \"four\"}]}",
                      1, 92, "number \"answer\"");
}

static void test_question_types_load(void **state)
{
    (void)state;
    const char *json =
        "{\"questions\": ["
        "{\"id\": \"n\", \"prompt\": \"p\", \"explanation\": \"e\", \"type\": \"numeric\","
        " \"answer\": 4, \"tolerance\": 0.5},"
        "{\"id\": \"t\", \"prompt\": \"p\", \"explanation\": \"e\", \"type\": \"text\","
        " \"answers\": [\"Parquet\", \"ORC\"]},"
        "{\"id\": \"m\", \"prompt\": \"p\", \"explanation\": \"e\", \"type\": \"multiple\","
        " \"choices\": [{\"text\": \"a\", \"correct\": true}, {\"text\": \"b\", \"correct\": true},"
        " {\"text\": \"c\", \"antipattern\": \"x.y\"}]}]}";
    question_bank bank = {0};
    pack_diag d = {0};
    assert_true(question_bank_parse(&bank, json, strlen(json), "q.json", &d));
    assert_int_equal(bank.count, 3);
    assert_int_equal(bank.items[0].type, QUESTION_NUMERIC);
    assert_float_equal(bank.items[0].tolerance, 0.5, 0);
    assert_int_equal(bank.items[1].nanswers, 2);
    assert_string_equal(bank.items[2].choices[2].antipattern, "x.y");
    assert_non_null(question_bank_find(&bank, "t"));
    question_bank_free(&bank);
}

static void test_catalog_requires_why_and_instead(void **state)
{
    (void)state;
    const char *json = "{\"antipatterns\": [\n"
                       "{\"id\": \"a\", \"service\": \"S\", \"title\": \"T\", \"why\": \"W\","
                       " \"instead\": \"I\"},\n"
                       "{\"id\": \"b\", \"service\": \"S\", \"title\": \"T\", \"why\": \"W\"}]}";
    catalog c = {0};
    pack_diag d = {0};
    assert_false(catalog_parse(&c, json, strlen(json), "p/antipatterns.json", "p", &d));
    assert_int_equal(d.line, 3);
    assert_int_equal(d.column, 1);
    assert_non_null(strstr(d.message, "\"instead\""));
    assert_int_equal(c.count, 0);
    catalog_free(&c);
}

static void test_search_path_later_folder_wins_and_broken_packs_are_skipped(void **state)
{
    (void)state;
    write_str("sp1/mine/pack.json",
              "{ \"id\": \"mine\", \"title\": \"Old\", \"version\": \"1.0.0\" }");
    write_str("sp2/mine/pack.json",
              "{ \"id\": \"mine\", \"title\": \"New\", \"version\": \"2.0.0\" }");
    write_str("sp2/broken/pack.json", "{ \"id\": ");
    write_str(
        "sp2/future/pack.json",
        "{ \"id\": \"future\", \"title\": \"F\", \"version\": \"1.0.0\", \"bdw\": \"9.0.0\" }");
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/sp1", tmpdir);
    snprintf(b, sizeof b, "%s/sp2", tmpdir);
    const char *dirs[] = {a, b};
    pack_set *s = pack_set_open(dirs, 2, "0.1.0");
    assert_non_null(s);
    const pack *p = pack_set_find(s, "mine");
    assert_non_null(p);
    assert_string_equal(p->title, "New");
    assert_int_equal(s->count, 1);
    assert_int_equal(s->nwarnings, 2);
    assert_non_null(strstr(s->warnings[0].file, "broken/pack.json"));
    assert_non_null(strstr(s->warnings[1].message, "needs bdw 9.0.0"));
    assert_null(pack_set_find(s, "future"));
    pack_set_free(s);
}

static void test_manifest_topics_blueprints_and_lists(void **state)
{
    (void)state;
    write_str("full/pack.json",
              "{ \"id\": \"full\", \"title\": \"T\", \"version\": \"1.0.0\",\n"
              "  \"topics\": [ { \"id\": \"t.a\", \"title\": \"A\" } ],\n"
              "  \"blueprints\": [ { \"id\": \"mock\", \"count\": 3, \"minutes\": 10,\n"
              "    \"domains\": { \"storage\": 2, \"analytics\": 1 } } ],\n"
              "  \"scenarios\": [ \"b\", \"a.lua\" ] }");
    write_str("full/scenarios/a.lua", "");
    write_str("full/scenarios/b.lua", "");
    write_str("full/scenarios/c.lua", "");
    pack_diag d = {0};
    pack *p = pack_load(pack_dir("full"), &d);
    assert_non_null(p);
    assert_string_equal(p->scenarios[0].stem, "b");
    assert_string_equal(p->scenarios[1].stem, "a");
    assert_string_equal(p->scenarios[2].stem, "c");
    assert_int_equal(p->nunlisted_scenarios, 1);
    assert_non_null(pack_manifest_topic(&p->more, "t.a"));
    const pack_blueprint *b = pack_manifest_blueprint(&p->more, "mock");
    assert_non_null(b);
    assert_int_equal(b->count, 3);
    assert_int_equal(b->ndomains, 2);
    pack_free(p);

    write_str("missing/pack.json", "{ \"id\": \"m\", \"title\": \"T\", \"version\": \"1.0.0\",\n"
                                   "  \"scenarios\": [ \"a\", \"nope\" ] }");
    write_str("missing/scenarios/a.lua", "");
    assert_null(pack_load(pack_dir("missing"), &d));
    assert_int_equal(d.line, 2);
    assert_int_equal(d.column, 23);
    assert_non_null(strstr(d.message, "scenarios/nope.lua is listed"));

    write_str("badbp/pack.json", "{ \"id\": \"b\", \"title\": \"T\", \"version\": \"1.0.0\",\n"
                                 "  \"blueprints\": [ { \"id\": \"x\", \"count\": 0 } ] }");
    assert_null(pack_load(pack_dir("badbp"), &d));
    assert_int_equal(d.line, 2);
    assert_int_equal(d.column, 41);
    assert_non_null(strstr(d.message, "count"));
}

static void test_semver_compare(void **state)
{
    (void)state;
    assert_true(pack_semver_valid("1.2.3"));
    assert_true(pack_semver_valid("1.2.3-beta.1"));
    assert_false(pack_semver_valid("1.2"));
    assert_false(pack_semver_valid("01.2.3"));
    assert_true(pack_semver_compare("1.10.0", "1.9.9") > 0);
    assert_true(pack_semver_compare("0.1.0", "0.1.0") == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_core_pack_loads_with_scenarios_and_questions),
        cmocka_unit_test(test_broken_manifests_are_located),
        cmocka_unit_test(test_deep_nesting_is_refused_not_crashed),
        cmocka_unit_test(test_manifest_with_bom_is_accepted),
        cmocka_unit_test(test_scenarios_and_banks_are_listed_in_name_order),
        cmocka_unit_test(test_broken_question_banks_are_located),
        cmocka_unit_test(test_question_types_load),
        cmocka_unit_test(test_catalog_requires_why_and_instead),
        cmocka_unit_test(test_search_path_later_folder_wins_and_broken_packs_are_skipped),
        cmocka_unit_test(test_manifest_topics_blueprints_and_lists),
        cmocka_unit_test(test_semver_compare),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
