-- A guard rail: assuming a production role needs a confirmation.
--
-- A role is "production" when its ARN or profile name matches ROLESH_PRODUCTION_PATTERN (a Lua
-- pattern, default "prod"). Confirm by typing the profile name at the prompt, or, where there
-- is no terminal (scripts, CI), by setting ROLESH_CONFIRM_PRODUCTION to the profile name.
-- Only a real STS call is guarded: credentials already in the cache are not re-confirmed.
return {
  before_assume = function(ctx)
    local pattern = rolesh.getenv("ROLESH_PRODUCTION_PATTERN") or "prod"
    if not (ctx.role_arn:lower():find(pattern) or ctx.profile:lower():find(pattern)) then
      return nil
    end
    if rolesh.getenv("ROLESH_CONFIRM_PRODUCTION") == ctx.profile then
      return nil
    end
    local answer = rolesh.prompt("Assume production role " .. ctx.role_arn .. "? Type the profile name to confirm: ")
    if answer == ctx.profile then
      return nil
    end
    return { deny = "production role " .. ctx.role_arn .. " not confirmed" }
  end,
}
