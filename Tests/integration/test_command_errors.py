"""Commands that fail the way they should, and the slips a code review and a new user's trial
found: limits on credential processes and durations, error kinds and exit statuses, trust
messages, endpoints in `explain`, did-you-mean."""
import json
import os
import subprocess
import time

import pexpect
import pytest

from conftest import ACCOUNT, ROLESH
from shells import PROMPT, Shell, cd, processes_during
from test_shells import SHELLS, start, world  # noqa: F401 - the fixture

BROKEN = "[profile broken]\nrole_arn = arn:aws:iam::123456789012:role/NoSource\n"
SSO = ("[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n"
       "[profile sso-admin]\nsso_session = corp\nsso_account_id = 210987654321\nsso_role_name = Admin\n")


def add_config(world, text):
    with open(os.path.join(world["home"], ".aws", "config"), "a") as f:
        f.write("\n" + text)


ROLE = f"arn:aws:iam::{ACCOUNT}:role/Admin"
BASE = "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n"


def test_entry_without_session_token_is_judged_alike_by_explain_and_export(home, moto):
    """One parser of a cache entry: explain used to call an entry without SessionToken valid
    while export treated it as corrupt."""
    home.credentials(BASE)
    home.config(f"[profile r]\nrole_arn = {ROLE}\nsource_profile = base\nendpoint_url = {moto.url}\n")
    plan = json.loads(home.run("explain", "r", "--json").stdout)
    cache_file = plan["steps"][-1]["cache_file"]
    os.makedirs(home.cache_dir, mode=0o700)
    expires = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
    with open(os.path.join(home.cache_dir, cache_file), "w") as f:
        json.dump({"Credentials": {"AccessKeyId": "ASIAOLD", "SecretAccessKey": "s", "Expiration": expires}}, f)
    explained = home.run("explain", "r")
    assert "it will be replaced" in explained.stdout and "valid" not in explained.stdout
    before = len(moto.assumed_roles())
    exported = home.run("export", "r")
    assert exported.returncode == 0, exported.stderr
    assert "ASIAOLD" not in exported.stdout
    assert len(moto.assumed_roles()) == before + 1
    listed = json.loads(home.run("cache", "list", "--json").stdout)
    assert all(entry["usable"] for entry in listed["entries"])


def test_negative_duration_is_refused_before_any_call(home):
    """`duration_seconds = -100` passed the old check and went to STS; botocore refuses it."""
    home.credentials(BASE)
    home.config(f"[profile r]\nrole_arn = {ROLE}\nsource_profile = base\nduration_seconds = -100\n"
                "mfa_serial = arn:aws:iam::123456789012:mfa/me\nendpoint_url = http://127.0.0.1:1\n")
    result = home.run("export", "r", "--mfa-code", "123456")
    assert result.returncode == 78, result.stderr
    assert "duration_seconds of profile r is -100; the minimum is 900" in result.stderr
    assert "refused" not in result.stderr  # no connection was tried
    assert result.stdout == ""


def test_credential_process_has_a_time_limit(home, tmp_path):
    script = tmp_path / "slow.sh"
    script.write_text("#!/bin/sh\nsleep 30\n")
    script.chmod(0o755)
    home.config(f"[profile p]\ncredential_process = {script}\n")
    started = time.time()
    result = home.run("export", "p", env={"ROLESH_PROCESS_TIMEOUT": "1"})
    assert time.time() - started < 10
    assert result.returncode == 1
    assert "did not finish within 1 s" in result.stderr and "ROLESH_PROCESS_TIMEOUT" in result.stderr
    bad = home.run("export", "p", env={"ROLESH_PROCESS_TIMEOUT": "inf"})
    assert bad.returncode == 78 and "ROLESH_PROCESS_TIMEOUT" in bad.stderr


