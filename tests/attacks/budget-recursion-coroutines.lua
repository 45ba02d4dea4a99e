-- attack: each coroutine resumes a new one inside itself, without end
-- via: script
-- expect: refused /stack overflow|{file}:4:/
local function f() return coroutine.wrap(f)() end
f()
