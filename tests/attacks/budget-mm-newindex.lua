-- attack: a __newindex metamethod that loops
-- via: script
-- expect: stopped
local t = setmetatable({}, { __newindex = function() while true do end end })
t.x = 1
