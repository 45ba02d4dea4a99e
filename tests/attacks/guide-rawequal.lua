-- attack: reach rawequal from a script
-- via: script
-- expect: refused /undefined global|attempt to (index|call) a nil/
rawequal(_G, _G)
