/* The aws.elasticache binding, run through the real sandbox host: clusters,
 * the data commands and sorted sets, the error convention (nil, err with the
 * engine's reply), and the arguments a script gets wrong (raised as Lua
 * errors naming them). Each test is a Lua chunk whose asserts fail it.
 * Operations, stats and the workload are in test_elasticache_ops_lua.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "elasticache_lua.h"

static void test_cluster_defaults_and_accessors(void **state)
{
    (void)state;
    run(PRELUDE "local c = assert(E.cluster { name = 'sessions' })\n"
                "assert(c:name() == 'sessions' and c:engine() == 'redis')\n"
                "assert(c:policy() == 'volatile-lru' and c:shards() == 1)\n"
                "assert(c:stats().memory == 64 * 1024 * 1024, 'node_memory defaults to 64 MiB')\n"
                "local m = assert(E.cluster { name = 'm', engine = 'memcached', shards = 3,\n"
                "                              node_memory = '128MB' })\n"
                "assert(m:engine() == 'memcached' and m:shards() == 3)\n"
                "assert(m:stats().memory == 3 * 128 * 1024 * 1024, 'the total sums the nodes')\n"
                "assert(m:stats(2).memory == 128 * 1024 * 1024)\n"
                "local r = assert(E.cluster { name = 'r', shards = 3, replicas = 1,\n"
                "                              multi_az = true, policy = 'allkeys-lfu',\n"
                "                              node_memory = 4 * 1024 * 1024 })\n"
                "assert(r:policy() == 'allkeys-lfu' and r:stats(0).memory == 4194304)\n"
                "local l = E.limits()\n"
                "assert(l.memcached_nodes_max == 40 and l.redis_shards_max == 15)\n"
                "assert(l.redis_replicas_max == 5 and l.memcached_key_max == 250)\n"
                "assert(l.memcached_item_max == 1048576 and l.redis_value_max == 512 * 1048576)\n"
                "assert(l.eviction_samples == 5 and l.redis_slots == 16384)\n"
                "assert(l.node_memory_min == 1048576 and l.node_memory_max == 1 << 40)\n"
                "assert(l.item_overhead == 50)\n"
                "print('done')\n");
}

static void test_hash_slots_are_redis_crc16_with_hash_tags(void **state)
{
    (void)state;
    /* The values CLUSTER KEYSLOT gives, from the Redis documentation. */
    run(PRELUDE
        "assert(E.hash_slot('foo') == 12182)\n"
        "assert(E.hash_slot('somekey') == 11058)\n"
        "assert(E.hash_slot('{user1000}.following') == E.hash_slot('{user1000}.followers'))\n"
        "assert(E.hash_slot('{user1000}.following') == E.hash_slot('user1000'))\n"
        "assert(E.hash_slot('foo{}{bar}') ~= E.hash_slot('bar'), 'an empty tag hashes all')\n"
        "local c = assert(E.cluster { name = 'c', shards = 4 })\n"
        "for _, k in ipairs { 'foo', 'somekey', 'a', 'b' } do\n"
        "  assert(c:shard_for(k) == E.hash_slot(k) * 4 // 16384, k)\n"
        "end\n"
        "raises('bad argument #1', E.hash_slot, {})\n"
        "print('done')\n");
}

