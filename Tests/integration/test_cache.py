"""The shared AWS CLI cache: interop with the real `aws`, expiry windows, safe writes,
self-healing, single flight across processes, `cache list/clear`, and the warm path."""
import json
import os
import signal
import stat
import subprocess
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from conftest import ACCOUNT, ROLESH, the_one_that_prompts
from stubs import ScriptedServer, assume_role_xml

ROLE = f"arn:aws:iam::{ACCOUNT}:role/Admin"
KEY = "51e7b105b5040ce662656c8dc6ab4de70c4de7ad.json"  # sha1 of {"RoleArn": ROLE}, as botocore names it


def role_home(home, endpoint, extra=""):
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.config(f"[profile r]\nrole_arn = {ROLE}\nsource_profile = base\n{extra}\n"
                f"[profile other]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Other\nsource_profile = base\n")
    home.env["AWS_ENDPOINT_URL_STS"] = endpoint
    home.env["AWS_DEFAULT_REGION"] = "us-east-1"


def entry(expires_in, key_id="ASIACACHED"):
    expiration = (datetime.now(timezone.utc) + timedelta(seconds=expires_in)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return json.dumps({"Credentials": {"AccessKeyId": key_id, "SecretAccessKey": "s", "SessionToken": "t",
                                       "Expiration": expiration}})


def write_entry(home, text, name=KEY):
    os.makedirs(home.cache_dir, mode=0o700, exist_ok=True)
    with open(os.path.join(home.cache_dir, name), "w") as f:
        f.write(text)


def cache_file(home, profile):
    plan = json.loads(home.run("explain", profile, "--json").stdout)
    return plan["steps"][-1]["cache_file"]


def count(moto):
    return len(moto.assumed_roles())


# --- interop with the AWS CLI ----------------------------------------------------------------

def test_aws_cli_reuses_what_rolesh_cached(home, moto):
    role_home(home, moto.url)
    before = count(moto)
    assert home.run("export", "r").returncode == 0
    assert count(moto) == before + 1
    cli = home.aws_cli("sts", "get-caller-identity", "--profile", "r")
    assert cli.returncode == 0, cli.stderr
    assert count(moto) == before + 1


def test_rolesh_reuses_what_the_aws_cli_cached(home, moto):
    role_home(home, moto.url)
    before = count(moto)
    cli = home.aws_cli("sts", "get-caller-identity", "--profile", "r")
    assert cli.returncode == 0, cli.stderr
    assert count(moto) == before + 1 and home.cache_files() == [KEY]
    cached = json.load(open(os.path.join(home.cache_dir, KEY)))["Credentials"]["AccessKeyId"]
    ours = home.run("export", "r", "--format", "json")
    assert ours.returncode == 0, ours.stderr
    assert json.loads(ours.stdout)["AccessKeyId"] == cached
    assert count(moto) == before + 1


# --- expiry window ---------------------------------------------------------------------------

def test_entry_with_15_min_10_s_left_is_used(home, moto):
    role_home(home, moto.url)
    write_entry(home, entry(15 * 60 + 10))
    before = count(moto)
    result = home.run("export", "r", "--format", "json")
    assert json.loads(result.stdout)["AccessKeyId"] == "ASIACACHED"
    assert count(moto) == before


def test_entry_with_14_min_50_s_left_is_refreshed(home, moto):
    role_home(home, moto.url)
    write_entry(home, entry(14 * 60 + 50))
    before = count(moto)
    result = home.run("export", "r", "--format", "json")
    assert json.loads(result.stdout)["AccessKeyId"] != "ASIACACHED"
    assert count(moto) == before + 1
    assert "ASIACACHED" not in open(os.path.join(home.cache_dir, KEY)).read()


def test_cache_hit_resolves_no_source(home):
    # STS is unreachable and an MFA code would be needed with no terminal: a hit needs neither.
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.config(f"[profile r]\nrole_arn = {ROLE}\nsource_profile = base\nmfa_serial = arn:aws:iam::{ACCOUNT}:mfa/x\n")
    write_entry(home, entry(3600), name=cache_file(home, "r"))
    result = home.run("export", "r", env={"AWS_ENDPOINT_URL_STS": "http://127.0.0.1:9"})
    assert result.returncode == 0, result.stderr
    assert "ASIACACHED" in result.stdout


# --- safe writes -----------------------------------------------------------------------------

def test_modes_of_created_directory_and_file(home, moto):
    role_home(home, moto.url)
    assert home.run("export", "r").returncode == 0
    assert stat.S_IMODE(os.stat(home.cache_dir).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(os.path.join(home.cache_dir, KEY)).st_mode) == 0o600


def test_open_existing_directory_gets_a_warning_not_a_chmod(home, moto):
    role_home(home, moto.url)
    os.makedirs(home.cache_dir)
    os.chmod(home.cache_dir, 0o755)
    result = home.run("export", "r")
    assert result.returncode == 0
    assert "readable by other users" in result.stderr
    assert stat.S_IMODE(os.stat(home.cache_dir).st_mode) == 0o755


def test_leftover_temp_files_are_ignored(home, moto):
    role_home(home, moto.url)
    write_entry(home, '{"Credentials": {"AccessKeyId": "half', name="tmpabcd1234.tmp")
    assert home.run("export", "r").returncode == 0
    assert home.cache_files() == [KEY]


def test_readers_never_see_a_partial_entry_while_writers_race(home, moto):
    # duration_seconds = 900 leaves less than the 15-minute window: every run rewrites the entry.
    role_home(home, moto.url, extra="duration_seconds = 900")
    assert home.run("export", "r").returncode == 0
    name = [f for f in home.cache_files()][0]
    path = os.path.join(home.cache_dir, name)
    stop = threading.Event()
    bad = []
    reads = [0]

    def reader():
        while not stop.is_set():
            try:
                with open(path) as f:
                    text = f.read()
            except FileNotFoundError:
                continue
            reads[0] += 1
            try:
                json.loads(text)["Credentials"]["AccessKeyId"]
            except (ValueError, KeyError):
                bad.append(text)

    thread = threading.Thread(target=reader)
    thread.start()
    writers = [subprocess.Popen([ROLESH, "export", "r"], env=home.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL) for _ in range(12)]
    for writer in writers:
        assert writer.wait(60) == 0
    stop.set()
    thread.join()
    assert bad == [] and reads[0] > 0


# --- self-healing ----------------------------------------------------------------------------

@pytest.mark.parametrize("content", ["{not json", '{"foo": 1}', "", '{"Credentials": {"AccessKeyId": "ASIA", "Secr',
                                     '{"Credentials": {"AccessKeyId": "A", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "2099-01-01T00:00:00"}}',
                                     "directory"])
def test_corrupt_entries_are_replaced_and_the_cli_works_again(home, moto, content):
    role_home(home, moto.url)
    if content == "directory":
        os.makedirs(os.path.join(home.cache_dir, KEY))
    else:
        write_entry(home, content)
    result = home.run("export", "r", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert len([line for line in result.stderr.splitlines() if "cache entry" in line]) == 1
    fresh = json.load(open(os.path.join(home.cache_dir, KEY)))
    assert fresh["Credentials"]["AccessKeyId"] == json.loads(result.stdout)["AccessKeyId"]
    before = count(moto)
    cli = home.aws_cli("sts", "get-caller-identity", "--profile", "r")
    assert cli.returncode == 0, cli.stderr
    assert count(moto) == before


# --- single flight ---------------------------------------------------------------------------

def test_twenty_parallel_cold_exports_make_one_call(home, moto):
    role_home(home, moto.url, extra=f"role_session_name = flight-{time.time_ns()}")
    before = count(moto)
    processes = [subprocess.Popen([ROLESH, "export", "r", "--format", "json"], env=home.env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(20)]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert all(p.returncode == 0 for p in processes), [e for _, e in outputs]
    keys = {json.loads(out)["AccessKeyId"] for out, _ in outputs}
    assert len(keys) == 1
    assert count(moto) == before + 1


def test_sigkill_of_the_lock_holder_does_not_block_the_others(home):
    server = ScriptedServer(["hang", (200, assume_role_xml("ASIAAFTERKILL"))])
    try:
        role_home(home, server.url)
        holder = subprocess.Popen([ROLESH, "export", "r"], env=home.env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        deadline = time.time() + 20
        while not server.times and time.time() < deadline:
            time.sleep(0.05)
        assert server.times, "the first process never reached STS"
        waiters = [subprocess.Popen([ROLESH, "export", "r", "--format", "json"], env=home.env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
        time.sleep(0.5)
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        for waiter in waiters:
            out, err = waiter.communicate(timeout=60)
            assert waiter.returncode == 0, err
            assert json.loads(out)["AccessKeyId"] == "ASIAAFTERKILL"
        assert len(server.times) == 2
    finally:
        server.stop()


def test_concurrent_mfa_exports_prompt_once(home, moto):
    import pexpect
    serial = f"arn:aws:iam::{ACCOUNT}:mfa/flight"
    role_home(home, moto.url, extra=f"mfa_serial = {serial}\nrole_session_name = mfa-{time.time_ns()}")
    children = [pexpect.spawn(ROLESH, ["export", "r", "--format", "json"], env=home.env, encoding="utf-8", timeout=30)
                for _ in range(3)]
    # The others wait on the lock: no second prompt while the first is unanswered.
    prompted = [the_one_that_prompts(children, f"Enter MFA code for {serial}: ")]
    prompted[0].sendline("123456")
    keys = set()
    for child in children:
        child.expect(pexpect.EOF, timeout=30)
        output = child.before
        child.close()
        assert child.exitstatus == 0, output
        assert "Enter MFA code" not in output or child is prompted[0]
        keys.add(json.loads(output[output.index("{"):])["AccessKeyId"])
    assert len(keys) == 1


# --- cache list / clear ------------------------------------------------------------------------

def test_cache_list_and_clear_one_profile(home, moto):
    role_home(home, moto.url)
    assert home.run("export", "r").returncode == 0
    assert home.run("export", "other").returncode == 0
    write_entry(home, entry(3600), name="0" * 40 + ".json")
    listing = home.run("cache", "list", "--json")
    doc = json.loads(listing.stdout)
    assert {e["profiles"][0] for e in doc["entries"]} == {"r", "other"}
    assert doc["other_entries"] == 1
    assert all(e["usable"] for e in doc["entries"])
    cleared = home.run("cache", "clear", "r")
    assert cleared.returncode == 0 and "removed 1 cache entry" in cleared.stderr
    assert KEY not in home.cache_files() and len(home.cache_files()) == 2
    assert home.run("cache", "clear").returncode == 0
    assert home.cache_files() == []


# --- the warm path -----------------------------------------------------------------------------

def test_warm_path_maps_neither_libcurl_nor_liblua(home, moto):
    role_home(home, moto.url)
    assert home.run("export", "r").returncode == 0
    trace = subprocess.run(["strace", "-f", "-e", "trace=openat,open", ROLESH, "export", "r"], env=home.env,
                           capture_output=True, text=True)
    assert trace.returncode == 0
    assert "libcurl" not in trace.stderr and "liblua" not in trace.stderr
    assert KEY in trace.stderr
