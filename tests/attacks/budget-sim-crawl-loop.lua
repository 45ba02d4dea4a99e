-- attack: a Glue crawl over 20,000 objects, again and again
-- via: script
-- expect: stopped or memory
local b = assert(aws.firehose.bucket { name = "wide-lake" })
for i = 1, 20000 do assert(b:put(string.format("t/p=%05d/x.json", i), { size = 1 })) end
while true do aws.glue.crawl { bucket = b } end
