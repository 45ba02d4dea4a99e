-- attack: every kind of simulator object, and the objects they depend on, collected in the same cycle; each used after its C __gc ran
-- via: script
-- expect: survives
local w = setmetatable({}, { __mode = "k" })
local AGENT = [[{"flows": [{"filePattern": "/var/log/cadabra/*.log", "kinesisStream": "all",
                            "initialPosition": "START_OF_FILE"}]}]]
do
  local st = assert(aws.kinesis.stream { name = "all" })
  local logs = aws.kinesis.loggen { seed = 2, lines = 50 }
  local b = assert(aws.firehose.bucket { name = "all-bucket" })
  assert(b:put("t/a.json", '{"a":1}\n'))
  w[st] = function(o) o:put_record { key = "k", data = "d" }; return o:metrics() end
  w[logs] = function(o) o:write(5); return o:line(1) end
  w[assert(aws.kinesis.agent { config = AGENT, logs = logs, streams = { st } })] = function(o) return o:run { seconds = 2 } end
  w[st:consumer {}] = function(o) o:run { seconds = 1 }; return o:sample() end
  w[b] = function(o) o:put("k", "v"); return o:objects() end
  w[assert(aws.firehose.delivery_stream { name = "all", bucket = b, interval = "60s" })] = function(o) o:put_record("x"); return o:stats() end
  w[assert(aws.glue.crawl { bucket = b })] = function(o) return o:tables() end
  w[assert(aws.elasticache.cluster { name = "all" })] = function(o) o:set("k", "v"); return o:stats() end
  w[assert(aws.emr.cluster { name = "all", master = { type = "m4.large" }, core = { type = "m4.xlarge" } })] = function(o) o:write(1); return o:hdfs() end
  w[aws.glacier.vault { name = "all" }] = function(o) o:upload { size = "1KB" }; return o:inventory() end
end
local rounds, uses, refused = 0, 0, 0
while next(w) ~= nil and rounds < 3000 do
  for obj, use in pairs(w) do
    local ok, err = pcall(use, obj)
    uses = uses + 1
    if not ok then
      assert(tostring(err):find("closed") or tostring(err):find("freed"), "a collected object gave: " .. tostring(err))
      refused = refused + 1
    end
  end
  local junk = {}
  for i = 1, 300 do junk[i] = { i } end
  rounds = rounds + 1
end
print(string.format("%d rounds, %d uses, %d refused", rounds, uses, refused))
