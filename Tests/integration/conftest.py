"""Fixtures for end-to-end tests of the built rolesh binary against real oracles: moto as STS
(with signature checking on), the real AWS CLI, and strict IMDS / container stubs.

Every server binds 127.0.0.1 on a free port and is stopped by its PID when the session ends.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROLESH = os.environ.get("ROLESH_BINARY", os.path.join(ROOT, ".build", "debug", "rolesh"))
ACCOUNT = "123456789012"

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MotoServer:
    """A moto_server process; `url` is its base URL."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="moto-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/moto-api/", timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("moto did not start")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def client(self, service, key="AKIDSEED", secret="seed"):
        import boto3
        return boto3.client(service, endpoint_url=self.url, region_name="us-east-1",
                            aws_access_key_id=key, aws_secret_access_key=secret)

    def assumed_roles(self):
        data = json.loads(urllib.request.urlopen(self.url + "/moto-api/data.json").read())
        roles = data.get("sts", {}).get("AssumedRole", [])
        return roles

    def set_auth(self, enabled):
        request = urllib.request.Request(self.url + "/moto-api/reset-auth", data=b"0" if enabled else b"inf",
                                         headers={"Content-Type": "text/plain"}, method="POST")
        urllib.request.urlopen(request).read()


@pytest.fixture(scope="session")
def moto():
    """moto with auth off (accepts any key): web identity, cache and chain tests."""
    server = MotoServer()
    yield server
    server.stop()


class AuthWorld:
    """A moto with IAM seeded and signature checking switched on."""

    def __init__(self, server):
        self.server = server
        iam = server.client("iam")
        self.users = {}
        for name in ("alice", "mallory"):
            arn = iam.create_user(UserName=name)["User"]["Arn"]
            key = iam.create_access_key(UserName=name)["AccessKey"]
            iam.put_user_policy(UserName=name, PolicyName="assume", PolicyDocument=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}))
            self.users[name] = {"arn": arn, "key": key["AccessKeyId"], "secret": key["SecretAccessKey"]}
        alice = self.users["alice"]["arn"]

        def role(name, principal, condition=None):
            statement = {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}
            if condition:
                statement["Condition"] = condition
            return iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [statement]}))["Role"]["Arn"]

        self.admin = role("Admin", alice)
        self.external = role("External", alice, {"StringEquals": {"sts:ExternalId": "ext-secret-1"}})
        self.only_mallory = role("OnlyMallory", self.users["mallory"]["arn"])
        # The second hop of a chain is assumed with the first role's session credentials.
        iam.put_role_policy(RoleName="Admin", PolicyName="assume", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}))
        self.second = role("Second", f"arn:aws:sts::{ACCOUNT}:assumed-role/Admin/chain-hop")
        server.set_auth(True)


@pytest.fixture(scope="session")
def moto_auth():
    server = MotoServer()
    world = AuthWorld(server)
    yield world
    server.stop()


class Home:
    """A throw-away HOME with ~/.aws files, and a runner for the rolesh binary."""

    def __init__(self, path):
        self.path = path
        self.aws = os.path.join(path, ".aws")
        os.makedirs(self.aws)
        self.env = {"HOME": path, "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "USER": "tester",
                    "AWS_EC2_METADATA_DISABLED": "true", "XDG_STATE_HOME": os.path.join(path, ".state"),
                    "LANG": "C.UTF-8"}

    def config(self, text):
        with open(os.path.join(self.aws, "config"), "w") as f:
            f.write(text)

    def credentials(self, text):
        with open(os.path.join(self.aws, "credentials"), "w") as f:
            f.write(text)

    @property
    def cache_dir(self):
        return os.path.join(self.aws, "cli", "cache")

    def cache_files(self):
        if not os.path.isdir(self.cache_dir):
            return []
        return sorted(f for f in os.listdir(self.cache_dir) if f.endswith(".json"))

    def run(self, *args, env=None, input=None, timeout=60):
        run_env = dict(self.env)
        run_env.update(env or {})
        # A new session has no controlling terminal, so nothing can prompt on /dev/tty even
        # when the tests run from one (prompting tests use pseudo-terminals of their own).
        return subprocess.run([ROLESH, *args], env=run_env, capture_output=True, text=True, input=input,
                              timeout=timeout, stdin=None if input is not None else subprocess.DEVNULL,
                              start_new_session=True)

    def aws_cli(self, *args, env=None):
        """The AWS CLI v1 from pip, through this interpreter (`aws` on PATH may be Debian's v2)."""
        run_env = dict(self.env)
        run_env.update(env or {})
        return subprocess.run([sys.executable, "-m", "awscli", *args], env=run_env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def home():
    path = tempfile.mkdtemp(prefix="rolesh-home-")
    yield Home(path)
    shutil.rmtree(path, ignore_errors=True)


def the_one_that_prompts(children, prompt, within=20):
    """Of pexpect `children` started together, the only one that shows `prompt`: the others
    must be waiting (on the cache lock) without prompting while it is unanswered."""
    import pexpect
    prompted = []
    deadline = time.time() + within
    while not prompted and time.time() < deadline:
        for child in children:
            if child.expect_exact([prompt, pexpect.TIMEOUT], timeout=0.2) == 0:
                prompted.append(child)
    assert len(prompted) == 1
    for child in children:
        if child is not prompted[0]:
            assert child.expect_exact([prompt, pexpect.TIMEOUT], timeout=1) == 1
    return prompted[0]
