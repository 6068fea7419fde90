"""`rolesh console` against a strict loopback federation endpoint and moto (signatures checked);
`rolesh exec --server` with botocore in the child as the credential server's client; `exec`
without `--` and as a subshell."""
import json
import os
import subprocess
import sys
import textwrap
import time
import urllib.parse

import pytest

from conftest import ACCOUNT, ROLESH
from federation_stub import FederationStub
from sts_proxy import STSProxy

# moto's GetFederationToken answers with these constant, unregistered credentials: moto cannot
# check them, so the federation stub recognises them by their key id.
MOTO_FEDERATION_KEY = "AKIAIOSFODNN7EXAMPLE"


def moto_arn(server, session):
    import boto3
    try:
        sts = boto3.client("sts", endpoint_url=server.url, region_name="us-east-1", aws_access_key_id=session["sessionId"],
                           aws_secret_access_key=session["sessionKey"], aws_session_token=session["sessionToken"])
        return sts.get_caller_identity()["Arn"]
    except Exception:  # noqa: BLE001 - unknown credentials
        return None


@pytest.fixture
def federation(moto_auth):
    stub = FederationStub(lambda session: moto_arn(moto_auth.server, session) is not None
                          or session["sessionId"] == MOTO_FEDERATION_KEY)
    yield stub
    stub.stop()


def world_home(home, world, extra_env=None):
    alice, mallory = world.users["alice"], world.users["mallory"]
    home.credentials(f"[alice]\naws_access_key_id = {alice['key']}\naws_secret_access_key = {alice['secret']}\n"
                     f"[mallory]\naws_access_key_id = {mallory['key']}\naws_secret_access_key = {mallory['secret']}\n")
    home.config(f"""[profile admin]
role_arn = {world.admin}
source_profile = alice
role_session_name = chain-hop
region = eu-west-1

[profile second]
role_arn = {world.second}
source_profile = admin
role_session_name = second
""")
    home.env.update({"AWS_ENDPOINT_URL_STS": world.server.url, "AWS_DEFAULT_REGION": "us-east-1"})
    home.env.update(extra_env or {})
    return home


def fake_browser(home, status=0):
    """A $BROWSER that records its command line and, for each `file://` page it is given (rolesh
    hands over a private page, never the sign-in URL itself), the page's mode, its folder's mode
    and the URL the page forwards to — as a real browser would follow it."""
    path = os.path.join(home.path, "browser.py")
    with open(path, "w") as f:
        f.write(f"""#!{sys.executable}
import html, json, os, re, stat, sys, urllib.parse
pages = {{}}
for argument in sys.argv[1:]:
    found = re.search(r"file(?:://|%3A%2F%2F)[^ &]*", argument)
    if not found:
        continue
    page = urllib.parse.unquote(urllib.parse.unquote(found.group(0)))[len("file://"):]
    text = open(page).read()
    target = html.unescape(re.search(r'http-equiv="refresh" content="0;url=([^"]*)"', text).group(1))
    pages[found.group(0)] = dict(path=page, target=target, mode=stat.S_IMODE(os.stat(page).st_mode),
                                 folder_mode=stat.S_IMODE(os.stat(os.path.dirname(page)).st_mode))
json.dump(dict(argv=sys.argv[1:], pages=pages, cmdline=open("/proc/self/cmdline", "rb").read().decode()),
          open({os.path.join(home.path, 'opened.json')!r}, "w"))
sys.exit({status})
""")
    os.chmod(path, 0o755)
    return path


def browser_record(home):
    with open(os.path.join(home.path, "opened.json")) as f:
        return json.load(f)


def opened(home):
    """The browser's arguments with each page it was given replaced by the URL it forwards to
    (percent-encoded where the page's URL was)."""
    record = browser_record(home)
    argv = []
    for argument in record["argv"]:
        for page_url, page in record["pages"].items():
            if page_url in argument:
                encoded = page_url.startswith("file%3A")
                argument = argument.replace(page_url, urllib.parse.quote(page["target"], safe="") if encoded else page["target"])
        argv.append(argument)
    return argv


def login_parts(url, federation):
    assert url.startswith(federation.url + "?")
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query, strict_parsing=True)
    assert sorted(params) == ["Action", "Destination", "Issuer", "SigninToken"]
    assert params["Action"] == ["login"] and params["SigninToken"][0] in federation.tokens
    return params


