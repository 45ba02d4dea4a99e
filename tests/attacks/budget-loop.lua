-- attack: the plainest runaway, an endless loop
-- via: script play lint
-- expect: stopped
while true do end
