-- attack: load(string.dump(f)) to run bytecode
-- via: script
-- expect: refused /nil value|dump/
load(string.dump(function() return 1 end))()
