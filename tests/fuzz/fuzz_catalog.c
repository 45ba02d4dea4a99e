/* Fuzz target: anti-pattern catalogs (antipatterns.json). */
#include <stddef.h>
#include <stdint.h>

#include "pack/catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    catalog c = {0};
    pack_diag d;
    catalog_parse(&c, (const char *)data, size, "fuzz/antipatterns.json", "fuzz", &d);
    catalog_free(&c);
    return 0;
}
