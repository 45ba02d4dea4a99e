-- attack: load (compile) a 4 MB generated chunk again and again: the parser's work is done in C, between two VM instructions
-- via: script
-- expect: stopped or memory or refused @bounded
local src = ("a=1;"):rep(1e6)
while true do load(src) end
