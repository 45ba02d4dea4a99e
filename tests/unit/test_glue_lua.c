/* The aws.glue binding, and the bucket:put it crawls, run through the real
 * sandbox host: the partition keys a crawler names (key=value folders or
 * partition_N), tables per dataset and per table level, the listings a
 * scan needs for a leading or a trailing predicate, the error convention
 * (nil, err), and the arguments a script gets wrong (raised as Lua errors
 * naming them). Each test is a Lua chunk whose asserts fail it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "elasticache_lua.h"

/* PRELUDE's raises and refused, plus G = aws.glue and fill(bucket, fmt,
 * days, devices, obj): one object per day and device, its key
 * fmt:format(day, device) with the day as "01", "02", ... and the device as
 * "dev-1", ...; obj is what bucket:put takes, its data or { size = }. */
#define GLUE_PRELUDE                                                                               \
    PRELUDE "local G = aws.glue\n"                                                                 \
            "local function fill(b, fmt, days, devices, obj)\n"                                    \
            "  for d = 1, days do\n"                                                               \
            "    for i = 1, devices do\n"                                                          \
            "      local key = fmt:format(('%02d'):format(d), 'dev-' .. i)\n"                      \
            "      assert(b:put(key, obj))\n"                                                      \
            "    end\n"                                                                            \
            "  end\n"                                                                              \
            "end\n"                                                                                \
            "local function join(t) return table.concat(t, ',') end\n"

static void test_bucket_put_keeps_bytes_or_only_a_size(void **state)
{
    (void)state;
    run(PRELUDE
        "local b = assert(aws.firehose.bucket { name = 'iot-data' })\n"
        "clock.advance('1h')\n"
        "assert(b:put('a/x.json', '{\"t\":1}\\n') == true)\n"
        "assert(b:get('a/x.json') == '{\"t\":1}\\n')\n"
        "assert(b:put('a/y.json', { size = '1MB' }))\n"
        "assert(b:get('a/y.json') == nil, 'only the size is kept')\n"
        "assert(b:put('a/z.json', { size = 0 }) and b:get('a/z.json') == '')\n"
        "assert(b:put('a/bin', 'a\\0b') and b:get('a/bin') == 'a\\0b')\n"
        "local objs = b:objects('a/')\n"
        "assert(#objs == 4 and objs[1].key == 'a/bin' and objs[3].size == 1048576)\n"
        "assert(objs[3].last_modified == clock.now(), 'stamped with the clock')\n"
        "assert(b:put('a/y.json', 'replaced') and b:get('a/y.json') == 'replaced')\n"
        "assert(#b:objects('a/') == 4, 'a put replaces an object of the same key')\n"
        "refused('InvalidArgumentException', '1 to 1,024', b:put('', 'x'))\n"
        "refused('InvalidArgumentException', '1 to 1,024', b:put(('k'):rep(1025), 'x'))\n"
        "refused('InvalidArgumentException', 'EntityTooLarge', b:put('big', { size = "
        "'6TB' }))\n"
        "assert(b:put('huge', { size = '5TB' }), 'five TiB is the largest object')\n"
        "raises('bad argument #2', b.put, b, 'a\\0b', 'x')\n"
        "raises('bad argument #2', b.put, b, {}, 'x')\n"
        "raises('bad argument #3', b.put, b, 'k')\n"
        "raises('bad argument #3', b.put, b, 'k', true)\n"
        "raises('needs { size', b.put, b, 'k', {})\n"
        "raises(\"field 'size' must be a size\", b.put, b, 'k', { size = -1 })\n"
        "raises(\"field 'size' must be a size\", b.put, b, 'k', { size = 'lots' })\n"
        "raises('bad argument #1', b.put, {}, 'k', 'x')\n"
        "local many = assert(aws.firehose.bucket { name = 'many-objects' })\n"
        "for i = 1, 20000 do assert(many:put(string.format('k%05d', i), { size = 1 })) end\n"
        "refused('LimitExceededException', '20000', many:put('one-more', 'x'))\n"
        "assert(many:put('k00001', 'replaced'), 'replacing needs no room')\n"
        "print('done')\n");
}

