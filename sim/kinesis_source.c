/* Record data that its producer can make again, shared by reference: the
 * producer holds one reference, and a stream one more for as long as it
 * keeps records that name the source, so the bytes can be made after the
 * producer is gone. */
#include "sim/kinesis.h"

struct kinesis_source {
    int refs;
    kinesis_source_make_fn make;
    void (*drop)(void *ctx);
    void *ctx;
    sim_budget *budget;
};

kinesis_source *kinesis_source_new_budget(kinesis_source_make_fn make, void (*drop)(void *ctx),
                                          void *ctx, sim_budget *budget)
{
    kinesis_source *src = make ? sim_malloc(budget, sizeof *src) : NULL;
    if (!src) return NULL;
    *src = (kinesis_source){.refs = 1, .make = make, .drop = drop, .ctx = ctx, .budget = budget};
    return src;
}

kinesis_source *kinesis_source_new(kinesis_source_make_fn make, void (*drop)(void *ctx), void *ctx)
{
    return kinesis_source_new_budget(make, drop, ctx, NULL);
}

kinesis_source *kinesis_source_ref(kinesis_source *src)
{
    if (src) src->refs++;
    return src;
}

void kinesis_source_unref(kinesis_source *src)
{
    if (!src || --src->refs > 0) return;
    if (src->drop) src->drop(src->ctx);
    sim_free(src->budget, src);
}

size_t kinesis_source_make(const kinesis_source *src, uint64_t token, uint8_t *buf, size_t cap)
{
    return src->make(src->ctx, token, buf, cap);
}

const uint8_t *kinesis_record_data(const kinesis_record_view *v, uint8_t *buf, size_t cap,
                                   size_t *len)
{
    if (v->data) {
        *len = v->data_len;
        return v->data;
    }
    if (v->source && buf) {
        size_t want = v->data_len < cap ? v->data_len : cap;
        *len = kinesis_source_make(v->source, v->token, buf, want);
        return buf;
    }
    *len = 0;
    return NULL;
}
