-- attack: an __index metamethod that loops, read under pcall in a loop
-- via: script
-- expect: stopped
local t = setmetatable({}, { __index = function() while true do end end })
while true do pcall(function() return t.x end) end
