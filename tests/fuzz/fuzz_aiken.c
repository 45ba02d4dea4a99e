/* Fuzzes the Aiken reader; the checks are in fuzz_import.h. */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_import(data, size, "fuzz.txt", PACK_IMPORT_AIKEN);
}
