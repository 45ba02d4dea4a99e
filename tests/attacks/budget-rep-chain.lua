-- attack: ("x"):rep(1e4):rep(1e4): 100 MB from a 10 KB string in one call
-- via: script
-- expect: memory or stopped or refused @bounded
local s = ("x"):rep(1e4):rep(1e4)
