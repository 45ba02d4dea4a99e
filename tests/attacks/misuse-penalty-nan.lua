-- attack: a step whose penalty is 0/0, picked with its anti-pattern
-- via: play
-- expect: refused /NaN|not a number|finite|penalty/
-- answers: 2
return scenario { id = "atk.penalty-nan", title = "NaN penalty", summary = "s", topics = { "athena.cost" },
  run = function(s)
    s:choose("Which?", { { "a", correct = true }, { "b", antipattern = "athena.row-format" } }, { penalty = 0/0 })
  end }
