-- attack: a __gc added to the metatable after setmetatable: Lua does not mark the object, so the finalizer must never run
-- via: script play
-- expect: survives or refused /__gc/
local ran = false
local mt = {}
local obj = setmetatable({}, mt)
mt.__gc = function() ran = true end
obj = nil
for i = 1, 2e5 do local t = { i } end
assert(not ran, "a finalizer added after setmetatable ran")
print("finalizer never ran")
