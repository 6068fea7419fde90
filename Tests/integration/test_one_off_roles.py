"""One-off roles: `--role-arn` on use, export, exec and explain, without editing the config.

STS is moto with signature checking behind sts_proxy.STSProxy (as in test_mfa_session.py): it
answers GetSessionToken for real, refuses the MFA-protected roles (Admin, External) without MFA,
and records every call, so each test sees which calls a one-off role made and how they were
signed. The oracle for the cache is botocore's key and the AWS CLI v1 reading the entries.
"""
import hashlib
import json
import os
import stat
import sys

import pytest

from conftest import ACCOUNT, ROLESH
from sts_proxy import STSProxy

SERIAL = f"arn:aws:iam::{ACCOUNT}:mfa/alice"


@pytest.fixture
def proxy(moto_auth):
    stub = STSProxy(moto_auth.server.url, moto_auth.users, devices={SERIAL: "alice"},
                    mfa_roles={moto_auth.admin, moto_auth.external})
    stub.valid_codes = {f"{n}{n}{n}{n}{n}{n}" for n in range(1, 10)}
    yield stub
    stub.stop()


def one_off_home(home, world, proxy):
    """alice's keys, her device on her own profile (what a one-off role inherits), and one
    configured role to compare with."""
    alice = world.users["alice"]
    home.config(f"""[profile alice]
mfa_serial = {SERIAL}
region = eu-west-1

[profile shop-dev]
role_arn = {world.admin}
source_profile = alice
mfa_serial = {SERIAL}
role_session_name = shop
""")
    home.credentials(f"[alice]\naws_access_key_id = {alice['key']}\naws_secret_access_key = {alice['secret']}\n")
    home.env.update({"AWS_ENDPOINT_URL_STS": proxy.url})
    return home


def botocore_key(**arguments):
    return hashlib.sha1(json.dumps(arguments, sort_keys=True).encode()).hexdigest() + ".json"


