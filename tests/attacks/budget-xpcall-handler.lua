-- attack: an xpcall whose message handler loops for ever
-- via: script play lint
-- expect: stopped
xpcall(error, function() while true do end end)