static void test_hive_style_folders_name_the_partition_keys(void **state)
{
    (void)state;
    run(GLUE_PRELUDE
        "local b = assert(aws.firehose.bucket { name = 'iot-hive' })\n"
        "fill(b, 'sensors/year=2024/month=01/day=%s/device=%s/00.json', 2, 3,\n"
        "     '{\"ts\":\"2024-01-01T00:00:00Z\",\"Temperature\":21.5,\"humidity\":40}\\n')\n"
        "local c = assert(G.crawl { bucket = b, path = 'sensors/' })\n"
        "assert(c:objects_crawled() == 6)\n"
        "local ts = c:tables()\n"
        "assert(#ts == 1)\n"
        "local t = ts[1]\n"
        "assert(t.name == 'sensors' and t.location == 's3://iot-hive/sensors/', t.location)\n"
        "assert(t.classification == 'json' and t.compression == 'none')\n"
        "assert(join(t.partition_keys) == 'year,month,day,device', join(t.partition_keys))\n"
        "assert(join(t.columns) == 'ts,temperature,humidity', 'lowercased: ' .. join(t.columns))\n"
        "assert(t.partitions == 6 and t.objects == 6 and t.bytes == 6 * 63, t.bytes)\n"
        "local same = c:table('sensors')\n"
        "assert(same.name == t.name and join(same.partition_keys) == join(t.partition_keys))\n"
        "assert(c:table('nope') == nil)\n"
        "local ps = assert(c:partitions('sensors'))\n"
        "assert(#ps == 6 and join(ps[1].values) == '2024,01,01,dev-1', join(ps[1].values))\n"
        "assert(ps[1].location == "
        "'s3://iot-hive/sensors/year=2024/month=01/day=01/device=dev-1/')\n"
        "assert(ps[1].objects == 1 and ps[1].bytes == 63)\n"
        "assert(join(ps[6].values) == '2024,01,02,dev-3', 'in key order')\n"
        "assert(#assert(c:partitions('sensors', 2)) == 2)\n"
        "assert(#assert(c:partitions('sensors', 0)) == 0)\n"
        "assert(#assert(c:partitions('sensors', 1 << 40)) == 6)\n"
        "refused('ResourceNotFoundException', 'Table nope not found', c:partitions('nope'))\n"
        "print('done')\n");
}

static void test_plain_folders_get_partition_n_by_depth(void **state)
{
    (void)state;
    run(GLUE_PRELUDE "local b = assert(aws.firehose.bucket { name = 'iot-plain' })\n"
                     "fill(b, 'Sensor-Data/2024/01/%s/%s/00.json', 3, 2, { size = '1MB' })\n"
                     "local c = assert(G.crawl { bucket = b, path = 'Sensor-Data' })\n"
                     "local t = assert(c:table('sensor_data'), 'lowercased, - as _')\n"
                     "assert(join(t.partition_keys) == "
                     "'partition_0,partition_1,partition_2,partition_3')\n"
                     "assert(t.classification == 'json', 'from the extension')\n"
                     "assert(#t.columns == 0, 'no bytes, no columns')\n"
                     "assert(t.partitions == 6 and t.bytes == 6 * 1048576)\n"
                     "local p = assert(c:partitions('sensor_data', 1))[1]\n"
                     "assert(join(p.values) == '2024,01,01,dev-1')\n"
                     "print('done')\n");
}

