"""Loopback HTTP servers for tests: a strict IMDSv2 + container-credentials stub, a recording
proxy in front of moto, and a server that misbehaves on purpose."""
import json
import secrets
import socket
import threading
import time
import urllib.request
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Server:
    def __init__(self, handler):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.owner = self
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.requests = []
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", content_type="text/plain"):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""


def credentials_json(key="ASIAMETADATA", hours=6, account=None):
    expiration = (datetime.now(timezone.utc) + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")
    doc = {"Code": "Success", "LastUpdated": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
           "Type": "AWS-HMAC", "AccessKeyId": key, "SecretAccessKey": "metadata-secret",
           "Token": "metadata-token", "Expiration": expiration}
    if account:
        doc["AccountId"] = account
    return json.dumps(doc)


class MetadataStub(_Server):
    """IMDSv2 as the protocol says (botocore's `InstanceMetadataFetcher` speaks it): PUT /latest/api/token needs a TTL of
    1..21600 (else 400); every GET needs a valid, unexpired token (else 401) unless
    `allow_v1`; `token_status` makes the PUT answer 403/404/405 to force the v1 fallback.
    The container endpoint lives at /ecs/credentials and checks `Authorization` against
    `container_token` when set."""

    def __init__(self, allow_v1=False, token_status=200, container_token=None):
        self.allow_v1 = allow_v1
        self.token_status = token_status
        self.container_token = container_token
        self.tokens = {}
        super().__init__(MetadataHandler)


class MetadataHandler(_Handler):
    def do_PUT(self):
        stub = self.server.owner
        stub.requests.append(("PUT", self.path, dict(self.headers)))
        self.body()
        if self.path != "/latest/api/token":
            return self.reply(404)
        if stub.token_status != 200:
            return self.reply(stub.token_status)
        ttl = self.headers.get("x-aws-ec2-metadata-token-ttl-seconds", "")
        if not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
            return self.reply(400, "missing or invalid TTL")
        token = secrets.token_urlsafe(24)
        stub.tokens[token] = time.time() + int(ttl)
        self.reply(200, token)

    def do_GET(self):
        stub = self.server.owner
        stub.requests.append(("GET", self.path, dict(self.headers)))
        if self.path.startswith("/ecs/"):
            if stub.container_token is not None and self.headers.get("Authorization") != stub.container_token:
                return self.reply(403, "bad token")
            return self.reply(200, credentials_json("ASIACONTAINER", account="123456789012"), "application/json")
        token = self.headers.get("x-aws-ec2-metadata-token")
        if token is None:
            if not stub.allow_v1:
                return self.reply(401)
        elif stub.tokens.get(token, 0) < time.time():
            return self.reply(401)
        if self.path == "/latest/meta-data/iam/security-credentials/":
            return self.reply(200, "test-role")
        if self.path == "/latest/meta-data/iam/security-credentials/test-role":
            return self.reply(200, credentials_json("ASIAINSTANCE"), "application/json")
        self.reply(404)


class RecordingProxy(_Server):
    """Forwards to `target` and keeps every request body (moto does not record TokenCode)."""

    def __init__(self, target):
        self.target = target
        self.bodies = []
        super().__init__(ProxyHandler)


class ProxyHandler(_Handler):
    def do_POST(self):
        proxy = self.server.owner
        body = self.body()
        proxy.bodies.append(body.decode())
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
        request = urllib.request.Request(proxy.target + self.path, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request) as response:
                self.reply(response.status, response.read(), response.headers.get("Content-Type", "text/xml"))
        except urllib.error.HTTPError as error:
            self.reply(error.code, error.read(), error.headers.get("Content-Type", "text/xml"))


class ScriptedServer(_Server):
    """Answers successive requests from a script of (status, body) pairs; "hang" never answers.
    Records arrival times, to check retries and backoff."""

    def __init__(self, script):
        self.script = list(script)
        self.times = []
        super().__init__(ScriptedHandler)


class ScriptedHandler(_Handler):
    def do_POST(self):
        server = self.server.owner
        self.body()
        server.times.append(time.monotonic())
        step = server.script.pop(0) if len(server.script) > 1 else server.script[0]
        if step == "hang":
            time.sleep(120)
            return
        status, body = step
        self.reply(status, body, "text/xml")


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def assume_role_xml(key="ASIASCRIPTED"):
    expiration = (datetime.now(timezone.utc) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"""<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
<Credentials><AccessKeyId>{key}</AccessKeyId><SecretAccessKey>s3cr3t</SecretAccessKey>
<SessionToken>tok&amp;en</SessionToken><Expiration>{expiration}</Expiration></Credentials>
<AssumedRoleUser><AssumedRoleId>AROA:x</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/R/x</Arn></AssumedRoleUser>
</AssumeRoleResult></AssumeRoleResponse>"""


def error_xml(code, message="scripted"):
    return f"""<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error></ErrorResponse>"""
