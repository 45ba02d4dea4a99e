#ifndef FUZZ_BINDINGS_POOLS_H
#define FUZZ_BINDINGS_POOLS_H

/* The pools fuzz_bindings.c draws from: option-field names, hostile values
 * and the metatables of hostile option tables. Included by that file only. */

/* --- the pools ------------------------------------------------------------ */

/* Field names of option tables, from docs/authoring.md (every constructor's
 * and method's documented fields), the most common first: a byte below 128
 * picks one of the first FZ_COMMON. Also names the brief lists for
 * bindings to come (node_type, nodes). */
#define FZ_COMMON 16
/* clang-format off */
static const char *const fz_fields[] = {
    "name", "size", "shards", "seconds", "bucket", "type", "count", "tier", "key", "data",
    "keys", "ops", "rate", "engine", "policy", "master",
    "node_type", "nodes", "core", "task", "core_disk", "market", "tags", "days", "vault",
    "age", "description", "archive", "principal", "mfa", "retention", "series_seconds",
    "hash", "shard", "sequence_number", "timestamp", "metric", "record_size",
    "hot_key_share", "max_retries", "backoff", "batch", "from", "interval", "limit", "seed",
    "lines", "dir", "config", "logs", "streams", "firehose", "duration", "until", "idle",
    "consumer", "prefix", "node_memory", "replicas", "multi_az", "ops_per_s", "write_share",
    "hot_keys", "hot_requests", "value_bytes", "ttl", "path", "table_level", "scanned",
    "status", "format", "compression", "columns", "columns_read", "partitions",
    "partitions_read", "id", "title", "run", "partition_0", "partition_1", "partition_3",
    "day", "device", "year", "", "__index", "1",
};
/* clang-format on */
#define FZ_NFIELDS (sizeof fz_fields / sizeof fz_fields[0])

/* Hostile values, as Lua expressions (names from the prelude). */
/* clang-format off */
/* ... ending with the tops of documented ranges, and just past them. */
static const char *const fz_consts[] = {
    "nil", "true", "false", "0", "-1", "1", "2", "3", "10", "100", "1000", "2^31", "1<<31",
    "2^32+1", "(1<<32)+1", "2^53+1", "(1<<53)+1", "math.maxinteger", "math.mininteger",
    "0/0", "math.huge", "-math.huge", "-0.0", "1.9", "1e308", "-1e308", "0.5", "1e-300",
    "\"\"", "\"x\"", "\"a\\0b\"", "\"64MB\\0junk\"", "\"25h\"", "\"-5s\"", "\"2GB\"",
    "\"1e400\"", "BIG", "PAD", "{}", "{{{}}}", "NEST", "print", "error",
    "function() error(\"fn\") end", "function(...) return ... end", "coroutine.create(print)",
    "coroutine.running()", "DEAD", "CO[1]", "setmetatable({}, H[3])", "setmetatable({}, H[1])",
    "setmetatable({}, H[2])", "setmetatable({}, H[5])", "\"2^53\"", "\"0x10\"", "\" 5 \"",
    "\"nan\"", "\"inf\"", "\"9223372036854775808\"", "-(1<<53)", "(1<<62)", "\"\\255\\254\"",
    "500", "501", "1024", "3600", "86400", "1e6", "1000000", "1000001", "10000000", "1e7",
    "5e6", "2^63", "-2^63", "0x7fffffff", "4294967296",
};
/* clang-format on */
#define FZ_NCONSTS (sizeof fz_consts / sizeof fz_consts[0])

