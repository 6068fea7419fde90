-- MFA codes from 1Password, via `op item get ITEM --otp`.
--
-- The item is ROLESH_OP_ITEM when set, else the profile's mfa_serial (store the ARN in the
-- item's title, or set the variable). `op` asks for its own unlock when needed.
return {
  mfa_code = function(ctx)
    local item = rolesh.getenv("ROLESH_OP_ITEM") or ctx.mfa_serial
    local result, err = rolesh.exec({ "op", "item", "get", item, "--otp" }, { timeout = 60 })
    if not result then
      rolesh.log("op is not available (" .. err .. "); falling back to the terminal")
      return nil
    end
    if result.status ~= 0 then
      error("op item get " .. item .. " --otp failed: " .. result.stderr)
    end
    return (result.stdout:gsub("%s+$", ""))
  end,
}
