/* The aws.elasticache binding's operations, through the real sandbox host:
 * reboots and primary failures, replicas, stats, Memcached scaling, the
 * cache-aside workload, and arguments that must not reach the simulator
 * (a clock near its end). Each test is a Lua chunk whose asserts fail it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "elasticache_lua.h"

static void test_reboots_and_failures_per_engine(void **state)
{
    (void)state;
    run(PRELUDE
        "local r = assert(E.cluster { name = 'r' })\n"
        "for i = 1, 10 do assert(r:set('k' .. i, 'v')) end\n"
        "local ev = assert(r:reboot(0))\n"
        "assert(ev.data_kept == true and ev.failed_over == false and ev.items_lost == 0)\n"
        "assert(r:get('k1') == 'v', 'Redis keeps its data over a reboot')\n"
        "ev = assert(r:fail_primary(0))\n"
        "assert(ev.data_kept == false and ev.failed_over == false and ev.items_lost == 10)\n"
        "assert(r:get('k1') == nil and r:stats().items == 0)\n"
        "local st = r:stats(0)\n"
        "assert(st.reboots == 1 and st.data_losses == 1 and st.failovers == 0)\n"
        "local ha = assert(E.cluster { name = 'ha', replicas = 1, multi_az = true })\n"
        "assert(ha:set('k', 'v'))\n"
        "ev = assert(ha:fail_primary(0))\n"
        "assert(ev.data_kept and ev.failed_over and ev.items_lost == 0)\n"
        "assert(ha:get('k') == 'v' and ha:stats().failovers == 1)\n"
        "local m = assert(E.cluster { name = 'm', engine = 'memcached', shards = 2 })\n"
        "for i = 1, 50 do assert(m:set('k' .. i, 'v')) end\n"
        "local on0 = m:stats(0).items\n"
        "ev = assert(m:reboot(0))\n"
        "assert(ev.data_kept == false and ev.items_lost == on0 and on0 > 0)\n"
        "assert(m:stats(0).items == 0 and m:stats(1).items == 50 - on0)\n"
        "ev = assert(m:fail_primary(1))\n"
        "assert(not ev.data_kept and not ev.failed_over and ev.items_lost == 50 - on0)\n"
        "assert(m:stats().data_losses == 2)\n"
        "raises('no such shard (0 to 1)', m.reboot, m, 2)\n"
        "raises('no such shard', m.fail_primary, m, -1)\n"
        "raises('bad argument #2', r.reboot, r, 'shardId-0')\n"
        "raises('bad argument #2', r.reboot, r)\n"
        "raises('no such shard', r.reboot, r, 1 << 40)\n"
        "print('done')\n");
}

static void test_replicas_serve_reads_in_turn(void **state)
{
    (void)state;
    run(PRELUDE "local r = assert(E.cluster { name = 'r', replicas = 2 })\n"
                "assert(r:set('k', 'v'))\n"
                "local nodes = {}\n"
                "for i = 1, 6 do local v, info = r:get('k'); assert(v == 'v'); nodes[i] = "
                "info.node end\n"
                "assert(table.concat(nodes, ',') == '0,1,2,0,1,2', table.concat(nodes, ','))\n"
                "assert(r:stats().replica_reads == 4 and r:stats().gets == 6)\n"
                "print('done')\n");
}

static void test_stats_per_shard_add_up_to_the_total(void **state)
{
    (void)state;
    run(PRELUDE "local c = assert(E.cluster { name = 'c', shards = 3 })\n"
                "for i = 1, 300 do assert(c:set('user:' .. i, 'v')) end\n"
                "for i = 1, 100 do c:get('user:' .. i); c:get('nobody:' .. i) end\n"
                "local total, keys = c:stats(), { 'items', 'bytes', 'memory', 'gets', 'hits',\n"
                "  'misses', 'sets', 'evictions', 'expirations', 'oom_errors', 'replica_reads',\n"
                "  'reboots', 'failovers', 'data_losses' }\n"
                "for _, k in ipairs(keys) do\n"
                "  local sum = 0\n"
                "  for s = 0, 2 do sum = sum + c:stats(s)[k] end\n"
                "  assert(math.type(total[k]) == 'integer' and sum == total[k], k)\n"
                "end\n"
                "assert(total.items == 300 and total.hits == 100 and total.misses == 100)\n"
                "for s = 0, 2 do assert(c:stats(s).items > 50, 'keys spread over shards') end\n"
                "assert(c:stats(nil).items == 300)\n"
                "raises('no such shard (0 to 2)', c.stats, c, 3)\n"
                "raises('bad argument #2', c.stats, c, 'all')\n"
                "print('done')\n");
}

static void test_memcached_scaling_moves_about_one_key_in_n(void **state)
{
    (void)state;
    run(PRELUDE "local m = assert(E.cluster { name = 'm', engine = 'memcached', shards = 4 })\n"
                "local before = {}\n"
                "for i = 1, 1000 do assert(m:set('k' .. i, 'v')); before[i] = m:shard_for('k' .. "
                "i) end\n"
                "assert(m:set_nodes(5) == true and m:shards() == 5)\n"
                "local moved, hits = 0, 0\n"
                "for i = 1, 1000 do\n"
                "  local now = m:shard_for('k' .. i)\n"
                "  if now ~= before[i] then moved = moved + 1; assert(now == 4, 'only to the new "
                "node') end\n"
                "  if m:get('k' .. i) then hits = hits + 1 end\n"
                "end\n"
                "assert(moved > 120 and moved < 280, 'about 1/5 moved: ' .. moved)\n"
                "assert(hits == 1000 - moved, 'the moved keys miss')\n"
                "assert(m:set_nodes(2))\n"
                "assert(m:shards() == 2 and m:stats().items < 1000, 'removed nodes took their "
                "items')\n"
                "refused('InvalidParameterValueException', 'between 1 and 40', m:set_nodes(41))\n"
                "refused('InvalidParameterValueException', 'between 1 and 40', m:set_nodes(0))\n"
                "refused('InvalidParameterValueException', 'between 1 and 40', m:set_nodes(1 << "
                "40))\n"
                "raises('bad argument #2', m.set_nodes, m, 'five')\n"
                "local r = assert(E.cluster { name = 'r' })\n"
                "refused('InvalidParameterValueException', 'Only Memcached', r:set_nodes(2))\n"
                "print('done')\n");
}

static void test_workload_reads_through_the_cache(void **state)
{
    (void)state;
    run(PRELUDE
        "local c = assert(E.cluster { name = 'c' })\n"
        "local t0 = clock.now()\n"
        "local w = assert(c:workload { keys = 1000, ops = 20000, value_bytes = '2KB' })\n"
        "assert(w.reads == 20000 and w.writes == 0 and w.db_writes == 0)\n"
        "assert(w.hits + w.misses == w.reads and w.db_reads == w.misses)\n"
        "assert(w.misses >= 1000 * 0.9 and w.misses <= 1000, 'each key misses once: ' .. "
        "w.misses)\n"
        "assert(math.abs(w.hit_ratio - w.hits / w.reads) < 1e-12 and w.hit_ratio > 0.9)\n"
        "assert(w.elapsed == 19999 and clock.now() - t0 == w.elapsed, 'ops at 1,000 a second')\n"
        "assert(w.evictions == 0 and w.expirations == 0 and w.oom_errors == 0)\n"
        "local small = assert(E.cluster { name = 's', node_memory = '1MB', policy = "
        "'allkeys-lru' })\n"
        "local ws = assert(small:workload { keys = 5000, ops = 20000, ops_per_s = 10000,\n"
        "                                  write_share = 0.1, hot_keys = 0.1, hot_requests = 0.9 "
        "})\n"
        "assert(ws.writes > 1000 and ws.writes < 3000 and ws.db_writes == ws.writes)\n"
        "assert(ws.reads + ws.writes == 20000 and ws.evictions > 0)\n"
        "assert(ws.hit_ratio < w.hit_ratio, 'a small cache hits less')\n"
        "assert(ws.elapsed == 1999)\n"
        "local noev = assert(E.cluster { name = 'n', node_memory = '1MB', policy = 'noeviction' "
        "})\n"
        "local wn = assert(noev:workload { keys = 5000, ops = 5000 })\n"
        "assert(wn.oom_errors > 0 and wn.evictions == 0)\n"
        "local ttl = assert(E.cluster { name = 't' })\n"
        "local wt = assert(ttl:workload { keys = 100, ops = 10000, ttl = '1s' })\n"
        "assert(wt.expirations > 0 and wt.misses > 100, 'keys expire and miss again')\n"
        "print('done')\n");
}

static void test_bad_workload_arguments(void **state)
{
    (void)state;
    run(PRELUDE "local c = assert(E.cluster { name = 'c' })\n"
                "refused('InvalidParameterValueException', 'keys', c:workload { ops = 10 })\n"
                "refused('InvalidParameterValueException', 'ops', c:workload { keys = 10 })\n"
                "refused('InvalidParameterValueException', 'keys', c:workload { keys = 2e7 // 1, "
                "ops = 1 })\n"
                "refused('InvalidParameterValueException', 'value_bytes', c:workload { keys = 1, "
                "ops = 1, value_bytes = '2MB' })\n"
                "refused('InvalidParameterValueException', 'ops_per_s', c:workload { keys = 1, "
                "ops = 1, ops_per_s = 1e8 })\n"
                "raises(\"field 'keys' cannot be negative\", c.workload, c, { keys = -1, ops = 1 "
                "})\n"
                "raises(\"field 'ops' cannot be negative\", c.workload, c, { keys = 1, ops = -1 "
                "})\n"
                "raises(\"field 'hot_keys' must be between 0 and 1\", c.workload, c,\n"
                "       { keys = 1, ops = 1, hot_keys = 2 })\n"
                "raises(\"field 'write_share' must be between 0 and 1\", c.workload, c,\n"
                "       { keys = 1, ops = 1, write_share = 0/0 })\n"
                "raises(\"field 'hot_requests' must be a number\", c.workload, c,\n"
                "       { keys = 1, ops = 1, hot_requests = 'most' })\n"
                "raises(\"field 'ops_per_s'\", c.workload, c, { keys = 1, ops = 1, ops_per_s = "
                "-5 })\n"
                "raises(\"field 'ops_per_s'\", c.workload, c, { keys = 1, ops = 1, ops_per_s = "
                "1e-9 })\n"
                "raises(\"field 'ops_per_s'\", c.workload, c, { keys = 1, ops = 1, ops_per_s = "
                "1/0 })\n"
                "raises(\"field 'value_bytes' must be a size\", c.workload, c,\n"
                "       { keys = 1, ops = 1, value_bytes = -1 })\n"
                "raises(\"field 'ttl' cannot be negative\", c.workload, c, { keys = 1, ops = 1, "
                "ttl = -1 })\n"
                "raises(\"field 'ttl' must be a duration\", c.workload, c, { keys = 1, ops = 1, "
                "ttl = 'later' })\n"
                "raises('bad argument #2', c.workload, c)\n"
                "assert(c:stats().sets == 0, 'nothing ran')\n"
                "print('done')\n");
}

static void test_a_clock_near_its_end_is_refused_not_overflowed(void **state)
{
    (void)state;
    run(PRELUDE "local c = assert(E.cluster { name = 'c' })\n"
                "clock.advance(math.maxinteger - clock.now() - 1000)\n"
                "raises('past the end of the clock', c.set, c, 'k', 'v', '1h')\n"
                "assert(c:set('k', 'v', 500) and c:ttl('k') == 500)\n"
                "raises('too far on', c.workload, c, { keys = 10, ops = 10 })\n"
                "print('done')\n");
}

static void test_same_seed_same_run(void **state)
{
    (void)state;
    const char *chunk =
        "local c = assert(aws.elasticache.cluster { name = 'c', node_memory = '2MB',\n"
        "                                           policy = 'allkeys-random' })\n"
        "local w = assert(c:workload { keys = 3000, ops = 30000, write_share = 0.2 })\n"
        "print(w.hits, w.misses, w.writes, w.evictions, c:stats().items)\n";
    captured a = {0}, b = {0};
    run_seeded(chunk, 7, &a);
    run_seeded(chunk, 7, &b);
    assert_true(a.len > 0);
    assert_string_equal(a.text, b.text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reboots_and_failures_per_engine),
        cmocka_unit_test(test_replicas_serve_reads_in_turn),
        cmocka_unit_test(test_stats_per_shard_add_up_to_the_total),
        cmocka_unit_test(test_memcached_scaling_moves_about_one_key_in_n),
        cmocka_unit_test(test_workload_reads_through_the_cache),
        cmocka_unit_test(test_bad_workload_arguments),
        cmocka_unit_test(test_a_clock_near_its_end_is_refused_not_overflowed),
        cmocka_unit_test(test_same_seed_same_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
