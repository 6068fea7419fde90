-- Role session names from `git config user.email`, so CloudTrail shows who assumed a role.
--
-- Used only when a profile sets no role_session_name. The address is reduced to what STS
-- accepts (letters, digits and +=,.@_-, at most 64 characters); with no email configured the
-- default rolesh-<user> name is kept.
return {
  session_name = function(ctx)
    local result = rolesh.exec({ "git", "config", "--get", "user.email" }, { timeout = 5 })
    if not result or result.status ~= 0 then
      return nil
    end
    local email = result.stdout:gsub("%s+$", "")
    local name = email:gsub("[^%w+=,.@_-]", "-"):sub(1, 64)
    if #name < 2 then
      return nil
    end
    return name
  end,
}
