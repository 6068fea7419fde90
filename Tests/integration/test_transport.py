"""Transport faults: every one gives a clear message, no crash, nothing on stdout."""
import os
import subprocess
import time

from conftest import ACCOUNT, ROLESH
from stubs import ScriptedServer, assume_role_xml, closed_port, error_xml


def role_home(home, endpoint):
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/R\nsource_profile = base\n")
    home.env["AWS_ENDPOINT_URL_STS"] = endpoint


def test_connection_refused(home):
    role_home(home, f"http://127.0.0.1:{closed_port()}")
    result = home.run("export", "r")
    assert result.returncode == 69 and result.stdout == ""
    assert "refused" in result.stderr


def test_server_that_never_answers_times_out(home):
    server = ScriptedServer(["hang"])
    try:
        role_home(home, server.url)
        start = time.monotonic()
        result = home.run("export", "r", env={"ROLESH_STS_TIMEOUT": "1.5"}, timeout=60)
        assert result.returncode == 69 and result.stdout == ""
        assert "did not answer in time" in result.stderr
        assert len(server.times) == 3  # a timeout is retried, within bounds
        assert time.monotonic() - start < 15
    finally:
        server.stop()


def test_500_then_200_is_retried(home):
    server = ScriptedServer([(500, error_xml("InternalFailure")), (200, assume_role_xml())])
    try:
        role_home(home, server.url)
        result = home.run("export", "r", "--format", "json")
        assert result.returncode == 0, result.stderr
        assert len(server.times) == 2
    finally:
        server.stop()


def test_throttling_backs_off_then_gives_up(home):
    server = ScriptedServer([(400, error_xml("Throttling", "Rate exceeded"))])
    try:
        role_home(home, server.url)
        result = home.run("export", "r")
        assert result.returncode == 69 and result.stdout == ""
        assert "Throttling" in result.stderr
        assert len(server.times) == 3
        gaps = [b - a for a, b in zip(server.times, server.times[1:])]
        assert gaps[0] >= 0.09 and gaps[1] >= 0.19  # jittered, growing: 0.1–0.2 s, then 0.2–0.4 s
    finally:
        server.stop()


def test_garbage_xml_is_a_clear_error(home):
    server = ScriptedServer([(200, "<html>not sts</html>")])
    try:
        role_home(home, server.url)
        result = home.run("export", "r")
        assert result.returncode == 69 and result.stdout == ""
        assert "not an STS AssumeRole response" in result.stderr
        assert home.cache_files() == []
    finally:
        server.stop()


def test_unresolvable_host(home):
    role_home(home, "http://no-such-host.invalid")
    result = home.run("export", "r", timeout=120)
    assert result.returncode == 69
    assert "cannot resolve" in result.stderr


def test_tls_verification_is_on(home):
    # A plain-HTTP server spoken to over https fails the TLS handshake: a TLS error, not a hang.
    server = ScriptedServer([(200, assume_role_xml())])
    try:
        role_home(home, server.url.replace("http://", "https://"))
        result = home.run("export", "r", timeout=120)
        assert result.returncode == 69
        assert "TLS" in result.stderr
    finally:
        server.stop()


def test_explain_never_maps_libcurl(home):
    role_home(home, "http://127.0.0.1:9")
    trace = subprocess.run(["strace", "-f", "-e", "trace=openat", ROLESH, "explain", "r"], env=home.env,
                           capture_output=True, text=True)
    assert trace.returncode == 0, trace.stderr
    assert "libcurl" not in trace.stderr
    # ...while a command that does call STS does load it.
    fetch = subprocess.run(["strace", "-f", "-e", "trace=openat", ROLESH, "export", "r"], env=home.env,
                           capture_output=True, text=True)
    assert "libcurl.so.4" in fetch.stderr