static void test_dissimilar_datasets_under_one_path_make_two_tables(void **state)
{
    (void)state;
    run(GLUE_PRELUDE
        "local b = assert(aws.firehose.bucket { name = 'lake' })\n"
        "fill(b, 'sensors/2024/%s/%s.json', 2, 2, '{\"ts\":1,\"temperature\":20}\\n')\n"
        "fill(b, 'logs/%s/%s.csv', 2, 2, 'host,status,bytes\\nweb-1,200,512\\n')\n"
        "local c = assert(G.crawl { bucket = b, path = '' })\n"
        "assert(c:objects_crawled() == 8)\n"
        "local ts = c:tables()\n"
        "assert(#ts == 2, #ts .. ' tables')\n"
        "local logs, sensors = assert(c:table('logs')), assert(c:table('sensors'))\n"
        "assert(logs.classification == 'csv' and join(logs.columns) == 'host,status,bytes')\n"
        "assert(join(logs.partition_keys) == 'partition_0')\n"
        "assert(sensors.classification == 'json' and join(sensors.columns) == 'ts,temperature')\n"
        "assert(sensors.location == 's3://lake/sensors/' and logs.objects == 4)\n"
        "local one = assert(G.crawl { bucket = b, path = 'sensors/' })\n"
        "assert(#one:tables() == 1 and one:objects_crawled() == 4, 'the include path limits it')\n"
        "local none = assert(G.crawl { bucket = b, path = 'nothing/' })\n"
        "assert(#none:tables() == 0 and none:objects_crawled() == 0)\n"
        "print('done')\n");
}

static void test_table_level_roots_every_table_at_that_depth(void **state)
{
    (void)state;
    run(GLUE_PRELUDE
        "local b = assert(aws.firehose.bucket { name = 'iot' })\n"
        "fill(b, 'readings/2024/01/%s/%s/00.json', 2, 2, { size = '1KB' })\n"
        "fill(b, 'readings/2024/02/%s/%s/00.json', 3, 2, { size = '1KB' })\n"
        "local whole = assert(G.crawl { bucket = b, path = 'readings/' })\n"
        "assert(#whole:tables() == 1 and whole:tables()[1].partitions == 10)\n"
        "local top = assert(G.crawl { bucket = b, path = 'readings/', table_level = 1 })\n"
        "assert(#top:tables() == 1 and top:tables()[1].name == 'readings')\n"
        "local months = assert(G.crawl { bucket = b, path = 'readings/', table_level = 3 })\n"
        "local ts = months:tables()\n"
        "assert(#ts == 2 and ts[1].name == '01' and ts[2].name == '02')\n"
        "assert(ts[1].location == 's3://iot/readings/2024/01/')\n"
        "assert(join(ts[2].partition_keys) == 'partition_0,partition_1')\n"
        "assert(ts[1].partitions == 4 and ts[2].partitions == 6)\n"
        "refused('InvalidParameterValueException', 'table_level', G.crawl { bucket = b,\n"
        "        table_level = 0 })\n"
        "refused('InvalidParameterValueException', 'table_level', G.crawl { bucket = b,\n"
        "        table_level = -2 })\n"
        "refused('InvalidParameterValueException', 'table level', G.crawl { bucket = b,\n"
        "        table_level = 1 << 40 })\n"
        "raises(\"field 'table_level' must be an integer\", G.crawl, { bucket = b,\n"
        "       table_level = 1.5 })\n"
        "print('done')\n");
}

/* The same objects laid out time first and device first: a query on the
 * leading key lists only the prefixes it keeps, one on a trailing key
 * lists every prefix above it; both read the same partitions. */