def test_a_one_off_role_uses_the_mfa_session_and_the_aws_clis_cache_key(home, moto_auth, proxy):
    one_off_home(home, moto_auth, proxy)
    assert home.run("export", "shop-dev", "--mfa-code", "111111").returncode == 0
    assert proxy.count("GetSessionToken") == 1
    # A role the config does not name, behind the same keys and device: no code, no new
    # session; its AssumeRole is signed with the session and carries the external id.
    result = home.run("export", "--role-arn", moto_auth.external, "--source", "alice", "--external-id", "ext-secret-1",
                      "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["Profile"] == moto_auth.external and document["Region"] == "eu-west-1"  # the source's region
    assert proxy.count("GetSessionToken") == 1
    call = proxy.actions("AssumeRole")[-1]
    assert call["session"] and call["params"]["RoleArn"] == moto_auth.external
    assert call["params"]["ExternalId"] == "ext-secret-1" and "TokenCode" not in call["params"]
    # Cached under botocore's key for these settings (the inherited device included), 0600.
    key = botocore_key(RoleArn=moto_auth.external, ExternalId="ext-secret-1", SerialNumber=SERIAL)
    assert key in home.cache_files()
    assert stat.S_IMODE(os.stat(os.path.join(home.cache_dir, key)).st_mode) == 0o600
    # A second run is served by that entry.
    calls = len(proxy.calls)
    again = home.run("export", "--role-arn", moto_auth.external, "--source", "alice", "--external-id", "ext-secret-1",
                     "--format", "json")
    assert again.returncode == 0 and json.loads(again.stdout)["AccessKeyId"] == document["AccessKeyId"]
    assert len(proxy.calls) == calls


def test_a_one_off_role_shares_the_entry_of_an_identical_configured_profile(home, moto_auth, proxy):
    one_off_home(home, moto_auth, proxy)
    # Written by the one-off (shorthand ARN), read by the configured profile and by the AWS CLI.
    first = home.run("export", "--role-arn", f"{ACCOUNT}:Admin", "--source", "alice", "--session-name", "shop",
                     "--format", "json", "--mfa-code", "222222")
    assert first.returncode == 0, first.stderr
    assert proxy.count("AssumeRole") == 1
    key = botocore_key(RoleArn=moto_auth.admin, RoleSessionName="shop", SerialNumber=SERIAL)
    assert key in home.cache_files()
    configured = home.run("export", "shop-dev", "--format", "json")
    assert configured.returncode == 0, configured.stderr
    assert json.loads(configured.stdout)["AccessKeyId"] == json.loads(first.stdout)["AccessKeyId"]
    calls = len(proxy.calls)
    cli = home.aws_cli("sts", "get-caller-identity", "--profile", "shop-dev", "--output", "json",
                       env={"AWS_ENDPOINT_URL_STS": moto_auth.server.url, "AWS_DEFAULT_REGION": "us-east-1"})
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout)["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/Admin/shop"
    assert len(proxy.calls) == calls


def test_explain_shows_a_one_off_role_as_it_shows_a_profile(home, moto_auth, proxy):
    one_off_home(home, moto_auth, proxy)
    text = home.run("explain", "--role-arn", f"{ACCOUNT}:Admin", "--source", "alice", "--session-name", "shop")
    assert text.returncode == 0, text.stderr
    assert f"assume role {moto_auth.admin}\n" in text.stdout and "command line --role-arn" in text.stdout
    assert "MFA session of profile alice" in text.stdout and "assumed with the MFA session above" in text.stdout
    one_off = json.loads(home.run("explain", "--role-arn", moto_auth.admin, "--source", "alice", "--session-name", "shop",
                                  "--json").stdout)
    configured = json.loads(home.run("explain", "shop-dev", "--json").stdout)
    assert [step["kind"] for step in one_off["steps"]] == [step["kind"] for step in configured["steps"]]
    assert one_off["steps"][-1]["cache_file"] == configured["steps"][-1]["cache_file"]
    assert one_off["steps"][-1]["session_name_origin"] == "config"
    # Without --session-name the name is rolesh's default and, as botocore leaves a generated
    # name out, not part of the key.
    default = json.loads(home.run("explain", "--role-arn", moto_auth.admin, "--source", "alice", "--json").stdout)
    assert default["steps"][-1]["cache_file"] == botocore_key(RoleArn=moto_auth.admin, SerialNumber=SERIAL)
    # No MFA on a one-off whose source is itself a role: that hop used its own device.
    chained = json.loads(home.run("explain", "--role-arn", moto_auth.second, "--source", "shop-dev", "--json").stdout)
    assert chained["steps"][-1]["mfa_serial"] is None
    assert proxy.calls == []  # explain never calls STS


def test_without_source_the_profile_the_aws_cli_would_use_is_the_source(home, moto_auth, proxy):
    one_off_home(home, moto_auth, proxy)
    named = home.run("explain", "--role-arn", moto_auth.admin, "--json", env={"AWS_PROFILE": "alice"})
    assert named.returncode == 0, named.stderr
    assert json.loads(named.stdout)["steps"][0]["profile"] == "alice"
    missing = home.run("export", "--role-arn", moto_auth.admin)
    assert missing.returncode == 78
    assert "profile default when no --source is given" in missing.stderr and "--source PROFILE" in missing.stderr
    typo = home.run("export", "--role-arn", moto_auth.admin, "--source", "alcie")
    assert typo.returncode == 78 and "did you mean alice?" in typo.stderr
    assert typo.stderr.startswith("rolesh: error: command line --source: profile alcie is in neither ")
    explained = home.run("explain", "--role-arn", moto_auth.admin, "--source", "alcie", "--json")
    assert explained.returncode == 78
    assert json.loads(explained.stdout)["error"] | {"message": None} == {
        "code": "source-profile-missing", "message": None, "profile": moto_auth.admin, "file": "command line --source",
        "line": None}
    assert proxy.calls == [] and home.cache_files() == []


@pytest.mark.parametrize("arguments, message", [
    (["--role-arn", "billing-ro"], "is not a role ARN: write arn:aws:iam::ACCOUNT-ID:role/NAME, or ACCOUNT-ID:NAME"),
    (["--role-arn", f"arn:aws:iam::{ACCOUNT}:user/alice"], "is not a role ARN"),
    (["--role-arn", "12345:Admin"], "is not a role ARN"),
    (["--role-arn", f"{ACCOUNT}:Ad\nmin"], "is not a role ARN"),
    (["--role-arn", f"{ACCOUNT}:Admin", "--duration", "600"], "from 900 to 43200"),
    (["--role-arn", f"{ACCOUNT}:Admin", "--duration", "1h"], "from 900 to 43200"),
    (["--role-arn", f"{ACCOUNT}:Admin", "--session-name", "a b"], "is not a role session name"),
    (["--role-arn", f"{ACCOUNT}:Admin", "--external-id", "x"], "is not an external id"),
    (["--source", "alice"], "go with --role-arn"),
    (["shop-dev", "--role-arn", f"{ACCOUNT}:Admin"], "not both"),
])
def test_slips_are_usage_errors_before_any_call(home, moto_auth, proxy, arguments, message):
    one_off_home(home, moto_auth, proxy)
    for command in ("export", "explain"):
        result = home.run(command, *arguments, "--source", "alice") if "--source" not in arguments else home.run(command, *arguments)
        assert result.returncode == 64, (command, result.stderr)
        assert message in result.stderr and result.stdout == ""
        assert result.stderr.startswith("rolesh: error: ")
    assert proxy.calls == [] and home.cache_files() == []


def test_profile_mode_cannot_name_a_one_off_role(home, moto_auth, proxy):
    one_off_home(home, moto_auth, proxy)
    result = home.run("export", "--role-arn", moto_auth.admin, "--source", "alice", "--mode", "profile")
    assert result.returncode == 64 and "keys mode only" in result.stderr
    used = home.run("use", "--role-arn", moto_auth.admin, "--source", "alice", "--mode", "profile", env={"ROLESH_SHELL": "bash"})
    assert used.returncode == 64 and "keys mode only" in used.stderr and used.stdout == ""


def test_exec_runs_a_command_as_a_one_off_role(home, moto_auth, proxy):
    one_off_home(home, moto_auth, proxy)
    # No PROFILE: the first word after the options is the command (with or without `--`).
    for separator in ([], ["--"]):
        result = home.run("exec", "--role-arn", moto_auth.admin, "--source", "alice", "--mfa-code", "333333", *separator,
                          "env", f"AWS_ENDPOINT_URL_STS={moto_auth.server.url}", sys.executable, "-m", "awscli", "sts",
                          "get-caller-identity", "--output", "json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["Arn"].startswith(f"arn:aws:sts::{ACCOUNT}:assumed-role/Admin/")
    # With --server: the command gets the role from the credential server, not its environment.
    served = home.run("exec", "--server", "--role-arn", moto_auth.admin, "--source", "alice", "--",
                      "env", f"AWS_ENDPOINT_URL_STS={moto_auth.server.url}", sys.executable, "-m", "awscli", "sts",
                      "get-caller-identity", "--output", "json")
    assert served.returncode == 0, served.stderr
    assert json.loads(served.stdout)["Arn"].startswith(f"arn:aws:sts::{ACCOUNT}:assumed-role/Admin/")
    # No command: the user's shell, holding the role as `rolesh use` would (here `env` stands
    # in for the shell, to show what it was given).
    shell = home.run("exec", "--role-arn", moto_auth.admin, "--source", "alice", env={"SHELL": "/usr/bin/env"})
    assert shell.returncode == 0, shell.stderr
    given = dict(line.split("=", 1) for line in shell.stdout.splitlines() if "=" in line)
    assert given["ROLESH_PROFILE"] == moto_auth.admin and given["ROLESH_ORIGIN"] == "pin"
    assert given["AWS_ACCESS_KEY_ID"].startswith("ASIA") and given["ROLESH_ROLE"].endswith(".json")


def state_file(home, name):
    return os.path.join(home.env["XDG_STATE_HOME"], "rolesh", "roles", name)


@pytest.mark.parametrize("kind", ["bash", "zsh", "fish"])
def test_use_pins_a_shell_to_a_one_off_role_and_refreshes_it(home, moto_auth, proxy, kind):
    from shells import Shell
    one_off_home(home, moto_auth, proxy)
    sh = Shell(kind, home.env, home.path)
    output, status, _ = sh.run(f"rolesh use --role-arn {moto_auth.external} --source alice --external-id ext-secret-1 "
                               "--mfa-code 444444")
    assert status == 0, output
    assert f"rolesh: using role {moto_auth.external} (from profile alice)" in output
    assert sh.var("ROLESH_PROFILE") == moto_auth.external and sh.var("AWS_REGION") == "eu-west-1"
    first_key = sh.var("AWS_ACCESS_KEY_ID")
    assert first_key.startswith("ASIA")
    # The role's settings sit in a 0600 file the state names; the external id is in no variable.
    role_file = sh.var("ROLESH_ROLE")
    path = state_file(home, role_file)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
    assert "ext-secret-1" not in sh.out("env")
    status_text = sh.out("rolesh status")
    assert "one-off role (--role-arn) from profile alice" in status_text and f"role    {moto_auth.external}" in status_text
    status = json.loads(sh.out("rolesh status --json"))
    assert status["profile"] == status["role_arn"] == moto_auth.external and status["source_profile"] == "alice"
    # Due for refresh with the role's entry gone: the hook assumes the same role again (the
    # external id read back from the file), with the MFA session, without a code.
    os.unlink(os.path.join(home.cache_dir, botocore_key(RoleArn=moto_auth.external, ExternalId="ext-secret-1",
                                                        SerialNumber=SERIAL)))
    sh.export("ROLESH_REFRESH_AT", "1")
    sh.enter()
    assert sh.var("ROLESH_PROFILE") == moto_auth.external
    assert sh.var("AWS_ACCESS_KEY_ID") not in (first_key, "<unset>")
    (_, refresh) = proxy.actions("AssumeRole")
    assert refresh["params"]["ExternalId"] == "ext-secret-1" and refresh["session"]
    assert proxy.count("GetSessionToken") == 1
    # A configured profile afterwards leaves no trace of the role; unset gives everything back.
    sh.run("rolesh use shop-dev")
    assert sh.var("ROLESH_PROFILE") == "shop-dev" and sh.var("ROLESH_ROLE") == "<unset>"
    sh.run("rolesh unset")
    assert sh.var("AWS_ACCESS_KEY_ID") == "<unset>" and sh.var("ROLESH_ROLE") == "<unset>"
    sh.close()


def test_a_pinned_one_off_role_that_needs_a_code_says_how_to_name_it_again(home, moto_auth, proxy):
    from shells import Shell
    one_off_home(home, moto_auth, proxy)
    sh = Shell("bash", home.env, home.path)
    _, status, _ = sh.run(f"rolesh use --role-arn {ACCOUNT}:Admin --source alice --duration 3000 --mfa-code 555555")
    assert status == 0
    # The session and the role entry both gone: refreshing needs a code the hook cannot ask for.
    for name in home.cache_files():
        os.unlink(os.path.join(home.cache_dir, name))
    # The prompt after the command runs the hook.
    _, _, said = sh.export("ROLESH_REFRESH_AT", "1")
    expected = f"rolesh: role {moto_auth.admin} needs an MFA code: run `rolesh use --role-arn {moto_auth.admin} --source alice --duration 3000`"
    assert expected in said
    assert sh.var("ROLESH_PENDING") == moto_auth.admin and sh.var("AWS_ACCESS_KEY_ID") == "<unset>"
    assert f"pending role {moto_auth.admin} needs an MFA code: run `rolesh use --role-arn" in sh.out("rolesh status")
    _, status, _ = sh.run(f"rolesh use --role-arn {moto_auth.admin} --source alice --duration 3000 --mfa-code 666666")
    assert status == 0
    assert sh.var("ROLESH_PENDING") == "<unset>" and sh.var("AWS_ACCESS_KEY_ID").startswith("ASIA")
    sh.close()


def test_a_refused_role_leaves_the_shell_and_the_state_folder_alone(home, moto_auth, proxy):
    one_off_home(home, moto_auth, proxy)
    refused = home.run("use", "--role-arn", moto_auth.only_mallory, "--source", "alice", "--mfa-code", "777777",
                       env={"ROLESH_SHELL": "bash"})
    assert refused.returncode == 77 and "AccessDenied" in refused.stderr
    assert refused.stdout == "" and not os.path.exists(state_file(home, ""))
    # Only alice's MFA session was made (and kept, for her other roles); no role entry.
    assert proxy.count("AssumeRole") == 1
    assert [name.startswith("rolesh-mfa-session-") for name in home.cache_files()] == [True]


def test_whoami_names_the_identity_of_a_one_off_role(home, moto_auth, proxy):
    one_off_home(home, moto_auth, proxy)
    result = home.run("whoami", "--role-arn", f"{ACCOUNT}:Admin", "--source", "alice", "--session-name", "audit",
                      "--mfa-code", "888888", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/Admin/audit"
    both = home.run("whoami", "alice", "--role-arn", f"{ACCOUNT}:Admin")
    assert both.returncode == 64 and "not both" in both.stderr


def test_a_role_whose_settings_are_gone_is_removed_once(home, moto_auth, proxy):
    from shells import Shell
    one_off_home(home, moto_auth, proxy)
    sh = Shell("bash", home.env, home.path)
    assert sh.run(f"rolesh use --role-arn {moto_auth.admin} --source alice --mfa-code 999999")[1] == 0
    os.unlink(state_file(home, sh.var("ROLESH_ROLE")))
    _, _, said = sh.export("ROLESH_REFRESH_AT", "1")
    assert f"rolesh: removed role {moto_auth.admin}: its settings are gone" in said
    assert sh.var("AWS_ACCESS_KEY_ID") == "<unset>" and sh.var("ROLESH_PROFILE") == "<unset>"
    assert sh.enter().strip() == ""  # said once; the next prompts are quiet
    sh.close()


def test_plugins_see_a_one_off_role_as_they_see_a_profile(home, moto_auth, proxy):
    from test_plugins import write_plugin
    one_off_home(home, moto_auth, proxy)
    write_plugin(home, "names.lua", "return { session_name = function(ctx) "
                                    "return 'via-' .. ctx.source_profile .. '-' .. string.match(ctx.role_arn, '[^/]+$') end }\n")
    plan = json.loads(home.run("explain", "--role-arn", f"{ACCOUNT}:Admin", "--source", "alice", "--json").stdout)
    step = plan["steps"][-1]
    assert step["session_name"] == "via-alice-Admin" and step["session_name_origin"] == "plugin"
    result = home.run("export", "--role-arn", f"{ACCOUNT}:Admin", "--source", "alice", "--mfa-code", "222222")
    assert result.returncode == 0, result.stderr
    assert proxy.actions("AssumeRole")[-1]["params"]["RoleSessionName"] == "via-alice-Admin"
