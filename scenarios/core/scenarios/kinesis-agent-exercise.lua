-- The course's Kinesis exercise, end to end: write /etc/aws-kinesis/agent.json,
-- start the Kinesis Agent, run `sudo ./LogGenerator.py 500000`, watch the
-- agent push the lines into CadabraOrders (one shard, as in the course), then
-- read them back as Consumer.py does. Every count, rate and verdict shown is
-- read from the simulator: the agent's statistics, the stream's per-shard
-- metrics and series, and the consumer's statistics.

local STREAM = "CadabraOrders"
local COURSE_LINES = 500000 -- sudo ./LogGenerator.py 500000
local SPREAD_SECONDS = 200 -- the steady-state question spreads the run over this long
local STEADY_SECONDS = 60 -- how long each steady-state check runs
local PRODUCER_RATE = 1900 -- records/s of the boto3 producer on two shards (95% of the limit)
local TEST_LINES = 100 -- lines each candidate agent.json is tried on
-- Every simulated workload after the first choice scales with the number of
-- lines the learner writes, so a short run (and `bdw pack lint`, which
-- answers 1 and 100) stays cheap.

local COURSE_JSON = [[
{
  "cloudwatch.emitMetrics": true,
  "kinesis.endpoint": "",
  "firehose.endpoint": "",
  "flows": [
    {
      "filePattern": "/var/log/cadabra/*.log",
      "kinesisStream": "CadabraOrders",
      "partitionKeyOption": "RANDOM"
    }
  ]
}]]

local CANDIDATES = {
  { label = '"filePattern": "/var/log/cadabra/*.log", "kinesisStream": "CadabraOrders"',
    json = '{"flows":[{"filePattern":"/var/log/cadabra/*.log","kinesisStream":"CadabraOrders"}]}' },
  { label = '"filePattern": "/var/log/cadabra/", "kinesisStream": "CadabraOrders"',
    json = '{"flows":[{"filePattern":"/var/log/cadabra/","kinesisStream":"CadabraOrders"}]}' },
  { label = '"filePattern": "/var/log/cadabra/*.log", "deliveryStream": "CadabraOrders"',
    json = '{"flows":[{"filePattern":"/var/log/cadabra/*.log",' ..
           '"deliveryStream":"CadabraOrders"}]}' },
  { label = '"filePattern": "/var/log/cadabra/*.log", "kinesisStream": "CadabraOrders", ' ..
            '"maxBufferSizeRecords": 1000',
    json = '{"flows":[{"filePattern":"/var/log/cadabra/*.log","kinesisStream":"CadabraOrders",' ..
           '"maxBufferSizeRecords":1000}]}' },
}

local function n(x) -- 1234567 -> "1,234,567"
  local s = string.format("%d", math.floor(x + 0.5))
  local out = s:reverse():gsub("(%d%d%d)", "%1,"):reverse()
  return (out:gsub("^(-?),", "%1"))
end

-- A month (730 h) of `shards` shards at the simulator's shard-hour price.
local function monthly(stream, shards)
  local c = stream:costs()
  return c.shard_usd / c.shard_hours * shards * 730
end

local function ceil_div(a, b) return math.floor((a + b - 1) / b) end

