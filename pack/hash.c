#include "pack/hash.h"

#include <stdio.h>

uint64_t pack_hash(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

uint64_t pack_hash_str(uint64_t h, const char *s)
{
    if (s) {
        for (; *s; s++)
            h = pack_hash(h, s, 1);
    }
    /* A separator, so ("ab", "c") and ("a", "bc") differ. */
    return pack_hash(h, "\x1f", 1);
}

void pack_hash_hex(uint64_t h, char out[17])
{
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}