static void test_leading_predicates_list_fewer_folders_than_trailing(void **state)
{
    (void)state;
    run(GLUE_PRELUDE
        "local bt = assert(aws.firehose.bucket { name = 'by-time' })\n"
        "local bd = assert(aws.firehose.bucket { name = 'by-device' })\n"
        "fill(bt, 'r/2024/01/%s/%s/00.json', 10, 4, { size = '1MB' })\n"
        "for i = 1, 4 do for d = 1, 10 do\n"
        "  assert(bd:put(('r/dev-%d/2024/01/%02d/00.json'):format(i, d), { size = '1MB' }))\n"
        "end end\n"
        "local ct = assert(G.crawl { bucket = bt, path = 'r/' })\n"
        "local cd = assert(G.crawl { bucket = bd, path = 'r/' })\n"
        "-- time first: partition_0 year, _1 month, _2 day, _3 device\n"
        "local dev_t = assert(ct:scan('r', { partition_3 = 'dev-2' }))\n"
        "local dev_d = assert(cd:scan('r', { partition_0 = 'dev-2' }))\n"
        "assert(dev_t.partitions == 10 and dev_d.partitions == 10)\n"
        "assert(dev_t.bytes == 10 * 1048576 and dev_d.bytes == dev_t.bytes)\n"
        "assert(dev_t.objects == 10 and dev_d.objects == 10)\n"
        "-- 1 root + 1 year + 1 month + 10 days + 10 partitions\n"
        "assert(dev_t.listings == 23, dev_t.listings)\n"
        "-- 1 root + 1 device + 1 year + 1 month + 10 partitions\n"
        "assert(dev_d.listings == 14, dev_d.listings)\n"
        "local day_t = assert(ct:scan('r', { partition_2 = { '03', '04' } }))\n"
        "local day_d = assert(cd:scan('r', { partition_3 = { '03', '04' } }))\n"
        "assert(day_t.partitions == 8 and day_d.partitions == 8 and day_t.bytes == day_d.bytes)\n"
        "assert(day_t.listings == 1 + 1 + 1 + 2 + 8, day_t.listings)\n"
        "assert(day_d.listings == 1 + 4 + 4 + 4 + 8, day_d.listings)\n"
        "assert(day_t.listings < day_d.listings and dev_d.listings < dev_t.listings)\n"
        "local all = assert(ct:scan('r', {}))\n"
        "assert(all.partitions == 40 and all.listings == all.listings_all)\n"
        "assert(assert(ct:scan('r')).partitions == 40, 'no where: the whole table')\n"
        "assert(all.listings_all == dev_t.listings_all and all.listings_all == 1 + 1 + 1 + 10 + "
        "40)\n"
        "-- open ranges, and several predicates at once\n"
        "assert(assert(ct:scan('r', { partition_2 = { nil, '03' } })).partitions == 12)\n"
        "assert(assert(ct:scan('r', { partition_2 = { '09' } })).partitions == 8)\n"
        "assert(assert(ct:scan('r', { partition_2 = {} })).partitions == 40)\n"
        "assert(assert(ct:scan('r', { partition_2 = '05', partition_3 = 'dev-1' })).partitions "
        "== 1)\n"
        "assert(assert(ct:scan('r', { partition_2 = '99' })).partitions == 0)\n"
        "print('done')\n");
}

static void test_scan_refuses_unknown_tables_and_keys(void **state)
{
    (void)state;
    run(GLUE_PRELUDE
        "local b = assert(aws.firehose.bucket { name = 'iot' })\n"
        "fill(b, 'r/year=2024/day=%s/device=%s/0.json', 2, 2, { size = '1KB' })\n"
        "local c = assert(G.crawl { bucket = b, path = 'r/' })\n"
        "refused('ResourceNotFoundException', 'Table logs not found', c:scan('logs', {}))\n"
        "refused('InvalidParameterValueException', 'no partition key month',\n"
        "        c:scan('r', { month = '01' }))\n"
        "refused('InvalidParameterValueException', 'no partition key aa',\n"
        "        c:scan('r', { zz = '1', aa = '2', day = '01' }))\n"
        "refused('InvalidParameterValueException', 'partition_0', c:scan('r', { partition_0 = "
        "'2024' }))\n"
        "local flat = assert(aws.firehose.bucket { name = 'flat' })\n"
        "assert(flat:put('logs/a.json', { size = '3KB' }) and flat:put('logs/b.json', { size = "
        "'1KB' }))\n"
        "local f = assert(G.crawl { bucket = flat, path = 'logs/' })\n"
        "local s = assert(f:scan('logs', {}))\n"
        "assert(s.partitions == 0 and s.objects == 2 and s.bytes == 4096 and s.listings == 1)\n"
        "refused('InvalidParameterValueException', 'no partition key day', f:scan('logs', { day "
        "= '1' }))\n"
        "print('done')\n");
}