-- A series averaged into at most `points` buckets, so a long run fits a chart.
local function squeeze(chart, points)
  local per = math.max(1, math.ceil(#chart / points))
  local out = {}
  for i = 1, #chart, per do
    local sum, k = 0, 0
    for j = i, math.min(#chart, i + per - 1) do sum, k = sum + chart[j], k + 1 end
    out[#out + 1] = math.floor(sum / k + 0.5)
  end
  return out, per
end

-- Starts an agent with `json` against a fresh one-shard stream, writes
-- `lines` test lines and lets it work: what the agent would do with it.
local function trial(json, lines, seed)
  local stream = assert(aws.kinesis.stream { name = STREAM, shards = 1 })
  local logs = aws.kinesis.loggen { seed = seed }
  local agent, err = aws.kinesis.agent { config = json, logs = logs, streams = { stream } }
  if not agent then return { error = err.message } end
  logs:write(lines)
  local st = agent:run { duration = "2m" }
  st.in_stream = stream:metrics().totals.records_in
  return st
end

local function trial_text(t, lines)
  if t.error then return "The agent refuses to start: " .. t.error end
  if t.lines_read == 0 then
    return "The agent read 0 of " .. n(lines) .. " lines: the pattern matches no file " ..
           "(filePattern is a glob for files, such as /var/log/cadabra/*.log)."
  end
  if t.missing_destination > 0 then
    return string.format("The agent read %s lines and sent none (%d failed attempts): " ..
           "deliveryStream names a Firehose delivery stream, and there is no Firehose " ..
           "stream called CadabraOrders.", n(t.lines_read), t.missing_destination)
  end
  return string.format("The agent read %s lines and %s records reached the stream.",
                       n(t.lines_read), n(t.in_stream))
end

-- A steady producer (PutRecords every 100 ms, retrying with backoff) at
-- `rate` records/s of `bytes` against `shards` shards: its summary and stream.
local function steady(shards, rate, bytes)
  local stream = assert(aws.kinesis.stream { name = STREAM, shards = shards })
  local sum = stream:produce { rate = rate, seconds = STEADY_SECONDS, record_size = bytes,
                               keys = 10000 }
  return sum, stream
end

return scenario {
  id = "kinesis.agent-exercise",
  title = "The Kinesis Agent exercise: logs into CadabraOrders",
  summary = "Configure the Kinesis Agent, push 500,000 log lines into a one-shard stream, " ..
            "watch it throttle and retry, and read the records back.",
  domain = "collection",
  topics = { "kinesis.agent", "kinesis.shards", "kinesis.producers", "kinesis.consumers" },
  difficulty = 2,
  minutes = 15,

  run = function(s)
    local limits = aws.kinesis.limits()
    s:say("You are on the EC2 instance of the course exercise. The Kinesis Agent is installed " ..
          "(sudo yum install -y aws-kinesis-agent), /var/log/cadabra exists, and the stream " ..
          STREAM .. " has one shard. LogGenerator.py will append Online Retail orders, one CSV " ..
          "line each, to a new file /var/log/cadabra/YYYYMMDD-HHMMSS.log.")
    s:explain("The agent reads /etc/aws-kinesis/agent.json: a list of flows, each a filePattern " ..
              "(a glob for the files to tail) and a destination: kinesisStream for Kinesis Data " ..
              "Streams, deliveryStream for Kinesis Data Firehose.")

    -- 1. Choose agent.json; each candidate is tried in the simulator first.
    local opts = {}
    for i, c in ipairs(CANDIDATES) do
      local t = trial(c.json, TEST_LINES, 10 + i)
      opts[i] = { c.label, why = trial_text(t, TEST_LINES) }
      if i == 1 then opts[i].correct = true end
    end
    s:choose("Which flow do you put in /etc/aws-kinesis/agent.json? (Each was tried on a few " ..
             "test lines; the result is shown after you answer.)", opts,
             { id = "agent-json", points = 1,
               explain = "filePattern is a glob of files, kinesisStream names a Kinesis stream, " ..
                         "and maxBufferSizeRecords is at most 500 (one PutRecords call)." })

    -- 2. Type the file; the simulator validates it, and the course's copy is
    -- used when it is refused or sends nothing.
    local config = COURSE_JSON
    local typed = s:input("sudo vim /etc/aws-kinesis/agent.json -- type the file on one line " ..
                          "(Enter keeps the course's file)",
                          { id = "type-agent-json", default = COURSE_JSON, hint = "JSON" })
    if typed ~= COURSE_JSON then
      local t = trial(typed, TEST_LINES, 20)
      if t.error or t.in_stream < TEST_LINES then
        s:show({ title = "aws-kinesis-agent.log", text = trial_text(t, TEST_LINES) })
        s:say("You restore the course's agent.json and restart the agent.")
      else
        config = typed
        s:say("The agent accepts your file and sends every test line.")
      end
    end
    s:show({ title = "/etc/aws-kinesis/agent.json", text = config })

    -- 3. The run: the agent starts before the generator writes, so the new
    -- file is read from its start.
    local stream = assert(aws.kinesis.stream { name = STREAM, shards = 1 })
    local logs = aws.kinesis.loggen { seed = 1 }
    local agent = assert(aws.kinesis.agent { config = config, logs = logs, streams = { stream } })
    local asked = s:number("sudo service aws-kinesis-agent start, then sudo ./LogGenerator.py " ..
                           "N: how many lines do you write? (The course writes " ..
                           COURSE_LINES .. ".)",
                           { id = "lines", unit = "lines" })
    local LINES = math.max(1, math.min(1000000, math.floor(asked)))
    if LINES ~= asked then s:say("LogGenerator.py writes " .. n(LINES) .. " lines.") end
    local t0 = clock.now()
    local path = logs:write(LINES)
    local st = agent:run { duration = "2h" }
    local took = clock.now() - t0
    s:show({ title = path, text = logs:line(1) .. "\n" .. logs:line(2) .. "\n..." })
    s:show({ title = "tail -f /var/log/aws-kinesis-agent/aws-kinesis-agent.log",
             columns = { "lines read", "records sent", "throttled", "retries", "PutRecords calls",
                         "failed", "time to ship" },
             rows = { { n(st.lines_read), n(st.records_sent), n(st.throttled), n(st.retries),
                        n(st.put_calls), n(st.failed), clock.format(took) } } })
    s:show(stream:metrics())
    local secs = math.min(900, math.ceil(took / 1000) + 5)
    local rec, per = squeeze(stream:series(0, { metric = "records", seconds = secs }).chart, 60)
    local thr = squeeze(stream:series(0, { metric = "throttled", seconds = secs }).chart, 60)
    s:show({ title = string.format("shardId-000000000000: records accepted per second " ..
                                   "(%d-second averages)", per), chart = rec, unit = "records/s" })
    s:show({ title = string.format("shardId-000000000000: records throttled per second " ..
                                   "(%d-second averages)", per), chart = thr, unit = "records/s" })

    if st.throttled > 0 then
      s:say(string.format("Kinesis refused %s record writes with ProvisionedThroughputExceeded.",
                          n(st.throttled)))
    else
      s:say("No write was refused: " .. n(LINES) .. " lines fit in the shard's 1,000 records/s. " ..
            "With the course's 500,000 lines they would not.")
    end
    s:choose("What does the agent do with the records Kinesis refuses?", {
      { "Kept them buffered and retried them with exponential backoff until they were " ..
        "accepted; a file's checkpoint only moves past records that are in",
        correct = true,
        why = string.format("%s of %s lines reached the stream, %s failed; the %s retries " ..
                            "took the run to %s instead of about %s at 1,000 records/s.",
                            n(st.records_sent), n(st.lines_read), n(st.failed), n(st.retries),
                            clock.format(took),
                            clock.format(LINES / limits.write_records_per_s * 1000)) },
      { "Dropped them and logged an error, so part of the file is lost",
        why = string.format("The agent's counters say %s of %s were sent and %s failed.",
                            n(st.records_sent), n(st.lines_read), n(st.failed)) },
      { "Slowed LogGenerator.py down until the shard kept up",
        why = "The agent only reads the file; the generator wrote every line at once." },
      { "Sent them to a second shard that Kinesis adds when one is full",
        why = "Kinesis never reshards by itself: the stream still has one shard." },
    }, { id = "throttled-records",
         explain = "Per shard Kinesis takes 1,000 records/s and 1 MB/s; the agent retries what " ..
                   "is refused (retryInitialBackoffMillis, retryMaxBackoffMillis)." })

    -- 4. Sizing for the steady state, checked by running the learner's answer.
    local bytes_per_rec = math.floor(st.bytes_sent / math.max(1, st.records_sent) + 0.5)
    local rate = math.max(1, math.floor(LINES / SPREAD_SECONDS + 0.5))
    local mbps = rate * bytes_per_rec / limits.write_bytes_per_s
    local need = math.max(ceil_div(rate, limits.write_records_per_s), math.ceil(mbps))
    s:say(string.format("In production the web servers write those %s lines every %d seconds, " ..
                        "steadily: %s lines/s of %d bytes with the partition key (as the agent " ..
                        "just measured).", n(LINES), SPREAD_SECONDS, n(rate), bytes_per_rec))
    local got = s:number("How many shards keep the agent from being throttled at that rate?",
      { answer = need, tolerance = 0, unit = "shards", id = "shards-for-steady-rate",
        hint = "Per shard: 1,000 records/s and 1 MB/s; take whichever needs more shards.",
        explain = string.format("max(%s / 1,000 records/s, %.2f MB/s / 1 MB/s) rounded up = %d.",
                                n(rate), mbps, need) })
    local mine = math.max(1, math.min(64, math.floor(got)))
    local rows = {}
    local mine_st
    for _, k in ipairs(mine == need and { need - 1, need } or { need - 1, need, mine }) do
      if k >= 1 then
        local kst, ks = steady(k, rate, bytes_per_rec - 8)
        if k == mine then mine_st = kst end
        rows[#rows + 1] = { k == mine and (k .. " (yours)") or tostring(k), n(kst.delivered),
                            n(kst.throttled), n(kst.retries),
                            string.format("$%.2f", monthly(ks, k)) }
      end
    end
    s:show({ title = string.format("A steady producer, %d s at %s records/s", STEADY_SECONDS,
                                   n(rate)),
             columns = { "shards", "records in", "throttled", "retries", "shards per month" },
             rows = rows })
    if mine_st.throttled > 0 then
      s:hit("kinesis.under-provisioned", string.format("With %d shard(s) writes were throttled " ..
            "%s times in %d seconds.", mine, n(mine_st.throttled), STEADY_SECONDS))
    end

    -- 5. Your own producer instead of the agent: partial failures near the
    -- limit (two shards at 95% of their records/s), with and without retries.
    local psecs = math.max(1, math.ceil(LINES / PRODUCER_RATE))
    local p0 = assert(aws.kinesis.stream { name = "Scratch", shards = 2 })
    local keep = p0:produce { rate = PRODUCER_RATE, seconds = psecs, record_size = bytes_per_rec,
                              max_retries = 0 }
    local p1 = assert(aws.kinesis.stream { name = "Scratch", shards = 2 })
    local retry = p1:produce { rate = PRODUCER_RATE, seconds = psecs, record_size = bytes_per_rec,
                               max_retries = 5 }
    s:show({ title = string.format("Your lines from a boto3 producer: two shards, %s records/s " ..
                                   "(95%% of their limit)", n(PRODUCER_RATE)),
             columns = { "producer", "sent", "delivered", "throttled", "retries", "lost" },
             rows = { { "ignores FailedRecordCount", n(keep.generated), n(keep.delivered),
                        n(keep.throttled), n(keep.retries), n(keep.dropped) },
                      { "retries failed records (5 tries)", n(retry.generated), n(retry.delivered),
                        n(retry.throttled), n(retry.retries), n(retry.dropped) } } })
    s:choose("You replace the agent with your own boto3 put_records loop. The call returns " ..
             "without an exception. What do you do with its response?", {
      { "Read FailedRecordCount and retry only the records that carry an ErrorCode, with backoff",
        correct = true,
        why = string.format("The producer that retries lost %s records; the one that does not " ..
                            "lost %s.", n(retry.dropped), n(keep.dropped)) },
      { "Nothing: no exception means every record was written",
        antipattern = "kinesis.no-retry",
        why = string.format("%s of %s records were lost without any exception.",
                            n(keep.dropped), n(keep.generated)) },
      { "Resend the whole batch whenever FailedRecordCount > 0", partial = 0.5,
        why = "Nothing is lost, but records that were accepted are written twice." },
    }, { id = "failed-records",
         explain = "PutRecords fails per record: the response has FailedRecordCount and, per " ..
                   "record, a SequenceNumber and ShardId or an ErrorCode." })

    -- 6. Consumer.py: a LATEST iterator on shardId-000000000000.
    local latest = stream:consumer { from = "LATEST" }
    local before = latest:run { seconds = 10 }.records
    logs:write(1000)
    agent:run { duration = "10m", consumer = latest }
    local after = latest:run { seconds = 5 }
    s:choose("Consumer.py gets a LATEST shard iterator for shardId-000000000000 after the agent " ..
             "has shipped everything, and calls GetRecords every second. What does it print in " ..
             "its first ten seconds?", {
      { "Empty record lists, until new lines are written",
        correct = before == 0,
        why = string.format("The simulator's consumer read %d records in 10 s; after another " ..
                            "./LogGenerator.py 1000 it read %s.", before, n(after.records)) },
      { "Every record the agent sent, oldest first", correct = before >= LINES,
        why = "That is TRIM_HORIZON: the oldest record still retained (24 hours by default)." },
      { "An error: the iterator is for a shard that has no new data",
        why = "GetRecords returns an empty list and a NextShardIterator." },
    }, { id = "consumer-latest",
         explain = "LATEST starts after the newest record; TRIM_HORIZON at the oldest retained." })
    local all = stream:consumer { from = "TRIM_HORIZON" }
    local cs = all:run { seconds = 120 }
    s:show({ title = "A TRIM_HORIZON consumer, two minutes",
             columns = { "records", "bytes", "GetRecords calls", "throttled calls",
                         "max behind" },
             rows = { { n(cs.records), size.format(cs.bytes), n(cs.calls), n(cs.throttled_calls),
                        clock.format(cs.max_millis_behind) } } })
    local sample = all:sample()
    s:show({ title = "Last records read",
             text = table.concat(sample, "", math.max(1, #sample - 2)) })

    -- 7. A file that was there before the agent started.
    local web2 = aws.kinesis.loggen { seed = 2 }
    local WEB2_LINES = math.max(1, LINES // 5)
    web2:write(WEB2_LINES)
    clock.advance("1h")
    local function second_server(json)
      local st2 = assert(aws.kinesis.stream { name = STREAM, shards = 1 })
      local a2 = assert(aws.kinesis.agent { config = json, logs = web2, streams = { st2 } })
      return a2:run { duration = "1h" }
    end
    local eof = second_server(COURSE_JSON)
    local sof = second_server((COURSE_JSON:gsub('"partitionKeyOption"',
                                                '"initialPosition": "START_OF_FILE",\n      ' ..
                                                '"partitionKeyOption"')))
    s:say("A second web server has been writing orders to /var/log/cadabra for a day: " ..
          n(WEB2_LINES) .. " lines in one file. Nobody installed the agent there yet.")
    s:choose("You install the agent there. How do you get the lines already in that file " ..
             "into " .. STREAM .. "?", {
      { 'Add "initialPosition": "START_OF_FILE" to the flow before starting the agent',
        correct = sof.records_sent == WEB2_LINES,
        why = string.format("With START_OF_FILE the agent sent %s lines.", n(sof.records_sent)) },
      { "Start it with the same agent.json; the agent reads every file that matches",
        antipattern = "kinesis.agent-end-of-file",
        why = string.format("Without initialPosition (END_OF_FILE) the agent sent %s of the %s " ..
                            "lines.", n(eof.records_sent), n(WEB2_LINES)) },
      { "Start it, then run LogGenerator.py again",
        why = "The generator writes new lines to a new file; the old file is still skipped." },
    }, { id = "existing-lines",
         explain = "initialPosition defaults to END_OF_FILE: files already there when the agent " ..
                   "starts are read from their end; files created later from their start. " ..
                   "That is why the course runs LogGenerator.py after starting the agent." })
  end,
}
