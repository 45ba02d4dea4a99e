-- attack: the budget runs out in one coroutine (swallowed by pcall), then a coroutine.wrap created afterwards loops under pcall: the stop must hold in every thread
-- via: script play lint
-- expect: stopped
pcall(coroutine.wrap(function() while true do end end))
pcall(coroutine.wrap(function()
  while true do pcall(function() while true do end end) end
end))