def secrets_of(home, federation):
    """Everything that must never reach stderr: keys, session tokens, sign-in tokens."""
    found = set(federation.tokens)
    for call in federation.calls:
        found.update(call.get("session", {}).values())
    for name in home.cache_files():
        with open(os.path.join(home.cache_dir, name)) as f:
            credentials = json.load(f)["Credentials"]
        found.update([credentials["SecretAccessKey"], credentials["SessionToken"]])
    return {secret for secret in found if secret}


# --- console -----------------------------------------------------------------------------------

def test_console_opens_the_role_in_the_browser(home, moto_auth, federation):
    world_home(home, moto_auth, {"ROLESH_FEDERATION_URL": federation.url})
    home.env["BROWSER"] = fake_browser(home)
    result = home.run("console", "admin")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    (url,) = opened(home)
    params = login_parts(url, federation)
    assert params["Destination"] == ["https://console.aws.amazon.com/console/home?region=eu-west-1"]
    (call,) = federation.calls
    assert "SessionDuration" not in call["params"]
    assert moto_arn(moto_auth.server, call["session"]) == f"arn:aws:sts::{ACCOUNT}:assumed-role/Admin/chain-hop"
    for secret in secrets_of(home, federation):
        assert secret not in result.stderr


def test_console_stdout_service_destination_and_duration(home, moto_auth, federation):
    world_home(home, moto_auth, {"ROLESH_FEDERATION_URL": federation.url})
    home.env["BROWSER"] = fake_browser(home)
    printed = home.run("console", "admin", "--stdout", "--service", "s3", "--region", "us-west-2", "--duration", "7200")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.count("\n") == 1 and not os.path.exists(os.path.join(home.path, "opened.json"))
    params = login_parts(printed.stdout.strip(), federation)
    assert params["Destination"] == ["https://console.aws.amazon.com/s3/home?region=us-west-2"]
    assert federation.calls[-1]["params"]["SessionDuration"] == "7200"
    given = home.run("console", "admin", "--stdout", "--destination", "https://console.aws.amazon.com/iam/home#/roles")
    assert login_parts(given.stdout.strip(), federation)["Destination"] == ["https://console.aws.amazon.com/iam/home#/roles"]
    # A chained role: AWS refuses SessionDuration, so rolesh does before any call.
    calls = len(federation.calls)
    chained = home.run("console", "second", "--stdout", "--duration", "3600")
    assert chained.returncode == 64 and "chained roles" in chained.stderr and len(federation.calls) == calls
    assert home.run("console", "second", "--stdout").returncode == 0
    assert "SessionDuration" not in federation.calls[-1]["params"]
    assert home.run("console", "admin", "--service", "s3", "--destination", "https://x").returncode == 64


