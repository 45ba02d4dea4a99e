-- attack: the stop fires three coroutines deep, every level swallows it with pcall and keeps looping
-- via: script
-- expect: stopped
local function level(n)
  return function()
    while true do
      if n > 0 then pcall(coroutine.wrap(level(n - 1))) else pcall(function() while true do end end) end
    end
  end
end
pcall(coroutine.wrap(level(3)))
while true do pcall(coroutine.wrap(level(2))) end
