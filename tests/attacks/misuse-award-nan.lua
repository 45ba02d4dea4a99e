-- attack: s:award(0/0, 1): a NaN score
-- via: play
-- expect: refused /NaN|not a number|finite|points/
return scenario { id = "atk.award-nan", title = "NaN award", summary = "s", topics = { "athena.cost" },
  run = function(s) s:award(0/0, 1) end }
