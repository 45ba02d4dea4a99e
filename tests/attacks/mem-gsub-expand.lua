-- attack: gsub replacing each of a million characters with 200: a 200 MB result built in C
-- via: script
-- expect: memory
local s = ("x"):rep(1e6):gsub("x", ("y"):rep(200))
