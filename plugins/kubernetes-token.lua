-- Web identity tokens from a Kubernetes projected service-account token (EKS IRSA style),
-- refusing one whose `exp` has passed instead of letting STS reject it.
--
-- The file is ROLESH_K8S_TOKEN_FILE, else AWS_WEB_IDENTITY_TOKEN_FILE, else the EKS default.
-- The kubelet rewrites the file before expiry, so an expired token means the pod's token
-- mount is broken — say so plainly.
local DEFAULT = "/var/run/secrets/eks.amazonaws.com/serviceaccount/token"

return {
  web_identity_token = function(ctx)
    local path = rolesh.getenv("ROLESH_K8S_TOKEN_FILE") or rolesh.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") or DEFAULT
    local token = rolesh.read_file(path)
    if not token then
      return nil
    end
    token = token:gsub("%s+$", "")
    local claims = rolesh.jwt_claims(token)
    if claims and claims.exp and claims.exp <= rolesh.now() then
      error("the service-account token in " .. path .. " expired at " .. os.date("!%Y-%m-%dT%H:%M:%SZ", claims.exp))
    end
    return token
  end,
}
