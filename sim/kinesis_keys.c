/* The numbers Kinesis prints and parses: 128-bit hash keys (MD5 of a
 * partition key, ExplicitHashKey), the lengths of partition keys, the
 * ranges CreateStream gives its shards, PUT payload units, and sequence
 * numbers. */
#include <md5.h>
#include <stdio.h>
#include <string.h>

#include "sim/kinesis.h"
#include "sim/kinesis_internal.h"
/* --- hash keys ----------------------------------------------------------- */

kinesis_hash kinesis_hash_key(const char *key, size_t len)
{
    MD5_CTX ctx;
    uint8_t d[16];
    MD5Init(&ctx);
    MD5Update(&ctx, (const uint8_t *)key, len);
    MD5Final(d, &ctx);
    kinesis_hash h = 0;
    for (int i = 0; i < 16; i++)
        h = (h << 8) | d[i];
    return h;
}

bool kinesis_hash_parse(const char *text, kinesis_hash *out)
{
    if (!text || !*text) return false;
    kinesis_hash h = 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9') return false;
        unsigned d = (unsigned)(*p - '0');
        if (h > (KINESIS_HASH_MAX - d) / 10) return false;
        h = h * 10 + d;
    }
    *out = h;
    return true;
}

void kinesis_hash_format(kinesis_hash h, char *buf, size_t cap)
{
    char tmp[48];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + (unsigned)(h % 10));
        h /= 10;
    } while (h);
    size_t j = 0;
    while (n > 0 && j + 1 < cap)
        buf[j++] = tmp[--n];
    if (cap) buf[j] = '\0';
}

int kinesis_key_chars(const char *key, size_t len)
{
    const uint8_t *p = (const uint8_t *)key;
    int chars = 0;
    size_t i = 0;
    /* The common all-ASCII key: eight bytes at a time, then byte by byte. */
    while (len - i >= 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & UINT64_C(0x8080808080808080)) break;
        i += 8;
    }
    while (i < len && p[i] < 0x80)
        i++;
    chars = (int)(i < (size_t)INT32_MAX ? i : INT32_MAX);
    while (i < len) {
        uint8_t c = p[i];
        size_t extra;
        uint32_t cp;
        if (c < 0x80) {
            extra = 0;
            cp = c;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return -1;
        }
        for (size_t k = 1; k <= extra; k++) {
            if (i + k >= len || (p[i + k] & 0xC0) != 0x80) return -1;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        /* Overlong forms, surrogates and values past U+10FFFF are not
         * characters. */
        static const uint32_t min_cp[4] = {0, 0x80, 0x800, 0x10000};
        if (cp < min_cp[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
        i += extra + 1;
        chars++;
    }
    return chars;
}

void kinesis_uniform_range(int i, int n, kinesis_hash *start, kinesis_hash *end)
{
    /* floor(2^128 / n) without a 129-bit numerator: (2^128 - 1) / n differs
     * from it only when n divides 2^128, i.e. n is a power of two. */
    kinesis_hash h = KINESIS_HASH_MAX / (kinesis_hash)n;
    if ((n & (n - 1)) == 0 && n > 1) h += 1;
    if (n == 1) h = KINESIS_HASH_MAX; /* unused: one shard covers everything */
    *start = n == 1 ? 0 : h * (kinesis_hash)i;
    *end = (i == n - 1) ? KINESIS_HASH_MAX : h * (kinesis_hash)(i + 1) - 1;
}

uint64_t kinesis_put_units(const kinesis_limits *lim, uint64_t bytes)
{
    uint64_t u = (bytes + lim->put_unit_bytes - 1) / lim->put_unit_bytes;
    return u ? u : 1;
}

/* --- sequence numbers ---------------------------------------------------- */

/* "49" followed by 54 digits holding (tag << 96) | (shard << 64) | counter,
 * so that numbers of one shard compare like AWS's: longer never, larger
 * later. */
void kinesis_seq_format(const kinesis_stream *s, int shard, uint64_t seq, char *buf, size_t cap)
{
    kinesis_hash v = ((kinesis_hash)s->tag << 96) | ((kinesis_hash)(uint32_t)shard << 64) | seq;
    char digits[48], out[KINESIS_SEQ_LEN];
    kinesis_hash_format(v, digits, sizeof digits);
    size_t n = strlen(digits);
    memset(out, '0', 56);
    out[0] = '4';
    out[1] = '9';
    memcpy(out + 56 - n, digits, n);
    out[56] = '\0';
    snprintf(buf, cap, "%s", out);
}

bool kinesis_seq_parse(const kinesis_stream *s, const char *text, int *shard, uint64_t *seq)
{
    if (!text || strlen(text) != 56 || text[0] != '4' || text[1] != '9') return false;
    kinesis_hash v;
    if (!kinesis_hash_parse(text + 2, &v)) return false;
    if ((uint32_t)(v >> 96) != s->tag) return false;
    *shard = (int)(uint32_t)(v >> 64);
    *seq = (uint64_t)v;
    return *shard < s->nshards;
}
