-- attack: table.sort of a table whose __len says 2^31 - 2 and whose entries come from C metamethods
-- via: script
-- expect: stopped or refused @bounded
local t = setmetatable({}, { __len = function() return (1 << 31) - 2 end, __index = type, __newindex = type })
table.sort(t)
