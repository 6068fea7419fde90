"""One MFA code for many roles: GetSessionToken sessions shared by every role, process and shell.

STS here is moto with signature checking, behind sts_proxy.STSProxy, which answers
GetSessionToken for real (a valid, single-use code for the caller's own device), checks every
session-signed request's SigV4 with botocore's signer before re-signing it for moto, refuses
MFA-protected roles without MFA, and refuses more than an hour for chained roles.
"""
import hashlib
import json
import os
import stat
import subprocess
import sys
import time

import pytest

from conftest import ACCOUNT, ROLESH, the_one_that_prompts
from sts_proxy import STSProxy

SERIAL = f"arn:aws:iam::{ACCOUNT}:mfa/alice"


@pytest.fixture
def proxy(moto_auth):
    stub = STSProxy(moto_auth.server.url, moto_auth.users, devices={SERIAL: "alice"},
                    mfa_roles={moto_auth.admin, moto_auth.external})
    stub.valid_codes = {f"{n}{n}{n}{n}{n}{n}" for n in range(1, 10)} | {"121212", "131313", "141414"}
    yield stub
    stub.stop()


def config(world):
    return f"""[profile shop-dev]
role_arn = {world.admin}
source_profile = alice
mfa_serial = {SERIAL}
role_session_name = shop

[profile data-dev]
role_arn = {world.external}
external_id = ext-secret-1
source_profile = alice
mfa_serial = {SERIAL}

[profile long]
role_arn = {world.admin}
source_profile = alice
mfa_serial = {SERIAL}
duration_seconds = 7200
role_session_name = long

[profile cli-exact]
role_arn = {world.admin}
source_profile = alice
mfa_serial = {SERIAL}
role_session_name = exact
rolesh_mfa_session = false
"""


def mfa_home(home, world, proxy):
    alice = world.users["alice"]
    home.config(config(world))
    home.credentials(f"[alice]\naws_access_key_id = {alice['key']}\naws_secret_access_key = {alice['secret']}\n")
    home.env.update({"AWS_ENDPOINT_URL_STS": proxy.url, "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1"})
    return home


def botocore_key(**arguments):
    return hashlib.sha1(json.dumps(arguments, sort_keys=True).encode()).hexdigest() + ".json"


def session_files(home):
    return [name for name in home.cache_files() if name.startswith("rolesh-mfa-session-")]


def test_one_code_serves_every_role_across_processes(home, moto_auth, proxy):
    mfa_home(home, moto_auth, proxy)
    first = home.run("export", "shop-dev", "--format", "json", "--mfa-code", "111111")
    assert first.returncode == 0, first.stderr
    (session,) = proxy.actions("GetSessionToken")
    assert session["params"]["SerialNumber"] == SERIAL and session["params"]["TokenCode"] == "111111"
    assert session["params"]["DurationSeconds"] == "43200" and session["user"] == "alice"
    # A second process, another role, no code and no terminal: the session serves it.
    second = home.run("export", "data-dev", "--format", "json")
    assert second.returncode == 0, second.stderr
    assert proxy.count("GetSessionToken") == 1
    assumed = proxy.actions("AssumeRole")
    assert [call["params"]["RoleArn"] for call in assumed] == [moto_auth.admin, moto_auth.external]
    for call in assumed:
        assert call["session"] and "TokenCode" not in call["params"] and "SerialNumber" not in call["params"]
        assert int(call["params"].get("DurationSeconds", "3600")) <= 3600
    # moto issued the role credentials: they work against it.
    whoami = home.run("whoami", "data-dev", "--json")
    assert json.loads(whoami.stdout)["Arn"].startswith(f"arn:aws:sts::{ACCOUNT}:assumed-role/External/")
    # The session lives in rolesh's own 0600 file; the role entries keep the AWS CLI's keys.
    (name,) = session_files(home)
    path = os.path.join(home.cache_dir, name)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(path) as f:
        document = json.load(f)
    assert document["ProviderType"] == "rolesh-mfa-session" and document["SerialNumber"] == SERIAL
    assert "111111" not in json.dumps(document)
    shop_key = botocore_key(RoleArn=moto_auth.admin, RoleSessionName="shop", SerialNumber=SERIAL)
    data_key = botocore_key(RoleArn=moto_auth.external, ExternalId="ext-secret-1", SerialNumber=SERIAL)
    assert {shop_key, data_key} <= set(home.cache_files())