static void test_bad_cluster_options_name_the_field(void **state)
{
    (void)state;
    run(PRELUDE
        "refused('InvalidParameterValueException', 'engine', E.cluster { name = 'x', engine = "
        "'mongo' })\n"
        "refused('InvalidParameterValueException', \"'Redis'\", E.cluster { name = 'x', engine = "
        "'Redis' })\n"
        "refused('InvalidParameterValueException', 'policy', E.cluster { name = 'x', policy = "
        "'lru' })\n"
        "refused('MissingParameterValueException', 'name', E.cluster { })\n"
        "refused('InvalidParameterValueException', '1 to 40', E.cluster { name = ('n'):rep(41) })\n"
        "refused('InvalidParameterValueException', 'shards', E.cluster { name = 'x', shards = 0 "
        "})\n"
        "refused('InvalidParameterValueException', 'shards', E.cluster { name = 'x', shards = -3 "
        "})\n"
        "refused('InvalidParameterValueException', 'not 16', E.cluster { name = 'x', shards = 16 "
        "})\n"
        "refused('InvalidParameterValueException', 'NumCacheNodes', E.cluster { name = 'x',\n"
        "        engine = 'memcached', shards = 41 })\n"
        "refused('InvalidParameterValueException', 'Memcached has no replicas', E.cluster {\n"
        "        name = 'x', engine = 'memcached', replicas = 1 })\n"
        "refused('InvalidParameterValueException', 'read replica', E.cluster { name = 'x',\n"
        "        multi_az = true })\n"
        "refused('InvalidParameterValueException', 'not 6', E.cluster { name = 'x', replicas = 6 "
        "})\n"
        "refused('InvalidParameterValueException', 'node_memory', E.cluster { name = 'x',\n"
        "        node_memory = 0 })\n"
        "refused('InvalidParameterValueException', '1 MiB and 1 TiB', E.cluster { name = 'x',\n"
        "        node_memory = '512KB' })\n"
        "refused('InvalidParameterValueException', 'not', E.cluster { name = 'x', shards = 1 << 40 "
        "})\n"
        "raises(\"field 'node_memory' must be a size\", E.cluster, { name = 'x', node_memory = -5 "
        "})\n"
        "raises(\"field 'node_memory' must be a size\", E.cluster, { name = 'x', node_memory = "
        "'lots' })\n"
        "raises(\"field 'engine' must be a string\", E.cluster, { name = 'x', engine = 5 })\n"
        "raises(\"field 'shards' must be an integer\", E.cluster, { name = 'x', shards = 1.5 })\n"
        "raises(\"field 'multi_az' must be true or false\", E.cluster, { name = 'x', multi_az = 1 "
        "})\n"
        "raises('bad argument #1', E.cluster, 'sessions')\n"
        "print('done')\n");
}

static void test_set_get_ttl_and_delete_round_trip(void **state)
{
    (void)state;
    run(PRELUDE "local c = assert(E.cluster { name = 'c' })\n"
                "assert(c:set('user:1', 'Ann') == true)\n"
                "local v, info = c:get('user:1')\n"
                "assert(v == 'Ann' and info.hit == true and info.shard == 0 and info.node == 0)\n"
                "assert(info.size == 3)\n"
                "local miss, mi = c:get('user:2')\n"
                "assert(miss == nil and mi.hit == false and mi.size == 0)\n"
                "assert(c:ttl('user:1') == -1 and c:ttl('user:2') == -2)\n"
                "assert(c:set('bin', 'a\\0b'))\n"
                "assert(c:get('bin') == 'a\\0b', 'values are bytes, zeros included')\n"
                "assert(c:set('empty', ''))\n"
                "assert(c:get('empty') == '')\n"
                "assert(c:set('s', 'x', '30m') and c:ttl('s') == 30 * 60 * 1000)\n"
                "assert(c:set('n', 'x', 500) and c:ttl('n') == 500)\n"
                "clock.advance('10m')\n"
                "assert(c:ttl('s') == 20 * 60 * 1000)\n"
                "clock.advance('21m')\n"
                "assert(c:get('s') == nil and c:ttl('s') == -2, 'expired')\n"
                "assert(c:stats().expirations >= 1)\n"
                "assert(c:set('user:1', 'Bob', '1h') and c:get('user:1') == 'Bob')\n"
                "assert(c:set('user:1', 'Cy') and c:ttl('user:1') == -1, 'SET clears the TTL')\n"
                "assert(c:delete('user:1') == true and c:delete('user:1') == false)\n"
                "assert(c:get('user:1') == nil)\n"
                "local st = c:stats()\n"
                "assert(st.sets == 7 and st.hits == 4 and st.misses == 3 and st.gets == 7,\n"
                "       st.sets .. ' ' .. st.hits .. ' ' .. st.misses .. ' ' .. st.gets)\n"
                "print('done')\n");
}

