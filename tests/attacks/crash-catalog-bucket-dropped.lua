-- attack: a Glue catalog used after its bucket was dropped and collected ("the catalog keeps the bucket alive")
-- via: script
-- expect: survives
local cat
do
  local b = assert(aws.firehose.bucket { name = "dropped-lake" })
  for d = 1, 3 do assert(b:put(string.format("t/day=%02d/a.json", d), '{"a":1}\n')) end
  cat = assert(aws.glue.crawl { bucket = b, path = "t/" })
end
for i = 1, 3e5 do local t = { i } end
local ok, t = pcall(cat.table, cat, "t")
assert(ok, t)
assert(t and t.partitions == 3, "the catalog lost its table")
assert(cat:scan("t").partitions == 3)
print(t.location)
