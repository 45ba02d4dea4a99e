-- attack: the main thread resumes a yielding coroutine for ever, each resume under pcall
-- via: script
-- expect: stopped
local co = coroutine.wrap(function() while true do coroutine.yield() end end)
while true do pcall(co) end
