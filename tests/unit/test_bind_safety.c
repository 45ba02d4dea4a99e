/* The bindings are safe by construction: one table registers every module
 * and names every class bdw.<module>.<type>; option tables are read raw;
 * numbers are range-checked before they are narrowed; names with a zero byte
 * are refused; closed objects are refused; the error metatable is
 * protected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lua/bind.h"
#include "lua/host.h"

static void run_ok(const char *src)
{
    lhost_config cfg = {.seed = 3};
    lhost *h = lhost_new(&cfg);
    assert_non_null(h);
    lhost_error err;
    bool ok = lhost_run(h, src, strlen(src), "safety.lua", &err);
    if (!ok) fprintf(stderr, "chunk failed: %s\n%s\n", err.message, err.traceback);
    lhost_free(h);
    assert_true(ok);
}

/* Lua helpers the chunks below share: raises(want, f, ...) checks that f
 * raises an error whose text has `want` (plain find). */
#define PRELUDE                                                                                    \
    "local function raises(want, f, ...)\n"                                                        \
    "  local ok, e = pcall(f, ...)\n"                                                              \
    "  assert(not ok, 'expected an error with ' .. want)\n"                                        \
    "  assert(tostring(e):find(want, 1, true), 'wanted ' .. want .. ', got ' .. tostring(e))\n"    \
    "end\n"

static void test_every_class_is_registered_under_one_scheme(void **state)
{
    (void)state;
    lhost_config cfg = {.seed = 1};
    lhost *h = lhost_new(&cfg);
    lua_State *L = lhost_state(h);
    size_t n;
    const lbind_module *const *mods = lbind_modules(&n);
    assert_true(n >= 7);
    size_t classes = 0;
    for (size_t i = 0; i < n; i++) {
        /* Every module is reachable as aws.<name>. */
        char src[160];
        snprintf(src, sizeof src, "assert(type(aws['%s']) == 'table')", mods[i]->name);
        lhost_error err;
        assert_true(lhost_run(h, src, strlen(src), "reg.lua", &err));
        for (const lbind_class *c = mods[i]->classes; c && c->type; c++) {
            char name[128];
            snprintf(name, sizeof name, "bdw.%s.%s", mods[i]->name, c->type);
            assert_int_equal(luaL_getmetatable(L, name), LUA_TTABLE);
            /* Its __name is the same name, and scripts cannot reach it. */
            assert_int_equal(lua_getfield(L, -1, "__name"), LUA_TSTRING);
            assert_string_equal(lua_tostring(L, -1), name);
            assert_int_equal(lua_getfield(L, -2, "__metatable"), LUA_TBOOLEAN);
            assert_false(lua_toboolean(L, -1));
            assert_int_equal(lua_getfield(L, -3, "__index"), LUA_TTABLE);
            lua_pop(L, 4);
            classes++;
        }
        if (mods[i]->extends) {
            assert_int_equal(luaL_getmetatable(L, mods[i]->extends), LUA_TTABLE);
            lua_pop(L, 1);
        }
    }
    assert_true(classes >= 10);
    lhost_free(h);
}

static void test_objects_carry_their_class(void **state)
{
    (void)state;
    /* tostring shows no pointer for a vault, and getmetatable shows nothing. */
    run_ok("local v = aws.glacier.vault { name = 'v' }\n"
           "assert(getmetatable(v) == false)\n"
           "local s = aws.kinesis.stream { name = 's' }\n"
           "assert(getmetatable(s) == false)\n"
           "assert(tostring(v) == 'glacier vault v')\n");
}

static void test_option_tables_are_read_raw(void **state)
{
    (void)state;
    run_ok(PRELUDE
           "local calls = 0\n"
           "local opts = setmetatable({}, { __index = function(t, k) calls = calls + 1\n"
           "  error('the metamethod ran') end })\n"
           "raises('needs name', aws.glacier.vault, opts)\n"
           "local ok, err = aws.kinesis.stream(opts)\n"
           "assert(ok == nil and err.code, 'a stream without a name is refused by the simulator')\n"
           "raises('needs name', aws.firehose.bucket, opts)\n"
           "assert(calls == 0, 'no metamethod of the script ran')\n");
}

