-- attack: reach os from a script
-- via: script play lint
-- expect: refused /undefined global|attempt to (index|call) a nil/
os.execute("touch /tmp/bdw-pwned-os")
