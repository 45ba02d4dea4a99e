-- attack: table.remove at position 1 of a table whose __len says maxinteger: shifts 2^63 entries in C
-- via: script
-- expect: stopped or refused @bounded
local t = setmetatable({}, { __len = function() return math.maxinteger end, __index = type, __newindex = type })
table.remove(t, 1)
