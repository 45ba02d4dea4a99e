-- attack: a recursion that catches its own stack overflow and recurses again: 2^200 calls
-- via: script
-- expect: stopped
local function f() pcall(f) f() end
pcall(f)
while true do pcall(f) end
