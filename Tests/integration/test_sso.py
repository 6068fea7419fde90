"""IAM Identity Center end to end: the loopback portal and OIDC stub (itself checked with
botocore's own clients), role credentials minted by moto with signature checking on, the real
AWS CLI v2 (/usr/bin/aws) on the same files, botocore for resolution and refresh, real shells."""
import hashlib
import json
import os
import stat
import subprocess
import sys
import threading
import time

import pytest

from conftest import ACCOUNT, ROLESH
from sso_stub import SSOStub, endpoint_rules_dir

AWS_V2 = "/usr/bin/aws"
OTHER_ACCOUNT = "210987654321"


@pytest.fixture
def sso(moto_auth):
    import boto3
    alice = moto_auth.users["alice"]
    sts = boto3.client("sts", endpoint_url=moto_auth.server.url, region_name="us-east-1",
                       aws_access_key_id=alice["key"], aws_secret_access_key=alice["secret"])

    def mint(account, role, user):
        if account != ACCOUNT:
            return None
        try:
            return sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/{role}", RoleSessionName=user)["Credentials"]
        except Exception:  # noqa: BLE001 - an unknown role is a 500 from the stub
            return None

    stub = SSOStub(mint=mint, assignments={ACCOUNT: ["Admin", "ReadOnly"], OTHER_ACCOUNT: ["Admin"]},
                   accounts={ACCOUNT: "Acme Prod", OTHER_ACCOUNT: "Acme Dev"})
    yield stub
    stub.stop()


CONFIG = """[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile corp-admin]
sso_session = corp
sso_account_id = {account}
sso_role_name = Admin
region = eu-west-1

[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = {account}
sso_role_name = Admin

[profile over-sso]
role_arn = arn:aws:iam::{account}:role/Second
source_profile = corp-admin
role_session_name = chain-hop
"""


def sso_home(home, stub, moto_auth, extra=""):
    home.config(CONFIG.format(account=ACCOUNT) + extra)
    # AWS_DATA_PATH points the CLI v2 (which predates AWS_ENDPOINT_URL_*) at the stub too.
    home.env.update({"AWS_ENDPOINT_URL_SSO": stub.url, "AWS_ENDPOINT_URL_SSO_OIDC": stub.url,
                     "AWS_ENDPOINT_URL_STS": moto_auth.server.url,
                     "AWS_DATA_PATH": endpoint_rules_dir(os.path.join(home.path, "aws-data"), stub.url)})
    return home


def token_path(home, name):
    return os.path.join(home.path, ".aws", "sso", "cache", hashlib.sha1(name.encode()).hexdigest() + ".json")


