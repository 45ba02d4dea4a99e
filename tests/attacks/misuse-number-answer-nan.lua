-- attack: s:number with answer = 0/0: a step nobody can answer right, stored as NaN
-- via: play
-- expect: refused /NaN|not a number|finite|answer/
-- answers: 5
return scenario { id = "atk.number-nan", title = "NaN answer", summary = "s", topics = { "athena.cost" },
  run = function(s) s:number("How many?", { answer = 0/0 }) end }