static void test_numbers_are_checked_before_they_are_narrowed(void **state)
{
    (void)state;
    run_ok(PRELUDE
           "raises(\"field 'shards' must be an integer\", aws.kinesis.stream,\n"
           "       { name = 's', shards = (1 << 32) + 1 })\n"
           "raises(\"field 'shards' must be an integer\", aws.kinesis.stream,\n"
           "       { name = 's', shards = 2.5 })\n"
           "raises(\"field 'shards' must be an integer\", aws.kinesis.stream,\n"
           "       { name = 's', shards = '2' })\n"
           "raises(\"field 'retention' must be an integer from 1\", aws.kinesis.stream,\n"
           "       { name = 's', retention = -0.0 })\n"
           "local s = assert(aws.kinesis.stream { name = 's' })\n"
           "raises('an integer', s.increase_retention, s, (1 << 32) + 48)\n"
           "assert(s:retention() == 24)\n"
           "raises('integer from 0', clock.iso, -1)\n"
           "raises('cannot be negative', clock.advance, -1)\n"
           "raises('whole number of milliseconds', clock.advance, 1.9)\n"
           "raises('is not a duration', clock.advance, '-5s')\n"
           "raises('finite number', aws.glacier.set_expedited_failure, 0/0)\n"
           "raises(\"field 'rate' must be a finite number\", s.produce, s, { rate = 0/0 })\n"
           "raises(\"field 'rate' must be a finite number\", s.produce, s, { rate = math.huge })\n"
           "assert(clock.iso(0) == '1970-01-01T00:00:00.000Z')\n");
}

static void test_huge_counts_are_refused_naming_what_was_given(void **state)
{
    (void)state;
    run_ok(
        "local function refused_with(text, ok, err)\n"
        "  assert(ok == nil and type(err) == 'table', 'refused as AWS would')\n"
        "  assert(err.message:find(text, 1, true), err.message)\n"
        "end\n"
        "refused_with('not 2000', aws.emr.cluster { name = 'e', master = { type = 'm4.large' },\n"
        "  core = { type = 'm4.xlarge', count = 2000 } })\n"
        "refused_with('4294967297', aws.emr.cluster { name = 'e', master = { type = 'm4.large' },\n"
        "  core = { type = 'm4.xlarge', count = (1 << 32) + 1 } })\n"
        "refused_with('1099511627776', aws.elasticache.cluster { name = 'x', shards = 1 << 40 })\n"
        "local m = aws.elasticache.cluster { name = 'm', engine = 'memcached' }\n"
        "refused_with('not 4294967298', m:set_nodes((1 << 32) + 2))\n");
}

static void test_names_with_a_zero_byte_are_refused(void **state)
{
    (void)state;
    run_ok(PRELUDE "raises('zero byte', aws.glacier.vault, { name = 'a\\0b' })\n"
                   "raises('zero byte', aws.kinesis.stream, { name = 'a\\0b' })\n"
                   "raises('is not a size', size.bytes, '64MB\\0junk')\n"
                   "raises('is not a duration', clock.duration, '1h\\0junk')\n"
                   "local v = aws.glacier.vault { name = 'v' }\n"
                   "raises('zero byte', v.tag, v, 'k\\0x', 'v')\n");
}

static void test_the_error_metatable_is_protected(void **state)
{
    (void)state;
    run_ok(PRELUDE "local s = aws.kinesis.stream { name = 's' }\n"
                   "local ok, err = s:split_shard(0, '1')\n"
                   "assert(ok == nil and type(err) == 'table', 'an AWS error')\n"
                   "assert(getmetatable(err) == false)\n"
                   "raises('protected metatable', setmetatable, err, {})\n"
                   "assert(tostring(err):find('InvalidArgumentException', 1, true))\n");
}

/* A weak-keyed table still holds an object for one collection after its
 * finalizer ran. The chunk drops the object made by `make`, waits until a
 * weak value says the collector found it unreachable (its finalizer is then
 * due), and calls `use` on it through the weak key at small steps of
 * allocation, until the key goes. */
