-- attack: integer fields given 2^53+1, -0.0, 1e308, -1e308, NaN, math.mininteger, math.maxinteger: refused, or exactly that value
-- via: script
-- expect: survives
local values = { 2^53 + 1, (1 << 53) + 1, -0.0, 1e308, -1e308, 0/0, math.mininteger, math.maxinteger }
local n = 0
for _, x in ipairs(values) do
  n = n + 1
  local ok, st = pcall(aws.kinesis.stream, { name = "i" .. n, shards = x })
  if ok and st then assert(#st:shards() == x, "shards = " .. tostring(x) .. " made " .. #st:shards()) end
  ok, st = pcall(aws.kinesis.stream, { name = "r" .. n, retention = x })
  if ok and st then assert(st:retention() == x, "retention = " .. tostring(x) .. " gave " .. st:retention()) end
  local c
  ok, c = pcall(aws.elasticache.cluster, { name = "c" .. n, shards = x })
  if ok and c then assert(c:shards() == x, "cluster shards = " .. tostring(x) .. " gave " .. c:shards()) end
  ok, c = pcall(aws.emr.cluster, { name = "e" .. n, master = { type = "m4.large" }, core = { type = "m4.xlarge", count = x } })
  if ok and c then assert(c:groups()[2].count == x, "core count = " .. tostring(x) .. " gave " .. c:groups()[2].count) end
  pcall(aws.emr.replication, x)
  pcall(aws.glacier.set_provisioned_capacity, x)
  pcall(aws.glacier.set_expedited_failure, x)
  pcall(clock.format, x)
  pcall(size.format, x)
  pcall(math.random, x)
  pcall(math.randomseed, x)
end
print("extremes refused or kept")
