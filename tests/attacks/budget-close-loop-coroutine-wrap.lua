-- attack: a coroutine.wrap dies from the stop; its __close loops with pcall while it unwinds
-- via: script
-- expect: stopped
pcall(coroutine.wrap(function()
  local guard <close> = setmetatable({}, { __close = function()
    while true do pcall(function() while true do end end) end
  end })
  while true do end
end))
