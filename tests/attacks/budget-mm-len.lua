-- attack: a __len metamethod that loops, called from C by table.insert
-- via: script
-- expect: stopped
local t = setmetatable({}, { __len = function() while true do end end })
table.insert(t, 1)
