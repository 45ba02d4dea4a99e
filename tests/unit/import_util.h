#ifndef TESTS_IMPORT_UTIL_H
#define TESTS_IMPORT_UTIL_H

/* What the GIFT and Aiken import tests share: reading a fragment, fields of
 * the bank it makes, and a refusal at its line and column. Include after
 * cmocka.h. */
#include <stdbool.h>
#include <string.h>

#include "pack/import.h"

#define DATA BDW_TEST_DATA "/import/"

static inline json_t *import_text(const char *text, const char *file, pack_import_format fmt,
                                  const char *prefix, pack_diag *d)
{
    memset(d, 0, sizeof *d);
    return pack_import_text(text, strlen(text), file, fmt, prefix, d);
}

static inline json_t *question(json_t *bank, size_t i)
{
    json_t *q = json_array_get(json_object_get(bank, "questions"), i);
    assert_non_null(q);
    return q;
}

static inline const char *str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    assert_true(json_is_string(v));
    return json_string_value(v);
}

static inline double num(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    assert_true(json_is_number(v));
    return json_number_value(v);
}

static inline json_t *choice(json_t *q, size_t i)
{
    json_t *c = json_array_get(json_object_get(q, "choices"), i);
    assert_non_null(c);
    return c;
}

static inline bool is_correct(json_t *q, size_t i)
{
    return json_is_true(json_object_get(choice(q, i), "correct"));
}

/* The import of text fails at line:column with a message containing `words`. */
static inline void import_refused_at(const char *text, const char *file, pack_import_format fmt,
                                     int line, int column, const char *words)
{
    pack_diag d;
    json_t *bank = import_text(text, file, fmt, "x", &d);
    if (bank) json_decref(bank);
    assert_null(bank);
    assert_string_equal(d.file, file);
    if (!strstr(d.message, words)) fail_msg("message \"%s\" lacks \"%s\"", d.message, words);
    assert_int_equal(d.line, line);
    assert_int_equal(d.column, column);
}

#endif
