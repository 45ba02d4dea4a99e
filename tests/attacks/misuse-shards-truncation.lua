-- attack: shards = (1<<32)+1 and other counts past 32 bits: refused, not silently 1 shard
-- via: script
-- expect: survives
local function refused(f, ...)
  local ok, r, err = pcall(f, ...)
  return not ok or r == nil, ok and r or nil
end
local cases = {
  { aws.kinesis.stream, { name = "wide", shards = (1 << 32) + 1 } },
  { aws.kinesis.stream, { name = "wide2", shards = (1 << 32) + 2, series_seconds = (1 << 32) + 60 } },
  { aws.elasticache.cluster, { name = "wide", shards = (1 << 32) + 2 } },
  { aws.elasticache.cluster, { name = "wide2", replicas = (1 << 32) + 1 } },
  { aws.emr.cluster, { name = "wide", master = { type = "m4.large" }, core = { type = "m4.xlarge", count = (1 << 32) + 2 } } },
}
for i, c in ipairs(cases) do
  local no, obj = refused(c[1], c[2])
  assert(no, "case " .. i .. ": a count past 32 bits was accepted (truncated?)")
end
local st = assert(aws.kinesis.stream { name = "ok" })
assert(refused(st.update_shard_count, st, (1 << 32) + 2), "update_shard_count truncated")
assert(#st:shards() == 1)
local c = assert(aws.elasticache.cluster { name = "ok", engine = "memcached" })
assert(refused(c.set_nodes, c, (1 << 32) + 2), "set_nodes truncated")
assert(c:shards() == 1)
print("every count past 32 bits refused")
