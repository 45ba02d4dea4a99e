-- attack: after the stop, a fresh coroutine calls xpcall in a loop with a message handler that loops
-- via: script
-- expect: stopped
pcall(coroutine.wrap(function() while true do end end))
pcall(coroutine.wrap(function()
  while true do xpcall(error, function() while true do end end) end
end))
