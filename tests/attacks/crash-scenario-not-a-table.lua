-- attack: the scenario file returns a userdata (a simulator object) and a string field made by __index: not a scenario
-- via: lint play
-- expect: refused /{file}/
return aws.kinesis.stream { name = "not-a-scenario" }
