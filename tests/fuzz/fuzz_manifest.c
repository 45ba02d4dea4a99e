/* Fuzz target: pack.json manifests. */
#include <stddef.h>
#include <stdint.h>

#include "pack/pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pack_diag d;
    pack *p = pack_parse_manifest((const char *)data, size, "fuzz/pack.json", &d);
    pack_free(p);
    return 0;
}
