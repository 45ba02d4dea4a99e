-- attack: a __concat metamethod that loops, inside a coroutine after the stop
-- via: script
-- expect: stopped
local t = setmetatable({}, { __concat = function() while true do end end })
pcall(coroutine.wrap(function() while true do end end))
pcall(coroutine.wrap(function() while true do pcall(function() return t .. "x" end) end end))
