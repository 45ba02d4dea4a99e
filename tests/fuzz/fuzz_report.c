/* Fuzz target: learners' export files as bdw report reads them. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "learn/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/bdw-fuzz-report-%d.json", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    report *r = report_new();
    pack_diag d;
    if (report_add_file(r, path, &d)) json_decref(report_to_json(r));
    report_free(r);
    unlink(path);
    return 0;
}
