-- attack: __gc reached through the metatable's own __index (Lua reads __gc raw, so this must not finalize)
-- via: script
-- expect: survives or refused /__gc/
local ran = false
local mt = setmetatable({}, { __index = { __gc = function() ran = true end } })
local obj = setmetatable({}, mt)
obj = nil
for i = 1, 2e5 do local t = { i } end
assert(not ran, "a __gc inherited through __index ran")
