-- How many shards? The learner sizes a stream from a records/s rate and a
-- record size, then the simulator runs a producer against the learner's own
-- answer: too few shards throttle (ProvisionedThroughputExceeded, retries,
-- lost records), too many cost shard-hours that carry nothing. The limits,
-- the throttling, the utilisation and the costs shown all come from the
-- simulator (aws.kinesis.limits, produce, metrics, series, costs).

local RATE = 1200 -- records/s of the clickstream
local RECORD = 2048 -- bytes of data per record
local SECONDS = 20 -- how long each check runs
local KEYS = 10000 -- distinct partition keys ("key-0" .. "key-9999")
local MAX_SHARDS = 64

local function n(x)
  local s = string.format("%d", math.floor(x + 0.5))
  local out = s:reverse():gsub("(%d%d%d)", "%1,"):reverse()
  return (out:gsub("^(-?),", "%1"))
end

local function ceil_div(a, b) return math.floor((a + b - 1) / b) end

-- Runs the producer against `shards` shards and measures what the busiest
-- shard used of its write limits at its busiest second.
local function check(shards, limits)
  local stream = assert(aws.kinesis.stream { name = "Clickstream", shards = shards })
  local sum = stream:produce { rate = RATE, seconds = SECONDS, record_size = RECORD, keys = KEYS }
  local peak = 0
  for _, sh in ipairs(stream:shards()) do
    for _, v in ipairs(stream:series(sh.id, { metric = "records", seconds = SECONDS }).chart) do
      peak = math.max(peak, v / limits.write_records_per_s)
    end
    for _, v in ipairs(stream:series(sh.id, { metric = "bytes", seconds = SECONDS }).chart) do
      peak = math.max(peak, v / limits.write_bytes_per_s)
    end
  end
  local c = stream:costs()
  local hours = (sum.elapsed_ms / 3600000)
  return { shards = shards, sum = sum, stream = stream, peak = peak,
           month = c.shard_usd / c.shard_hours * shards * 730,
           put_month = c.put_usd / hours * 730 }
end

local function row(r, mine)
  return { r.shards .. (mine and " (yours)" or ""), n(r.sum.delivered), n(r.sum.throttled),
           n(r.sum.retries), n(r.sum.dropped), string.format("%.0f%%", 100 * r.peak),
           string.format("$%.2f", r.month), string.format("$%.2f", r.put_month) }
end

local COLUMNS = { "shards", "delivered", "throttled", "retries", "lost", "busiest shard",
                  "shards/month", "PUT units/month" }

