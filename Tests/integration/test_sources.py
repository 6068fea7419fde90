"""Credential sources: chains, endpoints, web identity, credential_process, IMDSv2 and the
container endpoint (against a strict stub proven faithful by botocore's own providers)."""
import base64
import hashlib
import json
import os
import time

import pytest

from conftest import ACCOUNT, ROLESH
from stubs import MetadataStub, RecordingProxy


def jwt(claims):
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'none'})}.{part(claims)}.sig"


# --- chains and endpoints (moto with auth on) --------------------------------------------------

def test_two_hop_chain_with_auth_on(home, moto_auth):
    alice = moto_auth.users["alice"]
    home.credentials(f"[alice]\naws_access_key_id = {alice['key']}\naws_secret_access_key = {alice['secret']}\n")
    home.config(f"""[profile hop1]
role_arn = {moto_auth.admin}
source_profile = alice
role_session_name = chain-hop
endpoint_url = http://127.0.0.1:1

[profile hop2]
role_arn = {moto_auth.second}
source_profile = hop1
role_session_name = second-session
endpoint_url = {moto_auth.server.url}
""")
    before = len(moto_auth.server.assumed_roles())
    # The source profile's endpoint_url (a dead port) is ignored: the top-level one is used.
    result = home.run("whoami", "hop2", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/Second/second-session"
    assert len(moto_auth.server.assumed_roles()) - before == 2
    assert len(home.cache_files()) == 2


@pytest.mark.parametrize("how", ["AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL", "services", "endpoint_url"])
def test_endpoint_settings_reach_sts(home, moto, how):
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    extra = ""
    if how == "services":
        extra = "services = local\n"
        home_services = f"[services local]\nsts =\n  endpoint_url = {moto.url}\n"
    else:
        home_services = ""
    if how == "endpoint_url":
        extra = f"endpoint_url = {moto.url}\n"
    home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/R\nsource_profile = base\nregion = eu-west-1\n{extra}{home_services}")
    env = {how: moto.url} if how.startswith("AWS_") else {}
    result = home.run("export", "r", env=env)
    assert result.returncode == 0, result.stderr
    assert moto.assumed_roles()[-1]["region_name"] == "eu-west-1"


def test_ignore_configured_endpoints_goes_to_aws(home, moto):
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/R\nsource_profile = base\n"
                f"region = eu-west-1\nendpoint_url = {moto.url}\nignore_configured_endpoint_urls = true\n")
    # No network here: the real regional endpoint cannot be reached, so this is a network error.
    result = home.run("export", "r", env={"AWS_ENDPOINT_URL_STS": moto.url}, timeout=120)
    assert result.returncode == 69, result.stderr
    assert "sts.eu-west-1.amazonaws.com" in result.stderr
    assert result.stdout == ""


def test_services_section_that_does_not_exist(home, moto):
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/R\nsource_profile = base\nservices = nope\n")
    result = home.run("export", "r")
    assert result.returncode == 78
    assert '"nope" services configuration does not exist' in result.stderr


# --- web identity (moto with auth off) ---------------------------------------------------------

def test_web_identity_from_profile_file(home, moto, tmp_path):
    token = tmp_path / "token"
    token.write_text(jwt({"sub": "ci", "exp": int(time.time()) + 3600}))
    home.config(f"[profile web]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Web\nweb_identity_token_file = {token}\n"
                "role_session_name = from-profile\n")
    result = home.run("export", "web", "--format", "json", env={"AWS_ENDPOINT_URL_STS": moto.url})
    assert result.returncode == 0, result.stderr
    last = moto.assumed_roles()[-1]
    assert last["role_arn"] == f"arn:aws:iam::{ACCOUNT}:role/Web" and last["session_name"] == "from-profile"
    expected = hashlib.sha1(json.dumps({"RoleArn": f"arn:aws:iam::{ACCOUNT}:role/Web", "RoleSessionName": "from-profile"},
                                       sort_keys=True).encode()).hexdigest()
    assert home.cache_files() == [expected + ".json"]


