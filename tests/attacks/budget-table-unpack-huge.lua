-- attack: table.unpack({}, 1, 1e8): a hundred million results
-- via: script
-- expect: refused /too many results/ or refused @bounded
table.unpack({}, 1, 1e8)
