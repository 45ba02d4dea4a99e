/* Fuzz target: question banks (questions/NAME.json), including the position
 * finder that locates schema errors. */
#include <stddef.h>
#include <stdint.h>

#include "pack/question.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    question_bank bank = {0};
    pack_diag d;
    question_bank_parse(&bank, (const char *)data, size, "fuzz/questions/q.json", &d);
    question_bank_free(&bank);
    return 0;
}