def write_token(home, name, stub, lifetime=8 * 3600, refreshable=True, start_url="https://corp.awsapps.com/start",
                registration_days=90, user="sso-user"):
    """A token file as the AWS CLI v2 writes it after a login."""
    answer = stub.issue_token(user=user, lifetime=lifetime, refreshable=refreshable)
    client_id = "stub-client-preregistered"
    stub.clients[client_id] = {"secret": "stub-secret-pre", "grantTypes": ["authorization_code", "refresh_token"]}
    if "refreshToken" in answer:
        stub.refresh_tokens[answer["refreshToken"]]["client"] = client_id
    document = {"startUrl": start_url, "region": "us-east-1", "accessToken": answer["accessToken"],
                "expiresAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + lifetime)),
                "clientId": client_id, "clientSecret": "stub-secret-pre",
                "registrationExpiresAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + registration_days * 86400))}
    if refreshable:
        document["refreshToken"] = answer["refreshToken"]
    path = token_path(home, name)
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    with open(path, "w") as f:
        json.dump(document, f)
    os.chmod(path, 0o600)
    return path


def fake_browser(home, marker=None):
    """A $BROWSER that follows the authorize redirect to rolesh's loopback callback, as a person
    clicking "Allow" would."""
    path = os.path.join(home.path, "fake-browser.py")
    with open(path, "w") as f:
        f.write(f"""#!{sys.executable}
import sys, urllib.request, urllib.error
{'open(' + repr(marker) + ', "w").close()' if marker else ''}
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
opener = urllib.request.build_opener(NoRedirect)
try:
    opener.open(sys.argv[1])
except urllib.error.HTTPError as e:
    location = e.headers["Location"]
    urllib.request.urlopen(location).read()
""")
    os.chmod(path, 0o755)
    return path


# --- the stub follows the models: botocore's own clients ---------------------------------------

def test_stub_speaks_the_service_models_to_botocore(sso):
    import boto3
    import urllib.request
    import urllib.error
    oidc = boto3.client("sso-oidc", endpoint_url=sso.url, region_name="us-east-1")
    portal = boto3.client("sso", endpoint_url=sso.url, region_name="us-east-1")
    client = oidc.register_client(clientName="botocore-client-test", clientType="public")
    device = oidc.start_device_authorization(clientId=client["clientId"], clientSecret=client["clientSecret"],
                                             startUrl="https://corp.awsapps.com/start")
    with pytest.raises(oidc.exceptions.AuthorizationPendingException):
        oidc.create_token(clientId=client["clientId"], clientSecret=client["clientSecret"],
                          grantType="urn:ietf:params:oauth:grant-type:device_code", deviceCode=device["deviceCode"])
    token = oidc.create_token(clientId=client["clientId"], clientSecret=client["clientSecret"],
                              grantType="urn:ietf:params:oauth:grant-type:device_code", deviceCode=device["deviceCode"])
    role = portal.get_role_credentials(roleName="Admin", accountId=ACCOUNT, accessToken=token["accessToken"])
    assert role["roleCredentials"]["accessKeyId"].startswith("ASIA")
    pages = portal.get_paginator("list_accounts").paginate(accessToken=token["accessToken"])
    assert sorted(a["accountId"] for page in pages for a in page["accountList"]) == sorted([OTHER_ACCOUNT, ACCOUNT])
    with pytest.raises(portal.exceptions.UnauthorizedException):
        portal.get_role_credentials(roleName="Admin", accountId=ACCOUNT, accessToken="nope")
    with pytest.raises(Exception) as forbidden:
        portal.get_role_credentials(roleName="Nope", accountId=ACCOUNT, accessToken=token["accessToken"])
    assert forbidden.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    refreshed = oidc.create_token(clientId=client["clientId"], clientSecret=client["clientSecret"],
                                  grantType="refresh_token", refreshToken=token["refreshToken"])
    with pytest.raises(oidc.exceptions.InvalidGrantException):  # a refresh token works once
        oidc.create_token(clientId=client["clientId"], clientSecret=client["clientSecret"],
                          grantType="refresh_token", refreshToken=token["refreshToken"])
    portal.logout(accessToken=refreshed["accessToken"])
    with pytest.raises(portal.exceptions.UnauthorizedException):
        portal.list_accounts(accessToken=refreshed["accessToken"])
    # PKCE: S256, the loopback redirect, a single-use code.
    pkce = oidc.register_client(clientName="botocore-client-corp", clientType="public",
                                grantTypes=["authorization_code", "refresh_token"],
                                redirectUris=["http://127.0.0.1/oauth/callback"], issuerUrl="https://corp.awsapps.com/start",
                                scopes=["sso:account:access"])
    verifier = "v" * 64
    import base64
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    redirect = "http://127.0.0.1:5555/oauth/callback"

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    query = urllib.parse.urlencode({"response_type": "code", "client_id": pkce["clientId"], "redirect_uri": redirect,
                                    "state": "s1", "code_challenge_method": "S256", "scopes": "sso:account:access",
                                    "code_challenge": challenge})
    with pytest.raises(urllib.error.HTTPError) as found:
        urllib.request.build_opener(NoRedirect).open(f"{sso.url}/authorize?{query}")
    location = urllib.parse.urlparse(found.value.headers["Location"])
    code = urllib.parse.parse_qs(location.query)["code"][0]
    assert urllib.parse.parse_qs(location.query)["state"] == ["s1"]
    with pytest.raises(oidc.exceptions.InvalidGrantException):
        oidc.create_token(clientId=pkce["clientId"], clientSecret=pkce["clientSecret"], grantType="authorization_code",
                          code=code, redirectUri=redirect, codeVerifier="w" * 64)
    # The failed attempt used the code up.
    with pytest.raises(oidc.exceptions.InvalidGrantException):
        oidc.create_token(clientId=pkce["clientId"], clientSecret=pkce["clientSecret"], grantType="authorization_code",
                          code=code, redirectUri=redirect, codeVerifier=verifier)


# --- resolution and explain --------------------------------------------------------------------

@pytest.mark.parametrize("extra,profile,code,message", [
    ("[profile p]\nsso_account_id = 1\n", "p", "sso-missing-config",
     'is configured to use SSO but is missing required configuration: sso_role_name, sso_start_url, sso_region'),
    ("[profile p]\nsso_session = nope\nsso_role_name = R\nsso_account_id = 1\n", "p", "sso-session-missing",
     'The specified sso-session does not exist: "nope"'),
    ("[profile p]\nsso_session = corp\nsso_role_name = R\nsso_account_id = 1\nsso_region = eu-west-1\n", "p",
     "sso-inconsistent", "The value for sso_region is inconsistent between profile (eu-west-1) and sso-session (us-east-1)."),
    ("[profile p]\nlogin_session = arn:aws:iam::1:user/me\n", "p", "login-session-unsupported", "aws login"),
])
def test_sso_configuration_errors(home, sso, moto_auth, extra, profile, code, message):
    sso_home(home, sso, moto_auth, extra)
    result = home.run("explain", profile, "--json")
    assert result.returncode == 78
    error = json.loads(result.stdout)["error"]
    assert error["code"] == code and message in error["message"], error
    assert error["file"] and error["line"]


def test_explain_shows_the_sso_step_and_token_state(home, sso, moto_auth):
    sso_home(home, sso, moto_auth)
    missing = json.loads(home.run("explain", "corp-admin", "--json").stdout)["steps"]
    assert missing == [{"kind": "sso", "profile": "corp-admin", "sso_session": "corp",
                        "start_url": "https://corp.awsapps.com/start", "sso_region": "us-east-1", "account_id": ACCOUNT,
                        "role_name": "Admin", "token_file": hashlib.sha1(b"corp").hexdigest() + ".json",
                        "cache_file": hashlib.sha1(json.dumps({"accountId": ACCOUNT, "roleName": "Admin", "sessionName": "corp"},
                                                              sort_keys=True, separators=(",", ":")).encode()).hexdigest() + ".json",
                        "token_state": "missing"}]
    text = home.run("explain", "corp-admin").stdout
    assert "none → run `rolesh sso login --sso-session corp`" in text
    write_token(home, "corp", sso, lifetime=600)
    assert "it will be refreshed" in home.run("explain", "corp-admin").stdout
    assert json.loads(home.run("explain", "corp-admin", "--json").stdout)["steps"][0]["token_state"] == "refreshable"
    write_token(home, "corp", sso, lifetime=-60, refreshable=False)
    assert json.loads(home.run("explain", "corp-admin", "--json").stdout)["steps"][0]["token_state"] == "expired"
    write_token(home, "corp", sso)
    assert json.loads(home.run("explain", "corp-admin", "--json").stdout)["steps"][0]["token_state"] == "valid"
    chain = json.loads(home.run("explain", "over-sso", "--json").stdout)["steps"]
    assert [s["kind"] for s in chain] == ["sso", "assume-role"]
    listing = json.loads(home.run("list", "--json").stdout)["profiles"]
    row = next(p for p in listing if p["name"] == "corp-admin")
    assert row["kind"] == "sso" and row["account"] == ACCOUNT and row["role_name"] == "Admin"


REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-7", "cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-iso-east-1",
           "us-isob-east-1", "eu-isoe-west-1", "us-isof-south-1", "eusc-de-east-1", "xx-nowhere-9"]


