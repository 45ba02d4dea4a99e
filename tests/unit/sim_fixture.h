#ifndef TESTS_SIM_FIXTURE_H
#define TESTS_SIM_FIXTURE_H

/* The cmocka fixture of simulator tests that need only a clock (at the
 * default epoch) and an RNG (seed 1): `fx *f = *state;`. */

#include <stdlib.h>

#include "sim/clock.h"
#include "sim/rng.h"

typedef struct fx {
    sim_clock *clock;
    sim_rng *rng;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (!f) return -1;
    f->clock = sim_clock_new(SIM_CLOCK_DEFAULT_EPOCH_MS);
    f->rng = sim_rng_new(1);
    *state = f;
    return f->clock && f->rng ? 0 : -1;
}

static int teardown(void **state)
{
    fx *f = *state;
    sim_clock_free(f->clock);
    sim_rng_free(f->rng);
    free(f);
    return 0;
}

#endif
