-- attack: endless tail recursion (a tail call never grows the stack: it is a loop)
-- via: script
-- expect: stopped
local function f() return f() end
f()
