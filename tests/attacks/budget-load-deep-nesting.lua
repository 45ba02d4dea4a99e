-- attack: load a chunk nested 100,000 levels deep: the parser must refuse it cleanly, not overflow the C stack
-- via: script
-- expect: survives
local f, err = load("return " .. ("{"):rep(1e5) .. ("}"):rep(1e5))
assert(f == nil and err, "a 100,000-deep chunk loaded")
local g, err2 = load("return " .. ("("):rep(1e5) .. "1" .. (")"):rep(1e5))
assert(g == nil and err2, "a 100,000-deep expression loaded")
print(err, err2)