def test_web_identity_from_environment(home, moto, tmp_path):
    token = tmp_path / "token"
    token.write_text("opaque-token-not-a-jwt\n")
    env = {"AWS_ENDPOINT_URL_STS": moto.url, "AWS_ROLE_ARN": f"arn:aws:iam::{ACCOUNT}:role/Web",
           "AWS_WEB_IDENTITY_TOKEN_FILE": str(token), "AWS_ROLE_SESSION_NAME": "ci-run"}
    before = len(moto.assumed_roles())
    result = home.run("export", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    assert moto.assumed_roles()[-1]["session_name"] == "ci-run"
    assert home.cache_files() == ["356db9bc65d0167be0fa1be2c54af01808f93c1c.json"]
    again = home.run("export", "--format", "json", env=env)
    assert again.returncode == 0 and len(moto.assumed_roles()) == before + 1


def test_expired_jwt_is_reported_without_calling_sts(home, moto, tmp_path):
    token = tmp_path / "token"
    token.write_text(jwt({"sub": "ci", "exp": int(time.time()) - 60}))
    home.config(f"[profile web]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Web\nweb_identity_token_file = {token}\n")
    before = len(moto.assumed_roles())
    result = home.run("export", "web", env={"AWS_ENDPOINT_URL_STS": moto.url})
    assert result.returncode != 0 and result.stdout == ""
    assert "expired at" in result.stderr and str(token) in result.stderr
    assert len(moto.assumed_roles()) == before


# --- credential_process --------------------------------------------------------------------------

def process_profile(home, tmp_path, body, status=0):
    script = tmp_path / "creds.sh"
    script.write_text(f"#!/bin/sh\ncat <<'JSON'\n{body}\nJSON\necho 'process stderr text' >&2\nexit {status}\n")
    script.chmod(0o755)
    home.config(f"[profile cp]\ncredential_process = {script} --arg 'with space'\n")


def test_credential_process_valid(home, tmp_path):
    process_profile(home, tmp_path, '{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "s", '
                                    '"SessionToken": "t", "Expiration": "2099-01-01T00:00:00Z"}')
    result = home.run("export", "cp", "--format", "process")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["AccessKeyId"] == "AKIDPROC" and doc["Expiration"] == "2099-01-01T00:00:00Z"


@pytest.mark.parametrize("body,status,message", [
    ('{"Version": 1, "AccessKeyId": "AKIDPROC"}', 0, "missing required key in response: 'SecretAccessKey'"),
    ('{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "s"}', 0, "unsupported version '2'"),
    ('{"Version": "1", "AccessKeyId": "A", "SecretAccessKey": "s"}', 0, "unsupported version '\"1\"'"),
    ('{"AccessKeyId": "A", "SecretAccessKey": "s"}', 0, "<Version key not provided>"),
    ('{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s"}', 3, "exited with status 3: process stderr text"),
    ('{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s", "Expiration": "2001-01-01T00:00:00Z"}', 0,
     "expired at 2001-01-01T00:00:00Z"),
    ("not json", 0, "did not print a JSON object"),
])
def test_credential_process_failures(home, tmp_path, body, status, message):
    process_profile(home, tmp_path, body, status)
    result = home.run("export", "cp")
    assert result.returncode == 1
    assert result.stdout == ""
    assert message in result.stderr
    assert "profile cp" in result.stderr


# --- IMDSv2 and the container endpoint ---------------------------------------------------------

def botocore_imds(stub):
    from botocore.credentials import InstanceMetadataProvider
    from botocore.utils import InstanceMetadataFetcher
    fetcher = InstanceMetadataFetcher(timeout=1, num_attempts=1,
                                      config={"ec2_metadata_service_endpoint": stub.url + "/"})
    return InstanceMetadataProvider(iam_role_fetcher=fetcher).load()


def test_imds_stub_is_faithful_and_rolesh_speaks_imdsv2(home, moto):
    stub = MetadataStub()
    try:
        # botocore's own provider against the stub: it must get credentials, token first.
        creds = botocore_imds(stub)
        assert creds is not None and creds.access_key == "ASIAINSTANCE"
        botocore_requests = [(m, p, "x-aws-ec2-metadata-token" in {k.lower() for k in h}) for m, p, h in stub.requests]
        stub.requests.clear()
        home.config(f"[profile ec2]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/FromEc2\ncredential_source = Ec2InstanceMetadata\n")
        env = {"AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": stub.url,
               "AWS_ENDPOINT_URL_STS": moto.url}
        result = home.run("export", "ec2", env=env)
        assert result.returncode == 0, result.stderr
        ours = [(m, p, "x-aws-ec2-metadata-token" in {k.lower() for k in h}) for m, p, h in stub.requests]
        assert ours == botocore_requests
        assert stub.requests[0][2].get("x-aws-ec2-metadata-token-ttl-seconds") == "21600"
        assert moto.assumed_roles()[-1]["role_arn"].endswith(":role/FromEc2")
    finally:
        stub.stop()


def test_imds_v1_fallback_and_v1_disabled(home):
    stub = MetadataStub(allow_v1=True, token_status=404)
    try:
        botocore_creds = botocore_imds(stub)
        assert botocore_creds is not None
        home.config("[profile bare]\nregion = us-east-1\n")
        env = {"AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": stub.url}
        result = home.run("export", "bare", "--format", "json", env=env)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["AccessKeyId"] == "ASIAINSTANCE"
        disabled = home.run("export", "bare", env=dict(env, AWS_EC2_METADATA_V1_DISABLED="true"))
        assert disabled.returncode != 0 and "IMDSv1 has been disabled" in disabled.stderr
    finally:
        stub.stop()


def test_container_endpoint_with_token_file(home, moto, tmp_path):
    stub = MetadataStub(container_token="Bearer abc")
    try:
        token_file = tmp_path / "token"
        token_file.write_text("Bearer abc")
        env = {"AWS_CONTAINER_CREDENTIALS_FULL_URI": stub.url + "/ecs/credentials",
               "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": str(token_file)}
        from botocore.credentials import ContainerProvider
        botocore_creds = ContainerProvider(environ=env).load()
        assert botocore_creds.access_key == "ASIACONTAINER"
        home.config(f"[profile ecs]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/FromEcs\ncredential_source = EcsContainer\n")
        result = home.run("export", "ecs", env=dict(env, AWS_ENDPOINT_URL_STS=moto.url))
        assert result.returncode == 0, result.stderr
        assert stub.requests[-1][2].get("Authorization") == "Bearer abc"
        token_file.write_text("Bearer abc\n")  # a trailing newline is not a legal header value
        home.config("[profile bare]\nregion = us-east-1\n")
        bad = home.run("export", "bare", env=env)
        assert bad.returncode != 0 and "not a legal header value" in bad.stderr
    finally:
        stub.stop()


def test_container_full_uri_host_allow_list(home):
    home.config("[profile bare]\nregion = us-east-1\n")
    result = home.run("export", "bare", env={"AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.com/creds"})
    assert result.returncode != 0
    assert "Unsupported host 'example.com'" in result.stderr


# --- MFA through a pseudo-terminal -----------------------------------------------------------------

def test_mfa_prompt_hidden_typo_and_token_code(home, moto):
    import pexpect
    proxy = RecordingProxy(moto.url)
    try:
        home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
        serial = f"arn:aws:iam::{ACCOUNT}:mfa/tester"
        home.config(f"[profile mfa]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Mfa\nsource_profile = base\nmfa_serial = {serial}\n")
        env = dict(home.env, AWS_ENDPOINT_URL_STS=proxy.url)
        child = pexpect.spawn(ROLESH, ["export", "mfa", "--format", "json"], env=env, encoding="utf-8", timeout=30)
        child.expect_exact(f"Enter MFA code for {serial}: ")
        child.sendline("12ab")
        child.expect("6 digits")
        child.expect_exact(f"Enter MFA code for {serial}: ")
        child.sendline("654321")
        child.expect(pexpect.EOF)
        transcript = child.before
        child.close()
        assert child.exitstatus == 0, transcript
        assert "654321" not in transcript and "12ab" not in transcript
        assert any("TokenCode=654321" in body and "SerialNumber=" in body for body in proxy.bodies)
        # Cached now: a second run neither prompts nor calls STS.
        calls = len(proxy.bodies)
        again = home.run("export", "mfa", env={"AWS_ENDPOINT_URL_STS": proxy.url})
        assert again.returncode == 0 and len(proxy.bodies) == calls
    finally:
        proxy.stop()


def test_mfa_without_terminal_or_code_says_how(home, moto):
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.config(f"[profile mfa]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Mfa2\nsource_profile = base\n"
                f"mfa_serial = arn:aws:iam::{ACCOUNT}:mfa/x\n")
    result = subprocess_without_tty(home, ["export", "mfa"], {"AWS_ENDPOINT_URL_STS": moto.url})
    assert result.returncode == 1 and result.stdout == ""
    assert "--mfa-code" in result.stderr
    ok = subprocess_without_tty(home, ["export", "mfa", "--mfa-code", "123456"], {"AWS_ENDPOINT_URL_STS": moto.url})
    assert ok.returncode == 0, ok.stderr


def subprocess_without_tty(home, args, env):
    import subprocess
    from conftest import ROLESH
    run_env = dict(home.env, **env)
    return subprocess.run([ROLESH, *args], env=run_env, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          start_new_session=True, timeout=60)
