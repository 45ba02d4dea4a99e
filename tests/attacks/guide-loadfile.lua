-- attack: reach loadfile from a script
-- via: script
-- expect: refused /undefined global|attempt to (index|call) a nil/
loadfile("/etc/passwd")()
