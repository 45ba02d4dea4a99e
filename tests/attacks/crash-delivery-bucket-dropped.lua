-- attack: a Firehose delivery stream whose bucket was dropped and collected keeps delivering
-- via: script
-- expect: survives
local f = assert(aws.firehose.delivery_stream { name = "orphan", bucket = assert(aws.firehose.bucket { name = "orphan-bucket" }), interval = "60s" })
for i = 1, 3e5 do local t = { i } end
for i = 1, 100 do f:put_record(("r%d\n"):format(i)) end
clock.advance("61s")
local ok, st = pcall(f.stats, f)
assert(ok, st)
print(st.objects, st.records_in)
