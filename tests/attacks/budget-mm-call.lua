-- attack: a __call metamethod that loops
-- via: script
-- expect: stopped
local t = setmetatable({}, { __call = function() while true do end end })
t()