static void test_sized_items_hit_as_true_and_take_their_size(void **state)
{
    (void)state;
    run(PRELUDE "local c = assert(E.cluster { name = 'c' })\n"
                "assert(c:set('img', { size = '1KB' }, '1h'))\n"
                "local v, info = c:get('img')\n"
                "assert(v == true and info.hit and info.size == 1024)\n"
                "assert(c:ttl('img') == 3600000)\n"
                "assert(c:stats().bytes == 1024 + 3 + E.limits().item_overhead)\n"
                "assert(c:set('zero', { size = 0 }) and c:get('zero') == '')\n"
                "assert(c:set('num', { size = 2048 }) and select(2, c:get('num')).size == 2048)\n"
                /* The 256 MiB of kept values: test_elasticache.c, with a small cap. */
                "print('done')\n");
}

static void test_bad_set_arguments_raise_and_engine_limits_refuse(void **state)
{
    (void)state;
    run(PRELUDE "local c = assert(E.cluster { name = 'c' })\n"
                "raises('cannot be negative', c.set, c, 'k', 'v', -1)\n"
                "raises('is not a duration', c.set, c, 'k', 'v', 'soon')\n"
                "raises('longer than 100 years', c.set, c, 'k', 'v', '40000d')\n"
                "raises('bad argument #3', c.set, c, 'k', true)\n"
                "raises('bad argument #3', c.set, c, 'k')\n"
                "raises('needs { size', c.set, c, 'k', {})\n"
                "raises(\"field 'size' must be a size\", c.set, c, 'k', { size = -1 })\n"
                "raises('too large', c.set, c, 'k', { size = 1 << 50 })\n"
                "raises('bad argument #2', c.set, c, {}, 'v')\n"
                "raises('bad argument #2', c.get, c)\n"
                "raises('bad argument #1', c.get, 'c', 'k')\n"
                "raises('bad argument #2', c.delete, c, nil)\n"
                "raises('bad argument #2', c.ttl, c, {})\n"
                "local k = aws.kinesis.stream { name = 's' }\n"
                "raises('bdw.elasticache.cluster expected', c.get, k, 'x')\n"
                "refused('EngineError', 'proto-max-bulk-len', c:set('big', { size = '600MB' }))\n"
                "assert(c:set('', 'v') and c:get('') == 'v', 'a Redis key may be empty')\n"
                "assert(c:get('big') == nil, 'a refused SET stores nothing')\n"
                "local m = assert(E.cluster { name = 'm', engine = 'memcached' })\n"
                "refused('EngineError', 'object too large', m:set('big', { size = '2MB' }))\n"
                "refused('EngineError', 'CLIENT_ERROR', m:set('has space', 'v'))\n"
                "refused('EngineError', 'ERROR', m:set('', 'v'))\n"
                "refused('EngineError', 'CLIENT_ERROR', m:get(('k'):rep(251)))\n"
                "assert(m:set(('k'):rep(250), 'v'))\n"
                "print('done')\n");
}

static void test_full_redis_node_evicts_or_refuses_by_policy(void **state)
{
    (void)state;
    /* Fills a 1 MiB node with 100 KB items; returns how many SETs failed,
     * the last error, and the stats. */
    run(PRELUDE
        "local function fill(policy, ttl)\n"
        "  local c = assert(E.cluster { name = 'c', node_memory = '1MB', policy = policy })\n"
        "  local fails, last = 0, nil\n"
        "  for i = 1, 40 do\n"
        "    local ok, e = c:set('k' .. i, { size = '100KB' }, ttl)\n"
        "    if not ok then fails, last = fails + 1, e end\n"
        "  end\n"
        "  return fails, last, c:stats()\n"
        "end\n"
        "local f, e, st = fill('noeviction')\n"
        "assert(f > 0 and st.oom_errors == f and st.evictions == 0)\n"
        "refused('EngineError', \"OOM command not allowed when used memory > 'maxmemory'\", nil, "
        "e)\n"
        "f, e, st = fill('volatile-lru')\n"
        "assert(f > 0 and st.evictions == 0, 'volatile-lru without TTLs has nothing to evict')\n"
        "f, e, st = fill('volatile-lru', '1h')\n"
        "assert(f == 0 and st.evictions > 0 and st.oom_errors == 0)\n"
        "for _, p in ipairs { 'allkeys-lru', 'allkeys-lfu', 'allkeys-random' } do\n"
        "  f, e, st = fill(p)\n"
        "  assert(f == 0 and st.evictions > 0, p)\n"
        "  assert(st.items < 40 and st.sets == 40, p)\n"
        "end\n"
        "print('done')\n");
}

