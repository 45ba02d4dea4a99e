-- attack: reach debug from a script
-- via: script
-- expect: refused /undefined global|attempt to (index|call) a nil/
debug.sethook()
