-- attack: reach warn from a script
-- via: script
-- expect: refused /undefined global|attempt to (index|call) a nil/
warn("@on")
