-- attack: a vault named "a\0b" (C would see "a")
-- via: script
-- expect: refused /NUL|zero byte|\\0|embedded/
assert(aws.glacier.vault { name = "a\0b" })
