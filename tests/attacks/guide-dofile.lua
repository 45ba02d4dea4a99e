-- attack: reach dofile from a script
-- via: script
-- expect: refused /undefined global|attempt to (index|call) a nil/
dofile("/etc/passwd")
