#ifndef SIM_ELASTICACHE_COST_H
#define SIM_ELASTICACHE_COST_H

/* What ElastiCache work costs the script's budget (sim/budget.h): the
 * commands, evictions and dropped items of a cluster (elasticache*.c).
 * Nothing outside those files includes this header.
 *
 * A unit here is 10 ns of measured cache work, not the 4 ns (one Lua VM
 * instruction) that the other simulators charge: the course's own engines
 * scenario runs five page-cache workloads, a million cache operations that
 * take 0.6-0.9 s, which at 4 ns a unit would be most of the default
 * budget. At 10 ns they take 84 M units (42%), and the default budget buys
 * at most 2 s of cache work. The figures were timed on the reference
 * machine (the project's 2-core x86-64 VM, shared with other jobs while
 * measured) on a Release build (gcc 12 -O2): CPU time, best of 3, random
 * keys on clusters of 2^8 to 2^20 items, each kind of work alone; then
 * whole workloads (bench/bench_sim_costs.c: the scenario's, the hostile
 * one, evicting, expiring, 40-node Memcached, commands one by one) were
 * checked to be charged within a factor of 2 of their CPU time at 10 ns a
 * unit (they read 4.6-7.9 ns a unit).
 *
 * Nearly all of a command's time is cache misses down a shard's tsearch
 * tree (an item, its key and the tree's node: three lines a level, 80% of a
 * workload's time in tfind and its comparisons), so a search is charged by
 * how many items the cluster holds (its shards share the caches): it is
 * cheap while they fit, and costs ten times more once they do not. */

/* One search (a GET that hits, with the recency it updates), in units, by
 * the bit length of the cluster's item count, 0 to 20 and more: measured
 * 140 ns at 2^10 items, 200 at 2^12, 340 at 2^14, 1.1 us at 2^16, 2.0 us
 * at 2^18, 2.8 us at 2^20. */
#define EC_COST_SEARCH_BY_BITS                                                                     \
    {                                                                                              \
        14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 17, 20, 27, 34, 55, 113, 155, 200, 240, 284    \
    }

enum {
    /* What a SET does besides its first lookup, once room is made: a
     * second lookup, the old item's removal or the new one's insert (about
     * a search, often warm) and the allocations (200-300 ns): a SET that
     * replaces a key measured 1.3 us at 2^14 items, 3.5 us at 2^16. A SET
     * refused for memory pays only its first lookup. */
    EC_COST_WRITE = 20,
    /* Key bytes per unit: hashed (CRC16 a bit at a time, 2.4 ns a byte),
     * checked and compared. */
    EC_KEY_BYTES_PER_UNIT = 4,
    /* Memcached nodes per unit that the client's rendezvous hashing scores
     * for a key (two multiplications each: 3 ns). */
    EC_NODES_SCORED_PER_UNIT = 3,
    /* Value bytes copied per unit (memcpy into fresh pages: 0.3 ns a byte). */
    EC_VALUE_BYTES_PER_UNIT = 32,
    /* One eviction besides the removal's search: maxmemory-samples random
     * items read (Redis), or the recency list's oldest (Memcached), and
     * the frees: 300 ns (an eviction measured 0.6 us at 2^14 items, 1.8 us
     * at 2^16, 3.2 us at 2^18). */
    EC_COST_EVICTION = 30,
    /* An item dropped by a reboot, a failure or a scale-in is charged a
     * search (the tree's delete: measured 330 ns at 2^14, 1.05 us at
     * 2^16, 1.9 us at 2^18 and 2^20). */
    /* Sorted-set members per unit that ZADD scans for the member it moves
     * (2 ns a member). */
    EC_ZMEMBERS_PER_UNIT = 5,
    /* Comparisons of ZREVRANGE's sort per unit (n log2 n of them, 6 ns
     * each with the pointer chasing). */
    EC_ZCOMPARES_PER_UNIT = 2,
    /* The workload's own share of an operation besides its commands:
     * drawing and formatting the key, moving the clock (60 ns). */
    EC_COST_WORKLOAD_OP = 6,
    /* A new cluster: 40 shards allocated, zeroed and their stats set
     * (1.5 us). */
    EC_COST_CLUSTER = 150,
};

/* What one node of the tsearch(3) tree takes: glibc's node is three
 * pointers (24 bytes), handed out by malloc as a 32-byte chunk. The C
 * library allocates it, so the cluster takes it from the budget itself. */
#define EC_TREE_NODE_BYTES 32

#endif
