-- attack: table.insert at position 1 of a table whose __len says maxinteger - 1: shifts 2^63 entries in C
-- via: script
-- expect: stopped or refused @bounded
local t = setmetatable({}, { __len = function() return math.maxinteger - 1 end, __newindex = type })
table.insert(t, 1, "x")
