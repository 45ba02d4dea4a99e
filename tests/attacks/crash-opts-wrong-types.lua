-- attack: option fields of the wrong type: numbers where strings are expected and strings, tables, booleans, functions where numbers are
-- via: script
-- expect: survives
local odd = { 42, 0/0, "42", "", true, {}, print, math.huge, -1, math.mininteger, ("x"):rep(5000) }
local ctors = {
  { aws.glacier.vault, { "name" } },
  { aws.kinesis.stream, { "name", "shards", "retention", "series_seconds" } },
  { aws.kinesis.loggen, { "seed", "dir", "rate", "lines" } },
  { aws.firehose.bucket, { "name" } },
  { aws.elasticache.cluster, { "name", "engine", "node_memory", "shards", "replicas", "multi_az", "policy" } },
  { aws.emr.cluster, { "name", "core_disk" } },
  { aws.athena.cost, { "scanned", "status" } },
  { aws.athena.scan, { "size", "format", "compression", "columns", "columns_read" } },
  { aws.glacier.estimate, { "size", "tier" } },
}
local base = { name = "typed", master = { type = "m4.large" }, core = { type = "m4.xlarge" } }
local n = 0
for _, c in ipairs(ctors) do
  for _, field in ipairs(c[2]) do
    for _, value in ipairs(odd) do
      local o = {}
      for k, v in pairs(base) do o[k] = v end
      o[field] = value
      o.name = field == "name" and value or ("typed" .. n)
      n = n + 1
      pcall(c[1], o)
    end
  end
end
print(n, "calls")
