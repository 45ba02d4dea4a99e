-- attack: getmetatable on strings and on every simulator object: false, so no method table can be edited
-- via: script
-- expect: survives
assert(getmetatable("") == false, "getmetatable('') is " .. tostring(getmetatable("")))
local b = assert(aws.firehose.bucket { name = "hidden-bucket" })
assert(b:put("a/b.json", "{}"))
local st = assert(aws.kinesis.stream { name = "hidden" })
local objs = { aws.glacier.vault { name = "hidden" }, st, st:consumer {}, aws.kinesis.loggen {}, b,
  assert(aws.firehose.delivery_stream { name = "hidden", bucket = b }), assert(aws.glue.crawl { bucket = b }),
  assert(aws.elasticache.cluster { name = "hidden" }),
  assert(aws.emr.cluster { name = "hidden", master = { type = "m4.large" }, core = { type = "m4.xlarge" } }) }
for i, o in ipairs(objs) do
  assert(getmetatable(o) == false, "object " .. i .. ": getmetatable gives " .. tostring(getmetatable(o)))
end
print("every metatable hidden")
