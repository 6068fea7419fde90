"""Long-term keys out of plaintext (`rolesh keys`): a headless Secret Service (gnome-keyring on a
D-Bus session of the test's own) and `pass` with a GPG key made for the test, IAM and STS from
moto with signature checking on (an STS proxy in front makes GetSessionToken sessions real),
the AWS CLI v1 and v2 using a stored profile through its config line."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest

from conftest import ACCOUNT, ROLESH
from sts_proxy import STSProxy

AWS_V2 = "/usr/bin/aws"


class Keyring:
    """A D-Bus session bus and gnome-keyring's Secret Service on it, unlocked."""

    def __init__(self):
        self.home = tempfile.mkdtemp(prefix="rolesh-keyring-")
        self.bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"], stdout=subprocess.PIPE,
                                    text=True, start_new_session=True)
        self.address = self.bus.stdout.readline().strip()
        self.env = {"DBUS_SESSION_BUS_ADDRESS": self.address}
        daemon_env = dict(os.environ, HOME=self.home, XDG_DATA_HOME=self.home + "/data", **self.env)
        self.daemon = subprocess.Popen(["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                                       stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                       env=daemon_env, start_new_session=True)
        self.daemon.stdin.write(b"test-password\n")
        self.daemon.stdin.close()
        deadline = time.time() + 20
        while time.time() < deadline:
            probe = subprocess.run(["secret-tool", "search", "service", "probe"], env=dict(os.environ, **self.env),
                                   capture_output=True, timeout=10)
            if probe.returncode in (0, 1) and b"not provided" not in probe.stderr:
                return
            time.sleep(0.2)
        raise RuntimeError("gnome-keyring did not start")

    def lookup(self, profile):
        result = subprocess.run(["secret-tool", "lookup", "service", "rolesh", "profile", profile], env=dict(os.environ, **self.env),
                                capture_output=True, text=True, timeout=10)
        return result.stdout if result.returncode == 0 else None

    def store(self, profile, secret):
        subprocess.run(["secret-tool", "store", "--label=planted", "service", "rolesh", "profile", profile], input=secret,
                       env=dict(os.environ, **self.env), check=True, text=True, timeout=10)

    def lock(self):
        subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.secrets", "/org/freedesktop/secrets",
                        "org.freedesktop.Secret.Service.Lock", "array:objpath:/org/freedesktop/secrets/collection/login"],
                       env=dict(os.environ, **self.env), check=True, capture_output=True, timeout=10)

    def stop(self):
        for process in (self.daemon, self.bus):
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            process.wait(5)
        shutil.rmtree(self.home, ignore_errors=True)


@pytest.fixture
def keyring():
    ring = Keyring()
    yield ring
    ring.stop()


@pytest.fixture
def pass_store(tmp_path):
    gnupg = tmp_path / "gnupg"
    gnupg.mkdir(mode=0o700)
    env = dict(os.environ, GNUPGHOME=str(gnupg), PASSWORD_STORE_DIR=str(tmp_path / "store"))
    subprocess.run(["gpg", "--batch", "--passphrase", "", "--quick-gen-key", "rolesh test <t@example.com>", "default", "default",
                    "never"], env=env, check=True, capture_output=True, timeout=120)
    subprocess.run(["pass", "init", "t@example.com"], env=env, check=True, capture_output=True, timeout=60)
    yield {"GNUPGHOME": env["GNUPGHOME"], "PASSWORD_STORE_DIR": env["PASSWORD_STORE_DIR"]}
    subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=env, capture_output=True)


