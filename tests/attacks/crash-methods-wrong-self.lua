-- attack: every method called with an object of another type, a table, a string or nothing as self
-- via: script
-- expect: survives
local objs = {
  aws.glacier.vault { name = "self" },
  assert(aws.kinesis.stream { name = "self" }),
  aws.kinesis.loggen { seed = 1 },
  assert(aws.firehose.bucket { name = "self-bucket" }),
  assert(aws.elasticache.cluster { name = "self" }),
  assert(aws.emr.cluster { name = "self", master = { type = "m4.large" }, core = { type = "m4.xlarge" } }),
}
objs[#objs + 1] = objs[2]:consumer {}
objs[#objs + 1] = assert(aws.firehose.delivery_stream { name = "self", bucket = objs[4] })
assert(objs[4]:put("a/b.json", "{}"))
objs[#objs + 1] = assert(aws.glue.crawl { bucket = objs[4] })
local names = { "name", "arn", "upload", "inventory", "costs", "timeline", "try", "put_record", "put_records",
  "shards", "metrics", "series", "produce", "consumer", "write", "files", "line", "run", "stats", "sample",
  "checkpoints", "put", "get", "objects", "put_record_batch", "set", "delete", "ttl", "zadd", "ztop",
  "workload", "reboot", "fail_primary", "set_nodes", "groups", "review", "hdfs", "lose", "resize", "usage",
  "nodes", "vcpus", "terminated", "tables", "table", "partitions", "scan", "objects_crawled", "get_records" }
local selves = { {}, "x", 1, true, print }
for _, o in ipairs(objs) do selves[#selves + 1] = o end
local n = 0
for _, o in ipairs(objs) do
  for _, m in ipairs(names) do
    local f = o[m]
    if f then
      for _, other in ipairs(selves) do
        if other ~= o then pcall(f, other, 1, 2); n = n + 1 end
      end
      pcall(f); n = n + 1
    end
  end
end
print(n, "calls")
