"""`rolesh sso login` when other things than the user's browser talk to it: any local process
can reach the callback on 127.0.0.1 (forged callbacks, slow clients), and the portal's answers
are data (a device-flow URL that is not https, tokens with line breaks or NUL)."""
import json
import os
import subprocess
import sys
import time

import pytest

from test_console_exec import TRICKLE
from test_sso import sso, sso_home, token_path, write_token  # noqa: F401 (fixture)


def browser(home, tmp_path, before_redirect="", follow=True):
    """A $BROWSER given the authorize URL: runs `before_redirect` (Python, with `callback` the
    loopback callback URL and `port` its port), then follows the redirect to the real callback
    as a person clicking Allow would (unless `follow` is false)."""
    (tmp_path / "trickle.py").write_text(TRICKLE)
    path = tmp_path / "browser.py"
    path.write_text(f"""#!{sys.executable}
import socket, subprocess, sys, time, urllib.error, urllib.parse, urllib.request
url = sys.argv[1]
callback = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["redirect_uri"][0]
port = urllib.parse.urlsplit(callback).port
def get(target):
    try:
        return urllib.request.urlopen(target, timeout=30).status
    except urllib.error.HTTPError as e:
        return e.code
{before_redirect}
if {follow!r}:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    try:
        urllib.request.build_opener(NoRedirect).open(url)
    except urllib.error.HTTPError as e:
        open({str(tmp_path / "real-callback")!r}, "w").write(str(get(e.headers["Location"])))
""")
    path.chmod(0o755)
    return str(path)


def authorization_codes_exchanged(stub):
    return [c for c in stub.calls if c["operation"] == "CreateToken" and c["grant"] == "authorization_code"]


def test_forged_callbacks_are_ignored_and_the_real_one_signs_in(home, sso, moto_auth, tmp_path):
    forged = """
statuses = [get(callback + query) for query in (
    "?code=forged&state=wrong", "?error=access_denied&state=wrong", "?error=access_denied", "?code=forged")]
open(%r, "w").write(repr(statuses))
""" % str(tmp_path / "forged")
    sso_home(home, sso, moto_auth)
    home.env["BROWSER"] = browser(home, tmp_path, forged)
    result = home.run("sso", "login", "corp-admin", timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "forged").read_text() == "[400, 400, 400, 400]"
    assert (tmp_path / "real-callback").read_text() == "200"
    assert result.stderr.count("ignored a sign-in callback") == 4
    assert len(authorization_codes_exchanged(sso)) == 1 and os.path.exists(token_path(home, "corp"))


def test_slow_local_clients_do_not_hold_the_callback(home, sso, moto_auth, tmp_path):
    slow = f"""
subprocess.Popen([sys.executable, {str(tmp_path / "trickle.py")!r}, str(port), "80"], start_new_session=True)
time.sleep(1.5)
"""
    sso_home(home, sso, moto_auth)
    home.env["BROWSER"] = browser(home, tmp_path, slow)
    start = time.time()
    result = home.run("sso", "login", "corp-admin", timeout=120)
    elapsed = time.time() - start
    subprocess.run(["pkill", "-f", str(tmp_path / "trickle.py")])
    assert result.returncode == 0, result.stderr
    assert elapsed < 8, elapsed


def test_the_sign_in_deadline_holds_against_a_trickling_client(home, sso, moto_auth, tmp_path):
    slow = f"""
subprocess.Popen([sys.executable, {str(tmp_path / "trickle.py")!r}, str(port), "4"], start_new_session=True)
"""
    sso_home(home, sso, moto_auth)
    home.env.update({"BROWSER": browser(home, tmp_path, slow, follow=False), "ROLESH_SSO_LOGIN_TIMEOUT": "3"})
    start = time.time()
    result = home.run("sso", "login", "corp-admin", timeout=60)
    elapsed = time.time() - start
    subprocess.run(["pkill", "-f", str(tmp_path / "trickle.py")])
    assert result.returncode == 77 and "no sign-in arrived within 3 seconds" in result.stderr
    assert elapsed < 9, elapsed
    assert not os.path.exists(token_path(home, "corp"))


@pytest.mark.parametrize("url", [
    "--gpu-launcher=touch {marker}", "file:///etc/passwd", "javascript:alert(1)", "https://portal.example/\n--x",
    "http://portal.example/device", " https://portal.example/device"])
def test_the_device_flow_opens_only_https_urls(home, sso, moto_auth, tmp_path, url):
    marker = tmp_path / "PWNED"
    record = tmp_path / "opened"
    sso_home(home, sso, moto_auth)
    opener = tmp_path / "browser.py"
    opener.write_text(f"#!{sys.executable}\nimport sys\nopen({str(record)!r}, 'w').write(repr(sys.argv))\n")
    opener.chmod(0o755)
    home.env["BROWSER"] = str(opener)
    sso.verification_uri_complete = url.replace("{marker}", str(marker))
    result = home.run("sso", "login", "legacy", timeout=120)
    assert result.returncode == 0, result.stderr
    time.sleep(1.5)  # a browser started in the background would have written its record by now
    assert not record.exists() and not marker.exists()
    assert "not opening the portal's verification URL" in result.stderr
    assert "\n--x" not in result.stderr
    # The stub's own loopback URL is opened.
    sso.verification_uri_complete = None
    assert home.run("sso", "login", "legacy", timeout=120).returncode == 0
    deadline = time.time() + 10
    while not record.exists() and time.time() < deadline:
        time.sleep(0.1)
    assert record.exists()


@pytest.mark.parametrize("token", ["stub\r\nX-Injected: yes", "stub\u0000tail", ""])
def test_tokens_that_would_break_a_header_are_refused(home, sso, moto_auth, token):
    sso_home(home, sso, moto_auth)
    if token:
        # From CreateToken: the login fails and writes nothing.
        sso.access_token = token
        login = home.run("sso", "login", "legacy", "--no-browser", timeout=120)
        assert login.returncode != 0 and "CreateToken" in login.stderr
        assert not os.path.exists(token_path(home, "https://legacy.awsapps.com/start"))
    # From a token file: refused before any portal call.
    sso.access_token = None
    path = write_token(home, "corp", sso)
    with open(path) as f:
        document = json.load(f)
    document["accessToken"] = token
    with open(path, "w") as f:
        json.dump(document, f)
    result = home.run("export", "corp-admin")
    assert result.returncode != 0 and "accessToken" in result.stderr
    assert sso.count("GetRoleCredentials") == 0