def test_the_aws_cli_reuses_role_entries_made_with_a_session(home, moto_auth, proxy):
    mfa_home(home, moto_auth, proxy)
    assert home.run("export", "shop-dev", "--mfa-code", "111111").returncode == 0
    calls = len(proxy.calls)
    # The AWS CLI (v1, botocore 1.43) finds rolesh's role entry under its own key: no prompt,
    # no STS call of its own for the credentials.
    result = home.aws_cli("sts", "get-caller-identity", "--profile", "shop-dev", "--output", "json",
                          env={"AWS_ENDPOINT_URL_STS": moto_auth.server.url})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/Admin/shop"
    assert len(proxy.calls) == calls


def test_twenty_terminals_one_prompt_one_session(home, moto_auth, proxy):
    import pexpect
    mfa_home(home, moto_auth, proxy)
    children = [pexpect.spawn(ROLESH, ["export", profile, "--format", "json"], env=home.env, encoding="utf-8", timeout=60)
                for profile in ["shop-dev", "data-dev"] * 2]
    the_one_that_prompts(children, f"Enter MFA code for {SERIAL}: ", within=30).sendline("222222")
    for child in children:
        child.expect(pexpect.EOF, timeout=60)
        child.close()
        assert child.exitstatus == 0, child.before
    # Then sixteen more processes without a terminal: all served by the cache and the session.
    processes = [subprocess.Popen([ROLESH, "export", profile], env=home.env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, start_new_session=True)
                 for profile in ["shop-dev", "data-dev"] * 8]
    assert all(process.wait(60) == 0 for process in processes)
    assert proxy.count("GetSessionToken") == 1
    assert proxy.count("AssumeRole") == 2


def test_a_role_asking_for_more_than_an_hour_is_assumed_directly(home, moto_auth, proxy):
    mfa_home(home, moto_auth, proxy)
    result = home.run("export", "long", "--mfa-code", "333333")
    assert result.returncode == 0, result.stderr
    assert proxy.count("GetSessionToken") == 0
    (call,) = proxy.actions("AssumeRole")
    assert not call["session"] and call["params"]["TokenCode"] == "333333"
    assert call["params"]["DurationSeconds"] == "7200" and call["params"]["SerialNumber"] == SERIAL
    assert "assume role" in home.run("explain", "long").stdout and "mfa-session" not in home.run("explain", "long", "--json").stdout


def test_the_proxy_refuses_what_sts_refuses(home, moto_auth, proxy):
    """The oracle itself: a chained role over an hour, a reused code and no MFA are refused."""
    mfa_home(home, moto_auth, proxy)
    assert home.run("export", "shop-dev", "--mfa-code", "444444").returncode == 0
    reused = home.run("export", "cli-exact", "--mfa-code", "444444")
    assert reused.returncode == 77 and "invalid MFA one time pass code" in reused.stderr
    from test_plugins import write_plugin
    write_plugin(home, "long.lua", "return { before_assume = function(ctx) return {duration_seconds = 7200} end }\n")
    # rolesh caps a plugin's duration at an hour for a role assumed with the session (the proxy,
    # like STS, would refuse 7200 for a chained role).
    capped = home.run("export", "data-dev", "--format", "json")
    assert capped.returncode == 0, capped.stderr
    assert proxy.actions("AssumeRole")[-1]["params"]["DurationSeconds"] == "3600"


def test_a_plugins_code_feeds_the_session(home, moto_auth, proxy):
    from test_plugins import write_plugin
    mfa_home(home, moto_auth, proxy)
    write_plugin(home, "codes.lua", "return { mfa_code = function(ctx) return '141414' end }\n")
    result = home.run("export", "data-dev")
    assert result.returncode == 0, result.stderr
    (session,) = proxy.actions("GetSessionToken")
    assert session["params"]["TokenCode"] == "141414"
    assert home.run("export", "shop-dev").returncode == 0 and proxy.count("GetSessionToken") == 1


@pytest.mark.parametrize("how", ["profile", "environment"])
def test_the_opt_out_restores_the_aws_cli_exactly(home, moto_auth, proxy, how):
    import pexpect
    mfa_home(home, moto_auth, proxy)
    profile, env = ("cli-exact", {}) if how == "profile" else ("shop-dev", {"ROLESH_MFA_SESSION": "off"})
    result = home.run("export", profile, "--mfa-code", "555555", env=env)
    assert result.returncode == 0, result.stderr
    assert proxy.count("GetSessionToken") == 0
    (ours,) = proxy.actions("AssumeRole")
    assert not ours["session"]
    # The AWS CLI's own AssumeRole for the same profile, through the same proxy, prompted on a
    # terminal: the same parameters (its code aside).
    for name in home.cache_files():
        os.unlink(os.path.join(home.cache_dir, name))
    cli = pexpect.spawn(sys.executable, ["-m", "awscli", "sts", "get-caller-identity", "--profile", profile],
                        env=dict(home.env, **env), encoding="utf-8", timeout=60)
    cli.expect_exact(f"Enter MFA code for {SERIAL}: ")
    cli.sendline("666666")
    cli.expect(pexpect.EOF)
    cli.close()
    assert cli.exitstatus == 0, cli.before
    theirs = proxy.actions("AssumeRole")[-1]
    strip = lambda params: {k: v for k, v in params.items() if k != "TokenCode"}  # noqa: E731
    assert strip(ours["params"]) == strip(theirs["params"])
    assert ours["params"]["TokenCode"] == "555555" and theirs["params"]["TokenCode"] == "666666"


