-- attack: string.find with an exponentially backtracking pattern: ("a*"):rep(40).."b" over 40 a's
-- via: script lint
-- expect: stopped or refused @bounded
string.find(("a"):rep(40), ("a*"):rep(40) .. "b")
