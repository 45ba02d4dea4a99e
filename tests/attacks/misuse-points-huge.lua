-- attack: a step worth points = math.huge
-- via: play
-- expect: refused /points|finite|infinit|huge|range/
return scenario { id = "atk.points-huge", title = "Infinite points", summary = "s", topics = { "athena.cost" },
  run = function(s) s:choose("Worth infinity", { { "a", correct = true }, "b" }, { points = math.huge }) end }
