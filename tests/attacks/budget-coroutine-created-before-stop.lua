-- attack: a coroutine created before the stop, resumed after it, loops with pcall in a loop
-- via: script
-- expect: stopped
local co = coroutine.create(function()
  while true do pcall(function() while true do end end) end
end)
pcall(coroutine.wrap(function() while true do end end))   -- the stop, in another thread
coroutine.resume(co)
