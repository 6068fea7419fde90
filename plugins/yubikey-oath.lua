-- MFA codes from a YubiKey's OATH applet, via `ykman oath accounts code`.
--
-- The account name is ROLESH_YKMAN_ACCOUNT when set, else the profile's mfa_serial (name your
-- YubiKey OATH account after the ARN, or set the variable). Touch-required accounts make ykman
-- wait for a touch; ykman prints its own hint on the terminal.
return {
  mfa_code = function(ctx)
    local account = rolesh.getenv("ROLESH_YKMAN_ACCOUNT") or ctx.mfa_serial
    local result, err = rolesh.exec({ "ykman", "oath", "accounts", "code", "--single", account }, { timeout = 30 })
    if not result then
      rolesh.log("ykman is not available (" .. err .. "); falling back to the terminal")
      return nil
    end
    if result.status ~= 0 then
      error("ykman failed for account " .. account .. ": " .. result.stderr)
    end
    return (result.stdout:gsub("%s+$", ""))
  end,
}
