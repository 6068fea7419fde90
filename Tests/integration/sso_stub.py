"""A loopback IAM Identity Center: the SSO portal (`sso` 2019-06-10) and the OIDC service
(`sso-oidc` 2019-06-10) as their service models define them — rest-json, errors as HTTP status
plus `x-amzn-ErrorType` — strict where the real services are strict:

- tokens are checked on every portal call (401 UnauthorizedException otherwise), and a role not
  assigned to the user is 403 ForbiddenException;
- PKCE: the authorize endpoint requires S256 and a registered loopback redirect URI, codes are
  single use, and CreateToken checks the verifier against the challenge and the redirect URI
  against the one authorized;
- device codes stay pending until approved (through their verification URL, or automatically
  after `auto_approve_after` polls), and a refresh token works once.

Role credentials are minted by a real AssumeRole on moto (signature checking on), so what
rolesh and the AWS CLI get from here is proven by moto again when they use it. The stub itself
is checked against botocore's own `sso` and `sso-oidc` clients in test_sso.py.
"""
import base64
import hashlib
import json
import os
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SSOStub:
    def __init__(self, mint=None, assignments=None, accounts=None, token_lifetime=8 * 3600, page_size=1,
                 auto_approve_after=1):
        """Hostile answers, for the tests that a portal is not trusted, are set as attributes:
        `verification_uri_complete` replaces the device flow's URL, `access_token` the token
        CreateToken hands out, and `endless_roles` makes every ListAccountRoles page say there
        is another."""
        """`mint(account_id, role_name, user)` returns STS credentials (AccessKeyId, SecretAccessKey,
        SessionToken, Expiration as datetime) or None; `assignments` maps account id to role names;
        `accounts` maps account id to its name."""
        self.mint = mint
        self.assignments = assignments or {}
        self.accounts = accounts or {}
        self.token_lifetime = token_lifetime
        self.page_size = page_size
        self.auto_approve_after = auto_approve_after
        self.lock = threading.Lock()
        self.clients = {}
        self.devices = {}
        self.codes = {}
        self.tokens = {}
        self.refresh_tokens = {}
        self.calls = []
        self.verification_uri_complete = None
        self.access_token = None
        self.endless_roles = False
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()

    def count(self, operation):
        with self.lock:
            return sum(1 for call in self.calls if call["operation"] == operation)

    def issue_token(self, user="sso-user", lifetime=None, refreshable=True, client_id=None):
        """A token as if a login had happened (for tests that start logged in)."""
        with self.lock:
            return self._new_token(user, lifetime or self.token_lifetime, refreshable, client_id)

    def _new_token(self, user, lifetime, refreshable, client_id):
        access = self.access_token or "stub-access-" + secrets.token_hex(16)
        self.tokens[access] = {"user": user, "expires": time.time() + lifetime, "revoked": False}
        answer = {"accessToken": access, "tokenType": "Bearer", "expiresIn": int(lifetime)}
        if refreshable:
            refresh = "stub-refresh-" + secrets.token_hex(16)
            self.refresh_tokens[refresh] = {"user": user, "client": client_id, "used": False}
            answer["refreshToken"] = refresh
        return answer

    # --- HTTP ----------------------------------------------------------------------------------

    def _handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body=None, error_type=None, headers=None):
                data = json.dumps(body if body is not None else {}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                if error_type:
                    self.send_header("x-amzn-ErrorType", f"{error_type}:http://internal.amazon.com/coral/com.amazonaws/")
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status, error_type, message, oidc=False):
                body = {"error": error_type, "error_description": message} if oidc else {"message": message}
                self._send(status, body, error_type)

            def _record(self, operation, **details):
                with stub.lock:
                    stub.calls.append(dict(operation=operation, time=time.time(), **details))

            def _portal_token(self):
                token = self.headers.get("x-amz-sso_bearer_token")
                with stub.lock:
                    record = stub.tokens.get(token)
                if not record or record["revoked"] or record["expires"] <= time.time():
                    self._error(401, "UnauthorizedException", "Session token not found or invalid")
                    return None
                return record

            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                query = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
                if url.path == "/federation/credentials":
                    self._record("GetRoleCredentials", account=query.get("account_id"), role=query.get("role_name"))
                    record = self._portal_token()
                    if record is None:
                        return
                    account, role = query.get("account_id"), query.get("role_name")
                    if not account or not role:
                        return self._error(400, "InvalidRequestException", "role_name and account_id are required")
                    if role not in stub.assignments.get(account, []):
                        return self._error(403, "ForbiddenException", "No access")
                    minted = stub.mint(account, role, record["user"]) if stub.mint else None
                    if minted is None:
                        return self._error(500, "InternalServerException", "cannot mint")
                    return self._send(200, {"roleCredentials": {
                        "accessKeyId": minted["AccessKeyId"], "secretAccessKey": minted["SecretAccessKey"],
                        "sessionToken": minted["SessionToken"],
                        "expiration": int(minted["Expiration"].timestamp() * 1000)}})
                if url.path == "/assignment/accounts":
                    self._record("ListAccounts", next=query.get("next_token"))
                    if self._portal_token() is None:
                        return
                    items = [{"accountId": a, "accountName": stub.accounts.get(a, a), "emailAddress": f"{a}@example.com"}
                             for a in sorted(stub.assignments)]
                    return self._page(items, "accountList", query)
                if url.path == "/assignment/roles":
                    self._record("ListAccountRoles", account=query.get("account_id"), next=query.get("next_token"))
                    if self._portal_token() is None:
                        return
                    account = query.get("account_id")
                    items = [{"roleName": r, "accountId": account} for r in stub.assignments.get(account, [])]
                    if stub.endless_roles:
                        return self._send(200, {"roleList": items[:1], "nextToken": "more-" + secrets.token_hex(4)})
                    return self._page(items, "roleList", query)
                if url.path == "/authorize":
                    return self._authorize(query)
                if url.path == "/device":
                    with stub.lock:
                        for device in stub.devices.values():
                            if device["userCode"] == query.get("user_code"):
                                device["approved"] = True
                    return self._send(200, {"approved": True})
                self._error(404, "ResourceNotFoundException", "no such path")

            def _page(self, items, key, query):
                start = int(query.get("next_token") or 0)
                size = min(int(query.get("max_result") or stub.page_size), stub.page_size)
                page = items[start:start + size]
                body = {key: page}
                if start + size < len(items):
                    body["nextToken"] = str(start + size)
                self._send(200, body)

            def _authorize(self, query):
                self._record("Authorize", query=query)
                client = stub.clients.get(query.get("client_id"))
                redirect = query.get("redirect_uri", "")
                parsed = urllib.parse.urlparse(redirect)
                if (client is None or "authorization_code" not in client.get("grantTypes", [])
                        or query.get("response_type") != "code" or query.get("code_challenge_method") != "S256"
                        or not query.get("code_challenge") or not query.get("state")):
                    return self._send(400, {"error": "invalid_request"})
                # RFC 8252: a loopback redirect matches the registered one on any port.
                registered = [urllib.parse.urlparse(u) for u in client.get("redirectUris", [])]
                if parsed.hostname != "127.0.0.1" or not any(
                        r.hostname == "127.0.0.1" and r.path == parsed.path and r.scheme == parsed.scheme for r in registered):
                    return self._send(400, {"error": "invalid_redirect_uri"})
                code = "stub-code-" + secrets.token_hex(12)
                with stub.lock:
                    stub.codes[code] = {"client": query["client_id"], "challenge": query["code_challenge"],
                                        "redirect": redirect, "used": False, "scopes": query.get("scopes", "")}
                location = redirect + "?" + urllib.parse.urlencode({"code": code, "state": query["state"]})
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                path = urllib.parse.urlparse(self.path).path
                if path == "/logout":
                    self._record("Logout")
                    token = self.headers.get("x-amz-sso_bearer_token")
                    with stub.lock:
                        if token in stub.tokens:
                            stub.tokens[token]["revoked"] = True
                    return self._send(200, {})
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    return self._error(400, "InvalidRequestException", "not JSON", oidc=True)
                if path == "/client/register":
                    self._record("RegisterClient", body=body)
                    if body.get("clientType") != "public" or not body.get("clientName"):
                        return self._error(400, "InvalidRequestException", "clientName and clientType public", oidc=True)
                    client_id = "stub-client-" + secrets.token_hex(8)
                    now = int(time.time())
                    with stub.lock:
                        stub.clients[client_id] = dict(body, secret="stub-secret-" + secrets.token_hex(16))
                        secret = stub.clients[client_id]["secret"]
                    return self._send(200, {"clientId": client_id, "clientSecret": secret, "clientIdIssuedAt": now,
                                            "clientSecretExpiresAt": now + 90 * 86400})
                if path == "/device_authorization":
                    self._record("StartDeviceAuthorization", body=body)
                    if not self._client_ok(body):
                        return self._error(400, "InvalidClientException", "unknown client", oidc=True)
                    device = "stub-device-" + secrets.token_hex(8)
                    user_code = secrets.token_hex(2).upper() + "-" + secrets.token_hex(2).upper()
                    with stub.lock:
                        stub.devices[device] = {"client": body["clientId"], "userCode": user_code, "approved": False,
                                                "polls": 0, "expires": time.time() + 600}
                    return self._send(200, {"deviceCode": device, "userCode": user_code,
                                            "verificationUri": stub.url + "/device",
                                            "verificationUriComplete": stub.verification_uri_complete
                                            or stub.url + "/device?user_code=" + user_code,
                                            "expiresIn": 600, "interval": 1})
                if path == "/token":
                    return self._token(body)
                self._error(404, "ResourceNotFoundException", "no such path", oidc=True)

            def _client_ok(self, body):
                client = stub.clients.get(body.get("clientId"))
                return client is not None and client["secret"] == body.get("clientSecret")

            def _token(self, body):
                grant = body.get("grantType")
                self._record("CreateToken", grant=grant)
                if not self._client_ok(body):
                    return self._error(400, "InvalidClientException", "unknown client", oidc=True)
                with stub.lock:
                    if grant == "urn:ietf:params:oauth:grant-type:device_code":
                        device = stub.devices.get(body.get("deviceCode"))
                        if device is None or device["client"] != body["clientId"]:
                            return self._error(400, "InvalidGrantException", "unknown device code", oidc=True)
                        if device["expires"] <= time.time():
                            return self._error(400, "ExpiredTokenException", "device code expired", oidc=True)
                        device["polls"] += 1
                        if not device["approved"] and (stub.auto_approve_after is None
                                                       or device["polls"] <= stub.auto_approve_after):
                            return self._error(400, "AuthorizationPendingException", "pending", oidc=True)
                        del stub.devices[body["deviceCode"]]
                        return self._send(200, stub._new_token("sso-user", stub.token_lifetime, True, body["clientId"]))
                    if grant == "authorization_code":
                        code = stub.codes.get(body.get("code"))
                        if code is None or code["used"] or code["client"] != body["clientId"]:
                            return self._error(400, "InvalidGrantException", "invalid code", oidc=True)
                        code["used"] = True
                        if body.get("redirectUri") != code["redirect"]:
                            return self._error(400, "InvalidGrantException", "redirect_uri mismatch", oidc=True)
                        verifier = body.get("codeVerifier", "")
                        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
                        if challenge != code["challenge"] or not (43 <= len(verifier) <= 128):
                            return self._error(400, "InvalidGrantException", "PKCE verification failed", oidc=True)
                        return self._send(200, stub._new_token("sso-user", stub.token_lifetime, True, body["clientId"]))
                    if grant == "refresh_token":
                        record = stub.refresh_tokens.get(body.get("refreshToken"))
                        if record is None or record["used"]:
                            return self._error(400, "InvalidGrantException", "invalid refresh token", oidc=True)
                        record["used"] = True
                        return self._send(200, stub._new_token(record["user"], stub.token_lifetime, True, body["clientId"]))
                return self._error(400, "UnsupportedGrantTypeException", f"grant {grant}", oidc=True)

        return Handler


def endpoint_rules_dir(root, url):
    """An AWS_DATA_PATH folder whose sso and sso-oidc endpoint rule sets send every call to
    `url` (the AWS CLI v2 of Debian 12 predates AWS_ENDPOINT_URL_*)."""
    source = "/usr/lib/python3/dist-packages/awscli/botocore/data"
    for service in ("sso", "sso-oidc"):
        with open(os.path.join(source, service, "2019-06-10", "endpoint-rule-set-1.json")) as f:
            rules = json.load(f)
        rules["rules"] = [{"conditions": [], "endpoint": {"url": url, "properties": {}, "headers": {}},
                           "type": "endpoint"}]
        folder = os.path.join(root, service, "2019-06-10")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "endpoint-rule-set-1.json"), "w") as f:
            json.dump(rules, f)
    return root
