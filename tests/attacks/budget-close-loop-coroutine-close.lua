-- attack: coroutine.close, after the stop, on a coroutine created before it: its pending __close loops with pcall
-- via: script
-- expect: stopped
local co = coroutine.create(function()
  local guard <close> = setmetatable({}, { __close = function()
    while true do pcall(function() while true do end end) end
  end })
  coroutine.yield()
end)
coroutine.resume(co)
pcall(coroutine.wrap(function() while true do end end))   -- the stop, in another thread
coroutine.close(co)
