-- attack: gmatch with a pattern that backtracks exponentially at every start position
-- via: script
-- expect: stopped or refused @bounded
for m in (("a"):rep(40) .. "c"):gmatch(("a*"):rep(40) .. "b") do end