def test_a_rotated_key_never_reuses_the_old_session(home, moto_auth, proxy):
    mfa_home(home, moto_auth, proxy)
    assert home.run("export", "shop-dev", "--mfa-code", "777777").returncode == 0
    assert len(session_files(home)) == 1
    moto_auth.server.set_auth(False)
    new_key = moto_auth.server.client("iam").create_access_key(UserName="alice")["AccessKey"]
    moto_auth.server.set_auth(True)
    proxy.users[new_key["AccessKeyId"]] = dict(moto_auth.users["alice"], key=new_key["AccessKeyId"],
                                               secret=new_key["SecretAccessKey"], name="alice")
    home.credentials(f"[alice]\naws_access_key_id = {new_key['AccessKeyId']}\n"
                     f"aws_secret_access_key = {new_key['SecretAccessKey']}\n")
    needs_code = home.run("export", "data-dev")
    assert needs_code.returncode != 0 and "MFA code" in needs_code.stderr
    assert home.run("export", "data-dev", "--mfa-code", "888888").returncode == 0
    sessions = proxy.actions("GetSessionToken")
    assert [call["key"] for call in sessions] == [moto_auth.users["alice"]["key"], new_key["AccessKeyId"]]
    assert len(session_files(home)) == 2


def test_explain_and_cache_commands_show_the_session(home, moto_auth, proxy):
    mfa_home(home, moto_auth, proxy)
    before = home.run("explain", "data-dev").stdout
    assert "MFA session of profile alice" in before and "an MFA code will be asked for" in before
    assert "serves the roles shop-dev, data-dev (one code for all of them)" in before
    assert "assumed with the MFA session above, without a code of its own" in before
    assert home.run("export", "shop-dev", "--mfa-code", "999999").returncode == 0
    after = home.run("explain", "data-dev").stdout
    assert "no MFA code needed now (cached)" in after and "rolesh-mfa-session-" in after
    listing = json.loads(home.run("cache", "list", "--json").stdout)
    (entry,) = [e for e in listing["entries"] if e["file"].startswith("rolesh-mfa-session-")]
    assert entry["role_arn"] == f"MFA session of profile alice ({SERIAL})"  # the listing's subject column
    assert "alice (via shop-dev)" in entry["profiles"] and "alice (via data-dev)" in entry["profiles"]
    # Clearing one role keeps the session the other role shares; clearing everything removes it.
    assert "kept the MFA session" in home.run("cache", "clear", "data-dev").stderr
    assert len(session_files(home)) == 1
    assert home.run("cache", "clear").returncode == 0
    assert session_files(home) == []


# --- shells ------------------------------------------------------------------------------------

def trusted_project(home, tmp_path, profile):
    """A folder with a trusted `.awsrole` naming `profile`, and the environment that trusts it."""
    project = tmp_path / "project"
    project.mkdir()
    (project / ".awsrole").write_text(profile + "\n")
    env = dict(home.env, XDG_DATA_HOME=os.path.join(home.path, ".data"))
    subprocess.run([ROLESH, "allow", str(project)], env=env, check=True, capture_output=True)
    return project, env


@pytest.mark.parametrize("kind", ["bash", "zsh", "fish"])
def test_a_pending_shell_recovers_when_another_shell_gets_the_session(home, moto_auth, proxy, kind, tmp_path):
    """The hook never waits for a code: the shell goes pending, watches the cache with builtins
    (no process per prompt), and applies the profile at the first prompt after another shell
    has typed the code."""
    from shells import Shell, cd, processes_during
    mfa_home(home, moto_auth, proxy)
    project, env = trusted_project(home, tmp_path, "data-dev")
    log = str(tmp_path / "strace.log")
    sh = Shell(kind, env, home.path, strace_log=log)
    _, _, said = cd(sh, str(project))
    assert "needs an MFA code" in said
    assert sh.var("ROLESH_PENDING") == "data-dev" and sh.var("AWS_ACCESS_KEY_ID") == "<unset>"
    assert sh.var("ROLESH_WATCH") == home.cache_dir
    assert processes_during(sh, log, lambda: [sh.enter() for _ in range(20)]) == 0  # waiting costs no process
    # Another terminal types the code for another role behind the same device.
    assert subprocess.run([ROLESH, "export", "shop-dev", "--mfa-code", "121212"], env=env, capture_output=True,
                          stdin=subprocess.DEVNULL).returncode == 0
    time.sleep(0.01)
    sh.enter()
    assert sh.var("ROLESH_PENDING") == "<unset>"
    assert sh.var("ROLESH_PROFILE") == "data-dev" and sh.var("AWS_ACCESS_KEY_ID").startswith("ASIA")
    assert proxy.count("GetSessionToken") == 1
    sh.close()