static void test_bad_arguments_raise_naming_them(void **state)
{
    (void)state;
    run(GLUE_PRELUDE
        "local b = assert(aws.firehose.bucket { name = 'iot' })\n"
        "fill(b, 'r/%s/%s/0.json', 2, 2, { size = '1KB' })\n"
        "raises('bad argument #1', G.crawl, 'iot')\n"
        "raises(\"field 'bucket' must be a bucket\", G.crawl, {})\n"
        "raises(\"field 'bucket' must be a bucket\", G.crawl, { bucket = 'iot' })\n"
        "raises(\"field 'bucket' must be a bucket\", G.crawl, { bucket = {} })\n"
        "raises(\"field 'path' must be a string\", G.crawl, { bucket = b, path = 5 })\n"
        "raises(\"field 'path' cannot contain a zero byte\", G.crawl, { bucket = b,\n"
        "       path = 'r/\\0x' })\n"
        "raises(\"field 'table_level' must be an integer\", G.crawl, { bucket = b,\n"
        "       table_level = 'two' })\n"
        "local c = assert(G.crawl { bucket = b, path = 'r/' })\n"
        "raises('bad argument #1', c.tables, b)\n"
        "raises('bad argument #1', c.tables, {})\n"
        "raises('bad argument #2', c.table, c)\n"
        "raises('bad argument #2', c.table, c, 'r\\0x')\n"
        "raises('bad argument #2', c.partitions, c, {})\n"
        "raises('bad argument #3', c.partitions, c, 'r', -1)\n"
        "raises('bad argument #3', c.partitions, c, 'r', 1.5)\n"
        "raises('bad argument #1', c.objects_crawled, 'c')\n"
        "raises('bad argument #2', c.scan, c)\n"
        "raises('bad argument #3', c.scan, c, 'r', 'partition_0 = 1')\n"
        "raises('keys are partition key names', c.scan, c, 'r', { '01' })\n"
        "raises(\"('01', not 1)\", c.scan, c, 'r', { partition_0 = 1 })\n"
        "raises('not boolean', c.scan, c, 'r', { partition_0 = true })\n"
        "raises('a range is { lo, hi }', c.scan, c, 'r', { partition_0 = { '1', '2', '3' } })\n"
        "raises('a range is { lo, hi }', c.scan, c, 'r', { partition_0 = { lo = '1' } })\n"
        "raises('each a string or nil, not number', c.scan, c, 'r', { partition_0 = { 1, 2 } })\n"
        "raises('zero byte', c.scan, c, 'r', { partition_0 = '0\\0' })\n"
        "raises('zero byte', c.scan, c, 'r', { partition_0 = { '0\\0' } })\n"
        "raises('zero byte', c.scan, c, 'r', { ['partition_0\\0'] = '01' })\n"
        "print('done')\n");
}

/* The catalog is a snapshot: the objects put after a crawl are not in it,
 * and it stays usable when the script has dropped its bucket. */
static void test_catalog_is_a_snapshot_that_outlives_its_bucket(void **state)
{
    (void)state;
    run(GLUE_PRELUDE "local function crawl()\n"
                     "  local b = assert(aws.firehose.bucket { name = 'gone' })\n"
                     "  fill(b, 'r/%s/%s/0.json', 2, 2, { size = '1KB' })\n"
                     "  local c = assert(G.crawl { bucket = b, path = 'r/' })\n"
                     "  assert(b:put('r/03/dev-1/0.json', { size = '1KB' }))\n"
                     "  return c\n"
                     "end\n"
                     "local c = crawl()\n"
                     "local junk = {}\n"
                     "for i = 1, 20000 do junk[i % 100 + 1] = { ('x'):rep(100) } end\n"
                     "assert(c:objects_crawled() == 4 and c:tables()[1].partitions == 4)\n"
                     "assert(c:scan('r', { partition_0 = '03' }).partitions == 0)\n"
                     "print('done')\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bucket_put_keeps_bytes_or_only_a_size),
        cmocka_unit_test(test_hive_style_folders_name_the_partition_keys),
        cmocka_unit_test(test_plain_folders_get_partition_n_by_depth),
        cmocka_unit_test(test_dissimilar_datasets_under_one_path_make_two_tables),
        cmocka_unit_test(test_table_level_roots_every_table_at_that_depth),
        cmocka_unit_test(test_leading_predicates_list_fewer_folders_than_trailing),
        cmocka_unit_test(test_scan_refuses_unknown_tables_and_keys),
        cmocka_unit_test(test_bad_arguments_raise_naming_them),
        cmocka_unit_test(test_catalog_is_a_snapshot_that_outlives_its_bucket),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
