/* Kinesis resharding (SplitShard, MergeShards, UpdateShardCount) and
 * retention (the periods, and dropping records that outlive them).
 *
 * Resharding here is instantaneous: AWS puts the stream in UPDATING for a
 * few seconds, which a scenario does not need. Parents close at once and
 * stay readable until their records pass the retention period; children
 * open with their ranges and take every new write. */
#include <string.h>

#include "sim/budget_fail.h"
#include "sim/kinesis.h"
#include "sim/kinesis_cost.h"
#include "sim/kinesis_internal.h"

#define ACCOUNT "123456789012"

void kinesis_trim(kinesis_stream *s, kinesis_shard *sh, int64_t now)
{
    int64_t cutoff = now - (int64_t)s->retention_h * SIM_MS_PER_HOUR;
    if (sh->head < sh->count && kinesis_rec_at(sh, sh->head)->arrival_ms < cutoff) {
        size_t lo = sh->head, hi = sh->count;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (kinesis_rec_at(sh, mid)->arrival_ms < cutoff)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t i = sh->head; i < lo; i++) {
            const kinesis_rec *r = kinesis_rec_at(sh, i);
            if (!(r->flags & (KREC_ELIDED | KREC_SOURCED))) s->payload_bytes -= r->data_len;
        }
        sh->head = lo;
    }
    if (!sh->open && !sh->expired && sh->closed_ms < cutoff && sh->head == sh->count)
        sh->expired = true;
    /* Chunks and blocks whose records have all expired go at once, so
     * memory follows what is retained. */
    kinesis_store_release(&sh->bytes, sh->base + sh->head);
    size_t dead = sh->head >> KREC_BLOCK_SHIFT;
    if (dead) {
        for (size_t b = 0; b < dead; b++)
            sim_free(s->budget, sh->blocks[b]);
        sh->nblocks -= dead;
        memmove(sh->blocks, sh->blocks + dead, sh->nblocks * sizeof *sh->blocks);
        sh->base += dead * KREC_BLOCK;
        sh->head -= dead * KREC_BLOCK;
        sh->count -= dead * KREC_BLOCK;
    }
}

static sim_status find_open(kinesis_stream *s, int shard, sim_error *err)
{
    char id[24];
    kinesis_shard_id(shard, id, sizeof id);
    if (shard < 0 || shard >= s->nshards || s->shards[shard].expired)
        return sim_fail(err, SIM_RESOURCE_NOT_FOUND,
                        "Could not find shard %s in stream %s under account " ACCOUNT ".", id,
                        s->name);
    if (!s->shards[shard].open)
        return sim_fail(err, SIM_INVALID_ARGUMENT,
                        "Shard %s in stream %s under account " ACCOUNT
                        " has already been merged or split, and thus is not eligible for "
                        "merging or splitting.",
                        id, s->name);
    return SIM_OK;
}

static void close_shard(kinesis_stream *s, int shard, int64_t now)
{
    s->shards[shard].open = false;
    s->shards[shard].closed_ms = now;
}

/* Charges a reshard that adds `added` shards: the call, the new shards,
 * and the reindex's walk of the open ones; then makes room for the new
 * shards, so that nothing fails once the old ones are closed. */
static sim_status begin_reshard(kinesis_stream *s, int added, const char *what, sim_error *err)
{
    uint64_t units = KINESIS_COST_CALL + (uint64_t)added * KINESIS_COST_SHARD +
                     (uint64_t)s->nopen / KINESIS_REINDEX_SHARDS_PER_UNIT;
    if (!sim_budget_charge(s->budget, units))
        return sim_fail_work(err, "%s in stream %s", what, s->name);
    if (!kinesis_reserve_shards(s, added))
        return sim_fail_memory(err, s->budget, "%s in stream %s", what, s->name);
    return SIM_OK;
}

sim_status kinesis_split_shard(kinesis_stream *s, int shard, kinesis_hash new_start, sim_error *err)
{
    sim_status st = find_open(s, shard, err);
    if (st != SIM_OK) return st;
    kinesis_hash a = s->shards[shard].start, b = s->shards[shard].end;
    if (!(new_start > a + 1 && new_start < b)) {
        char id[24], ns[48], sa[48], sb[48];
        kinesis_shard_id(shard, id, sizeof id);
        kinesis_hash_format(new_start, ns, sizeof ns);
        kinesis_hash_format(a, sa, sizeof sa);
        kinesis_hash_format(b, sb, sizeof sb);
        return sim_fail(err, SIM_INVALID_ARGUMENT,
                        "NewStartingHashKey %s used in SplitShard() on shard %s is not both "
                        "greater than one plus the shard's StartingHashKey %s and less than "
                        "the shard's EndingHashKey %s.",
                        ns, id, sa, sb);
    }
    if (s->nopen + 1 > s->lim->max_shards)
        return sim_fail(err, SIM_LIMIT_EXCEEDED, "The stream would exceed %d open shards.",
                        s->lim->max_shards);
    st = begin_reshard(s, 2, "splitting a shard", err);
    if (st != SIM_OK) return st;
    int64_t now = sim_clock_now(s->clock);
    close_shard(s, shard, now);
    kinesis_add_shard(s, a, new_start - 1, shard, -1); /* the room is reserved */
    kinesis_add_shard(s, new_start, b, shard, -1);
    kinesis_reindex(s);
    return SIM_OK;
}

