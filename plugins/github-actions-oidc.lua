-- Web identity tokens from GitHub Actions' OIDC provider.
--
-- In a workflow with `permissions: id-token: write`, the runner sets
-- ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN; this asks that endpoint for
-- a token with the STS audience, so a profile needs only role_arn and web_identity_token_file
-- (any path: the token comes from here instead). Outside Actions it answers nil.
return {
  web_identity_token = function(ctx)
    local url = rolesh.getenv("ACTIONS_ID_TOKEN_REQUEST_URL")
    local bearer = rolesh.getenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN")
    if not url or not bearer then
      return nil
    end
    local audience = rolesh.getenv("ROLESH_OIDC_AUDIENCE") or "sts.amazonaws.com"
    local separator = url:find("?", 1, true) and "&" or "?"
    local response, err = rolesh.http_get(url .. separator .. "audience=" .. audience,
      { Authorization = "bearer " .. bearer, Accept = "application/json" })
    if not response then
      error("cannot reach the Actions token endpoint: " .. err)
    end
    if response.status ~= 200 then
      error("the Actions token endpoint answered HTTP " .. response.status)
    end
    local document = rolesh.json.decode(response.body)
    if not document or type(document.value) ~= "string" then
      error("the Actions token endpoint did not return {\"value\": \"<token>\"}")
    end
    return document.value
  end,
}
