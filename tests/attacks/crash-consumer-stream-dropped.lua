-- attack: a polling consumer whose stream was dropped and collected keeps polling
-- via: script
-- expect: survives
local c
do
  local st = assert(aws.kinesis.stream { name = "orphan" })
  for i = 1, 50 do st:put_record { key = "k" .. i, data = "d" } end
  c = st:consumer { from = "TRIM_HORIZON" }
end
for i = 1, 3e5 do local t = { i } end
local ok, r = pcall(c.run, c, { seconds = 5 })
assert(ok, r)
print(c:stats().records)