sim_status kinesis_merge_shards(kinesis_stream *s, int shard, int adjacent, sim_error *err)
{
    sim_status st = find_open(s, shard, err);
    if (st == SIM_OK) st = find_open(s, adjacent, err);
    if (st != SIM_OK) return st;
    kinesis_shard *x = &s->shards[shard], *y = &s->shards[adjacent];
    bool adj = (x->end != KINESIS_HASH_MAX && x->end + 1 == y->start) ||
               (y->end != KINESIS_HASH_MAX && y->end + 1 == x->start);
    if (shard == adjacent || !adj) {
        char a[24], b[24];
        kinesis_shard_id(shard, a, sizeof a);
        kinesis_shard_id(adjacent, b, sizeof b);
        return sim_fail(err, SIM_INVALID_ARGUMENT,
                        "Shards %s and %s in stream %s under account " ACCOUNT
                        " are not an adjacent pair of shards eligible for merging",
                        a, b, s->name);
    }
    kinesis_hash lo = x->start < y->start ? x->start : y->start;
    kinesis_hash hi = x->end > y->end ? x->end : y->end;
    st = begin_reshard(s, 1, "merging shards", err);
    if (st != SIM_OK) return st;
    int64_t now = sim_clock_now(s->clock);
    close_shard(s, shard, now);
    close_shard(s, adjacent, now);
    kinesis_add_shard(s, lo, hi, shard, adjacent); /* the room is reserved */
    kinesis_reindex(s);
    return SIM_OK;
}

sim_status kinesis_update_shard_count(kinesis_stream *s, int target, sim_error *err)
{
    int cur = s->nopen;
    int64_t now = sim_clock_now(s->clock);
    if (target < 1 || target > s->lim->max_shards)
        return sim_fail(err, SIM_INVALID_ARGUMENT, "TargetShardCount must be between 1 and %d",
                        s->lim->max_shards);
    if (target == cur)
        return sim_fail(err, SIM_INVALID_ARGUMENT,
                        "Current shard count for stream %s is %d. Target shard count should be "
                        "different than current shard count.",
                        s->name, cur);
    /* UpdateShardCount quotas: no more than double, no less than half. */
    if (target > 2 * cur)
        return sim_fail(err, SIM_LIMIT_EXCEEDED,
                        "UpdateShardCount cannot scale up over double your current open shard "
                        "count (%d -> %d).",
                        cur, target);
    if (target * 2 < cur)
        return sim_fail(err, SIM_LIMIT_EXCEEDED,
                        "UpdateShardCount cannot scale down below half your current open "
                        "shard count (%d -> %d).",
                        cur, target);
    int recent = 0;
    for (int i = 0; i < s->nscalings; i++)
        if (s->scalings[i] > now - SIM_MS_PER_DAY) s->scalings[recent++] = s->scalings[i];
    s->nscalings = recent;
    if (recent >= s->lim->scalings_per_day)
        return sim_fail(err, SIM_LIMIT_EXCEEDED,
                        "Rate exceeded for stream %s under account " ACCOUNT
                        ": UpdateShardCount is allowed %d times per rolling 24 hours.",
                        s->name, s->lim->scalings_per_day);
    sim_status st = begin_reshard(s, target, "scaling the shard count", err);
    if (st != SIM_OK) return st;
    for (int i = 0; i < cur; i++)
        close_shard(s, s->open_idx[i], now);
    for (int i = 0; i < target; i++) {
        kinesis_hash a, b;
        kinesis_uniform_range(i, target, &a, &b);
        /* The parents are the old shards holding the new range's ends, as
         * the splits and merges AWS performs would leave them: the index
         * still holds the old shards until the reindex, and their ranges
         * cover the hash keys once each. */
        int pa = kinesis_shard_for_hash(s, a), pb = kinesis_shard_for_hash(s, b);
        kinesis_add_shard(s, a, b, pa, pb != pa ? pb : -1); /* the room is reserved */
    }
    kinesis_reindex(s);
    if (s->nscalings < (int)(sizeof s->scalings / sizeof s->scalings[0]))
        s->scalings[s->nscalings++] = now;
    return SIM_OK;
}

int kinesis_retention_hours(const kinesis_stream *s)
{
    return s->retention_h;
}

sim_status kinesis_increase_retention(kinesis_stream *s, int hours, sim_error *err)
{
    if (hours < s->lim->retention_min_h || hours > s->lim->retention_max_h)
        return sim_fail(err, SIM_INVALID_ARGUMENT,
                        "Minimum allowed retention period is %d hours. Maximum allowed "
                        "retention period is %d hours.",
                        s->lim->retention_min_h, s->lim->retention_max_h);
    if (hours <= s->retention_h)
        return sim_fail(err, SIM_INVALID_ARGUMENT,
                        "Requested retention period (%d hours) for stream %s can not be shorter "
                        "than or equal to the existing retention period (%d hours). Use "
                        "DecreaseRetentionPeriod API.",
                        hours, s->name, s->retention_h);
    s->retention_h = hours;
    return SIM_OK;
}

sim_status kinesis_decrease_retention(kinesis_stream *s, int hours, sim_error *err)
{
    if (hours < s->lim->retention_min_h || hours > s->lim->retention_max_h)
        return sim_fail(err, SIM_INVALID_ARGUMENT,
                        "Minimum allowed retention period is %d hours. Maximum allowed "
                        "retention period is %d hours.",
                        s->lim->retention_min_h, s->lim->retention_max_h);
    if (hours >= s->retention_h)
        return sim_fail(err, SIM_INVALID_ARGUMENT,
                        "Requested retention period (%d hours) for stream %s can not be longer "
                        "than or equal to the existing retention period (%d hours). Use "
                        "IncreaseRetentionPeriod API.",
                        hours, s->name, s->retention_h);
    s->retention_h = hours;
    return SIM_OK;
}
