-- attack: a step worth points = 0/0
-- via: play
-- expect: refused /NaN|not a number|finite|points/
return scenario { id = "atk.points-nan", title = "NaN points", summary = "s", topics = { "athena.cost" },
  run = function(s) s:choose("Worth NaN", { { "a", correct = true }, "b" }, { points = 0/0 }) end }
