-- attack: names with an embedded NUL for every constructor: refused, never cut at the NUL
-- via: script
-- expect: survives
local function refused(f, o)
  local ok, r = pcall(f, o)
  return not ok or r == nil
end
assert(refused(aws.glacier.vault, { name = "vault\0x" }), "vault")
assert(refused(aws.kinesis.stream, { name = "stream\0x" }), "stream")
assert(refused(aws.firehose.bucket, { name = "bucket\0x" }), "bucket")
assert(refused(aws.elasticache.cluster, { name = "cache\0x" }), "cluster")
assert(refused(aws.emr.cluster, { name = "emr\0x", master = { type = "m4.large" }, core = { type = "m4.xlarge" } }), "emr")
assert(refused(aws.emr.cluster, { name = "emr", master = { type = "m4.large\0x" }, core = { type = "m4.xlarge" } }), "instance type")
local b = assert(aws.firehose.bucket { name = "nul-bucket" })
assert(refused(aws.firehose.delivery_stream, { name = "hose\0x", bucket = b }), "delivery stream")
assert(refused(function() return b:put("key\0x", "v") end), "object key")
assert(refused(function() return aws.glacier.policy_template("worm\0x") end), "policy template")
assert(refused(function() return aws.athena.cost { scanned = "1TB", status = "succeeded\0x" } end), "athena status")
print("every NUL refused")