static void test_memcached_evicts_the_least_recently_used(void **state)
{
    (void)state;
    run(PRELUDE "local m = assert(E.cluster { name = 'm', engine = 'memcached', node_memory = "
                "'1MB' })\n"
                "assert(m:policy() == 'allkeys-lru')\n"
                "for i = 1, 9 do assert(m:set('k' .. i, { size = '100KB' })) end\n"
                "assert(m:get('k1') == true, 'k1 is now the most recently used')\n"
                "assert(m:set('k10', { size = '100KB' }) and m:set('k11', { size = '100KB' }))\n"
                "assert(m:get('k1') == true, 'k1 was kept')\n"
                "assert(m:get('k2') == nil, 'k2 was the least recently used')\n"
                "assert(m:stats().evictions >= 1)\n"
                "print('done')\n");
}

static void test_sorted_sets_rank_highest_first(void **state)
{
    (void)state;
    run(PRELUDE "local c = assert(E.cluster { name = 'c' })\n"
                "assert(c:zadd('lb', 42, 'ann') == true)\n"
                "assert(c:zadd('lb', 50, 'bob') == true)\n"
                "assert(c:zadd('lb', 7.5, 'cy') == true)\n"
                "assert(c:zadd('lb', 10, 'ann') == false, 'a member that moves is not added')\n"
                "assert(c:zadd('lb', 50, 'al') == true)\n"
                "local top = assert(c:ztop('lb', 10))\n"
                "assert(#top == 4)\n"
                "assert(top[1].member == 'bob' and top[1].score == 50 and math.type(top[1].score) "
                "== 'integer')\n"
                "assert(top[2].member == 'al', 'equal scores: reverse member order')\n"
                "assert(top[3].member == 'ann' and top[3].score == 10)\n"
                "assert(top[4].member == 'cy' and top[4].score == 7.5)\n"
                "local two = assert(c:ztop('lb', 2))\n"
                "assert(#two == 2 and two[2].member == 'al')\n"
                "assert(#assert(c:ztop('lb', 0)) == 0)\n"
                "assert(#assert(c:ztop('nobody', 5)) == 0, 'a missing key is an empty set')\n"
                "refused('EngineError', 'WRONGTYPE', c:get('lb'))\n"
                "assert(c:set('str', 'x'))\n"
                "refused('EngineError', 'WRONGTYPE', c:zadd('str', 1, 'm'))\n"
                "refused('EngineError', 'WRONGTYPE', c:ztop('str', 1))\n"
                "raises('NaN', c.zadd, c, 'lb', 0/0, 'x')\n"
                "raises('bad argument #3', c.zadd, c, 'lb', 'high', 'x')\n"
                "raises('bad argument #4', c.zadd, c, 'lb', 1)\n"
                "raises('bad argument #3', c.ztop, c, 'lb', -1)\n"
                "raises('bad argument #3', c.ztop, c, 'lb', 100000)\n"
                "raises('bad argument #3', c.ztop, c, 'lb')\n"
                "local m = assert(E.cluster { name = 'm', engine = 'memcached' })\n"
                "refused('EngineError', 'Memcached stores strings only', m:zadd('lb', 1, 'a'))\n"
                "refused('EngineError', 'Memcached stores strings only', m:ztop('lb', 1))\n"
                "print('done')\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cluster_defaults_and_accessors),
        cmocka_unit_test(test_hash_slots_are_redis_crc16_with_hash_tags),
        cmocka_unit_test(test_bad_cluster_options_name_the_field),
        cmocka_unit_test(test_set_get_ttl_and_delete_round_trip),
        cmocka_unit_test(test_sized_items_hit_as_true_and_take_their_size),
        cmocka_unit_test(test_bad_set_arguments_raise_and_engine_limits_refuse),
        cmocka_unit_test(test_full_redis_node_evicts_or_refuses_by_policy),
        cmocka_unit_test(test_memcached_evicts_the_least_recently_used),
        cmocka_unit_test(test_sorted_sets_rank_highest_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
