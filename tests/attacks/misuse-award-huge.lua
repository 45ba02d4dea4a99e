-- attack: s:award(math.huge, math.huge): infinite points
-- via: play
-- expect: refused /finite|infinit|huge|range|NaN|not a number/
return scenario { id = "atk.award-huge", title = "Infinite award", summary = "s", topics = { "athena.cost" },
  run = function(s) s:award(math.huge, math.huge) end }
