-- attack: unbounded recursion that grows the stack: a clean stack overflow error
-- via: script play lint
-- expect: refused /stack overflow/ or memory
local function f() f() end
f()
