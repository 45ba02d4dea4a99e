-- attack: a scenario that, after the first answer, hangs inside a C function (backtracking pattern)
-- via: play lint
-- expect: stopped or refused @bounded
return scenario { id = "atk.c-hang", title = "C hang", summary = "s", topics = { "athena.cost" },
  run = function(s)
    s:choose("Ready?", { "yes", "no" })
    string.find(("a"):rep(40), ("a*"):rep(40) .. "b")
  end }
