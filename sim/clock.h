#ifndef SIM_CLOCK_H
#define SIM_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The simulated clock: milliseconds since the Unix epoch, moved only by
 * sim_clock_advance. Simulators read it; nothing else moves it. */
typedef struct sim_clock sim_clock;

#define SIM_MS_PER_SECOND INT64_C(1000)
#define SIM_MS_PER_MINUTE (60 * SIM_MS_PER_SECOND)
#define SIM_MS_PER_HOUR (60 * SIM_MS_PER_MINUTE)
#define SIM_MS_PER_DAY (24 * SIM_MS_PER_HOUR)

/* The default start: 2024-01-01T00:00:00Z, a fixed instant so transcripts
 * never depend on the real date. */
#define SIM_CLOCK_DEFAULT_EPOCH_MS INT64_C(1704067200000)

sim_clock *sim_clock_new(int64_t start_ms);
void sim_clock_free(sim_clock *c);
int64_t sim_clock_now(const sim_clock *c);
/* Moves the clock forward; a negative step is refused (returns false). */
bool sim_clock_advance(sim_clock *c, int64_t ms);

/* Parses a duration such as "90s", "25h", "400d", "1h30m", "250ms", "2w" or
 * a bare number of milliseconds. Returns false on anything else, or on
 * overflow. */
bool sim_duration_parse(const char *text, int64_t *out_ms);
/* Formats ms as the shortest readable form, e.g. "1d 1h", "90s", "250ms". */
void sim_duration_format(int64_t ms, char *buf, size_t cap);
/* Formats an instant as ISO 8601 UTC, e.g. "2024-01-01T00:00:00.000Z". */
void sim_time_format(int64_t ms, char *buf, size_t cap);

#endif