def test_credential_process_gets_no_terminal_input_from_the_hook(home, tmp_path):
    """From the prompt hook, credential_process reads /dev/null: a process waiting for input
    ends at once instead of stealing the terminal's."""
    script = tmp_path / "reads-stdin.sh"
    script.write_text('#!/bin/sh\nread line\nprintf \'{"Version": 1, "AccessKeyId": "AKIDSTDIN%s", '
                      '"SecretAccessKey": "s"}\' "$line"\n')
    script.chmod(0o755)
    home.config(f"[profile p]\ncredential_process = {script}\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / ".awsrole").write_text("p\n")
    env = {"PWD": str(project), "ROLESH_SHELL": "bash"}
    assert home.run("allow", str(project), env=env).returncode == 0
    # stdin is a pipe that stays open and silent, like a terminal nobody types into.
    silent_read, silent_write = os.pipe()
    process = subprocess.Popen([ROLESH, "hook", "bash"], cwd=project, env=dict(home.env, **env), stdin=silent_read,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        out, err = "", "the hook waited for input"
    finally:
        process.kill()
        os.close(silent_read)
        os.close(silent_write)
    assert process.returncode == 0, err
    assert "export AWS_ACCESS_KEY_ID='AKIDSTDIN';" in out


def test_allow_without_awsrole_is_an_error_not_usage(home, tmp_path):
    result = home.run("allow", env={"PWD": str(tmp_path)})
    assert result.returncode == 1
    assert result.stderr.startswith("rolesh: error: no .awsrole in ")
    assert "Usage" not in result.stderr and "USAGE" not in result.stderr


def test_use_without_the_shell_integration_is_a_configuration_error(home):
    home.config("[profile p]\naws_access_key_id = A\naws_secret_access_key = s\n")
    result = home.run("use", "p")
    assert result.returncode == 78
    assert result.stderr.startswith("rolesh: error: `rolesh use` changes this shell's environment")
    assert "USAGE" not in result.stderr
    assert result.stdout == ""


def test_usage_errors_are_still_usage_errors(home):
    result = home.run("use", "a", "--auto")
    assert result.returncode == 64
    assert "Usage" in result.stderr or "USAGE" in result.stderr
    # Worded like every other error.
    assert result.stderr.startswith("rolesh: error: ") and not result.stderr.startswith("Error:")
    assert home.run("export", "--format", "nushell").stderr.startswith("rolesh: error: ")
    assert home.run("--help").returncode == 0 and "USAGE" in home.run("--help").stdout


# --- from a new user's trial -------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", SHELLS)
def test_use_auto_in_an_untrusted_directory_still_unpins(world, kind):
    sh = start(world, kind)
    untrusted = os.path.join(world["home"], "untrusted")
    os.makedirs(untrusted)
    with open(os.path.join(untrusted, ".awsrole"), "w") as f:
        f.write("prod\n")
    assert sh.run("rolesh use prod")[1] == 0
    cd(sh, untrusted)
    _, status, _ = sh.run("rolesh use --auto")
    assert status == 0
    assert sh.var("ROLESH_ORIGIN") != "pin" and sh.var("ROLESH_PROFILE") == "<unset>"
    # Unpinned: a trusted directory applies again.
    subprocess.run([ROLESH, "allow", world["proj"]], env=world["env"], check=True, capture_output=True)
    cd(sh, world["proj"])
    assert sh.var("ROLESH_PROFILE") == "dev"
    sh.close()


def test_allow_names_every_plugin_it_trusts(world):
    plugins = os.path.join(world["proj"], ".rolesh", "plugins")
    os.makedirs(plugins)
    for name in ("a.lua", "b.lua"):
        with open(os.path.join(plugins, name), "w") as f:
            f.write("return {}\n")
    result = subprocess.run([ROLESH, "allow", world["proj"]], env=world["env"], capture_output=True, text=True)
    assert result.returncode == 0
    for name in ("a.lua", "b.lua"):
        assert f"rolesh: trusted plugin {os.path.join(plugins, name)}" in result.stderr


def test_session_name_plugins_say_whether_the_aws_cli_shares_the_entry(home, moto):
    from test_plugins import write_plugin
    home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/R\nsource_profile = base\n")
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.env["AWS_ENDPOINT_URL_STS"] = moto.url
    home.env["AWS_DEFAULT_REGION"] = "us-east-1"
    # The AWS CLI's own entry (generated session name: the key has no RoleSessionName).
    assert home.aws_cli("sts", "get-caller-identity", "--profile", "r").returncode == 0
    (cli_entry,) = home.cache_files()
    write_plugin(home, "name.lua", "return { session_name = function(ctx) return 'alice-laptop' end }\n")
    keyed = home.run("explain", "r")
    assert "part of the cache key, so this entry is not shared with the AWS CLI" in keyed.stdout
    assert cli_entry not in keyed.stdout
    write_plugin(home, "name.lua", "return { session_name = function(ctx) return {name = 'alice-laptop', shared = true} end }\n")
    shared = home.run("explain", "r")
    assert "marked shared: not part of the cache key, so the AWS CLI shares the entry" in shared.stdout
    assert cli_entry in shared.stdout and "valid" in shared.stdout
    calls = len(moto.assumed_roles())
    assert home.run("export", "r").returncode == 0
    assert len(moto.assumed_roles()) == calls  # the CLI's entry served it


def test_explain_names_the_endpoint_resolution_uses(home, moto):
    home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/R\nsource_profile = base\nservices = local\n"
                f"[services local]\nsts =\n  endpoint_url = {moto.url}\n")
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    text = home.run("explain", "r").stdout
    assert f"STS endpoint {moto.url} (signing region us-east-1)" in text
    assert home.run("export", "r").returncode == 0  # and that is where the call went


def test_credential_source_environment_never_uses_the_keys_rolesh_exported(world):
    add_config(world, f"[profile from-env]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/FromEnv\ncredential_source = Environment\n")
    sh = start(world, "bash")
    assert sh.run("rolesh use dev")[1] == 0
    output, status, _ = sh.run("rolesh use from-env 2>&1")
    assert status == 1 and "keys are the ones rolesh exported for profile dev" in output
    assert sh.var("ROLESH_PROFILE") == "dev"  # nothing changed
    explained, _, _ = sh.run("rolesh explain from-env")
    assert "not yours: rolesh does not use them as a credential source" in explained
    sh.close()


def test_did_you_mean(world):
    result = subprocess.run([ROLESH, "use", "prdo"], env=dict(world["env"], ROLESH_SHELL="bash"), capture_output=True,
                            text=True)
    assert result.returncode == 78 and "did you mean prod?" in result.stderr
    assert "did you mean dev?" in subprocess.run([ROLESH, "export", "DEV"], env=world["env"], capture_output=True,
                                                 text=True).stderr




# --- slips a new user made ---------------------------------------------------------------------

def test_whoami_and_console_in_a_shell_with_no_identity_say_so(home):
    home.config("[default]\nregion = eu-west-1\n")
    for command in (["whoami"], ["console", "--stdout"]):
        result = home.run(*command)
        assert result.returncode == 78 and result.stdout == ""
        assert "this shell has no AWS identity" in result.stderr and "rolesh use PROFILE" in result.stderr
        assert f"rolesh {command[0]} PROFILE" in result.stderr


def test_exec_needs_a_profile_before_the_command(home):
    for arguments in (["exec", "--", "aws", "s3", "ls"], ["exec", "--server", "--", "aws", "s3", "ls"]):
        result = home.run(*arguments)
        assert result.returncode == 64 and "exec needs a PROFILE before the command" in result.stderr
        assert "could not be found" not in result.stderr


def test_exec_server_warns_only_when_default_has_credentials(home, moto_auth, tmp_path):
    from test_console_exec import world_home
    world_home(home, moto_auth)
    with open(os.path.join(home.aws, "config"), "a") as f:
        f.write("\n[default]\nregion = eu-west-1\n")
    # As on a laptop: the metadata fallback is not switched off, so `[default]` plans to it.
    quiet = home.run("exec", "--server", "admin", "--", "true", env={"AWS_EC2_METADATA_DISABLED": ""})
    assert quiet.returncode == 0, quiet.stderr
    assert "credentials of its own" not in quiet.stderr
    with open(os.path.join(home.aws, "credentials"), "a") as f:
        f.write("[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s\n")
    loud = home.run("exec", "--server", "admin", "--", "true")
    assert loud.returncode == 0 and "profile default has credentials of its own" in loud.stderr


@pytest.mark.parametrize("kind", SHELLS)
def test_use_auto_says_what_it_removed_and_status_names_an_ignored_awsrole(world, kind):
    sh = start(world, kind)
    untrusted = os.path.join(world["home"], "untrusted-status")
    os.makedirs(untrusted)
    with open(os.path.join(untrusted, ".awsrole"), "w") as f:
        f.write("prod\n")
    assert sh.run("rolesh use prod")[1] == 0
    cd(sh, untrusted)
    output, status, _ = sh.run("rolesh use --auto")
    assert status == 0 and "unpinned; removed profile prod" in output
    shown = sh.out("rolesh status")
    assert f"ignored {untrusted}/.awsrole" in shown and "rolesh allow" in shown
    assert json.loads(sh.out("rolesh status --json"))["ignored_awsrole"] == f"{untrusted}/.awsrole"
    subprocess.run([ROLESH, "deny", untrusted], env=world["env"], check=True, capture_output=True)
    assert "denied with rolesh deny" in sh.out("rolesh status")
    sh.close()


def test_a_headless_console_says_it_opened(home, moto_auth, tmp_path):
    from test_console_exec import fake_browser, world_home
    from federation_stub import FederationStub
    federation = FederationStub(lambda session: True)
    try:
        world_home(home, moto_auth, {"ROLESH_FEDERATION_URL": federation.url})
        home.env["BROWSER"] = fake_browser(home)
        result = home.run("console", "admin")
        assert result.returncode == 0, result.stderr
        assert "rolesh: opened the AWS console for admin with" in result.stderr
    finally:
        federation.stop()


def test_a_mistyped_region_is_warned_about_and_export_and_exec_take_region(home):
    home.credentials("[static]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = s\n")
    home.config("[profile static]\nregion = us-east-1\n")
    exported = home.run("export", "static", "--region", "eu-wst-1")
    assert exported.returncode == 0
    assert "eu-wst-1 is not a region botocore knows; did you mean eu-west-1" in exported.stderr
    assert "AWS_REGION=eu-wst-1" in exported.stdout  # still used: AWS adds regions
    known = home.run("export", "static", "--region", "eu-west-1")
    assert known.stderr == "" and "AWS_REGION=eu-west-1" in known.stdout
    used = home.run("use", "static", "--region", "eu-wst-1", env={"ROLESH_SHELL": "bash"})
    assert used.returncode == 0 and "did you mean eu-west-1" in used.stderr
    ran = home.run("exec", "--region", "ap-southeast-2", "static", "--", "sh", "-c", 'echo "$AWS_REGION $AWS_DEFAULT_REGION"')
    assert ran.returncode == 0 and ran.stdout.strip() == "ap-southeast-2 ap-southeast-2"


def test_configuration_slips_get_messages_people_can_act_on(home):
    home.credentials("[billing-admin]\naws_access_key_id = AKIDBILLING\naws_secret_access_key = s\n")
    home.config("[profile typo]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = biling-admin\n"
                "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = b\n"
                "[profile b]\nrole_arn = arn:aws:iam::123456789012:role/B\nsource_profile = a\n"
                "[profile short]\nrole_arn = billing-ro\nsource_profile = billing-admin\n")
    typo = home.run("explain", "typo")
    assert typo.returncode == 78 and "did you mean billing-admin?" in typo.stderr
    loop = home.run("explain", "a")
    assert loop.returncode == 78 and "a → b → a" in loop.stderr and "['" not in loop.stderr
    short = home.run("export", "short")
    assert short.returncode == 78 and "arn:aws:iam::ACCOUNT-ID:role/billing-ro" in short.stderr and "too short" not in short.stderr
    home.config("[profile a]\nregion = us-east-1\n[profile x\nregion = us-west-2\n")
    unclosed = home.run("explain", "a")
    assert unclosed.returncode == 78 and "config:3:" in unclosed.stderr and "`[profile x` has no closing `]`" in unclosed.stderr


def test_a_broken_plugin_stops_only_what_consults_plugins_and_says_how_to_recover(home, moto):
    """Plugins load when a hook is first asked: static keys still export (no hook would run
    for them), while a role whose session name a plugin may give stops, naming the file."""
    from test_plugins import write_plugin
    home.credentials("[static]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = s\n")
    home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/R\nsource_profile = static\nendpoint_url = {moto.url}\n")
    write_plugin(home, "broken.lua", "return {{{\n")
    static = home.run("export", "static", "--format", "json")
    assert static.returncode == 0 and json.loads(static.stdout)["AccessKeyId"] == "AKIDSTATIC"
    for command in (["export", "r"], ["explain", "static"]):
        result = home.run(*command)
        assert result.returncode == 1 and result.stdout == "" and "broken.lua" in result.stderr, command
        assert "fix or move this file" in result.stderr and "rolesh plugins check" in result.stderr
    assert home.cache_files() == []


def test_exec_without_a_command_starts_a_shell_that_knows_its_identity(home, moto, tmp_path):
    """`rolesh exec PROFILE` alone: the subshell carries rolesh's state as if pinned by `use` —
    its prompt variable shows the profile, `status` knows it, and a trusted `.awsrole` on the way
    does not replace it."""
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.config(f"[profile dev]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Dev\nsource_profile = base\nendpoint_url = {moto.url}\n"
                f"[profile other]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Other\nsource_profile = base\nendpoint_url = {moto.url}\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / ".awsrole").write_text("other\n")
    assert home.run("allow", str(project)).returncode == 0
    script = (f'eval "$({ROLESH} init bash)"; cd {project}; __rolesh_hook; rolesh status; '
              'echo "PROMPT=$ROLESH_PROMPT ORIGIN=$ROLESH_ORIGIN"; exit 3\n')
    result = home.run("exec", "dev", env={"SHELL": "/bin/bash"}, input=script)
    assert result.returncode == 3, result.stderr
    assert "profile dev (keys mode)" in result.stdout and "pinned by rolesh use" in result.stdout
    assert "PROMPT=dev " in result.stdout and "ORIGIN=pin" in result.stdout
