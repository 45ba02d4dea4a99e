-- attack: reach rawset from a script
-- via: script
-- expect: refused /undefined global|attempt to (index|call) a nil/
rawset(_G, "os", {})
