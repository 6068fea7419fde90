"""A loopback AWS sign-in federation endpoint (`/federation`), strict where the real one is:
getSigninToken takes exactly `Action`, `Session` and optionally `SessionDuration` (900–43200);
`Session` must be a JSON object of exactly `sessionId`, `sessionKey` and `sessionToken`, all
non-empty strings; `verify(session)` (the test's) decides whether the credentials are real.
Every call is recorded."""
import json
import secrets
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FederationStub:
    def __init__(self, verify):
        self.verify = verify
        self.calls = []
        self.tokens = set()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}/federation"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()

    def _handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, document):
                body = json.dumps(document).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                try:
                    pairs = urllib.parse.parse_qsl(url.query, keep_blank_values=True, strict_parsing=True)
                except ValueError:
                    return self._send(400, {"message": "malformed query"})
                params = dict(pairs)
                with stub.lock:
                    stub.calls.append({"path": url.path, "params": params})
                if url.path != "/federation" or len(params) != len(pairs) or params.get("Action") != "getSigninToken":
                    return self._send(400, {"message": "unsupported request"})
                if not set(params) <= {"Action", "Session", "SessionDuration"}:
                    return self._send(400, {"message": "unknown parameter"})
                if "SessionDuration" in params and not (params["SessionDuration"].isdigit()
                                                        and 900 <= int(params["SessionDuration"]) <= 43200):
                    return self._send(400, {"message": "bad SessionDuration"})
                try:
                    session = json.loads(params.get("Session", ""), object_pairs_hook=lambda items: (
                        dict(items) if len(dict(items)) == len(items) else (_ for _ in ()).throw(ValueError("duplicate"))))
                except ValueError:
                    return self._send(400, {"message": "Session is not strict JSON"})
                if not isinstance(session, dict) or set(session) != {"sessionId", "sessionKey", "sessionToken"} or \
                        not all(isinstance(v, str) and v for v in session.values()):
                    return self._send(400, {"message": "Session needs sessionId, sessionKey and sessionToken"})
                with stub.lock:
                    stub.calls[-1]["session"] = session
                if not stub.verify(session):
                    return self._send(400, {"message": "invalid credentials"})
                token = "signin-" + secrets.token_urlsafe(24)
                with stub.lock:
                    stub.tokens.add(token)
                self._send(200, {"SigninToken": token})

        return Handler
