-- Restoring from Glacier: retrieval is a job. The learner picks a tier for a
-- deadline and a budget, sees the jobs' completion times and costs drawn by
-- the simulator, prices the restore, chooses when to download (the output
-- link expires 24 hours after the job completes), and then handles an urgent
-- small restore where Expedited is the right call. Every time, cost and
-- verdict shown is read from the Glacier simulator.

local TIERS = { "Expedited", "Standard", "Bulk" }

local function dollars(x) return string.format("$%.4f", x) end

local function err_line(err)
  return string.format("%s (%d): %s", err.code, err.status, err.message)
end

-- What a tier would cost and how long it may take for a list of archive sizes,
-- from the simulator's estimate: { cost, min_ms, max_ms, possible }.
local function estimate_all(tier, sizes)
  local out = { cost = 0, min_ms = 0, max_ms = 0, possible = true }
  for _, sz in ipairs(sizes) do
    local e = aws.glacier.estimate { size = sz, tier = tier }
    out.cost = out.cost + e.cost
    out.min_ms, out.max_ms = e.min_ms, e.max_ms
    out.possible = out.possible and e.possible
  end
  return out
end

local function span(e) return clock.format(e.min_ms) .. " to " .. clock.format(e.max_ms) end

local function job_rows(v, jobs, names)
  local rows = {}
  for i, j in ipairs(jobs) do
    local cur = v:job(j)
    rows[#rows + 1] = { names[i], cur.tier, size.format(cur.size), cur.completion_date,
                        clock.format(cur.duration_ms), cur.output_expires, dollars(cur.cost) }
  end
  return { title = "Retrieval jobs", columns = { "archive", "tier", "size", "ready at",
           "takes", "output expires", "cost" }, rows = rows }
end

-- Timeline events sorted by time; events at the same instant keep their order.
local function in_order(events)
  for i, e in ipairs(events) do e.n = i end
  table.sort(events, function(a, b) return a.at < b.at or (a.at == b.at and a.n < b.n) end)
  return events
end

-- Latest completion and earliest output expiry of a set of jobs.
local function window(v, jobs)
  local ready, expires = 0, math.maxinteger
  for _, j in ipairs(jobs) do
    local cur = v:job(j)
    ready = math.max(ready, cur.completes_ms)
    expires = math.min(expires, cur.expires_ms)
  end
  return ready, expires
end

