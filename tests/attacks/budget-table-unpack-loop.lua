-- attack: table.unpack of 900,000 nils, again and again: each VM instruction pushes 900,000 values
-- via: script
-- expect: stopped or refused @bounded
while true do local n = select("#", table.unpack({}, 1, 9e5)) end