def test_a_pending_shell_recovers_when_the_aws_cli_writes_the_role_entry(home, moto_auth, proxy, tmp_path):
    """With the opt-out, the AWS CLI assuming the role itself (and caching it) ends the wait."""
    import pexpect
    from shells import Shell, cd
    mfa_home(home, moto_auth, proxy)
    project, env = trusted_project(home, tmp_path, "cli-exact")
    sh = Shell("bash", env, home.path)
    cd(sh, str(project))
    assert sh.var("ROLESH_PENDING") == "cli-exact"
    cli = pexpect.spawn(sys.executable, ["-m", "awscli", "sts", "get-caller-identity", "--profile", "cli-exact"],
                        env=env, encoding="utf-8", timeout=60)
    cli.expect_exact(f"Enter MFA code for {SERIAL}: ")
    cli.sendline("131313")
    cli.expect(pexpect.EOF)
    cli.close()
    assert cli.exitstatus == 0
    time.sleep(0.01)
    sh.enter()
    assert sh.var("ROLESH_PENDING") == "<unset>" and sh.var("ROLESH_PROFILE") == "cli-exact"
    assert proxy.count("AssumeRole") == 1  # the CLI's: rolesh used its entry
    sh.close()


@pytest.mark.parametrize("profile, action", [("shop-dev", "GetSessionToken"), ("long", "AssumeRole")])
def test_a_refused_code_is_asked_again(home, moto_auth, proxy, profile, action):
    """A mistyped (well-formed) code: STS refuses it, and a person at the terminal is asked
    again — three times in all — rather than the command ending. A code given with --mfa-code
    is tried once."""
    import pexpect
    mfa_home(home, moto_auth, proxy)
    child = pexpect.spawn(ROLESH, ["export", profile, "--format", "json"], env=home.env, encoding="utf-8", timeout=60)
    child.expect_exact(f"Enter MFA code for {SERIAL}: ")
    child.sendline("123456")
    child.expect_exact("STS refused that MFA code")
    child.expect_exact(f"Enter MFA code for {SERIAL}: ")
    child.sendline("444444")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    import re
    assert not re.search(r"(?<!\d)(444444|123456)(?!\d)", child.before)  # never echoed (the account id holds 123456…)
    tries = [call for call in proxy.actions(action) if "TokenCode" in call["params"]]
    assert [call["params"]["TokenCode"] for call in tries] == ["123456", "444444"]
    home.run("cache", "clear")
    given = home.run("export", profile, "--mfa-code", "654321")
    assert given.returncode == 77 and given.stderr.count("MultiFactorAuthentication") == 1


def test_clearing_one_roles_cache_keeps_the_session_other_roles_share(home, moto_auth, proxy):
    mfa_home(home, moto_auth, proxy)
    assert home.run("export", "shop-dev", "--mfa-code", "555555").returncode == 0
    assert len(session_files(home)) == 1
    cleared = home.run("cache", "clear", "shop-dev")
    assert cleared.returncode == 0
    assert "kept the MFA session of profile alice, which also serves data-dev" in cleared.stderr
    assert len(session_files(home)) == 1
    # The other role still needs no code: the session serves it.
    assert home.run("export", "data-dev").returncode == 0
    assert proxy.count("GetSessionToken") == 1
    # `cache list` sums up a session serving many roles instead of listing them all.
    with open(os.path.join(home.aws, "config"), "a") as f:
        for n in range(12):
            f.write(f"\n[profile team-{n}]\nrole_arn = {moto_auth.admin}\nsource_profile = alice\nmfa_serial = {SERIAL}\n")
    listed = home.run("cache", "list", env={"COLUMNS": "120"})
    session_row = next(line for line in listed.stdout.splitlines() if "MFA session" in line)
    assert "more" in session_row and len(session_row) <= 120
    assert home.run("cache", "clear").returncode == 0 and session_files(home) == []