-- GetJobOutput on every job, as table rows; returns rows, how many succeeded.
local function fetch_all(v, jobs, names)
  local rows, good = {}, 0
  for i, j in ipairs(jobs) do
    local bytes, err = v:get_job_output(j)
    if bytes then
      good = good + 1
      rows[#rows + 1] = { names[i], "downloaded " .. size.format(bytes) }
    else
      rows[#rows + 1] = { names[i], err_line(err) }
    end
  end
  return rows, good
end

return scenario {
  id = "glacier.restore",
  title = "Restore by morning, on a budget",
  summary = "Pick Glacier retrieval tiers for a deadline and a budget, price the jobs, and " ..
            "download before the output link expires.",
  domain = "storage",
  topics = { "glacier.retrieval", "glacier.cost" },
  difficulty = 2,
  minutes = 10,

  run = function(s)
    clock.advance("17h") -- Monday 2024-01-01, 17:00 UTC
    local budget = 0.25
    local deadline_h = 16
    local deadline = clock.now() + clock.duration(deadline_h .. "h")
    local v = aws.glacier.vault { name = "legal-ledgers" }
    local names, sizes, ids = {}, {}, {}
    for q = 1, 4 do
      names[q], sizes[q] = "ledger-2023-q" .. q, "12GB"
      ids[q] = v:upload { size = sizes[q], age = (400 - 90 * q) .. "d", description = names[q] }
    end

    s:say(string.format("It is %s. Legal needs the four 2023 quarterly ledgers (12 GB each, " ..
                        "in Glacier) by %s, %d hours from now, for a court filing. The " ..
                        "restore budget is $%.2f.", clock.iso(), clock.iso(deadline),
                        deadline_h, budget))
    local prices = {}
    for _, t in ipairs(TIERS) do
      local e = aws.glacier.estimate { size = "1GB", tier = t }
      prices[#prices + 1] = { t, span(e),
                              dollars(e.retrieval), string.format("$%.3f", e.request * 1000) }
    end
    s:show({ title = "Glacier retrieval tiers", columns = { "tier", "typical time",
             "per GB", "per 1,000 requests" }, rows = prices })

    -- 1. The tier for the big restore: correctness read from the estimates.
    local est = {}
    for i, t in ipairs(TIERS) do est[i] = estimate_all(t, sizes) end
    local fits = function(e) return e.possible and e.max_ms <= deadline - clock.now() end
    local best = {}
    for i, e in ipairs(est) do best[i] = fits(e) and e.cost <= budget end
    local tier_i = s:choose("Which retrieval tier do you request for the four ledgers?", {
      { "Expedited: done in minutes, no risk", antipattern = "glacier.expedited-for-bulk",
        correct = best[1] },
      { "Standard: the default, " .. span(est[2]), correct = best[2],
        partial = (not best[2] and fits(est[2])) and 0.5 or nil },
      { "Bulk: the cheapest, " .. span(est[3]), correct = best[3] },
    }, { id = "tier", points = 2, explain = string.format(
      "For these four archives: Expedited %s, Standard %s, Bulk %s (budget $%.2f). Bulk " ..
      "finishes within %s, inside the %d-hour deadline.",
      est[1].possible and dollars(est[1].cost)
        or "impossible (Glacier refuses archives over 250 MB)",
      dollars(est[2].cost), dollars(est[3].cost), budget, clock.format(est[3].max_ms),
      deadline_h) })

    local tier = TIERS[tier_i]
    local jobs = {}
    if tier == "Expedited" then
      local rows = {}
      for q = 1, 4 do
        local _, err = v:initiate_job { archive = ids[q], tier = tier }
        rows[q] = { names[q], err_line(err) }
      end
      s:show({ title = "InitiateJob with Expedited", columns = { "archive", "result" },
               rows = rows })
      s:say("Expedited is only for archives up to 250 MB. You resubmit the jobs as Bulk.")
      tier = "Bulk"
    end
    local started = clock.now()
    for q = 1, 4 do jobs[q] = assert(v:initiate_job { archive = ids[q], tier = tier }) end
    s:show(job_rows(v, jobs, names))
    local ready = window(v, jobs)
    s:say(string.format("All four are ready at %s: %s.", clock.iso(ready),
                        ready <= deadline and "before the deadline" or "AFTER the deadline"))

    -- 2. Price it: the answer is the simulator's cost breakdown.
    local c = v:costs()
    local retrieval_bill = c.retrieval + c.requests
    s:say(string.format("The four jobs run with the %s tier.", tier))
    s:number("What do the four retrievals cost, in dollars (per-GB retrieval plus requests)?",
             { answer = retrieval_bill, tolerance = "2%", unit = "USD", id = "cost",
               explain = string.format("%d x 12 GB x %s per GB = %s, plus 4 requests = %s.",
                 4, dollars(aws.glacier.estimate { size = "1GB", tier = tier }.retrieval),
                 dollars(c.retrieval), dollars(c.requests)) })
    s:show(c)

    -- 3. When to download: the output is there from completion to 24 h after.
    local _, first_expiry = window(v, jobs)
    local times = {
      clock.now() + clock.duration("2h"),
      deadline,
      clock.now() + clock.duration("3d16h"),
    }
    local inside = {}
    for i, t in ipairs(times) do inside[i] = t >= ready and t < first_expiry end
    local when = s:choose("When does your script call GetJobOutput for the four jobs?", {
      { "At " .. clock.iso(times[1]) .. ", before leaving tonight", correct = inside[1] },
      { "At " .. clock.iso(times[2]) .. ", when Legal arrives", correct = inside[2] },
      { "At " .. clock.iso(times[3]) .. ", at Friday's weekly meeting", correct = inside[3],
        antipattern = (not inside[3]) and "glacier.missed-output-window" or nil },
    }, { id = "download", explain = "Job output can be read from the moment the job " ..
         "completes until 24 hours later: subscribe the jobs to an SNS topic and download " ..
         "as soon as they complete." })

    clock.advance(times[when] - clock.now())
    local rows, good = fetch_all(v, jobs, names)
    s:show({ title = "GetJobOutput at " .. clock.iso(), columns = { "archive", "result" },
             rows = rows })
    s:show({ title = "The restore on a timeline", timeline = in_order {
      { at = started, text = string.format("InitiateJob for the four archives (%s)", tier) },
      { at = ready, text = "the last job completes: its output can be read from now" },
      { at = deadline, text = "Legal's deadline" },
      { at = first_expiry, text = "the first job's output expires, 24 h after it completed" },
      { at = times[when], text = "your script calls GetJobOutput" },
    } })
    local saw_expiry = false
    if good < #jobs then
      if clock.now() < ready then
        s:explain("The jobs were still InProgress: output exists only once a job completes.")
        clock.advance(deadline - clock.now())
      else
        saw_expiry = true
        s:explain("The output expired 24 hours after each job completed. The only way back " ..
                  "is a new retrieval job: new waiting time, and a second bill.")
        for q = 1, 4 do jobs[q] = assert(v:initiate_job { archive = ids[q], tier = tier }) end
        s:show(job_rows(v, jobs, names))
        clock.advance((window(v, jobs)) - clock.now())
      end
      rows = fetch_all(v, jobs, names)
      s:show({ title = "GetJobOutput at " .. clock.iso(), columns = { "archive", "result" },
               rows = rows })
      s:show(v:costs())
    end

    if not saw_expiry then
      local expiry = 0
      for _, j in ipairs(jobs) do expiry = math.max(expiry, v:job(j).expires_ms) end
      local later = math.max(expiry, clock.now()) + clock.duration("1d")
      clock.advance(later - clock.now())
      s:say("At " .. clock.iso() .. " Legal asks for the files again, and a colleague " ..
            "re-runs your download script with the same job IDs.")
      s:show({ title = "GetJobOutput at " .. clock.iso(), columns = { "archive", "result" },
               rows = (fetch_all(v, jobs, names)) })
      s:explain("Restore links expire: 24 hours after a job completes its output is gone " ..
                "(ResourceNotFoundException). Copy restored data somewhere durable, such as " ..
                "S3, as soon as you download it.")
    end

    -- 4. The urgent small restore: here Expedited is right.
    local small = v:upload { size = "200MB", age = "150d", description = "contract-scan.pdf" }
    local urgent = clock.duration("15m")
    local sest, ok = {}, {}
    for i, t in ipairs(TIERS) do
      sest[i] = aws.glacier.estimate { size = "200MB", tier = t }
      ok[i] = sest[i].possible and sest[i].max_ms <= urgent
    end
    s:say("A judge asks for one signed contract scan (200 MB), needed within 15 minutes.")
    local ui = s:choose("Which tier now?", {
      { string.format("Expedited (%s)", dollars(sest[1].cost)), correct = ok[1] },
      { string.format("Standard (%s)", dollars(sest[2].cost)), correct = ok[2] and not ok[1] },
      { string.format("Bulk (%s)", dollars(sest[3].cost)), correct = ok[3] and not ok[1] },
    }, { id = "urgent", explain = string.format("Expedited: %s to %s for archives up to " ..
         "250 MB, at %s here. Without provisioned capacity it can fail with " ..
         "InsufficientCapacityException when demand is high; each capacity unit guarantees " ..
         "3 Expedited retrievals every 5 minutes.", clock.format(sest[1].min_ms),
         clock.format(sest[1].max_ms), dollars(sest[1].cost)) })
    local job = assert(v:initiate_job { archive = small, tier = TIERS[ui] })
    local start = clock.now()
    clock.advance(job.completes_ms - clock.now())
    local bytes, err = v:get_job_output(job)
    s:show({ title = "The contract scan", columns = { "tier", "ready after", "in time?", "result" },
             rows = { { TIERS[ui], clock.format(job.completes_ms - start),
                        job.completes_ms - start <= urgent and "yes" or "NO",
                        bytes and ("downloaded " .. size.format(bytes)) or err_line(err) } } })
    s:show(v:costs())
  end,
}