@pytest.mark.parametrize("variant", ["plain", "services", "fips", "dualstack"])
def test_endpoints_match_botocore_in_every_partition(home, variant):
    """The portal, OIDC and STS endpoints `explain` names are the ones botocore 1.43's clients use."""
    body = ""
    for region in REGIONS:
        body += (f"[profile p-{region}]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/R\nsource_profile = s-{region}\nregion = {region}\n"
                 + ("services = local\n" if variant == "services" else "")
                 + ("use_fips_endpoint = true\n" if variant == "fips" else "")
                 + ("use_dualstack_endpoint = true\n" if variant == "dualstack" else "")
                 + f"[profile s-{region}]\nsso_start_url = https://x.awsapps.com/start\nsso_region = {region}\n"
                 + f"sso_account_id = {ACCOUNT}\nsso_role_name = R\n")
    body += "[services local]\nsso =\n  endpoint_url = http://127.0.0.1:7001\nsso_oidc =\n  endpoint_url = http://127.0.0.1:7002\n"
    home.config(body)
    script = ("import botocore.session, json, sys\nout = {}\nfor r in sys.argv[1:]:\n"
              "    s = botocore.session.Session(profile='p-' + r)\n"
              "    try:\n"
              "        out[r] = [s.create_client(n, region_name=r).meta.endpoint_url for n in ('sso', 'sso-oidc', 'sts')]\n"
              "    except Exception as e:\n"
              "        out[r] = [type(e).__name__] * 3\n"
              "print(json.dumps(out))")
    expected = subprocess.run([sys.executable, "-c", script, *REGIONS], env=home.env, capture_output=True, text=True)
    assert expected.returncode == 0, expected.stderr
    expected = json.loads(expected.stdout)
    for region in REGIONS:
        text = home.run("explain", f"p-{region}").stdout
        sso_line = next(line for line in text.splitlines() if line.startswith("  SSO endpoints "))
        sts_line = next(line for line in text.splitlines() if line.startswith("  STS endpoint "))
        portal, oidc, sts = expected[region]
        if variant == "dualstack" and region.startswith(("us-iso", "eu-isoe")):
            # botocore's own endpoint data overrides its rule set there (api.aws, or an error):
            # nobody runs dual-stack in the isolated partitions; not compared.
            continue
        assert sso_line == f"  SSO endpoints portal {portal}, OIDC {oidc}", region
        assert sts_line.split()[2] == sts, region