def test_console_for_an_iam_user_goes_through_get_federation_token(home, moto_auth, federation):
    world_home(home, moto_auth, {"ROLESH_FEDERATION_URL": federation.url})
    moto_auth.server.set_auth(False)
    moto_auth.server.client("iam").put_user_policy(
        UserName="alice", PolicyName="federate", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:GetFederationToken", "Resource": "*"}]}))
    moto_auth.server.set_auth(True)
    result = home.run("console", "alice", "--stdout")
    assert result.returncode == 0, result.stderr
    login_parts(result.stdout.strip(), federation)
    (call,) = federation.calls
    # Never the long-term keys: the federation token's.
    assert call["session"]["sessionId"] == MOTO_FEDERATION_KEY
    assert moto_auth.users["alice"]["secret"] not in json.dumps(call)
    # A user who may not call GetFederationToken (an MFA-only policy, say) is told why.
    denied = home.run("console", "mallory", "--stdout")
    assert denied.returncode == 77 and "MFA" in denied.stderr and denied.stdout == ""
    assert len(federation.calls) == 1


def test_console_with_the_shells_own_keys(home, moto_auth, federation):
    world_home(home, moto_auth, {"ROLESH_FEDERATION_URL": federation.url})
    keys = json.loads(home.run("export", "admin", "--format", "json").stdout)
    env = {"AWS_ACCESS_KEY_ID": keys["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": keys["SecretAccessKey"],
           "AWS_SESSION_TOKEN": keys["SessionToken"]}
    result = home.run("console", "--stdout", env=env)
    assert result.returncode == 0, result.stderr
    assert federation.calls[-1]["session"]["sessionId"] == keys["AccessKeyId"]


def test_a_failing_browser_is_an_error_and_the_url_stays_secret(home, moto_auth, federation):
    world_home(home, moto_auth, {"ROLESH_FEDERATION_URL": federation.url})
    home.env["BROWSER"] = fake_browser(home, status=3)
    result = home.run("console", "admin")
    assert result.returncode == 1 and "browser" in result.stderr and result.stdout == ""
    for secret in secrets_of(home, federation):
        assert secret not in result.stderr
    missing = home.run("console", "admin", env={"BROWSER": "/nonexistent/browser"})
    assert missing.returncode == 127 and missing.stdout == ""


def test_the_sign_in_url_is_never_on_a_command_line(home, moto_auth, federation, tmp_path):
    """The sign-in URL is a bearer secret for 15 minutes and every local user can read a process's
    command line: the browser gets a private page (0600 in a 0700 folder) that forwards to it,
    removed afterwards."""
    world_home(home, moto_auth, {"ROLESH_FEDERATION_URL": federation.url})
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    home.env.update({"BROWSER": fake_browser(home), "XDG_RUNTIME_DIR": str(runtime), "ROLESH_SIGNIN_PAGE_LIFETIME": "1"})
    result = home.run("console", "admin")
    assert result.returncode == 0, result.stderr
    record = browser_record(home)
    (page,) = record["pages"].values()
    login_parts(page["target"], federation)
    for secret in secrets_of(home, federation) | {page["target"]}:
        assert secret not in record["cmdline"]
    assert "SigninToken" not in record["cmdline"]
    assert page["mode"] == 0o600 and page["folder_mode"] == 0o700
    assert page["path"].startswith(str(runtime / "rolesh") + "/")
    deadline = time.time() + 10
    while os.path.exists(page["path"]) and time.time() < deadline:
        time.sleep(0.2)
    assert not os.path.exists(page["path"])
    # A browser that fails takes its page with it at once.
    home.env["BROWSER"] = fake_browser(home, status=3)
    assert home.run("console", "admin").returncode == 1
    assert os.listdir(runtime / "rolesh") == []


def test_a_plugin_chooses_the_browser(home, moto_auth, federation):
    from test_plugins import write_plugin
    world_home(home, moto_auth, {"ROLESH_FEDERATION_URL": federation.url})
    browser = fake_browser(home)
    write_plugin(home, "containers.lua", textwrap.dedent(f"""\
        return {{ browser = function(ctx)
          return {{ {json.dumps(browser)}, "--container=" .. ctx.profile, "ext+container:name=" .. ctx.profile .. "&url=%u" }}
        end }}
        """))
    assert home.run("console", "admin").returncode == 0
    container, extension = opened(home)
    assert container == "--container=admin"
    prefix = "ext+container:name=admin&url="
    assert extension.startswith(prefix)
    login_parts(urllib.parse.unquote(extension[len(prefix):]), federation)


# --- exec --server -----------------------------------------------------------------------------

CHILD = textwrap.dedent("""\
    import json, os, sys, time, urllib.request, urllib.error
    import boto3
    absent = [n for n in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE") if n in os.environ]
    uri, token = os.environ["AWS_CONTAINER_CREDENTIALS_FULL_URI"], os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
    def status(method="GET", path="", auth=token):
        request = urllib.request.Request(uri + path, method=method, headers={"Authorization": auth} if auth else {})
        try:
            return urllib.request.urlopen(request).status
        except urllib.error.HTTPError as e:
            return e.code
    port = int(uri.rsplit(":", 1)[1].split("/")[0])
    import socket
    def garbage():
        with socket.create_connection(("127.0.0.1", port)) as raw:
            raw.sendall(b"not http at all\\r\\n\\r\\n")
            return raw.recv(64).split(b" ")[1].decode()
    garbage_statuses = sorted({garbage() for _ in range(200)})
    listening = [line.split()[1] for line in open("/proc/net/tcp").read().splitlines()[1:]
                 if line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == port]
    session = boto3.session.Session()
    sts = session.client("sts", endpoint_url=os.environ["STS_URL"])
    seen = []
    deadline = time.time() + float(sys.argv[1])
    while True:
        arn = sts.get_caller_identity()["Arn"]
        credentials = session.get_credentials()
        frozen = credentials.get_frozen_credentials()
        seen.append({"arn": arn, "key": frozen.access_key, "left": credentials._seconds_remaining()})
        if time.time() >= deadline:
            break
        time.sleep(float(sys.argv[2]))
    print(json.dumps({"absent": absent, "region": os.environ.get("AWS_REGION"), "profile": os.environ.get("ROLESH_PROFILE"),
                      "token_length": len(token), "bad_token": status(auth="nope"), "no_token": status(auth=None),
                      "post": status("POST"), "other_path": status(path="other"), "listening": listening, "seen": seen,
                      "garbage": garbage_statuses}))
    sys.exit(int(sys.argv[3]))
    """)


def run_child(home, tmp_path, profile, seconds, every, exit_status=0, env=None):
    child = tmp_path / "child.py"
    child.write_text(CHILD)
    return home.run("exec", "--server", profile, sys.executable, str(child), str(seconds), str(every), str(exit_status),
                    env=env, timeout=120)


def test_the_server_serves_the_role_to_botocore(home, moto_auth, tmp_path):
    world_home(home, moto_auth, {"STS_URL": moto_auth.server.url, "AWS_PROFILE": "admin"})
    result = run_child(home, tmp_path, "admin", 0, 0, exit_status=5)
    assert result.returncode == 5, result.stderr
    report = json.loads(result.stdout)
    assert report["absent"] == [] and report["region"] == "eu-west-1" and report["profile"] == "admin"
    assert report["token_length"] >= 40  # 32 random bytes
    assert (report["bad_token"], report["no_token"], report["post"], report["other_path"]) == (403, 403, 405, 404)
    assert report["garbage"] == ["400"]  # 200 malformed requests in a row, answered; the server carries on
    (address,) = report["listening"]
    assert address.startswith("0100007F:")  # 127.0.0.1 only
    (seen,) = report["seen"]
    assert seen["arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/Admin/chain-hop" and seen["left"] > 15 * 60


def test_a_run_that_outlives_the_role_gets_renewed_credentials(home, moto_auth, tmp_path):
    """The proxy makes each AssumeRole answer end 12 s later, well inside the server's 20-minute
    margin; the child keeps calling STS for 9 s: the server re-resolves ahead of expiry, so the
    child is served new keys and never holds expired ones. The role needs MFA: the code is given once, up front; renewals go through the MFA session and
    never ask (there is no terminal to ask on)."""
    serial = f"arn:aws:iam::{ACCOUNT}:mfa/alice"
    proxy = STSProxy(moto_auth.server.url, moto_auth.users, devices={serial: "alice"}, mfa_roles={moto_auth.admin})
    proxy.valid_codes = {"111111"}
    proxy.role_lifetime = 12
    try:
        world_home(home, moto_auth, {"STS_URL": moto_auth.server.url, "AWS_ENDPOINT_URL_STS": proxy.url})
        with open(os.path.join(home.aws, "config"), "a") as f:
            f.write(f"\n[profile guarded]\nrole_arn = {moto_auth.admin}\nsource_profile = alice\nmfa_serial = {serial}\n"
                    "role_session_name = chain-hop\n")
        child = tmp_path / "child.py"
        child.write_text(CHILD)
        result = home.run("exec", "--server", "--mfa-code", "111111", "guarded", sys.executable, str(child), "9", "0.4", "0",
                          timeout=120)
        assert result.returncode == 0, result.stderr
        seen = json.loads(result.stdout)["seen"]
        assert len(seen) >= 15
        assert all(entry["arn"].endswith("assumed-role/Admin/chain-hop") for entry in seen)
        assert all(entry["left"] > 0 for entry in seen)
        assert len({entry["key"] for entry in seen}) >= 2
        assert proxy.count("AssumeRole") >= 2 and proxy.count("GetSessionToken") == 1
    finally:
        proxy.stop()


def test_the_server_ends_with_the_command(home, moto_auth, tmp_path):
    world_home(home, moto_auth)
    script = tmp_path / "child.sh"
    script.write_text('echo "$AWS_CONTAINER_CREDENTIALS_FULL_URI"; kill -TERM $$\n')
    result = home.run("exec", "--server", "admin", "--", "sh", str(script))
    assert result.returncode == 128 + 15
    uri = result.stdout.strip()
    import urllib.request
    with pytest.raises(OSError):
        urllib.request.urlopen(uri, timeout=2)
    assert home.run("exec", "--server", "admin", "/nonexistent/program").returncode == 127


TRICKLE = textwrap.dedent("""\
    # A local process that holds connections to a port, sending one byte every 4 s, for 40 s.
    import socket, sys, threading, time
    def hold():
        try:
            with socket.create_connection(("127.0.0.1", int(sys.argv[1]))) as raw:
                for _ in range(10):
                    raw.sendall(b"G")
                    time.sleep(4)
        except OSError:
            pass
    threads = [threading.Thread(target=hold) for _ in range(int(sys.argv[2]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    """)

SLOW_CLIENTS_CHILD = textwrap.dedent("""\
    import json, os, subprocess, sys, time, urllib.request
    uri, token = os.environ["AWS_CONTAINER_CREDENTIALS_FULL_URI"], os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
    port = uri.rsplit(":", 1)[1].split("/")[0]
    # Slow clients that outlive this command (a process of their own, in a session of its own).
    subprocess.Popen([sys.executable, sys.argv[1], port, "80"], start_new_session=True,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    timings = []
    for _ in range(5):
        start = time.time()
        urllib.request.urlopen(urllib.request.Request(uri, headers={"Authorization": token}), timeout=20).read()
        timings.append(time.time() - start)
    print(json.dumps(timings), flush=True)
    """)


def test_slow_local_clients_neither_starve_the_server_nor_outlive_the_command(home, moto_auth, tmp_path):
    """80 local connections that each send a byte every 4 s (no token needed to connect): the
    command's own requests are answered at once, and rolesh ends with the command."""
    world_home(home, moto_auth)
    (tmp_path / "trickle.py").write_text(TRICKLE)
    (tmp_path / "child.py").write_text(SLOW_CLIENTS_CHILD)
    start = time.time()
    result = home.run("exec", "--server", "admin", sys.executable, str(tmp_path / "child.py"), str(tmp_path / "trickle.py"),
                      timeout=120)
    elapsed = time.time() - start
    subprocess.run(["pkill", "-f", str(tmp_path / "trickle.py")])
    assert result.returncode == 0, result.stderr
    timings = json.loads(result.stdout)
    assert max(timings) < 1.0, timings
    # The child ran about 1 s plus five requests; the held connections do not keep rolesh.
    assert elapsed < 8, elapsed


# --- exec without -- and as a subshell ---------------------------------------------------------

def test_exec_without_the_separator_and_as_a_subshell(home, moto_auth):
    world_home(home, moto_auth)
    direct = home.run("exec", "admin", sys.executable, "-c", "import os, sys; print(os.environ['ROLESH_PROFILE'], sys.argv[1:])",
                      "--flag", "-x")
    assert direct.returncode == 0, direct.stderr
    assert direct.stdout.strip() == "admin ['--flag', '-x']"
    shell = home.run("exec", "admin", env={"SHELL": "/bin/sh"},
                     input='echo "$ROLESH_PROFILE ${AWS_ACCESS_KEY_ID%%${AWS_ACCESS_KEY_ID#????}}"; exit 7\n')
    assert shell.returncode == 7
    assert shell.stdout.strip() == "admin ASIA"


def test_console_after_use_of_a_one_off_role_signs_in_as_the_role(home, moto_auth, federation):
    from test_json_shell import DataShell
    world_home(home, moto_auth, {"ROLESH_FEDERATION_URL": federation.url})
    shell = DataShell(home.env)
    shell.run("use", "--role-arn", moto_auth.admin, "--source", "alice", "--session-name", "one-off")
    assert shell.env["ROLESH_PROFILE"] == moto_auth.admin
    result = subprocess.run([ROLESH, "console", "--stdout"], env=shell.env, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    assert result.returncode == 0, result.stderr
    login_parts(result.stdout.strip(), federation)
    assert moto_arn(moto_auth.server, federation.calls[-1]["session"]) == f"arn:aws:sts::{ACCOUNT}:assumed-role/Admin/one-off"
