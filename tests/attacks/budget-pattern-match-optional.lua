-- attack: string.match with ("a?"):rep(40)..("a"):rep(40) over 40 a's: 2^40 paths
-- via: script
-- expect: stopped or refused @bounded
string.match(("a"):rep(40), ("a?"):rep(40) .. ("a"):rep(40))
