-- attack: option tables whose __index returns a fresh, unanchored string of the right kind (and makes garbage) for every field, passed to methods taking option tables
-- via: script
-- expect: survives
-- A spec string "#Bulk" is returned as "Bulk", made afresh (sub), so that only
-- the C side holds it once __index returns.
local function opts(spec, raw)
  return setmetatable(raw or {}, { __index = function(_, k)
    local junk = {}
    for i = 1, 2000 do junk[i] = { i } end
    local v = spec[k]
    if type(v) == "function" then return v() end
    if type(v) == "string" then return v:sub(2) end
    return v
  end })
end
local n = 0
local function fresh(prefix) return function() n = n + 1; return prefix .. n end end
local v = aws.glacier.vault { name = "opts" }
local id = v:upload { size = "1KB" }
local st = assert(aws.kinesis.stream { name = "opts", shards = 2 })
local logs = aws.kinesis.loggen { seed = 1, lines = 10 }
local agent = assert(aws.kinesis.agent { config = [[{"flows": [{"filePattern": "/var/log/cadabra/*.log", "kinesisStream": "opts"}]}]],
                                         logs = logs, streams = { st } })
local b = assert(aws.firehose.bucket { name = "opts-bucket" })
assert(b:put("t/day=01/a.json", '{"a":1}\n'))
local cat = assert(aws.glue.crawl { bucket = b, path = "t/" })
local c = assert(aws.elasticache.cluster { name = "opts" })
local calls = {
  function() return v:upload(opts { size = "#1MB", age = "#400d", description = fresh("archive description ") }) end,
  function() return v:initiate_job(opts({ tier = "#Bulk" }, { archive = id })) end,
  function() return v:delete_archive(v:upload { size = "1KB" }, opts { principal = "#arn:aws:iam::444455556666:user/bob" }) end,
  function() return v:try(("#DescribeVault"):sub(2), id, opts { principal = "#444455556666", tier = "#Bulk" }) end,
  function() return v:set_access_policy(aws.glacier.policy_template("worm"), opts { principal = "#123456789012" }) end,
  function() return st:put_record(opts { key = fresh("key-"), data = fresh("data ") }) end,
  function() return st:put_records { opts { key = fresh("k"), data = fresh("d") }, opts { key = fresh("k"), data = fresh("d") } } end,
  function() return st:get_shard_iterator(opts { shard = 0, type = "#TRIM_HORIZON" }) end,
  function() return st:produce(opts { rate = 100, seconds = 1, record_size = "#1KB", keys = 10, batch = "#100ms", backoff = "#100ms" }) end,
  function() return st:consumer(opts { from = "#TRIM_HORIZON", interval = "#1s", limit = 100 }):run(opts { seconds = 1 }) end,
  function() return st:series(0, opts { metric = "#throttled", seconds = 10 }) end,
  function() return agent:run(opts { duration = "#2s" }) end,
  function() return b:put(fresh("u/k")(), opts { size = "#1MB" }) end,
  function() return cat:scan("t", opts { day = "#01" }) end,
  function() return c:set(fresh("key:")(), opts { size = "#20KB" }, "30m") end,
  function() return c:workload(opts { keys = 10, ops = 10, value_bytes = "#1KB", ttl = "#30m" }) end,
}
for round = 1, 10 do
  for i, call in ipairs(calls) do
    local ok, a, e = pcall(call)
    if round == 1 then print(i, ok, tostring(a):sub(1, 70), type(e) == "table" and e.code or e) end
  end
end