def new_user(moto_auth, name):
    """An IAM user with a key, allowed IAM, STS and EKS (moto checks them with auth on)."""
    server = moto_auth.server
    server.set_auth(False)
    try:
        iam = server.client("iam")
        arn = iam.create_user(UserName=name)["User"]["Arn"]
        key = iam.create_access_key(UserName=name)["AccessKey"]
        iam.put_user_policy(UserName=name, PolicyName="all", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:*", "sts:*", "eks:*"], "Resource": "*"}]}))
    finally:
        server.set_auth(True)
    return {"name": name, "arn": arn, "key": key["AccessKeyId"], "secret": key["SecretAccessKey"]}


def caller(moto_auth, key, secret):
    import boto3
    sts = boto3.client("sts", endpoint_url=moto_auth.server.url, region_name="us-east-1", aws_access_key_id=key,
                       aws_secret_access_key=secret)
    try:
        return sts.get_caller_identity()["Arn"]
    except Exception as error:  # noqa: BLE001 - a refused key
        return error


CONFIG = "# my settings\n[default]\nregion = us-east-1\n\n[profile {name}]\nregion = eu-west-1\n; stays\noutput = json\n"


def add_env(home, user, extra=None):
    return home.run("keys", "add", user["name"], "--env",
                    env=dict({"AWS_ACCESS_KEY_ID": user["key"], "AWS_SECRET_ACCESS_KEY": user["secret"]}, **(extra or {})))


def test_the_secret_service_keeps_the_key_and_every_tool_uses_it(home, moto_auth, keyring):
    user = new_user(moto_auth, "keeper")
    serial = f"arn:aws:iam::{ACCOUNT}:mfa/keeper"
    proxy = STSProxy(moto_auth.server.url, {"keeper": user}, devices={serial: "keeper"})
    proxy.valid_codes = {"246810"}
    try:
        home.env.update(keyring.env, AWS_ENDPOINT_URL_STS=proxy.url, AWS_ENDPOINT_URL_IAM=moto_auth.server.url)
        home.config(CONFIG.format(name="keeper"))
        before = open(os.path.join(home.aws, "config")).read()
        result = add_env(home, user)
        assert result.returncode == 0, result.stderr
        assert user["secret"] not in result.stderr + result.stdout
        config = open(os.path.join(home.aws, "config")).read()
        line = f"credential_process = {os.path.realpath(ROLESH)} keys credential-process keeper\n"
        assert config == before.replace("[profile keeper]\n", "[profile keeper]\n" + line)
        stored = json.loads(keyring.lookup("keeper"))
        assert stored == {"Version": 1, "AccessKeyId": user["key"], "SecretAccessKey": user["secret"]}
        assert not os.path.exists(os.path.join(home.aws, "credentials")) or user["secret"] not in open(os.path.join(home.aws, "credentials")).read()
        # rolesh reads the store itself (no credential process runs) and knows the key is long-term.
        explained = home.run("explain", "keeper")
        assert "stored keys of profile keeper in the Secret Service" in explained.stdout and user["key"] in explained.stdout
        step = json.loads(home.run("explain", "keeper", "--json").stdout)["steps"][-1]
        assert step == {"kind": "stored-keys", "profile": "keeper", "backend": "secret-service", "access_key_id": user["key"]}
        trace = home.path + "/trace"
        who = subprocess.run(["strace", "-f", "-qq", "-e", "trace=execve", "-o", trace, ROLESH, "whoami", "keeper"], env=home.env,
                             capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)
        assert who.returncode == 0, who.stderr
        assert who.stdout.startswith(user["arn"])
        assert sum(1 for line in open(trace) if "execve(" in line) == 1
        # Both AWS CLIs run the line: a GetSessionToken session, never the long-term key.
        v1 = home.aws_cli("sts", "get-caller-identity", "--profile", "keeper")
        assert v1.returncode == 0, v1.stderr
        assert json.loads(v1.stdout)["Arn"] == user["arn"]
        v2 = subprocess.run([AWS_V2, "sts", "get-caller-identity", "--profile", "keeper", "--endpoint-url", proxy.url], env=home.env,
                            capture_output=True, text=True, timeout=120)
        assert v2.returncode == 0, v2.stderr
        assert json.loads(v2.stdout)["Arn"] == user["arn"]
        assert proxy.count("GetSessionToken") == 1  # the second CLI's run used the cached session
        # `use` in either mode, as for static keys: keys mode exports the key, profile mode the name.
        keys_mode = home.run("export", "keeper", "--format", "env")
        assert f"AWS_ACCESS_KEY_ID={user['key']}" in keys_mode.stdout and "AWS_SESSION_TOKEN" not in keys_mode.stdout
        profile_mode = home.run("export", "keeper", "--format", "env", "--mode", "profile")
        assert profile_mode.stdout.startswith("AWS_PROFILE=keeper\n")
        printed = json.loads(home.run("keys", "credential-process", "keeper").stdout)
        assert printed["AccessKeyId"].startswith("ASIA") and "Expiration" in printed
        raw = json.loads(home.run("keys", "credential-process", "keeper", "--no-session").stdout)
        assert raw == {"Version": 1, "AccessKeyId": user["key"], "SecretAccessKey": user["secret"]}
        # A role behind the stored key with an MFA device: one MFA session, as over static keys.
        with open(os.path.join(home.aws, "config"), "a") as f:
            f.write(f"\n[profile admin]\nrole_arn = {moto_auth.admin}\nsource_profile = keeper\nmfa_serial = {serial}\n")
        plan = json.loads(home.run("explain", "admin", "--json").stdout)["steps"]
        assert [s["kind"] for s in plan] == ["stored-keys", "mfa-session", "assume-role"]
        # (moto's Admin role trusts alice: the session is made for keeper, the role is refused.)
        home.run("export", "admin", "--mfa-code", "246810")
        (session_call,) = [c for c in proxy.actions("GetSessionToken") if c["params"].get("SerialNumber") == serial]
        assert session_call["params"]["TokenCode"] == "246810"
        listed = home.run("keys", "list", "--json")
        (entry,) = json.loads(listed.stdout)["keys"]
        assert entry["profile"] == "keeper" and entry["backend"] == "secret-service" and entry["access_key_id"] == user["key"]
        assert user["secret"] not in listed.stdout
    finally:
        proxy.stop()


def test_import_moves_only_the_key_lines_and_stops_at_a_locked_keyring(home, moto_auth, keyring):
    keeper, other = new_user(moto_auth, "importer"), new_user(moto_auth, "second")
    home.env.update(keyring.env, AWS_ENDPOINT_URL_STS=moto_auth.server.url)
    credentials = (f"# team keys\n[importer]\naws_access_key_id = {keeper['key']}\naws_secret_access_key = {keeper['secret']}\n"
                   "region = eu-west-1\n\n[temp]\naws_access_key_id = ASIATEMPORARY1234\naws_secret_access_key = s/s/s/s/s/s/s/s\n"
                   f"aws_session_token = tok\n\n[second]\naws_access_key_id = {other['key']}\naws_secret_access_key = {other['secret']}\n")
    home.credentials(credentials)
    home.config("[profile importer]\noutput = json\n")
    result = home.run("keys", "import", "importer")
    assert result.returncode == 0, result.stderr
    after = open(os.path.join(home.aws, "credentials")).read()
    assert after == credentials.replace(f"aws_access_key_id = {keeper['key']}\naws_secret_access_key = {keeper['secret']}\n", "")
    assert home.run("whoami", "importer").stdout.startswith(keeper["arn"])
    # A locked collection that cannot be unlocked here: a clear error within seconds, nothing moved.
    keyring.lock()
    config = open(os.path.join(home.aws, "config")).read()
    start = time.time()
    refused = home.run("keys", "import", "second")
    assert time.time() - start < 15
    assert refused.returncode == 69 and "locked" in refused.stderr.lower()
    assert open(os.path.join(home.aws, "credentials")).read() == after
    assert open(os.path.join(home.aws, "config")).read() == config
    # The temporary keys are not long-term: never offered, refused when named.
    assert home.run("keys", "import", "temp").returncode == 78


def test_pass_keeps_the_key_and_remove_takes_only_rolesh_s_line(home, moto_auth, pass_store):
    user = new_user(moto_auth, "passer")
    home.env.update(pass_store, AWS_ENDPOINT_URL_STS=moto_auth.server.url, ROLESH_KEYS_BACKEND="pass")
    home.config(CONFIG.format(name="passer"))
    before = open(os.path.join(home.aws, "config")).read()
    assert add_env(home, user).returncode == 0
    shown = subprocess.run(["pass", "show", "rolesh/passer"], env=dict(os.environ, **pass_store), capture_output=True, text=True)
    assert json.loads(shown.stdout)["AccessKeyId"] == user["key"]
    assert home.run("whoami", "passer").stdout.startswith(user["arn"])
    assert "pass" in home.run("explain", "passer").stdout
    removed = home.run("keys", "remove", "passer", "--yes")
    assert removed.returncode == 0, removed.stderr
    assert open(os.path.join(home.aws, "config")).read() == before
    assert subprocess.run(["pass", "show", "rolesh/passer"], env=dict(os.environ, **pass_store), capture_output=True).returncode != 0
    # Without --yes and without a terminal, nothing is removed.
    assert add_env(home, user).returncode == 0
    assert home.run("keys", "remove", "passer").returncode != 0
    assert "credential_process" in open(os.path.join(home.aws, "config")).read()


def test_rotation_keeps_a_working_key_at_every_step(home, moto_auth, keyring):
    user = new_user(moto_auth, "rotator")
    home.env.update(keyring.env, AWS_ENDPOINT_URL_STS=moto_auth.server.url, AWS_ENDPOINT_URL_IAM=moto_auth.server.url)
    home.config(CONFIG.format(name="rotator"))
    assert add_env(home, user).returncode == 0
    rotated = home.run("keys", "rotate", "rotator")
    assert rotated.returncode == 0, rotated.stderr
    new_key = json.loads(keyring.lookup("rotator"))
    assert new_key["AccessKeyId"] != user["key"]
    moto_auth.server.set_auth(False)
    keys = moto_auth.server.client("iam").list_access_keys(UserName="rotator")["AccessKeyMetadata"]
    moto_auth.server.set_auth(True)
    assert [k["AccessKeyId"] for k in keys] == [new_key["AccessKeyId"]]
    assert "InvalidClientTokenId" in str(caller(moto_auth, user["key"], user["secret"]))
    assert caller(moto_auth, new_key["AccessKeyId"], new_key["SecretAccessKey"]) == user["arn"]
    assert home.run("whoami", "rotator").stdout.startswith(user["arn"])
    (entry,) = json.loads(home.run("keys", "list", "--json").stdout)["keys"]
    assert entry["access_key_id"] == new_key["AccessKeyId"] and entry["rotated"]
    # Two keys already: IAM's limit; rotation stops and says so, nothing changes.
    moto_auth.server.set_auth(False)
    extra = moto_auth.server.client("iam").create_access_key(UserName="rotator")["AccessKey"]["AccessKeyId"]
    moto_auth.server.set_auth(True)
    refused = home.run("keys", "rotate", "rotator")
    assert refused.returncode == 78 and extra in refused.stderr and "two access keys" in refused.stderr
    assert json.loads(keyring.lookup("rotator")) == new_key


def test_no_reachable_store_is_a_clear_error_and_writes_nothing(home, moto_auth, keyring, tmp_path):
    user = new_user(moto_auth, "nowhere")
    home.config(CONFIG.format(name="nowhere"))
    before = open(os.path.join(home.aws, "config")).read()
    # No D-Bus session at all.
    result = add_env(home, user)
    assert result.returncode == 69
    assert "D-Bus" in result.stderr and "ROLESH_KEYS_BACKEND=pass" in result.stderr
    # pass chosen, but no store made.
    no_pass = add_env(home, user, {"ROLESH_KEYS_BACKEND": "pass", "PASSWORD_STORE_DIR": str(tmp_path / "none")})
    assert no_pass.returncode == 69 and "pass init" in no_pass.stderr
    assert open(os.path.join(home.aws, "config")).read() == before
    assert json.loads(home.run("keys", "list", "--json").stdout) == {"keys": []}
    # No libsecret: which package to install; every other command runs as before.
    missing = add_env(home, user, dict(keyring.env, ROLESH_LIBSECRET="/nonexistent/libsecret-1.so.0"))
    assert missing.returncode == 69 and "apt install libsecret-1-0" in missing.stderr
    assert home.run("list").returncode == 0 and home.run("keys", "list").returncode == 0
    # Keys are checked for their shape before anything is stored.
    bad = home.run("keys", "add", "nowhere", "--env", env=dict(keyring.env, AWS_ACCESS_KEY_ID="not a key", AWS_SECRET_ACCESS_KEY="x"))
    assert bad.returncode == 64 and "access key id" in bad.stderr
    assert open(os.path.join(home.aws, "config")).read() == before
    # A corrupt item: rolesh says what it is, never what it holds.
    home.env.update(keyring.env, AWS_ENDPOINT_URL_STS=moto_auth.server.url)
    assert add_env(home, user).returncode == 0
    keyring.store("nowhere", "not json at all: s3cr3t")
    broken = home.run("export", "nowhere")
    assert broken.returncode != 0 and "not a key rolesh wrote" in broken.stderr and "s3cr3t" not in broken.stderr
