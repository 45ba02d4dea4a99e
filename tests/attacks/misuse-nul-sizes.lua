-- attack: sizes and durations with junk after a NUL ("64MB\0junk"): refused, not read as "64MB"
-- via: script
-- expect: survives
assert(not pcall(size.bytes, "64MB\0junk"), "size.bytes accepted 64MB\\0junk")
local ok, c = pcall(aws.elasticache.cluster, { name = "nul", node_memory = "64MB\0junk" })
assert(not ok or c == nil, "node_memory = 64MB\\0junk accepted")
ok, c = pcall(aws.athena.cost, { scanned = "1TB\0junk" })
assert(not ok or c == nil, "scanned = 1TB\\0junk accepted")
local v = aws.glacier.vault { name = "nul-sizes" }
ok, c = pcall(v.upload, v, { size = "2GB\0junk" })
assert(not ok or c == nil, "upload size 2GB\\0junk accepted")
ok, c = pcall(v.upload, v, { size = "1KB", age = "400d\0junk" })
assert(not ok or c == nil, "age 400d\\0junk accepted")
print("every NUL refused")
