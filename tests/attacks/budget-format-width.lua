-- attack: string.format widths and precisions: bounded by Lua (two digits), so harmless
-- via: script
-- expect: survives
assert(#string.format("%099d", 1) == 99)
assert(#string.format("%99.99f", 1e308) > 300)
assert(not pcall(string.format, "%100d", 1), "a three-digit width was accepted")
assert(not pcall(string.format, "%.100f", 1), "a three-digit precision was accepted")
assert(not pcall(string.format, "%5000s", "x"), "a four-digit width was accepted")
print("format widths are bounded")
