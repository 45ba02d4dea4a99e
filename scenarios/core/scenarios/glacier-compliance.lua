-- A compliance vault: "no archive may be deleted within 365 days of upload".
-- The learner decides where the rule belongs (access policy or Vault Lock),
-- picks or writes the lock policy and rehearses it in a test vault, runs the
-- Vault Lock lifecycle (initiate, complete within 24 h, or watch it expire),
-- then sees the rule enforced and learns that a Locked policy is immutable.
-- Every verdict shown comes from the Glacier simulator, not from this text.

-- Replaces every plain (non-pattern) occurrence of `from` in `text` by `to`.
local function replace_plain(text, from, to)
  local out, pos = {}, 1
  while true do
    local i, j = string.find(text, from, pos, true)
    if not i then break end
    out[#out + 1] = string.sub(text, pos, i - 1)
    out[#out + 1] = to
    pos = j + 1
  end
  out[#out + 1] = string.sub(text, pos)
  return table.concat(out)
end

-- Who decided a v:try result, in words: the policy and the statement's Sid.
local function decided_by(r)
  if r.sid then
    return string.format('%s policy, statement "%s"', r.policy, r.sid)
  elseif r.policy == "identity" then
    return "owner's account, no Deny applies"
  end
  return r.policy
end

local function verdict(r)
  if r.ok then return "allowed" end
  return string.format("%s (%d)", r.code or "denied", r.status or 403)
end

-- The error table of a nil, err return, as one line.
local function err_line(err)
  return string.format("%s (%d): %s", err.code, err.status, err.message)
end

local function lock_view(v, title)
  local l, err = v:get_lock()
  if not l then return { title = title, text = "GetVaultLock: " .. err_line(err) } end
  return { title = title, columns = { "field", "value" }, rows = {
    { "State", l.state },
    { "CreationDate", l.creation_date },
    { "ExpirationDate", l.expiration_date or "null (Locked: no expiry)" },
  } }
end

return scenario {
  id = "glacier.compliance-vault",
  title = "A vault the auditors can trust",
  summary = "Enforce 'no deletes within 365 days' with a Vault Lock policy: choose, test, " ..
            "lock within 24 hours, and see it hold.",
  domain = "storage",
  topics = { "glacier.vault-lock", "glacier.policies" },
  difficulty = 2,
  minutes = 12,

  run = function(s)
    clock.advance("4d18h") -- Friday 2024-01-05, 18:00 UTC
    local v = aws.glacier.vault { name = "audit-ledgers", tags = { Retention = "365d" } }
    local young = v:upload { size = "2GB", age = "100d", description = "ledger-2023-09" }
    local mid = v:upload { size = "2GB", age = "130d", description = "ledger-2023-08" }
    local old = v:upload { size = "2GB", age = "400d", description = "ledger-2022-11" }
    local arn = v:arn()

    s:say("Cadabra's finance team stores its monthly ledgers in the Glacier vault " ..
          "audit-ledgers. The regulator's rule: no ledger may be deleted until it is at " ..
          "least 365 days old -- and Cadabra must be able to prove the rule cannot be " ..
          "switched off.")
    local rows = {}
    for _, a in ipairs(v:inventory()) do
      rows[#rows + 1] = { a.description, a.size_text, a.age_days .. " days", a.uploaded }
    end
    s:show({ title = "Inventory of audit-ledgers",
             columns = { "archive", "size", "age", "uploaded" }, rows = rows })

    -- 1. Where does the rule belong?
    s:choose("Where should the 365-day rule live?", {
      { "In the vault access policy, like an S3 bucket policy",
        antipattern = "glacier.compliance-in-access-policy",
        why = "An access policy restricts users and accounts, but anyone allowed to call " ..
              "SetVaultAccessPolicy or DeleteVaultAccessPolicy can change or remove it." },
      { "In a Vault Lock policy, locked for good", correct = true,
        why = "Once completed, a Vault Lock policy is immutable: that is what a regulator needs." },
      { "In the IAM policy of the finance team's role",
        why = "An IAM policy binds one role, can be edited at any time, and the account root " ..
              "is not bound by it." },
    }, { id = "where", explain = "Each vault has one access policy (mutable) and one Vault " ..
         "Lock policy (immutable once locked)." })

    -- Why not the access policy: the simulator shows how easily it goes away.
    local course = aws.glacier.policy_template("deny-delete-by-age", { days = 365, vault = v })
    local set = v:try("SetVaultAccessPolicy", course)
    local admin = "arn:aws:iam::123456789012:user/new-admin"
    local gone = v:try("DeleteVaultAccessPolicy", nil, { principal = admin })
    local _, after = v:get_access_policy()
    s:show({ title = "The same rule as an access policy",
             columns = { "request", "caller", "result", "decided by" },
             rows = {
               { "SetVaultAccessPolicy", "finance (owner)", verdict(set), decided_by(set) },
               { "DeleteVaultAccessPolicy", "new-admin", verdict(gone), decided_by(gone) },
               { "GetVaultAccessPolicy", "anyone",
                 after and (after.code .. " (" .. after.status .. ")") or "still there", "" },
             } })
    s:explain("A new administrator removed the access policy with one call, and nothing " ..
              "stopped it: an access policy is a convenience, not a control. A Vault Lock " ..
              "policy, once locked, cannot be changed or deleted by anyone, the root included.")

    -- 2. Which lock policy? Three look alike; one is right.
    local allow = replace_plain(course, '"Effect": "Deny"', '"Effect": "Allow"')
    local greater = replace_plain(course, "NumericLessThan", "NumericGreaterThan")
    local candidates = { allow, course, greater }
    s:show({ title = "Policy 1", text = allow })
    s:show({ title = "Policy 2", text = course })
    s:show({ title = "Policy 3", text = greater })
    local pick = s:choose("Which policy do you initiate as the vault lock policy?", {
      "Policy 1: Allow DeleteArchive when ArchiveAgeInDays is less than 365",
      "Policy 2: Deny DeleteArchive when ArchiveAgeInDays is less than 365",
      "Policy 3: Deny DeleteArchive when ArchiveAgeInDays is greater than 365",
      "I will paste my own policy JSON",
    }, { id = "policy" })

    -- Rehearse in a test vault holding archives of the ages that matter.
    local test = aws.glacier.vault { name = "audit-ledgers-test" }
    local probes = {}
    for _, days in ipairs({ 100, 364, 365, 400 }) do
      probes[#probes + 1] = { days = days, id = test:upload { size = "1MB", age = days .. "d" },
                              deny = days < 365 }
    end
    local to_test = function(text) return replace_plain(text, arn, test:arn()) end
    s:say("Before touching production you rehearse in a test vault, audit-ledgers-test, " ..
          "holding archives 100, 364, 365 and 400 days old: you initiate the lock there (the " ..
          "policy's Resource pointed at the test vault) and try to delete each one.")

    local chosen, test_lock, refused = candidates[pick], nil, false
    if pick == 4 then
      local text = s:input("Paste your vault lock policy JSON (one line; empty takes the " ..
                           "course's example)", { hint = "JSON", default = course,
                                                  id = "own-policy" })
      local id, err = test:initiate_lock(to_test(text))
      if id then
        chosen, test_lock = text, id
      else
        s:show({ title = "InitiateVaultLock refused your policy", text = err_line(err) })
        s:say("The vault is unchanged. We rehearse the course's example policy instead.")
        chosen, refused = course, true
      end
    end
    if not test_lock then test_lock = assert(test:initiate_lock(to_test(chosen))) end

    local prow, passed = {}, 0
    for _, p in ipairs(probes) do
      local r = test:try("DeleteArchive", p.id)
      local good = (r.allowed == not p.deny)
      if good then passed = passed + 1 end
      prow[#prow + 1] = { p.days .. " days", p.deny and "denied" or "allowed", verdict(r),
                          decided_by(r), good and "ok" or "WRONG" }
    end
    s:show({ title = "Rehearsal: DeleteArchive in audit-ledgers-test while the lock is InProgress",
             columns = { "archive age", "the rule wants", "simulator", "decided by", "" },
             rows = prow })
    local works = passed == #probes
    if refused then
      s:award(0, 2, "Your policy was refused, so it protects nothing; the course's example " ..
                    string.format("behaved as the rule requires for %d of %d test archives.",
                                  passed, #probes))
    else
      s:award(works and 2 or 0, 2, string.format(
        "Your policy behaved as the rule requires for %d of %d test archives.", passed, #probes))
    end
    if works then
      s:explain("An in-progress lock is enforced at once, exactly as if locked: this 24-hour " ..
                "window is for testing. Deny wins over any Allow, the owner included, and " ..
                "NumericLessThan 365 lets a 365-day-old archive go.")
    else
      local lesson = {
        "An Allow grants nothing the owner's account did not already have, so it protects " ..
        "nothing: only an explicit Deny binds everyone, the root included.",
        "",
        "The condition denies the OLD archives and lets the young ones go: the rule needs " ..
        "NumericLessThan 365 on glacier:ArchiveAgeInDays.",
        "Compare each test archive with what the rule wants: a Deny with NumericLessThan 365 " ..
        "on glacier:ArchiveAgeInDays is what it takes.",
      }
      s:explain(lesson[pick] .. " This is why you test while the lock is InProgress: " ..
                "AbortVaultLock, fix the policy, initiate again.")
      local ok = test:abort_lock()
      s:show({ title = "AbortVaultLock on audit-ledgers-test",
               text = ok and "Aborted: the test lock policy was removed." or "refused" })
      chosen = course
      s:say("You fix the policy: the production vault gets Policy 2, the course's example.")
    end

    -- 3. Initiate the lock on the production vault.
    local lock_id = assert(v:initiate_lock(chosen))
    s:say("InitiateVaultLock on audit-ledgers returned the lock ID " .. lock_id .. ".")
    s:show(lock_view(v, "GetVaultLock right after InitiateVaultLock"))
    s:show(v:timeline())

    -- 4. Complete it, or not.
    local when = s:choose("It is Friday evening. The lock is InProgress and already enforced. " ..
                          "What do you do?", {
      { "Call CompleteVaultLock with the lock ID now", correct = true,
        why = "Completing within 24 hours makes the policy Locked: immutable for ever." },
      { "Nothing: the policy is already enforced, completing it is a formality",
        antipattern = "glacier.lock-never-completed" },
      { "Complete it on Tuesday, after the auditors' review meeting",
        antipattern = "glacier.lock-never-completed" },
    }, { id = "complete",
         explain = "An InProgress lock expires 24 hours after InitiateVaultLock." })

    if when == 1 then
      clock.advance("1h")
      assert(v:complete_lock(lock_id))
      s:show(lock_view(v, "GetVaultLock after CompleteVaultLock"))
    else
      clock.advance("25h")
      s:say("25 hours later (" .. clock.iso() .. ").")
      s:show(lock_view(v, "GetVaultLock 25 h after InitiateVaultLock"))
      local mid_age = v:archive(mid).age_days
      local cleanup = v:try("DeleteArchive", mid)
      s:show({ title = string.format("The nightly clean-up job: DeleteArchive ledger-2023-08 " ..
                                     "(%d days old): %s", mid_age, verdict(cleanup)),
               text = cleanup.text })
      if when == 3 then
        clock.advance("3d")
        local _, err = v:complete_lock(lock_id)
        s:show({ title = "Tuesday: CompleteVaultLock with the old lock ID", text = err_line(err) })
      end
      s:show(v:timeline())
      s:explain("The lock expired: the policy was removed and deletes are allowed again. " ..
                "A ledger the regulator required is gone. You initiate the lock again and, " ..
                "this time, complete it at once.")
      lock_id = assert(v:initiate_lock(chosen))
      assert(v:complete_lock(lock_id))
      s:show(lock_view(v, "GetVaultLock after initiating again and completing"))
    end

    -- 5. The rule in force on the production vault.
    local age_young, age_old = v:archive(young).age_days, v:archive(old).age_days
    local r_young = v:try("DeleteArchive", young)
    local r_mfa = v:try("DeleteArchive", young, { mfa = true })
    local r_old = v:try("DeleteArchive", old)
    s:say(string.format("The vault is locked. ledger-2023-09 is %d days old, ledger-2022-11 " ..
                        "is %d days old.", age_young, age_old))
    s:choose_many("Which of these requests succeed?", {
      { "DeleteArchive of ledger-2023-09 by the account root", correct = r_young.ok,
        why = "The lock policy's explicit Deny binds every principal, the root included." },
      { "DeleteArchive of ledger-2023-09 by the account root, signed in with MFA",
        correct = r_mfa.ok, why = "This policy has no MFA condition: MFA changes nothing." },
      { "DeleteArchive of ledger-2022-11 by the account root", correct = r_old.ok,
        why = "Over 365 days old: NumericLessThan 365 is false, so no statement denies it." },
    }, { id = "deletes", points = 2, explain = "An explicit Deny binds every principal and " ..
         "beats any Allow; its condition decides which archives it covers." })
    s:show({ title = "DeleteArchive ledger-2023-09: " .. verdict(r_young), text = r_young.text })
    s:show({ title = "DeleteArchive ledger-2022-11: " .. verdict(r_old), text = r_old.text })
    s:show({ title = "DeleteArchive under the lock",
             columns = { "archive", "caller", "result", "decided by" },
             rows = { { "ledger-2023-09", "root", verdict(r_young), decided_by(r_young) },
                      { "ledger-2023-09", "root with MFA", verdict(r_mfa), decided_by(r_mfa) },
                      { "ledger-2022-11", "root", verdict(r_old), decided_by(r_old) } } })

    -- 6. Immutability.
    local relaxed = aws.glacier.policy_template("deny-delete-by-age", { days = 180, vault = v })
    local t_abort = v:try("AbortVaultLock")
    local t_init = v:try("InitiateVaultLock", relaxed)
    local opened = '{"Statement":[{"Sid":"allow-finance-deletes","Effect":"Allow",' ..
                   '"Principal":"*","Action":"glacier:DeleteArchive"}]}'
    local t_access = v:try("SetVaultAccessPolicy", opened)
    local t_again = v:try("DeleteArchive", young)
    local changeable = t_abort.ok or t_init.ok or t_again.ok
    s:choose("The regulator now says 180 days is enough. How do you relax the rule " ..
             "on audit-ledgers?", {
      { "You cannot: a Locked policy never changes; new ledgers go to a new vault with its " ..
        "own lock", correct = not changeable },
      { "AbortVaultLock, then InitiateVaultLock with a 180-day policy", correct = t_abort.ok },
      { "Add an Allow for DeleteArchive to the vault access policy", correct = t_again.ok },
    }, { id = "immutable" })
    s:show({ title = "Trying to change a Locked policy",
             columns = { "request", "result", "why" },
             rows = {
               { "AbortVaultLock", verdict(t_abort), t_abort.message or "" },
               { "InitiateVaultLock (180 days)", verdict(t_init), t_init.message or "" },
               { "SetVaultAccessPolicy (Allow deletes)", verdict(t_access), decided_by(t_access) },
               { "DeleteArchive ledger-2023-09", verdict(t_again), decided_by(t_again) },
             } })
    s:explain("A Locked vault lock policy is immutable: no call, by anyone, changes or " ..
              "removes it, and its Deny beats any Allow you add elsewhere. That is why the " ..
              "24-hour InProgress window exists: test first, then lock.")
    s:show(v:timeline())
  end,
}