# --- credentials -------------------------------------------------------------------------------

def role_cache_files(home):
    result = {}
    for name in home.cache_files():
        with open(os.path.join(home.cache_dir, name)) as f:
            result[name] = json.load(f)
    return result


def test_role_credentials_are_cached_in_the_cli_v2_format_and_shared_with_it(home, sso, moto_auth):
    sso_home(home, sso, moto_auth)
    write_token(home, "corp", sso)
    result = home.run("whoami", "corp-admin", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/Admin/sso-user"
    entries = role_cache_files(home)
    assert len(entries) == 1
    (name, entry), = entries.items()
    assert entry["ProviderType"] == "sso" and set(entry["Credentials"]) == {
        "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration", "AccountId"}
    assert entry["Credentials"]["Expiration"].endswith("Z")
    assert stat.S_IMODE(os.stat(os.path.join(home.cache_dir, name)).st_mode) == 0o600
    assert sso.count("GetRoleCredentials") == 1
    # The AWS CLI v2 uses rolesh's entry: no second GetRoleCredentials.
    exported = subprocess.run([AWS_V2, "configure", "export-credentials", "--profile", "corp-admin"], env=home.env,
                              capture_output=True, text=True)
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["AccessKeyId"] == entry["Credentials"]["AccessKeyId"]
    assert sso.count("GetRoleCredentials") == 1
    # And the other way: the CLI v2's entry is reused by rolesh.
    os.unlink(os.path.join(home.cache_dir, name))
    subprocess.run([AWS_V2, "configure", "export-credentials", "--profile", "corp-admin"], env=home.env, capture_output=True,
                   check=True)
    assert sso.count("GetRoleCredentials") == 2
    assert home.run("export", "corp-admin").returncode == 0
    assert sso.count("GetRoleCredentials") == 2


def test_a_role_over_sso_chains_on_sso_credentials(home, sso, moto_auth):
    sso_home(home, sso, moto_auth)
    # moto's role Second trusts sessions of Admin named chain-hop.
    write_token(home, "corp", sso, user="chain-hop")
    result = home.run("whoami", "over-sso", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/Second/chain-hop"


@pytest.mark.parametrize("form", ["%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%SUTC", "%Y-%m-%dT%H:%M:%S+00:00",
                                  "%Y-%m-%dT%H:%M:%S.123456Z", "%Y-%m-%dT%H:%M:%S.5+00:00"])
def test_token_times_in_every_zoned_form(home, sso, moto_auth, form):
    """Token files written by other SDKs (UTC, +00:00, fractions) are read as botocore reads them."""
    sso_home(home, sso, moto_auth)
    path = write_token(home, "corp", sso, lifetime=3600)
    with open(path) as f:
        document = json.load(f)
    document["expiresAt"] = time.strftime(form, time.gmtime(time.time() + 3600))
    with open(path, "w") as f:
        json.dump(document, f)
    assert "valid until" in home.run("explain", "corp-admin").stdout
    assert home.run("export", "corp-admin").returncode == 0
    assert sso.count("CreateToken") == 0 and sso.count("GetRoleCredentials") == 1
    # The same token, expired in that form, is refreshed (sso-session tokens are refreshable).
    document["expiresAt"] = time.strftime(form, time.gmtime(time.time() - 60))
    with open(path, "w") as f:
        json.dump(document, f)
    os.unlink(os.path.join(home.cache_dir, home.cache_files()[0]))
    assert home.run("export", "corp-admin").returncode == 0
    assert sso.count("CreateToken") == 1


def test_legacy_expired_token_needs_a_login_without_a_call(home, sso, moto_auth):
    sso_home(home, sso, moto_auth)
    write_token(home, "https://legacy.awsapps.com/start", sso, lifetime=-60, refreshable=False,
                start_url="https://legacy.awsapps.com/start")
    result = home.run("export", "legacy")
    assert result.returncode == 77
    assert "run `rolesh sso login legacy`" in result.stderr
    assert sso.count("GetRoleCredentials") == 0 and sso.count("CreateToken") == 0


def test_unauthorized_and_forbidden_and_throttled(home, sso, moto_auth):
    sso_home(home, sso, moto_auth, "[profile forbidden]\nsso_session = corp\nsso_account_id = 999999999999\nsso_role_name = Admin\n")
    path = write_token(home, "corp", sso)
    forbidden = home.run("export", "forbidden")
    assert forbidden.returncode == 77
    assert "role Admin in account 999999999999" in forbidden.stderr and "login" not in forbidden.stderr
    with open(path) as f:
        document = json.load(f)
    sso.tokens[document["accessToken"]]["revoked"] = True
    unauthorized = home.run("export", "corp-admin")
    assert unauthorized.returncode == 77 and "run `rolesh sso login --sso-session corp`" in unauthorized.stderr
    assert document["accessToken"] not in unauthorized.stderr + unauthorized.stdout
    down = home.run("export", "corp-admin", env={"AWS_ENDPOINT_URL_SSO": "http://127.0.0.1:1"})
    assert down.returncode == 69


def test_refresh_near_expiry_is_single_flight_and_readable_by_botocore(home, sso, moto_auth):
    sso_home(home, sso, moto_auth)
    path = write_token(home, "corp", sso, lifetime=300)
    with open(path) as f:
        before = json.load(f)
    processes = [subprocess.Popen([ROLESH, "export", "corp-admin"], env=home.env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, stdin=subprocess.DEVNULL) for _ in range(20)]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert all(p.returncode == 0 for p in processes), outputs[0]
    assert sso.count("CreateToken") == 1
    assert sso.count("GetRoleCredentials") == 1
    with open(path) as f:
        after = json.load(f)
    assert after["accessToken"] != before["accessToken"]
    assert list(after) == ["startUrl", "region", "accessToken", "expiresAt", "clientId", "clientSecret",
                           "registrationExpiresAt", "refreshToken"]
    assert after["registrationExpiresAt"] == before["registrationExpiresAt"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    # botocore reads the rewritten file (its own SSO token provider and credential fetcher).
    script = ("import botocore.session; s = botocore.session.Session(profile='corp-admin'); "
              "c = s.get_credentials().get_frozen_credentials(); print(c.access_key)")
    env = dict(home.env)
    env.pop("AWS_ENDPOINT_URL_STS", None)
    os.unlink(os.path.join(home.cache_dir, home.cache_files()[0]))
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("ASIA"), result.stderr
    assert sso.count("CreateToken") == 1  # botocore found it fresh


# --- login, logout, populate -------------------------------------------------------------------

def test_pkce_login_then_the_cli_v2_uses_the_token(home, sso, moto_auth):
    sso_home(home, sso, moto_auth)
    home.env["BROWSER"] = fake_browser(home)
    result = home.run("sso", "login", "corp-admin", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Successfully logged into Start URL: https://corp.awsapps.com/start" in result.stderr
    # The callback returns to 127.0.0.1 here: no "use a different device" advice that cannot work.
    assert "different device" not in result.stderr and "another device cannot complete it" in result.stderr
    authorize = [c for c in sso.calls if c["operation"] == "Authorize"][0]["query"]
    assert authorize["redirect_uri"].startswith("http://127.0.0.1:") and authorize["redirect_uri"].endswith("/oauth/callback")
    register = [c for c in sso.calls if c["operation"] == "RegisterClient"][0]["body"]
    assert register["grantTypes"] == ["authorization_code", "refresh_token"]
    assert register["redirectUris"] == ["http://127.0.0.1/oauth/callback"] and register["issuerUrl"] == "https://corp.awsapps.com/start"
    with open(token_path(home, "corp")) as f:
        token = json.load(f)
    assert list(token) == ["startUrl", "region", "accessToken", "expiresAt", "clientId", "clientSecret",
                           "registrationExpiresAt", "refreshToken"]
    assert token["accessToken"] not in result.stderr + result.stdout
    # The registration is cached under the CLI v2's key and reused by the next login.
    key = hashlib.sha1(json.dumps({"tool": "botocore", "startUrl": "https://corp.awsapps.com/start", "region": "us-east-1",
                                   "scopes": ["sso:account:access"], "session_name": "corp"}, sort_keys=True).encode()).hexdigest()
    with open(os.path.join(home.path, ".aws", "sso", "cache", key + ".json")) as f:
        registration = json.load(f)
    assert registration["grantTypes"] == ["authorization_code", "refresh_token"]
    assert home.run("sso", "login", "corp-admin", timeout=120).returncode == 0
    assert sso.count("RegisterClient") == 1
    exported = subprocess.run([AWS_V2, "configure", "export-credentials", "--profile", "corp-admin"], env=home.env,
                              capture_output=True, text=True)
    assert exported.returncode == 0, exported.stderr


def test_cli_v2_device_login_then_rolesh_uses_the_token(home, sso, moto_auth, tmp_path):
    sso_home(home, sso, moto_auth)
    env = home.env
    login = subprocess.run([AWS_V2, "sso", "login", "--profile", "legacy", "--no-browser"], env=env, capture_output=True,
                           text=True, timeout=120)
    assert login.returncode == 0, login.stderr + login.stdout
    result = home.run("whoami", "legacy", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Account"] == ACCOUNT


def test_device_login_with_rolesh(home, sso, moto_auth):
    sso_home(home, sso, moto_auth)
    result = home.run("sso", "login", "legacy", "--no-browser", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Then enter the code:" in result.stderr
    register = [c for c in sso.calls if c["operation"] == "RegisterClient"][0]["body"]
    assert register["clientName"].startswith("botocore-client-") and "grantTypes" not in register
    assert home.run("export", "legacy").returncode == 0


def test_logout_by_either_tool_leaves_the_same_files(home, sso, moto_auth, tmp_path):
    sso_home(home, sso, moto_auth)
    env = home.env
    home.env["BROWSER"] = fake_browser(home)

    def log_in_and_fetch():
        assert home.run("sso", "login", "corp-admin", timeout=120).returncode == 0
        assert home.run("export", "corp-admin").returncode == 0
        # A non-SSO entry must survive either logout.
        with open(os.path.join(home.cache_dir, "other.json"), "w") as f:
            json.dump({"Credentials": {"AccessKeyId": "x"}}, f)

    def listing():
        sso_dir = os.path.join(home.path, ".aws", "sso", "cache")
        return sorted(os.listdir(sso_dir)), sorted(os.listdir(home.cache_dir))

    log_in_and_fetch()
    logouts = sso.count("Logout")
    assert home.run("sso", "logout").returncode == 0
    by_rolesh = listing()
    assert sso.count("Logout") == logouts + 1
    log_in_and_fetch()
    assert subprocess.run([AWS_V2, "sso", "logout"], env=env, capture_output=True).returncode == 0
    by_cli = listing()
    assert by_rolesh == by_cli
    assert by_rolesh[1] == ["other.json"] and len(by_rolesh[0]) == 1  # the registration stays


def test_populate_is_idempotent_and_its_profiles_resolve_in_botocore(home, sso, moto_auth):
    # A name of the user's (not SSO) that populate must not take; ACCOUNT's Admin is CONFIG's
    # corp-admin already, so populate adds no second profile for it.
    user_part = "# my own notes\n[profile Acme-Prod/ReadOnly]\nregion = ap-south-1\n"
    sso_home(home, sso, moto_auth, user_part)
    write_token(home, "corp", sso)
    config = os.path.join(home.aws, "config")
    dry = home.run("sso", "populate", "--sso-session", "corp", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    with open(config) as f:
        original = f.read()
    assert "BEGIN rolesh sso populate" in dry.stdout and "BEGIN rolesh" not in original
    assert home.run("sso", "populate", "--sso-session", "corp").returncode == 0
    with open(config) as f:
        first = f.read()
    assert first.startswith(original)  # the user's own part, byte for byte
    names = [line[len("[profile "):-1] for line in first.splitlines() if line.startswith("[profile ") and "sso_account_id" in
             first.split(line, 1)[1].split("[", 1)[0]]
    assert "Acme-Dev/Admin" in names and f"Acme-Prod-{ACCOUNT}/ReadOnly" in names
    assert not any(name.endswith(f"{ACCOUNT}/Admin") or name == "Acme-Prod/Admin" for name in names)
    mtime = os.stat(config).st_mtime_ns
    again = home.run("sso", "populate", "--sso-session", "corp")
    assert again.returncode == 0 and "nothing changed" in again.stderr
    assert os.stat(config).st_mtime_ns == mtime
    with open(config) as f:
        assert f.read() == first
    # botocore resolves each generated profile to its SSO provider.
    script = ("import botocore.session, json, sys\nout = {}\nfor name in sys.argv[1:]:\n"
              "    c = botocore.session.Session(profile=name).get_credentials()\n"
              "    f = c._refresh_using.__self__\n"
              "    out[name] = [c.method, f._account_id, f._role_name, f._sso_session_name]\nprint(json.dumps(out))")
    result = subprocess.run([sys.executable, "-c", script, *names], env=home.env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    resolved = json.loads(result.stdout)
    assert resolved["Acme-Dev/Admin"] == ["sso", OTHER_ACCOUNT, "Admin", "corp"]
    assert resolved[f"Acme-Prod-{ACCOUNT}/ReadOnly"] == ["sso", ACCOUNT, "ReadOnly", "corp"]


# --- shells and the prompt hook ----------------------------------------------------------------

@pytest.mark.parametrize("profile,arn", [
    ("corp-admin", f"arn:aws:sts::{ACCOUNT}:assumed-role/Admin/chain-hop"),
    ("legacy", f"arn:aws:sts::{ACCOUNT}:assumed-role/Admin/chain-hop"),
    ("over-sso", f"arn:aws:sts::{ACCOUNT}:assumed-role/Second/chain-hop"),
])
def test_a_company_config_in_every_command(home, sso, moto_auth, profile, arn):
    """sso-session, legacy and role-over-SSO profiles through export, exec (the AWS CLI v1 calling
    moto with the keys), whoami and --mode profile."""
    sso_home(home, sso, moto_auth)
    write_token(home, "corp", sso, user="chain-hop")
    write_token(home, "https://legacy.awsapps.com/start", sso, user="chain-hop", refreshable=False,
                start_url="https://legacy.awsapps.com/start")
    exported = home.run("export", profile, "--format", "json")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["AccessKeyId"].startswith("ASIA")
    called = home.run("exec", profile, "--", sys.executable, "-m", "awscli", "sts", "get-caller-identity",
                      "--endpoint-url", moto_auth.server.url, "--region", "us-east-1", "--output", "json")
    assert called.returncode == 0, called.stderr
    assert json.loads(called.stdout)["Arn"] == arn
    assert json.loads(home.run("whoami", profile, "--json").stdout)["Arn"] == arn
    as_profile = home.run("export", profile, "--mode", "profile", "--format", "env")
    assert as_profile.returncode == 0 and f"AWS_PROFILE={profile}" in as_profile.stdout
    calls = sso.count("GetRoleCredentials")
    assert calls == 1  # every later command was served by the cache


def test_hook_never_logs_in_and_marks_pending(home, sso, moto_auth, tmp_path):
    sso_home(home, sso, moto_auth)
    marker = str(tmp_path / "BROWSER-OPENED")
    home.env["BROWSER"] = fake_browser(home, marker)
    project = tmp_path / "project"
    project.mkdir()
    (project / ".awsrole").write_text("corp-admin\n")
    env = {"PWD": str(project), "ROLESH_SHELL": "bash"}
    assert home.run("allow", str(project), env=env).returncode == 0
    result = subprocess.run([ROLESH, "hook", "bash"], cwd=project, env=dict(home.env, **env), capture_output=True, text=True,
                            timeout=30, stdin=subprocess.DEVNULL, start_new_session=True)
    assert result.returncode == 0, result.stderr
    assert "export ROLESH_PENDING='corp-admin';" in result.stdout
    assert "needs an IAM Identity Center login: run `rolesh sso login --sso-session corp`" in result.stdout
    assert not os.path.exists(marker)
    assert sso.count("Authorize") == 0 and sso.count("RegisterClient") == 0


@pytest.mark.parametrize("kind", ["bash", "zsh", "fish"])
def test_sso_profiles_in_real_shells(home, sso, moto_auth, kind, tmp_path):
    from shells import Shell, cd
    sso_home(home, sso, moto_auth)
    write_token(home, "corp", sso)
    project = tmp_path / "project"
    project.mkdir()
    (project / ".awsrole").write_text("profile = corp-admin\nmode = profile\n")
    env = dict(home.env, XDG_DATA_HOME=os.path.join(home.path, ".data"))
    subprocess.run([ROLESH, "allow", str(project)], env=env, check=True, capture_output=True)
    sh = Shell(kind, env, home.path)
    _, status, _ = sh.run("rolesh use corp-admin")
    assert status == 0
    assert sh.var("AWS_ACCESS_KEY_ID").startswith("ASIA") and sh.var("AWS_REGION") == "eu-west-1"
    sh.run("rolesh unset")
    _, _, hook = cd(sh, str(project))
    assert sh.var("AWS_PROFILE") == "corp-admin" and sh.var("AWS_ACCESS_KEY_ID") == "<unset>"
    sh.close()


def test_interactive_use_offers_a_login(home, sso, moto_auth):
    import pexpect
    sso_home(home, sso, moto_auth)
    home.env["BROWSER"] = fake_browser(home)
    child = pexpect.spawn("bash", ["--noprofile", "--norc", "-i"], env=dict(home.env, TERM="dumb", PS1="P> "),
                          cwd=home.path, encoding="utf-8", timeout=60)
    child.expect_exact("P> ")
    child.sendline(f'eval "$({ROLESH} init bash --no-completions)"')
    child.expect_exact("P> ")
    child.sendline("rolesh use corp-admin; echo STATUS=$?")
    child.expect_exact("Log in now? [Y/n]")
    # The problem and the question on lines of their own, not a literal `\n` between them.
    assert "\\n" not in child.before and "not logged in" in child.before.splitlines()[-1]
    child.sendline("y")
    child.expect(r"STATUS=(\d+)")
    assert child.match.group(1) == "0"
    child.expect_exact("P> ")
    child.sendline('echo "KEY=$AWS_ACCESS_KEY_ID"')
    child.expect(r"KEY=([A-Z0-9]*)\r\n")
    assert child.match.group(1).startswith("ASIA")
    child.sendline("exit")
    child.expect(pexpect.EOF)
