-- attack: a finalizer keeps s and calls s:choose after run() returned, storing an answer into a finished attempt
-- via: play
-- expect: refused /__gc/
-- output-lacks: /too late/
return scenario { id = "atk.late-gc", title = "Late choose", summary = "s", topics = { "athena.cost" },
  run = function(s)
    s:choose("First", { { "a", correct = true }, "b" })
    KEEP = setmetatable({}, { __gc = function() s:choose("too late?", { { "a", correct = true }, "b" }) end })
  end }