/* Valid-looking words of the simulators' domains, as Lua literals. */
/* clang-format off */
static const char *const fz_strings[] = {
    "\"audit-logs\"", "\"shardId-000000000000\"", "\"shardId-000000000001\"",
    "\"TRIM_HORIZON\"", "\"LATEST\"", "\"AT_SEQUENCE_NUMBER\"", "\"AFTER_SEQUENCE_NUMBER\"",
    "\"AT_TIMESTAMP\"", "\"allkeys-lru\"", "\"volatile-lru\"", "\"noeviction\"", "\"redis\"",
    "\"memcached\"", "\"m5.xlarge\"", "\"m4.large\"", "\"m4.xlarge\"", "\"c4.xlarge\"",
    "\"t2.medium\"", "\"SPOT\"", "\"ON_DEMAND\"", "\"master\"", "\"core\"", "\"task\"",
    "\"general\"", "\"compute\"", "\"memory\"", "\"network-ml\"", "\"external-wait\"",
    "\"Expedited\"", "\"Standard\"", "\"Bulk\"", "\"DeleteArchive\"", "\"InitiateJob\"",
    "\"GetJobOutput\"", "\"UploadArchive\"", "\"SetVaultAccessPolicy\"",
    "\"InitiateVaultLock\"", "\"CompleteVaultLock\"", "\"deny-delete-by-age\"", "\"worm\"",
    "\"require-mfa-delete\"", "\"parquet\"", "\"orc\"", "\"json\"", "\"csv\"", "\"gzip\"",
    "\"snappy\"", "\"succeeded\"", "\"failed\"", "\"cancelled\"", "\"ddl\"", "\"records\"",
    "\"bytes\"", "\"throttled\"", "\"iterator_age\"", "\"analytics\"",
    "\"arn:aws:iam::444455556666:user/bob\"", "\"444455556666\"", "\"sensors/\"", "\"r/\"",
    "\"r/2024/01/01/dev-1/00.json\"", "\"sensors/year=2024/month=01/day=05/device=d/0.json\"",
    "\"key-0\"", "\"session:42\"", "\"{user:42}:cart\"", "\"CadabraOrders\"",
    "\"PurchaseLogs\"", "\"/var/log/cadabra\"", "\"90s\"", "\"1h30m\"", "\"400d\"", "\"60s\"",
    "\"300s\"", "\"24\"", "\"1KB\"", "\"1MB\"", "\"5MB\"", "\"20KB\"", "\"250MB\"", "\"5TB\"",
    "\"85070591730234615865843651857942052864\"",
    "\"340282366920938463463374607431768211455\"", "\"{\\\"a\\\":1}\\n\"",
    "\"host,status\\nweb-1,200\\n\"", "POLICY", "AGENT_K", "AGENT_F", "\"dev-2\"", "\"05\"",
    "\"r\"",
    "\"sensors\"",
};
/* clang-format on */
#define FZ_NSTRINGS (sizeof fz_strings / sizeof fz_strings[0])

#define FZ_NHOSTILE 9

