-- attack: reach rawget from a script
-- via: script
-- expect: refused /undefined global|attempt to (index|call) a nil/
rawget(_G, "os")
