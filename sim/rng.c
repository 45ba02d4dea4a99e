#include "sim/rng.h"

#include <stdlib.h>

struct sim_rng {
    uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void sim_rng_reseed(sim_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

sim_rng *sim_rng_new(uint64_t seed)
{
    sim_rng *r = malloc(sizeof *r);
    if (r) sim_rng_reseed(r, seed);
    return r;
}

void sim_rng_free(sim_rng *r)
{
    free(r);
}

void sim_rng_set_state(sim_rng *r, const uint64_t state[4])
{
    for (int i = 0; i < 4; i++)
        r->s[i] = state[i];
}

uint64_t sim_rng_next(sim_rng *r)
{
    uint64_t *s = r->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double sim_rng_uniform(sim_rng *r)
{
    return (double)(sim_rng_next(r) >> 11) * 0x1.0p-53;
}

int64_t sim_rng_range(sim_rng *r, int64_t lo, int64_t hi)
{
    if (hi <= lo) return lo;
    uint64_t span = (uint64_t)hi - (uint64_t)lo + 1;
    if (span == 0) return (int64_t)sim_rng_next(r); /* the full 64-bit range */
    /* Rejection sampling: drop the top partial bucket to avoid bias. */
    uint64_t limit = UINT64_MAX - UINT64_MAX % span;
    uint64_t x;
    do {
        x = sim_rng_next(r);
    } while (x >= limit);
    return (int64_t)((uint64_t)lo + x % span);
}
