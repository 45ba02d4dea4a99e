-- attack: table.move of 2^63 entries between tables whose __index/__newindex are C functions (type)
-- via: script
-- expect: stopped or refused @bounded
local a = setmetatable({}, { __index = type })
local b = setmetatable({}, { __newindex = type })
table.move(a, 1, math.maxinteger - 1, 1, b)
