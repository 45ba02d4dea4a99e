-- attack: s:award(1, 0/0): a NaN maximum
-- via: play
-- expect: refused /NaN|not a number|finite|points|max/
return scenario { id = "atk.award-max-nan", title = "NaN max", summary = "s", topics = { "athena.cost" },
  run = function(s) s:award(1, 0/0) end }