static const char fz_prelude[] =
    "local M, BYTYPE, typeof = __fz_methods, __fz_bytype, __fz_typeof\n"
    "local TRACE, NODROP = __fz_trace, __fz_nodrop\n"
    "local O, R, RN, CO, FZ = {}, {}, 0, {}, {}\n"
    "local WK = setmetatable({}, { __mode = 'k' })\n"
    "local BIG, PAD = ('x'):rep(70000), ('p'):rep(200)\n"
    "local N, H = 0, nil\n"
    "local NEST = {} NEST[1] = NEST NEST.name = NEST NEST.bucket = NEST\n"
    "local DEAD = coroutine.create(function() end) coroutine.resume(DEAD)\n"
    "local POLICY = [==[{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":"
    "\"deny-based-on-archive-age\",\"Principal\":\"*\",\"Effect\":\"Deny\",\"Action\":"
    "\"glacier:DeleteArchive\",\"Resource\":\"arn:aws:glacier:us-east-1:111122223333:vaults/"
    "audit-logs\",\"Condition\":{\"NumericLessThan\":{\"glacier:ArchiveAgeInDays\":\"365\"}}}"
    "]}]==]\n"
    "local AGENT_K = [==[{\"flows\":[{\"filePattern\":\"/var/log/cadabra/*.log\","
    "\"kinesisStream\":\"CadabraOrders\",\"initialPosition\":\"START_OF_FILE\"}]}]==]\n"
    "local AGENT_F = [==[{\"flows\":[{\"filePattern\":\"/var/log/cadabra/*.log\","
    "\"deliveryStream\":\"PurchaseLogs\",\"initialPosition\":\"START_OF_FILE\","
    "\"dataProcessingOptions\":[{\"optionName\":\"CSVTOJSON\",\"customFieldNames\":"
    "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\"]}]}]}]==]\n"
    "local function churn(n) for i = 1, n do local _ = { PAD .. i } end end\n"
    /* About a megabyte of garbage for a few hundred instructions: enough for
     * the collector to finish a cycle (and free what nothing holds). */
    "local function flood(n) for i = 1, n do local _ = BIG .. i end end\n"
    "local function obj(i) local n = #O if n == 0 then return nil end return O[i % n + 1] end\n"
    "local function res(i) local n = #R if n == 0 then return nil end return R[i % n + 1] end\n"
    "local function keep(ok, ...)\n"
    "  if TRACE then pcall(print, '->', ok, ...) end\n"
    "  for i = 1, select('#', ...) do\n"
    "    local v = select(i, ...)\n"
    "    if type(v) == 'userdata' then\n"
    "      if #O < 32 then O[#O + 1] = v end\n"
    "    elseif v ~= nil then\n"
    "      RN = RN + 1 R[(RN - 1) % 32 + 1] = v\n"
    "    end\n"
    "  end\n"
    "end\n"
    "local function call(f, ...) keep(pcall(f, ...)) end\n"
    "local function meth(b, o, ...)\n"
    "  local t = BYTYPE[typeof(o)]\n"
    "  local f = t and M[t[b % #t + 1]] or M[b % #M + 1]\n"
    "  call(f, o, ...)\n"
    "end\n"
    /* Drops O's reference to one object and allocates until a weak-valued
     * table loses it: the collector has found it unreachable and queued its
     * __gc, which runs within the next steps. Lua clears weak keys of an
     * object being finalized only at the next cycle, so meanwhile WK still
     * holds it: f is called on what WK holds, with garbage made between
     * rounds, until it is gone (before, during and after its __gc). */
    "local function drop(i, f)\n"
    "  local n = #O\n"
    "  if n == 0 then return end\n"
    "  if NODROP[typeof(O[i % n + 1]) or ''] then return end\n"
    "  local o = table.remove(O, i % n + 1)\n"
    "  WK[o] = true\n"
    "  local WV = setmetatable({ o }, { __mode = 'v' })\n"
    "  o = nil\n"
    "  for k = 1, 200 do\n"
    "    if WV[1] == nil then break end\n"
    "    local _ = BIG .. k\n"
    "  end\n"
    "  if WV[1] ~= nil then return end\n"
    "  for r = 1, 30 do\n"
    "    local t = {}\n"
    "    for z in pairs(WK) do t[#t + 1] = z end\n"
    "    if #t == 0 then break end\n"
    "    for j = 1, #t do f(t[j]) end\n"
    "    t = nil\n"
    "    churn(40)\n"
    "  end\n"
    "end\n"
    /* Scripts may not set __gc today (host_lib.c refuses it); were that to
     * change, these finalizers would call methods on closed objects. */
    "local function arm(f)\n"
    "  local ok, t = pcall(setmetatable, {}, { __gc = f })\n"
    "  if ok then FZ[#FZ + 1] = t end\n"
    "end\n"
    "local function resume(i, close)\n"
    "  local n = #CO\n"
    "  if n == 0 then return end\n"
    "  local c = CO[i % n + 1]\n"
    "  if close then pcall(coroutine.close, c) else pcall(coroutine.resume, c) end\n"
    "end\n"
    /* Hostile metatables for option tables. */
    /* 1: values that look right for the field (the kinds from the fields of
     * docs/authoring.md), made afresh at each read after a flood of garbage
     * that frees the ones handed out before: a binding that keeps a string
     * it read with lua_getfield after popping it reads freed memory. The
     * enum words are joined at run time so no constant keeps them alive. */
    "local KIND = {}\n"
    "local function kinds(list, kind) for k in list:gmatch('%S+') do KIND[k] = kind end end\n"
    "kinds('name key data description principal dir prefix path archive id title', 's')\n"
    "kinds('sequence_number hash', 's')\n"
    "kinds('size node_memory core_disk record_size value_bytes scanned', 'z')\n"
    "kinds('age interval ttl duration backoff timestamp', 'd')\n"
    "kinds('shards count keys ops rate seconds lines seed limit nodes replicas days', 'i')\n"
    "kinds('max_retries batch table_level retention series_seconds columns columns_read', 'i')\n"
    "kinds('partitions partitions_read ops_per_s', 'i')\n"
    "kinds('hot_key_share write_share hot_keys hot_requests', 'f')\n"
    "kinds('bucket logs vault consumer', 'o')\n"
    "kinds('streams firehose', 'l')\n"
    "kinds('multi_az idle mfa', 'b')\n"
    "kinds('master core', 't')\n"
    "KIND.task = 'T'\n"
    "KIND.tags = 'g'\n"
    "KIND.config = { { AGENT_K }, { AGENT_F } }\n"
    "KIND.engine = { { 're', 'dis' }, { 'mem', 'cached' } }\n"
    "KIND.policy = { { 'allkeys-', 'lru' }, { 'volatile-', 'lru' }, { 'no', 'eviction' } }\n"
    "KIND.tier = { { 'Exp', 'edited' }, { 'Stan', 'dard' }, { 'Bu', 'lk' } }\n"
    "KIND.type = { { 'm4.', 'large' }, { 'm4.x', 'large' },\n"
    "  { 'TRIM_', 'HORIZON' }, { 'LAT', 'EST' } }\n"
    "KIND.market = { { 'SP', 'OT' }, { 'ON_', 'DEMAND' } }\n"
    "KIND.from = { { 'TRIM_', 'HORIZON' }, { 'LAT', 'EST' } }\n"
    "KIND.metric = { { 'rec', 'ords' }, { 'thr', 'ottled' } }\n"
    "KIND.format = { { 'par', 'quet' }, { 'o', 'rc' } }\n"
    "KIND.compression = { { 'sna', 'ppy' }, { 'gz', 'ip' } }\n"
    "KIND.status = { { 'succ', 'eeded' }, { 'dd', 'l' } }\n"
    "H = {}\n"
    "H[1] = { __index = function(t, k)\n"
    "  N = N + 1 flood(16)\n"
    "  local kind = KIND[k]\n"
    "  if kind == 's' then return 'fresh-' .. N .. '-' .. k\n"
    "  elseif kind == 'z' then return (1 + N % 8) .. 'MB'\n"
    "  elseif kind == 'd' then return (60 + N) .. 's'\n"
    "  elseif kind == 'i' then return 1 + N % 4\n"
    "  elseif kind == 'f' then return (N % 10) / 10\n"
    "  elseif kind == 'o' then return obj(N)\n"
    "  elseif kind == 'l' then return { obj(N) }\n"
    "  elseif kind == 'b' then return N % 2 == 0\n"
    "  elseif kind == 't' then return setmetatable({}, H[1])\n"
    "  elseif kind == 'T' then return { setmetatable({}, H[1]) }\n"
    "  elseif kind == 'g' then return { ['fresh-' .. N] = 'v-' .. N }\n"
    "  elseif type(kind) == 'table' then\n"
    "    local w = kind[N % #kind + 1]\n"
    "    if #w == 1 then return w[1]:sub(1, -1) end\n"
    "    return w[1] .. w[2]\n"
    "  end\n"
    "end }\n"
    /* 9: fresh strings and numbers whatever the field */
    "H[9] = { __index = function(t, k)\n"
    "  N = N + 1 flood(16)\n"
    "  local r = N % 5\n"
    "  if r == 0 then return string.format('%dKB', 1000 + N)\n"
    "  elseif r == 1 then return string.format('%ds', 60 + N)\n"
    "  elseif r == 2 then return 'fresh-' .. N\n"
    "  elseif r == 3 then return ('long-name-'):rep(5) .. N\n"
    "  else return N % 7 end\n"
    "end }\n"
    /* 2: raises */
    "H[2] = { __index = function(t, k) error('no field ' .. tostring(k)) end }\n"
    /* 3, 4: a length of 2^62 */
    "H[3] = { __len = function() return 1 << 62 end }\n"
    "H[4] = { __len = function() return 2^62 end, __index = function(t, k) return 1 end }\n"
    /* 5: hands over O's last reference to an object, then collects */
    "H[5] = { __index = function(t, k) local o = table.remove(O) flood(16) return o end }\n"
    /* 6: a nested table that reads as 1 */
    "H[6] = { __index = function(t, k) flood(4) return setmetatable({}, H[1]) end }\n"
    /* 7: odd numbers */
    "H[7] = { __index = function(t, k)\n"
    "  N = N + 1\n"
    "  return ({ 1 << 62, 0/0, -1, 1e308, math.mininteger, 2^53 + 1, -0.0 })[N % 7 + 1]\n"
    "end }\n"
    /* 8: a spoofed __name, a __tostring and an error object that raise */
    "H[8] = { __name = 'bdw.kinesis.stream', __tostring = function() error('tostring') end,\n"
    "  __index = function(t, k)\n"
    "    error(setmetatable({}, { __tostring = function() error('nested') end }))\n"
    "  end }\n";

#endif
