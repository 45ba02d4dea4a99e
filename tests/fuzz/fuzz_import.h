#ifndef FUZZ_IMPORT_H
#define FUZZ_IMPORT_H

/* What the GIFT and Aiken fuzz targets share. Beyond not crashing, they
 * check two promises: a refusal always says why, and an accepted file always
 * makes a bank that bdw's own question-bank reader accepts (once each
 * question has the explanation the format may leave out). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pack/import.h"
#include "pack/question.h"

static void fuzz_import_check_bank(json_t *bank)
{
    json_t *qs = json_object_get(bank, "questions");
    size_t i;
    json_t *q;
    json_array_foreach(qs, i, q)
    {
        if (!json_object_get(q, "explanation"))
            json_object_set_new(q, "explanation", json_string("added by the fuzzer"));
    }
    char *text = json_dumps(bank, 0);
    if (!text) abort();
    question_bank qb = {0};
    pack_diag d = {0};
    if (!question_bank_parse(&qb, text, strlen(text), "fuzz.json", &d)) abort();
    if (qb.count != json_array_size(qs)) abort();
    question_bank_free(&qb);
    free(text);
}

static int fuzz_import(const uint8_t *data, size_t size, const char *name,
                       pack_import_format format)
{
    pack_diag d = {0};
    pack_import_warnings w;
    json_t *bank = pack_import_text_ex((const char *)data, size, name, format, "fz", &d, &w);
    if (bank) {
        fuzz_import_check_bank(bank);
        json_decref(bank);
    } else if (!d.message[0] || d.line < 0 || d.column < 0) {
        abort();
    }
    pack_import_warnings_free(&w);
    return 0;
}

#endif
