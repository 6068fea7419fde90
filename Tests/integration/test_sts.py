"""rolesh against moto with signature checking on: the signer, AssumeRole and its errors."""
import json
import os

from conftest import ACCOUNT


def alice_home(home, world, extra=""):
    alice = world.users["alice"]
    home.credentials(f"[alice]\naws_access_key_id = {alice['key']}\naws_secret_access_key = {alice['secret']}\n")
    home.config(f"""[profile admin]
role_arn = {world.admin}
source_profile = alice
role_session_name = alice-admin
{extra}
[profile untrusted]
role_arn = {world.only_mallory}
source_profile = alice

[profile external-right]
role_arn = {world.external}
source_profile = alice
external_id = ext-secret-1

[profile external-wrong]
role_arn = {world.external}
source_profile = alice
external_id = ext-wrong-2
""")
    home.env["AWS_ENDPOINT_URL_STS"] = world.server.url
    home.env["AWS_DEFAULT_REGION"] = "us-east-1"


def test_signed_assume_role_is_accepted(home, moto_auth):
    alice_home(home, moto_auth)
    result = home.run("export", "admin", "--format", "json")
    assert result.returncode == 0, result.stderr
    creds = json.loads(result.stdout)
    assert creds["AccessKeyId"].startswith("ASIA")
    assert creds["AccountId"] == ACCOUNT
    who = home.run("whoami", "admin", "--json")
    assert who.returncode == 0, who.stderr
    assert json.loads(who.stdout)["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/Admin/alice-admin"


def test_wrong_secret_is_rejected_with_signature_mismatch(home, moto_auth):
    alice = moto_auth.users["alice"]
    home.credentials(f"[alice]\naws_access_key_id = {alice['key']}\naws_secret_access_key = not-the-secret\n")
    home.config(f"[profile admin]\nrole_arn = {moto_auth.admin}\nsource_profile = alice\n")
    home.env["AWS_ENDPOINT_URL_STS"] = moto_auth.server.url
    result = home.run("export", "admin")
    assert result.returncode == 77
    assert result.stdout == ""
    assert "SignatureDoesNotMatch" in result.stderr
    assert "not-the-secret" not in result.stderr
    assert "profile admin" in result.stderr


def test_unknown_key_is_rejected(home, moto_auth):
    home.credentials("[alice]\naws_access_key_id = AKIAUNKNOWNKEY000000\naws_secret_access_key = x\n")
    home.config(f"[profile admin]\nrole_arn = {moto_auth.admin}\nsource_profile = alice\n")
    home.env["AWS_ENDPOINT_URL_STS"] = moto_auth.server.url
    result = home.run("export", "admin")
    assert result.returncode == 77
    assert "InvalidClientTokenId" in result.stderr


def test_untrusted_caller_gets_access_denied(home, moto_auth):
    alice_home(home, moto_auth)
    result = home.run("export", "untrusted", "--format", "json")
    assert result.returncode == 77
    assert result.stdout == ""
    assert "AccessDenied" in result.stderr
    assert "hop 2 of 2" in result.stderr
    assert home.cache_files() == []


def test_external_id_right_and_wrong(home, moto_auth):
    alice_home(home, moto_auth)
    right = home.run("export", "external-right")
    assert right.returncode == 0, right.stderr
    wrong = home.run("export", "external-wrong")
    assert wrong.returncode == 77
    assert wrong.stdout == ""


def test_credential_process_command_prints_version_1(home, moto_auth):
    alice_home(home, moto_auth)
    result = home.run("credential-process", "admin")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["Version"] == 1 and {"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"} <= set(doc)


def test_rolesh_and_aws_cli_agree_on_the_identity(home, moto_auth):
    alice_home(home, moto_auth)
    ours = json.loads(home.run("whoami", "admin", "--json").stdout)["Arn"]
    os.remove(os.path.join(home.cache_dir, home.cache_files()[0]))
    theirs = home.aws_cli("sts", "get-caller-identity", "--profile", "admin")
    assert theirs.returncode == 0, theirs.stderr
    assert json.loads(theirs.stdout)["Arn"] == ours


def test_exec_passes_arguments_and_exit_status(home, moto_auth, tmp_path):
    alice_home(home, moto_auth)
    script = tmp_path / "child.sh"
    script.write_text('#!/bin/sh\nprintf "%s|" "$@"\necho\nenv | grep -E "^(AWS_|ROLESH_)" | cut -d= -f1 | sort\nexit 7\n')
    script.chmod(0o755)
    result = home.run("exec", "admin", "--", str(script), "a b", "", "$HOME", "--flag",
                      env={"AWS_PROFILE": "stale", "AWS_SECURITY_TOKEN": "stale"})
    assert result.returncode == 7, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "a b||$HOME|--flag|"
    names = set(lines[1:])
    assert {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
            "ROLESH_PROFILE"} <= names
    assert "AWS_PROFILE" not in names and "AWS_SECURITY_TOKEN" not in names


def test_exec_of_a_missing_program(home, moto_auth):
    alice_home(home, moto_auth)
    result = home.run("exec", "admin", "--", "/nonexistent/program")
    assert result.returncode == 127
    assert "cannot run /nonexistent/program" in result.stderr


def test_exec_runs_the_aws_cli_with_the_role(home, moto_auth):
    alice_home(home, moto_auth)
    result = home.run("exec", "admin", "--", "aws", "sts", "get-caller-identity")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Arn"].endswith(":assumed-role/Admin/alice-admin")