#define FINALIZED(make, use)                                                                       \
    "local wk = setmetatable({}, { __mode = 'k' })\n"                                              \
    "local obj = " make "\n"                                                                       \
    "wk[obj] = true\n"                                                                             \
    "local wv = setmetatable({ obj }, { __mode = 'v' })\n"                                         \
    "obj = nil\n"                                                                                  \
    "local pad = ('p'):rep(200)\n"                                                                 \
    "for i = 1, 200000 do if wv[1] == nil then break end local _ = pad .. i end\n"                 \
    "assert(wv[1] == nil, 'the collector found it')\n"                                             \
    "local refused = 0\n"                                                                          \
    "for r = 1, 2000 do\n"                                                                         \
    "  for o in pairs(wk) do\n"                                                                    \
    "    local ok, e = pcall(function() return " use " end)\n"                                     \
    "    if not ok then\n"                                                                         \
    "      assert(tostring(e):find('is closed', 1, true), tostring(e))\n"                          \
    "      refused = refused + 1\n"                                                                \
    "    end\n"                                                                                    \
    "  end\n"                                                                                      \
    "  if next(wk) == nil then break end\n"                                                        \
    "  for i = 1, 40 do local _ = { pad .. i } end\n"                                              \
    "end\n"                                                                                        \
    "assert(refused > 0, 'the finalized object was called and refused')\n"

static void test_closed_objects_are_refused(void **state)
{
    (void)state;
    run_ok(FINALIZED("aws.kinesis.stream { name = 'gone' }", "o:name()"));
    run_ok(FINALIZED("aws.firehose.bucket { name = 'gone-bucket' }", "o:put('k', 'x')"));
    run_ok(FINALIZED("aws.elasticache.cluster { name = 'gone' }", "o:get('k')"));
    run_ok(FINALIZED("aws.kinesis.loggen { lines = 10 }", "o:write(10)"));
}

static void test_a_dependency_closed_closes_its_dependents(void **state)
{
    (void)state;
    /* A consumer anchors its stream; both become garbage together, the
     * consumer is kept by a weak key: whichever finalizer runs first, the
     * consumer refuses. */
    run_ok(FINALIZED("aws.kinesis.stream { name = 'dep' }:consumer {}", "o:run { seconds = 1 }"));
}

static void test_an_agent_keeps_its_own_list_of_streams(void **state)
{
    (void)state;
    /* The script empties its list and makes garbage: the agent's streams
     * stay alive because the agent anchors them itself. */
    run_ok("local cfg = '{\"flows\":[{\"filePattern\":\"/var/log/cadabra/*.log\",'\n"
           "  .. '\"kinesisStream\":\"S\"}]}'\n"
           "local logs = aws.kinesis.loggen { lines = 200 }\n"
           "local list = { aws.kinesis.stream { name = 'S' } }\n"
           "local agent = assert(aws.kinesis.agent { config = cfg, logs = logs, streams = list })\n"
           "list[1] = nil\n"
           "for i = 1, 50 do local junk = {} for j = 1, 2000 do junk[j] = { j } end end\n"
           "local st = agent:run { seconds = 60 }\n"
           "assert(st.records_sent > 0, 'the agent still sends to its stream')\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_class_is_registered_under_one_scheme),
        cmocka_unit_test(test_objects_carry_their_class),
        cmocka_unit_test(test_option_tables_are_read_raw),
        cmocka_unit_test(test_numbers_are_checked_before_they_are_narrowed),
        cmocka_unit_test(test_huge_counts_are_refused_naming_what_was_given),
        cmocka_unit_test(test_names_with_a_zero_byte_are_refused),
        cmocka_unit_test(test_the_error_metatable_is_protected),
        cmocka_unit_test(test_closed_objects_are_refused),
        cmocka_unit_test(test_a_dependency_closed_closes_its_dependents),
        cmocka_unit_test(test_an_agent_keeps_its_own_list_of_streams),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