return scenario {
  id = "kinesis.shard-sizing",
  title = "How many shards?",
  summary = "Size a Kinesis stream from records/s and record size, then watch the simulator " ..
            "throttle too few shards and bill too many.",
  domain = "collection",
  topics = { "kinesis.shards", "kinesis.cost" },
  difficulty = 2,
  minutes = 10,

  run = function(s)
    local limits = aws.kinesis.limits()
    s:say(string.format("Cadabra's web front end will send clickstream events to Kinesis: %s " ..
                        "records/s at the daily peak, %s of JSON each, partitioned by session " ..
                        "id (%s sessions).", n(RATE), size.format(RECORD), n(KEYS)))
    s:explain(string.format("Each shard takes %s records/s and %s/s of writes (partition keys " ..
                            "count toward the bytes), and is billed $%.3f per shard-hour.",
                            n(limits.write_records_per_s), size.format(limits.write_bytes_per_s),
                            limits.usd_per_shard_hour))

    local bytes = RATE * (RECORD + 8) -- "key-NNNN" is up to 8 bytes
    local by_records = ceil_div(RATE, limits.write_records_per_s)
    local by_bytes = ceil_div(bytes, limits.write_bytes_per_s)
    local need = math.max(by_records, by_bytes)
    local got = s:number("How many shards does this stream need at its peak?", {
      answer = need, tolerance = 0, unit = "shards", id = "shards",
      hint = "Compute shards for the records/s and for the MB/s; take the larger.",
      explain = string.format("Records: %s / %s = %.1f -> %d. Bytes: %.2f MB/s / 1 MB/s -> %d. " ..
                              "The larger wins: %d.", n(RATE), n(limits.write_records_per_s),
                              RATE / limits.write_records_per_s, by_records,
                              bytes / limits.write_bytes_per_s, by_bytes, need) })
    local mine = math.max(1, math.min(MAX_SHARDS, math.floor(got)))
    if mine ~= got then s:say("You create the stream with " .. mine .. " shard(s).") end

    -- The learner's stream, run for real.
    local yours = check(mine, limits)
    s:say(string.format("A producer sends %s records/s for %d s to your %d-shard stream " ..
                        "(PutRecords every 100 ms, failed records retried with backoff, 5 tries).",
                        n(RATE), SECONDS, mine))
    s:show(yours.stream:metrics())
    local busiest, most = yours.stream:shards()[1].id, -1
    for _, r in ipairs(yours.stream:metrics().rows) do
      if r[5] > most then busiest, most = r[1], r[5] end
    end
    if yours.sum.throttled > 0 then
      s:show(yours.stream:series(busiest, { metric = "throttled", seconds = SECONDS }))
      s:hit("kinesis.under-provisioned", string.format(
            "%s write(s) came back ProvisionedThroughputExceeded; %s record(s) were lost after " ..
            "5 tries and the mean latency was %d ms.", n(yours.sum.throttled),
            n(yours.sum.dropped), math.floor(yours.sum.mean_latency_ms + 0.5)))
    elseif yours.peak < 0.5 and mine > need then
      s:hit("kinesis.over-provisioned", string.format(
            "At its busiest second the busiest of your %d shards used %.0f%% of its limit: half " ..
            "the shards would have carried the peak. %d shards cost $%.2f a month.",
            mine, 100 * yours.peak, mine, yours.month))
    else
      s:say(string.format("No write was throttled; the busiest shard peaked at %.0f%% of its " ..
                          "limit.", 100 * yours.peak))
    end

    -- Beside it: one shard fewer than needed, the right count, and triple.
    local rows, seen = {}, { [mine] = true }
    local runs = { yours }
    for _, k in ipairs({ need - 1, need, 3 * need }) do
      if k >= 1 and not seen[k] then
        seen[k] = true
        runs[#runs + 1] = check(k, limits)
      end
    end
    table.sort(runs, function(a, b) return a.shards < b.shards end)
    local by = {}
    for _, r in ipairs(runs) do
      rows[#rows + 1] = row(r, r.shards == mine)
      by[r.shards] = r
    end
    s:show({ title = string.format("%d s at %s records/s of %s", SECONDS, n(RATE),
                                   size.format(RECORD)), columns = COLUMNS, rows = rows })

    local under, right, over = by[need - 1], by[need], by[3 * need]
    s:choose("A colleague proposes a stream size. Which do you deploy?", {
      { string.format("%d shards, and reshard when the peak grows", need),
        correct = right.sum.throttled == 0,
        why = string.format("No throttling; the busiest shard peaked at %.0f%%; $%.2f a month.",
                            100 * right.peak, right.month) },
      { string.format("%d shards: the producer retries what is throttled", need - 1),
        antipattern = under and under.sum.throttled > 0 and "kinesis.under-provisioned" or nil,
        why = under and string.format("%s throttled writes, %s records lost after 5 tries.",
                                      n(under.sum.throttled), n(under.sum.dropped))
                     or "A stream has at least one shard." },
      { string.format("%d shards, to be safe", 3 * need),
        antipattern = over.peak < 0.5 and "kinesis.over-provisioned" or nil,
        why = string.format("The busiest shard peaked at %.0f%% of its limit; $%.2f a month " ..
                            "instead of $%.2f.", 100 * over.peak, over.month, right.month) },
    }, { id = "deploy",
         explain = "Size for the peak with modest headroom: max(records/s / 1000, MB/s / 1)." })

    -- A second profile where the records/s limit decides.
    local rate2, size2 = 4500, 200
    local need2 = math.max(ceil_div(rate2, limits.write_records_per_s),
                           ceil_div(rate2 * (size2 + 8), limits.write_bytes_per_s))
    s:number(string.format("An IoT fleet sends %s records/s of %d bytes. How many shards?",
                           n(rate2), size2), {
      answer = need2, tolerance = 0, unit = "shards", id = "shards-small-records",
      explain = string.format("Bytes: %.2f MB/s -> 1 shard, but records: %s / %s -> %d. " ..
                              "Small records hit the records/s limit first.",
                              rate2 * (size2 + 8) / limits.write_bytes_per_s, n(rate2),
                              n(limits.write_records_per_s), need2) })
  end,
}
