-- attack: 20,000 keys 500 folders deep, then one Glue crawl (simulator memory: 3.1 GB before the fix)
-- via: script
-- expect: memory or stopped
local b = assert(aws.firehose.bucket { name = "deep-lake" })
local prefix = ("d/"):rep(500)
for i = 1, 20000 do assert(b:put(prefix .. i, { size = 1 })) end
aws.glue.crawl { bucket = b }
