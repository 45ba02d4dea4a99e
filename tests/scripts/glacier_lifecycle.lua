-- The aws.glacier binding end to end: vault, archives, the Vault Lock
-- lifecycle, policy decisions with their statements, retrieval jobs, costs
-- and the timeline. Run with `bdw script tests/scripts/glacier_lifecycle.lua`;
-- every check is an assert, so any failure stops the script with its line.

local v = aws.glacier.vault { name = "audit-logs", tags = { Team = "compliance" } }
assert(v:name() == "audit-logs")
assert(v:arn() == "arn:aws:glacier:us-east-1:123456789012:vaults/audit-logs")
assert(v:tags().Team == "compliance")

-- Archives: one 100 days old, one 400 days old.
local young = assert(v:upload { size = "2GB", age = "100d", tags = { kind = "audit" } })
local old = assert(v:upload { size = "2GB", age = "400d" })
assert(#v:inventory() == 2)
assert(v:archive(old).age_days == 400)
assert(v:archive(young).size == 2 * 1024 * 1024 * 1024)
assert(v:archive(young).tags.kind == "audit")

-- No lock policy yet: GetVaultLock is ResourceNotFoundException (404).
local lock, err = v:get_lock()
assert(lock == nil and err.code == "ResourceNotFoundException" and err.status == 404)

-- A malformed policy is refused with its line and column; nothing changes.
local id, perr = v:initiate_lock('{\n  "Statement": [\n    { "Effect": "Deny" "Action": "*" }\n  ]\n}')
assert(id == nil and perr.code == "InvalidParameterValueException" and perr.status == 400)
assert(perr.message:match("^line 3, column %d+"), perr.message)
assert(v:get_lock() == nil)

-- The course's first example: no deletes within 365 days.
local policy = aws.glacier.policy_template("deny-delete-by-age", { days = 365, vault = v })
assert(policy:find("glacier:ArchiveAgeInDays", 1, true))
local lock_id = assert(v:initiate_lock(policy))
local info = assert(v:get_lock())
assert(info.state == "InProgress")
assert(info.creation_date == clock.iso())
assert(info.expiration_ms == clock.now() + clock.duration("24h"))

-- The policy is in force at once, and names the statement that denied.
local r = v:try("DeleteArchive", young)
assert(r.allowed == false and r.ok == false)
assert(r.decision == "explicit-deny" and r.policy == "lock")
assert(r.sid == "deny-based-on-archive-age" and r.statement == 1)
assert(r.code == "AccessDeniedException" and r.status == 403)
assert(r.title and r.text:find("deny-based-on-archive-age", 1, true))

-- Initiating again while InProgress is AccessDeniedException.
local _, again = v:initiate_lock(policy)
assert(again.code == "AccessDeniedException")

-- A wrong lock ID while InProgress is InvalidParameterValueException.
local ok, werr = v:complete_lock("not-the-lock-id")
assert(not ok and werr.code == "InvalidParameterValueException")

-- Let the 24 hours pass: the lock ID expires and the policy is gone.
clock.advance("25h")
assert(v:get_lock() == nil)
local expired = false
for _, e in ipairs(v:timeline().events) do
  if e.what == "LockExpired" then expired = true end
end
assert(expired)

-- Initiate again and complete in time: Locked, for ever.
lock_id = assert(v:initiate_lock(policy))
clock.advance("2h")
assert(v:complete_lock(lock_id))
assert(v:complete_lock(lock_id)) -- idempotent with the right ID
info = assert(v:get_lock())
assert(info.state == "Locked" and info.expiration_date == nil)
local _, lerr = v:complete_lock("wrong")
assert(lerr.code == "AccessDeniedException")
local _, aerr = v:abort_lock()
assert(aerr.code == "AccessDeniedException")

-- The 100-day-old archive cannot go; the 400-day-old one can.
r = v:try("DeleteArchive", young)
assert(not r.allowed and r.sid == "deny-based-on-archive-age")
r = v:try("DeleteArchive", old)
assert(r.allowed and r.ok and r.policy == "identity" and r.decision == "allow")
assert(v:archive(old) == nil and #v:inventory() == 1)

-- Access policies can be set, read and deleted at any time, even now.
local cross = [[
{ "Version": "2012-10-17",
  "Statement": [ { "Sid": "partner-read", "Effect": "Allow",
                   "Principal": { "AWS": "arn:aws:iam::444455556666:root" },
                   "Action": [ "glacier:InitiateJob", "glacier:GetJobOutput" ] } ] }
]]
assert(v:set_access_policy(cross))
assert(v:get_access_policy() == cross)
r = v:try("InitiateJob", young, { principal = "arn:aws:iam::444455556666:user/auditor", tier = "Bulk" })
assert(r.allowed and r.policy == "access" and r.sid == "partner-read")
r = v:try("DeleteArchive", young, { principal = "444455556666" })
assert(not r.allowed and r.decision == "explicit-deny" and r.policy == "lock")
r = v:try("UploadArchive", nil, { principal = "444455556666", size = "1MB" })
assert(not r.allowed and r.decision == "implicit-deny")
assert(v:delete_access_policy())
assert(v:get_access_policy() == nil)

-- Retrieval: a Standard job takes 3 to 5 hours; its output lasts 24 hours.
local job = assert(v:initiate_job { archive = young, tier = "Standard" })
assert(job.state == "InProgress")
assert(job.duration_ms >= clock.duration("3h") and job.duration_ms <= clock.duration("5h"))
local bytes, jerr = v:get_job_output(job.id)
assert(bytes == nil and jerr.code == "InvalidParameterValueException")
clock.advance(job.duration_ms)
assert(v:job(job).state == "Succeeded")
assert(v:get_job_output(job) == 2 * 1024 * 1024 * 1024)
clock.advance("24h")
assert(v:job(job.id).state == "Expired")
bytes, jerr = v:get_job_output(job.id)
assert(bytes == nil and jerr.code == "ResourceNotFoundException" and jerr.status == 404)

-- Expedited: only up to 250 MB, and without capacity it can fail.
local _, big = v:initiate_job { archive = young, tier = "Expedited" }
assert(big.code == "InvalidParameterValueException")
local small = assert(v:upload { size = "100MB" })
aws.glacier.set_expedited_failure(1)
local _, cap = v:initiate_job { archive = small, tier = "Expedited" }
assert(cap.code == "InsufficientCapacityException" and cap.status == 503)
aws.glacier.set_provisioned_capacity(1)
local fast = assert(v:initiate_job { archive = small, tier = "Expedited" })
assert(fast.provisioned and fast.duration_ms <= clock.duration("5m"))
aws.glacier.set_expedited_failure(0)

-- Costs: the Standard job on 2 GB cost $0.02 + $0.00005.
local est = aws.glacier.estimate { size = "2GB", tier = "Standard" }
assert(math.abs(est.cost - 0.02005) < 1e-9)
local c = v:costs()
assert(c.total > 0 and math.abs(c.total - (c.storage + c.retrieval + c.requests + c.early_deletion)) < 1e-12)
assert(c.title and #c.rows == 5)

-- The timeline is ready for s:show.
local t = v:timeline()
assert(t.title and #t.columns == 3 and #t.rows == #t.events and #t.rows > 10)
for i = 2, #t.events do assert(t.events[i].at >= t.events[i - 1].at) end

-- WORM: a second vault whose lock denies every delete.
local w = aws.glacier.vault { name = "worm" }
local worm = assert(w:initiate_lock(aws.glacier.policy_template("worm", { vault = "worm" })))
assert(w:complete_lock(worm))
local a = assert(w:upload { size = "1GB", age = "3650d" })
r = w:try("DeleteArchive", a)
assert(not r.allowed and r.sid == "write-once-read-many")

print("glacier lifecycle: all checks passed")
