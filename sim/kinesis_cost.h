#ifndef SIM_KINESIS_COST_H
#define SIM_KINESIS_COST_H

/* What Kinesis work costs the script's budget (sim/budget.h): the stream
 * (kinesis*.c), the producer model and the polling consumer
 * (kinesis_producer.c). Nothing outside those files includes this header.
 *
 * A unit is about one Lua VM instruction: 4 ns on the reference machine (the
 * project's 2-core x86-64 VM, where Lua 5.4 runs `x = x + i` at 3.9 ns an
 * instruction under a count hook). Each figure is the measured cost of one
 * piece of work divided by 4 ns: timed alone on a Release build (CPU time,
 * best of 3; the figures in the comments), then checked on whole runs by
 * bench/bench_kinesis_costs.c, which divides each run's CPU time by the
 * units it charged - 2.5 to 4.5 ns a unit for the course exercise and for
 * the hostile runs alike (bench/results/kinesis_costs.txt), so that the
 * default budget of 200,000,000 units is under a second of this work. */
enum {
    /* A call's fixed part: the iterator or request checks, the shard's
     * retention trim, an error message formatted (~100 ns). */
    KINESIS_COST_CALL = 25,
    /* A PutRecords entry looked at: validated, routed to a shard, checked
     * against its write window (a throttled entry: 7.8 ns). */
    KINESIS_COST_PUT = 2,
    /* An accepted record stored (key and data or token, in blocks and
     * chunks) and later dropped by retention: 24 ns (a synthetic record's
     * put is 36 ns in all, its entry 8 ns of it; whole runs agree). */
    KINESIS_COST_STORE = 6,
    /* MD5 of a partition key, or an ExplicitHashKey parsed (108 ns for a
     * key of up to 55 bytes), for a stream of more than one open shard;
     * and then, for every record, each halving of the open shards by the
     * binary search for its shard (8 ns with its cache misses: MD5 and
     * lookup make the 162 ns a key of the 64-shard routing benchmark). */
    KINESIS_COST_HASH = 27,
    KINESIS_COST_LOOKUP_STEP = 2,
    /* A KiB of record data copied into the stream's chunks (525 ns: most of
     * it the first touch of fresh pages). */
    KINESIS_COST_KIB = 130,
    /* A record returned by GetRecords or SubscribeToShard (3.3 ns). */
    KINESIS_COST_READ = 1,
    /* A shard created (46 ns). */
    KINESIS_COST_SHARD = 12,
    /* Open shards walked per unit by the reindex after a reshard, and
     * shards per unit summed by the stream's totals or costs. */
    KINESIS_REINDEX_SHARDS_PER_UNIT = 4,
    KINESIS_TOTALS_SHARDS_PER_UNIT = 2,
    /* Seconds of a per-shard series read per unit (0.4 ns a second). */
    KINESIS_SERIES_SECONDS_PER_UNIT = 8,

    /* The producer model (kinesis_produce). */
    /* A key of its key table: snprintf and MD5 (172 ns). */
    KINESIS_COST_PRODUCER_KEY = 43,
    /* A tick of the model's clock (7.4 ns with nothing to do). */
    KINESIS_COST_TICK = 2,
    /* A record generated: a draw or two from the generator, queued (8 ns). */
    KINESIS_COST_GENERATE = 2,
    /* Pending records looked at per unit, each tick (the queue is walked to
     * send what is due and to find the next retry). */
    KINESIS_PENDING_PER_UNIT = 1,
    /* A record sent in a PutRecords batch, its result handled and, when
     * throttled, its backoff drawn (8 to 20 ns; the stream charges its own
     * part). */
    KINESIS_COST_SEND = 3,

    /* The polling consumer: a step's fixed part, and each shard it looks
     * at (its calls are charged by the stream). */
    KINESIS_COST_POLL = 10,
    KINESIS_COST_POLL_SHARD = 2,
};

#endif
