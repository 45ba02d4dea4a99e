#ifndef SIM_RNG_H
#define SIM_RNG_H

#include <stdint.h>

/* A seeded generator: xoshiro256** (Blackman and Vigna), seeded through
 * splitmix64. Pure integer arithmetic, so it gives the same sequence on every
 * platform and compiler. */
typedef struct sim_rng sim_rng;

sim_rng *sim_rng_new(uint64_t seed);
void sim_rng_free(sim_rng *r);
void sim_rng_reseed(sim_rng *r, uint64_t seed);
uint64_t sim_rng_next(sim_rng *r);
/* Sets the raw state (not all zero); for checking against the reference
 * implementation's published outputs. */
void sim_rng_set_state(sim_rng *r, const uint64_t state[4]);
/* Uniform in [0, 1) with 53 bits. */
double sim_rng_uniform(sim_rng *r);
/* Uniform integer in [lo, hi] inclusive, without modulo bias. lo <= hi. */
int64_t sim_rng_range(sim_rng *r, int64_t lo, int64_t hi);

#endif
