-- A hot partition key: a producer whose keys are skewed (one key carries most
-- records) overloads one shard while the others idle. The learner finds the
-- hot shard in the per-shard metrics, reads a sample of it to find the key,
-- and picks a fix; every fix is run in the simulator and its result decides
-- the verdict shown. Counts, shard ids, key shares and costs all come from
-- the simulator.

local SHARDS = 4
local RATE = 1500 -- records/s
local RECORD = 500 -- bytes
local KEYS = 200
local HOT_SHARE = 0.85 -- share of records that carry key-0
local SECONDS = 8
local MAX_TRIES = 5

local function n(x)
  local s = string.format("%d", math.floor(x + 0.5))
  local out = s:reverse():gsub("(%d%d%d)", "%1,"):reverse()
  return (out:gsub("^(-?),", "%1"))
end

-- Adds two non-negative decimal strings (hash keys are 128-bit).
local function dec_add(a, b)
  local out, carry = {}, 0
  local i, j = #a, #b
  while i > 0 or j > 0 or carry > 0 do
    local d = carry + (i > 0 and (a:byte(i) - 48) or 0) + (j > 0 and (b:byte(j) - 48) or 0)
    out[#out + 1] = string.char(48 + d % 10)
    carry = d // 10
    i, j = i - 1, j - 1
  end
  return (table.concat(out):reverse():gsub("^0+(%d)", "%1"))
end

-- Halves a non-negative decimal string, rounding down.
local function dec_half(a)
  local out, rem = {}, 0
  for i = 1, #a do
    local d = rem * 10 + (a:byte(i) - 48)
    out[#out + 1] = string.char(48 + d // 2)
    rem = d % 2
  end
  return (table.concat(out):gsub("^0+(%d)", "%1"))
end

local function new_stream(shards)
  return assert(aws.kinesis.stream { name = "Clickstream", shards = shards })
end

-- The skewed producer, as the simulator's producer model runs it.
local function skewed(stream, keys, share)
  return stream:produce { rate = RATE, seconds = SECONDS, record_size = RECORD, keys = keys,
                          hot_key_share = share, max_retries = MAX_TRIES }
end

-- The same skewed keys, but every record carries an ExplicitHashKey that
-- deals records round-robin over the shards' starting hash keys.
local function explicit_hash(stream)
  local starts = {}
  for _, sh in ipairs(stream:shards()) do starts[#starts + 1] = sh.starting_hash_key end
  local sum = { generated = 0, delivered = 0, throttled = 0, retries = 0, dropped = 0 }
  local pending, next_hash = {}, 0
  local per_batch = RATE // 10
  for _ = 1, SECONDS * 10 do
    local batch = {}
    for _, p in ipairs(pending) do batch[#batch + 1] = p end
    for _ = 1, per_batch do
      local key = math.random() < HOT_SHARE and "key-0" or ("key-" .. math.random(1, KEYS - 1))
      next_hash = next_hash % #starts + 1
      batch[#batch + 1] = { key = key, size = RECORD, hash = starts[next_hash], tries = 0 }
      sum.generated = sum.generated + 1
    end
    pending = {}
    for i = 1, #batch, 500 do
      local part = table.move(batch, i, math.min(#batch, i + 499), 1, {})
      local res = assert(stream:put_records(part))
      for k, r in ipairs(res.records) do
        if r.error_code then
          sum.throttled = sum.throttled + 1
          local p = part[k]
          p.tries = p.tries + 1
          if p.tries > MAX_TRIES then
            sum.dropped = sum.dropped + 1
          else
            sum.retries = sum.retries + 1
            pending[#pending + 1] = p
          end
        else
          sum.delivered = sum.delivered + 1
        end
      end
    end
    clock.advance(100)
  end
  return sum
end

local function open_shards(stream)
  local k = 0
  for _, sh in ipairs(stream:shards()) do if sh.open then k = k + 1 end end
  return k
end

local function month(stream)
  local c = stream:costs()
  return c.shard_usd / c.shard_hours * open_shards(stream) * 730
end

-- The row of the metrics table with the most throttled writes.
local function hottest(stream)
  local best
  for _, r in ipairs(stream:metrics().rows) do
    if not best or r[5] > best[5] then best = r end
  end
  return best
end

return scenario {
  id = "kinesis.hot-partition-key",
  title = "One shard throttles, three idle",
  summary = "Find the hot shard and the hot partition key behind it, then pick a fix and " ..
            "watch the simulator run it.",
  domain = "collection",
  topics = { "kinesis.partition-keys", "kinesis.resharding", "kinesis.shards" },
  difficulty = 3,
  minutes = 12,

  run = function(s)
    local limits = aws.kinesis.limits()
    s:say(string.format("The Clickstream stream has %d shards: room for %s records/s. The " ..
                        "producer sends %s records/s of %d bytes, keyed by a 'site section' " ..
                        "field with %d values, and retries throttled records (%d tries).",
                        SHARDS, n(SHARDS * limits.write_records_per_s), n(RATE), RECORD, KEYS,
                        MAX_TRIES))
    local stream = new_stream(SHARDS)
    local base = skewed(stream, KEYS, HOT_SHARE)
    s:show(stream:metrics())
    local hot = hottest(stream)
    s:show(stream:series(hot[1], { metric = "throttled", seconds = SECONDS }))
    local cold = stream:metrics().rows[hot[1] == stream:metrics().rows[1][1] and 2 or 1]
    s:show(stream:series(cold[1], { metric = "records", seconds = SECONDS }))
    s:show({ title = "Producer", columns = { "sent", "delivered", "throttled", "lost" },
             rows = { { n(base.generated), n(base.delivered), n(base.throttled),
                        n(base.dropped) } } })

    -- 1. Which shard?
    local opts = {}
    for i, r in ipairs(stream:metrics().rows) do
      opts[i] = { r[1], correct = r[1] == hot[1],
                  why = string.format("%s records in, %s throttled.", n(r[3]), n(r[5])) }
    end
    s:choose("Which shard is the bottleneck?", opts, {
      id = "hot-shard",
      explain = "Each shard has its own 1,000 records/s and 1 MB/s; the stream's total " ..
                "capacity does not help a shard that is full." })

    -- 2. Which key? A sample of the hot shard, read with GetRecords.
    local it = assert(stream:get_shard_iterator { shard = hot[1], type = "TRIM_HORIZON" })
    local page = assert(stream:get_records(it, 2000))
    local count, total = {}, #page.records
    for _, rec in ipairs(page.records) do
      count[rec.partition_key] = (count[rec.partition_key] or 0) + 1
    end
    local keys = {}
    for k, c in pairs(count) do keys[#keys + 1] = { k, c } end
    table.sort(keys, function(a, b) return a[2] > b[2] or (a[2] == b[2] and a[1] < b[1]) end)
    local rows = {}
    for i = 1, math.min(5, #keys) do
      rows[i] = { keys[i][1], n(keys[i][2]), string.format("%.0f%%", 100 * keys[i][2] / total) }
    end
    s:show({ title = "GetRecords on " .. hot[1] .. ": " .. n(total) .. " records by partition key",
             columns = { "partition key", "records", "share" }, rows = rows })
    local top, top_share = keys[1][1], keys[1][2] / total
    local _, top_hash = stream:shard_for_key(top)
    s:choose("Why is that shard full?", {
      { "One partition key carries most of its records, and a key always hashes to one shard",
        correct = true,
        why = string.format("%s is %.0f%% of the sample; MD5(%s) = %s falls in %s's range.",
                            top, 100 * top_share, top, top_hash, hot[1]) },
      { "The stream has too few shards for " .. n(RATE) .. " records/s",
        why = string.format("The other shards took %s records or fewer each; the stream as a " ..
                            "whole has room.", n(cold[3])) },
      { "Its hash key range is wider than the others'",
        why = "CreateStream gives every shard an equal range; the records, not the range, " ..
              "are uneven." },
    }, { id = "why-hot",
         explain = "Routing is MD5(partition key) -> a 128-bit hash key -> the one shard whose " ..
                   "range holds it." })

    -- 3. The fixes, each run in the simulator on a fresh stream.
    local fixes = {}
    do -- a high-cardinality key: the order id
      local st = new_stream(SHARDS)
      fixes.key = { sum = skewed(st, 100000, 0), stream = st }
    end
    do
      local st = new_stream(SHARDS)
      fixes.explicit = { sum = explicit_hash(st), stream = st }
    end
    do -- split the hot shard at the middle of its range
      local st = new_stream(SHARDS)
      local sh
      for _, x in ipairs(st:shards()) do if x.id == hot[1] then sh = x end end
      assert(st:split_shard(sh.id, dec_half(dec_add(sh.starting_hash_key, sh.ending_hash_key))))
      fixes.split = { sum = skewed(st, KEYS, HOT_SHARE), stream = st }
    end
    do -- double every shard
      local st = new_stream(SHARDS)
      assert(st:update_shard_count(2 * SHARDS))
      fixes.uniform = { sum = skewed(st, KEYS, HOT_SHARE), stream = st }
    end
    local base_month = month(stream)
    local function result(f)
      return string.format("Throttled %s (was %s), lost %s, %d open shards, $%.2f a month.",
                           n(f.sum.throttled), n(base.throttled), n(f.sum.dropped),
                           open_shards(f.stream), month(f.stream))
    end
    local function fixed(f) return f.sum.throttled == 0 and f.sum.dropped == 0 end
    -- Partial credit for a fix that keeps the hot key: half the share of
    -- lost records it saved, to a tenth, from the simulator's counts.
    local function saved(f)
      if base.dropped == 0 then return 0 end
      local x = math.max(0, math.min(0.5, 0.5 * (base.dropped - f.sum.dropped) / base.dropped))
      return math.floor(x * 10 + 0.5) / 10
    end
    local pick = s:choose("How do you fix it?", {
      { "Partition by a high-cardinality field (the order id) instead of the site section",
        correct = fixed(fixes.key), why = result(fixes.key) },
      { "Keep the key for the consumers, but set ExplicitHashKey to spread records over the " ..
        "shards' ranges", correct = fixed(fixes.explicit), why = result(fixes.explicit) },
      { "Split the hot shard in two", antipattern = "kinesis.hot-partition-key",
        partial = fixed(fixes.split) and 1 or saved(fixes.split), why = result(fixes.split) },
      { "UpdateShardCount to " .. 2 * SHARDS .. " shards",
        antipattern = "kinesis.hot-partition-key",
        partial = saved(fixes.uniform), why = result(fixes.uniform) },
    }, { id = "fix",
         explain = "A single key can never get more than one shard's 1,000 records/s: " ..
                   "resharding " ..
                   "moves the key, it does not divide it. Spread the records (a better key, a " ..
                   "random suffix, or ExplicitHashKey), at the price of per-key ordering." })

    local chosen = ({ fixes.key, fixes.explicit, fixes.split, fixes.uniform })[pick]
    s:say("The producer runs again with your fix.")
    s:show(chosen.stream:metrics())
    local after = hottest(chosen.stream)
    if after[5] > 0 then
      s:show(chosen.stream:series(after[1], { metric = "throttled", seconds = SECONDS }))
    end
    s:show({ title = "Every fix, " .. SECONDS .. " s at " .. n(RATE) .. " records/s",
             columns = { "fix", "open shards", "throttled", "lost", "per month" },
             rows = {
               { "none", SHARDS, n(base.throttled), n(base.dropped),
                 string.format("$%.2f", base_month) },
               { "high-cardinality key", open_shards(fixes.key.stream), n(fixes.key.sum.throttled),
                 n(fixes.key.sum.dropped), string.format("$%.2f", month(fixes.key.stream)) },
               { "ExplicitHashKey", open_shards(fixes.explicit.stream),
                 n(fixes.explicit.sum.throttled), n(fixes.explicit.sum.dropped),
                 string.format("$%.2f", month(fixes.explicit.stream)) },
               { "split the hot shard", open_shards(fixes.split.stream),
                 n(fixes.split.sum.throttled), n(fixes.split.sum.dropped),
                 string.format("$%.2f", month(fixes.split.stream)) },
               { "UpdateShardCount " .. 2 * SHARDS, open_shards(fixes.uniform.stream),
                 n(fixes.uniform.sum.throttled), n(fixes.uniform.sum.dropped),
                 string.format("$%.2f", month(fixes.uniform.stream)) },
             } })
  end,
}
