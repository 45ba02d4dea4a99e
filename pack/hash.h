#ifndef PACK_HASH_H
#define PACK_HASH_H

/* A content fingerprint (FNV-1a, 64-bit): not for security, only to notice
 * that a question or a scenario changed between two versions of a pack, so
 * old answers to it can be marked as answers to a different text. */

#include <stddef.h>
#include <stdint.h>

#define PACK_HASH_SEED UINT64_C(0xcbf29ce484222325)

uint64_t pack_hash(uint64_t h, const void *data, size_t len);
uint64_t pack_hash_str(uint64_t h, const char *s); /* includes a separator */
/* 16 lower-case hex digits and a NUL. */
void pack_hash_hex(uint64_t h, char out[17]);

#endif
