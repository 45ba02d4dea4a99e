-- attack: s:choose called from inside a coroutine of the scenario's own (the host's yield must not be confused with the script's)
-- via: play
-- expect: survives or refused /choose|coroutine|yield/
return scenario { id = "atk.co-choose", title = "Choose in a coroutine", summary = "s", topics = { "athena.cost" },
  run = function(s)
    local co = coroutine.wrap(function() return s:choose("Inside?", { { "a", correct = true }, "b" }) end)
    local i = co()
    s:say("got " .. tostring(i))
  end }
