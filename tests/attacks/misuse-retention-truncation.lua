-- attack: increase_retention((1<<32)+48): refused, not 48
-- via: script
-- expect: survives
local st = assert(aws.kinesis.stream { name = "keep" })
local ok, r = pcall(st.increase_retention, st, (1 << 32) + 48)
assert(not ok or r == nil, "increase_retention((1<<32)+48) was accepted")
assert(st:retention() == 24, "retention is now " .. st:retention())
ok, r = pcall(st.decrease_retention, st, -(1 << 32) + 24)
assert(st:retention() == 24, "retention is now " .. st:retention())
ok, r = pcall(aws.kinesis.stream, { name = "keep2", retention = (1 << 32) + 48 })
assert(not ok or r == nil, "retention = (1<<32)+48 was accepted")
print("retention unchanged")
