"""An STS in front of moto that makes MFA sessions real (README "One MFA code for many roles").

moto 5.2.1's GetSessionToken ignores the MFA code and returns constant, unregistered keys, so a
call signed with them fails once moto checks signatures. This proxy answers GetSessionToken
itself — only with a valid, unused code for the caller's device, signed by a user's long-term
keys — minting session credentials it remembers. A request signed with such session
credentials has its SigV4 signature checked with botocore's own signer and is then re-signed
as the user and forwarded to moto; everything else goes to moto untouched.

It also plays the part of an MFA-conditioned trust policy, which moto does not evaluate: an
AssumeRole of a role in `mfa_roles` must carry a TokenCode or be signed with an MFA session.
And, like STS, it refuses more than an hour for a role assumed with session credentials.
Every request is recorded (`calls`), so tests can count GetSessionToken and see what each
AssumeRole carried.
"""
import datetime
import hmac
import re
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request, "
    r"SignedHeaders=(?P<headers>[^,]+), Signature=(?P<signature>[0-9a-f]{64})")


class STSProxy:
    def __init__(self, upstream, users, devices, mfa_roles=()):
        """`upstream`: moto's URL; `users`: {name: {"key", "secret", "arn"}}; `devices`: {serial:
        user name}; `mfa_roles`: role ARNs whose trust policy requires MFA."""
        self.upstream = upstream.rstrip("/")
        self.users = {user["key"]: dict(user, name=name) for name, user in users.items()}
        self.devices = dict(devices)
        self.mfa_roles = set(mfa_roles)
        # When set, AssumeRole answers say the credentials end this many seconds from now (moto
        # itself only issues 15 minutes or more): a test's stand-in for a role outliving its run.
        self.role_lifetime = None
        self.valid_codes = set()
        self.used_codes = set()
        self.sessions = {}
        self.calls = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()

    def count(self, action):
        with self.lock:
            return sum(1 for call in self.calls if call["action"] == action)

    def actions(self, action):
        with self.lock:
            return [call for call in self.calls if call["action"] == action]

    def add_key(self, name, key, secret):
        """A new long-term key of user `name` (after a rotation), for GetSessionToken."""
        with self.lock:
            user = next(u for u in self.users.values() if u["name"] == name)
            self.users[key] = dict(user, key=key, secret=secret)

    def expire_sessions(self, seconds_left=60):
        """Make every session look (to the proxy) as if it ends in `seconds_left`."""
        with self.lock:
            for session in self.sessions.values():
                session["expires"] = time.time() + seconds_left

    # --- checks ---------------------------------------------------------------------------

    @staticmethod
    def verify(headers, path, body, secret, token, method="POST"):
        """Recomputes the request's SigV4 signature with botocore's signer."""
        match = AUTHORIZATION.fullmatch(headers.get("Authorization", ""))
        if not match:
            return False
        lower = {name.lower(): value for name, value in headers.items()}
        signed = match["headers"].split(";")
        request = AWSRequest(method=method, url=f"http://{lower['host']}{path}", data=body,
                             headers={name: lower[name] for name in signed if name in lower})
        request.context["timestamp"] = lower["x-amz-date"]
        signer = SigV4Auth(Credentials(match["key"], secret, token), match["service"], match["region"])
        expected = signer.signature(signer.string_to_sign(request, signer.canonical_request(request)), request)
        return hmac.compare_digest(expected, match["signature"])

    # --- HTTP -----------------------------------------------------------------------------

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status, body, content_type="text/xml"):
                data = body.encode() if isinstance(body, str) else body
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status, code, message):
                self._reply(status, f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>"
                                    f"<Message>{message}</Message></Error></ErrorResponse>")

            def _forward(self, body, headers, action=None):
                request = urllib.request.Request(proxy.upstream + self.path, data=body, method="POST")
                for name, value in headers.items():
                    request.add_header(name, value)
                try:
                    with urllib.request.urlopen(request, timeout=30) as answer:
                        data = answer.read()
                        if action == "AssumeRole" and proxy.role_lifetime is not None:
                            ends = datetime.datetime.fromtimestamp(time.time() + proxy.role_lifetime, datetime.timezone.utc)
                            data = re.sub(rb"<Expiration>[^<]*</Expiration>",
                                          b"<Expiration>" + ends.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + b"</Expiration>", data)
                        return self._reply(answer.status, data)
                except urllib.error.HTTPError as error:
                    return self._reply(error.code, error.read())

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                params = dict(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))
                headers = {name: self.headers[name] for name in self.headers.keys()}
                match = AUTHORIZATION.fullmatch(headers.get("Authorization", ""))
                key = match["key"] if match else None
                action = params.get("Action", "")
                with proxy.lock:
                    session = proxy.sessions.get(key)
                    user = proxy.users.get(key) or (proxy.users.get(session["user"]) if session else None)
                    proxy.calls.append({"action": action, "params": params, "key": key, "session": session is not None,
                                        "user": user["name"] if user else None})
                if action == "GetSessionToken":
                    return self._get_session_token(params, headers, body, key)
                if action == "AssumeRole" and params.get("RoleArn") in proxy.mfa_roles:
                    if (session is None or not session.get("mfa")) and "TokenCode" not in params:
                        return self._error(403, "AccessDenied", "MultiFactorAuthPresent is not true")
                    if "TokenCode" in params and not self._take_code(params.get("SerialNumber"), params["TokenCode"], user):
                        return self._error(403, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.")
                if session is None:
                    return self._forward(body, {name: value for name, value in headers.items()
                                                if name.lower() not in ("content-length", "connection")}, action)
                # Signed with session credentials: check, then re-sign as the user for moto.
                token = {name.lower(): value for name, value in headers.items()}.get("x-amz-security-token")
                if not proxy.verify(headers, self.path, body, session["secret"], session["token"]) or token != session["token"]:
                    return self._error(403, "SignatureDoesNotMatch", "the session signature does not match")
                if session["expires"] <= time.time():
                    return self._error(403, "ExpiredToken", "The security token included in the request is expired")
                if action == "AssumeRole" and int(params.get("DurationSeconds", "3600")) > 3600:
                    return self._error(400, "ValidationError", "The requested DurationSeconds exceeds the 1 hour session "
                                                               "limit for roles assumed by role chaining.")
                request = AWSRequest(method="POST", url=proxy.upstream + self.path, data=body,
                                     headers={"Content-Type": headers.get("Content-Type", "application/x-www-form-urlencoded")})
                SigV4Auth(Credentials(user["key"], user["secret"]), "sts", match["region"]).add_auth(request)
                return self._forward(body, dict(request.headers.items()), action)

            def _take_code(self, serial, code, user):
                with proxy.lock:
                    if proxy.devices.get(serial) != (user or {}).get("name") or code not in proxy.valid_codes:
                        return False
                    if code in proxy.used_codes:
                        return False  # a TOTP code works once
                    proxy.used_codes.add(code)
                    return True

            def _get_session_token(self, params, headers, body, key):
                user = proxy.users.get(key)
                if user is None:
                    return self._error(403, "InvalidClientTokenId", "GetSessionToken needs an IAM user's long-term keys")
                if not proxy.verify(headers, self.path, body, user["secret"], None):
                    return self._error(403, "SignatureDoesNotMatch", "the signature does not match")
                # Without SerialNumber, a session without MFA (what `rolesh keys credential-process`
                # asks for); with one, the code must be valid and unused.
                mfa = "SerialNumber" in params
                if mfa and not self._take_code(params.get("SerialNumber"), params.get("TokenCode"), user):
                    return self._error(403, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.")
                duration = int(params.get("DurationSeconds", "43200"))
                if not 900 <= duration <= 129600:
                    return self._error(400, "ValidationError", "DurationSeconds out of range")
                access = "ASIA" + secrets.token_hex(8).upper()
                secret, token = secrets.token_urlsafe(30), "FQoG" + secrets.token_urlsafe(60)
                expires = time.time() + duration
                with proxy.lock:
                    proxy.sessions[access] = {"secret": secret, "token": token, "user": key, "expires": expires,
                                              "duration": duration, "mfa": mfa}
                stamp = datetime.datetime.fromtimestamp(expires, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                self._reply(200, f"""<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
<GetSessionTokenResult><Credentials><AccessKeyId>{access}</AccessKeyId><SecretAccessKey>{secret}</SecretAccessKey>
<SessionToken>{token}</SessionToken><Expiration>{stamp}</Expiration></Credentials></GetSessionTokenResult>
<ResponseMetadata><RequestId>proxy</RequestId></ResponseMetadata></GetSessionTokenResponse>""")

        return Handler
