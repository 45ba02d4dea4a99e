#ifndef SIM_UNITS_H
#define SIM_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sizes as people write them: "2GB", "250 MB", "1.5TB", "512KB", "100B" or a
 * bare number of bytes. Units are binary (1 KB = 1024 bytes), as AWS bills
 * Glacier, Kinesis and Athena. Returns false on anything else or overflow. */
bool sim_size_parse(const char *text, uint64_t *out_bytes);
/* Formats bytes with the largest unit that keeps a value >= 1, e.g. "2.0 GB". */
void sim_size_format(uint64_t bytes, char *buf, size_t cap);

#define SIM_KB (UINT64_C(1) << 10)
#define SIM_MB (UINT64_C(1) << 20)
#define SIM_GB (UINT64_C(1) << 30)
#define SIM_TB (UINT64_C(1) << 40)

#endif
