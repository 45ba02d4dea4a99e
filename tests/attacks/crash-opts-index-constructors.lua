-- attack: option tables whose __index returns a fresh, unanchored string of the right kind (and makes garbage) for every field, passed to every constructor: options must be read raw or kept alive while used
-- via: script
-- expect: survives
-- A spec string "#redis" is returned as "redis", made afresh (sub), so that only
-- the C side holds it once __index returns; no literal "redis" anchors it.
local n = 0
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
local function name(prefix) return function() n = n + 1; return prefix .. "-fresh-" .. n end end
local AGENT = [[#{"flows": [{"filePattern": "/var/log/cadabra/*.log", "kinesisStream": "opts-stream",
                             "initialPosition": "START_OF_FILE"}]}]]
local st = assert(aws.kinesis.stream { name = "opts-stream" })
local logs = aws.kinesis.loggen { seed = 1, lines = 20 }
local b = assert(aws.firehose.bucket { name = "opts-bucket" })
assert(b:put("t/a.json", '{"a":1}\n'))
local calls = {
  function() return aws.glacier.vault(opts { name = name("vault") }) end,
  function() return aws.glacier.estimate(opts { size = "#2GB", tier = "#Standard" }) end,
  function() return aws.glacier.policy_template(("#worm"):sub(2), opts { days = 30 }) end,
  function() return aws.kinesis.stream(opts { name = name("stream"), shards = 2, retention = 48 }) end,
  function() return aws.kinesis.loggen(opts { seed = 3, dir = "#/var/log/fresh", lines = 10 }) end,
  function() return aws.kinesis.agent(opts({ config = AGENT }, { logs = logs, streams = { st } })) end,
  function() return aws.firehose.bucket(opts { name = name("bucket") }) end,
  function() return aws.firehose.delivery_stream(opts({ name = name("hose"), prefix = "#p/", size = "#5MB", interval = "#60s" }, { bucket = b })) end,
  function() return aws.elasticache.cluster(opts { name = name("c"), engine = "#redis", node_memory = "#64MB", shards = 2, policy = "#allkeys-lru" }) end,
  function() return aws.elasticache.cluster(opts { name = name("m"), engine = "#memcached", node_memory = "#64MB", shards = 3 }) end,
  function() return aws.glue.crawl(opts({ path = "#t/" }, { bucket = b })) end,
  function() return aws.emr.cluster(opts({ name = name("emr"), core_disk = "#64GB" },
    { master = opts { type = "#m4.large", market = "#ON_DEMAND" }, core = opts { type = "#m4.xlarge", count = 2, market = "#ON_DEMAND" },
      task = { opts { type = "#c4.xlarge", count = 1, market = "#SPOT" } } })) end,
  function() return aws.athena.cost(opts { scanned = "#1TB", status = "#succeeded" }) end,
  function() return aws.athena.scan(opts { size = "#200GB", format = "#parquet", compression = 3, columns = 30, columns_read = 3 }) end,
}
local function show(x)
  if type(x) ~= "userdata" then return tostring(x) end
  for _, m in ipairs { "name", "engine", "policy", "tables", "groups", "stats", "files" } do
    local ok, r = pcall(function() return x[m](x) end)
    if ok then return m .. "=" .. tostring(type(r) == "table" and #r or r) end
  end
  return "?"
end
for round = 1, 10 do
  for i, call in ipairs(calls) do
    local ok, a, e = pcall(call)
    local shown = ok and show(a) or tostring(a)
    if round == 1 then print(i, ok, shown:sub(1, 70), type(e) == "table" and e.code or e) end
  end
end
