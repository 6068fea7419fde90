"""The defects a code review found (architecture issue), each through the built binary."""
import json
import os
import subprocess
import time

from conftest import ACCOUNT, ROLESH

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
