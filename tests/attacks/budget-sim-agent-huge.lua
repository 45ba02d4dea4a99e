-- attack: the Kinesis agent sending a log generator's 100 million lines (a week at most per run, run again and again)
-- via: script
-- expect: stopped or memory or refused @bounded
local AGENT = [[{"flows": [{"filePattern": "/var/log/cadabra/*.log", "kinesisStream": "big",
                            "initialPosition": "START_OF_FILE"}]}]]
local st = assert(aws.kinesis.stream { name = "big", shards = 64 })
local logs = aws.kinesis.loggen { seed = 1 }
local agent = assert(aws.kinesis.agent { config = AGENT, logs = logs, streams = { st } })
assert(logs:write(1e8))
while true do agent:run { duration = "7d" } end
