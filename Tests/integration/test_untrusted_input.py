"""Input rolesh does not trust, each case from an adversarial review reproduced against the built
binary and real shells: completion injection, untrusted files read too early, path forms of
allow/deny, NUL bytes, numbers from the environment, deep chains, terminal escapes, oversized
answers, crafted state variables, fish's own traps."""
import json
import os
import shutil
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import ACCOUNT, ROLESH
from shells import Shell, cd, fish_quote, quote_path
from test_shells import SHELLS, start, use, world  # noqa: F401 (fixture)


def hostile_profile_config(world, marker):
    with open(os.path.join(world["home"], ".aws", "config"), "a") as f:
        # Usable (it has keys), so `use` completion offers it.
        f.write(f"\n[profile $({{touch,{marker}}})]\nregion = us-east-1\naws_access_key_id = AKIDX\naws_secret_access_key = s\n")


# --- completion candidates are data ------------------------------------------------------------

def test_bash_completion_never_runs_profile_names(world):
    marker = os.path.join(world["home"], "PWNED-completion")
    hostile_profile_config(world, marker)
    sh = start(world, "bash")
    sh.child.sendline("rolesh use \t\t")
    time.sleep(1.5)
    sh.child.sendcontrol("c")
    sh.sync()
    # The candidate itself is offered, literally.
    listed = sh.out(f"COMP_WORDS=(rolesh use ''); COMP_CWORD=2; COMP_LINE='rolesh use '; COMP_POINT=11; "
                    "_rolesh; printf '%s\\n' \"${COMPREPLY[@]}\"")
    sh.close()
    assert not os.path.exists(marker)
    assert f"$({{touch,{marker}}})" in listed.splitlines()
    assert "dev" in listed.splitlines()


def test_zsh_and_fish_completion_never_run_profile_names(world):
    import pexpect
    marker = os.path.join(world["home"], "PWNED-completion")
    hostile_profile_config(world, marker)
    # zsh completes only with its line editor on, which the scripted Shell turns off.
    zsh = pexpect.spawn("zsh", ["-f", "-i"], env=dict(world["env"], TERM="xterm", PS1="ZP> "), cwd=world["home"],
                        encoding="utf-8", timeout=20, dimensions=(50, 300))
    zsh.expect_exact("ZP> ")
    zsh.sendline(f'autoload -Uz compinit; compinit -u; eval "$({ROLESH} init zsh)"')
    zsh.expect_exact("ZP> ")
    zsh.send("rolesh use \t")
    zsh.expect("dev")  # the menu of candidates, with the hostile one among them
    zsh.sendcontrol("c")
    zsh.expect_exact("ZP> ")
    zsh.sendline("exit")
    zsh.expect(pexpect.EOF)
    fish = start(world, "fish")
    offered = fish.out("complete -C 'rolesh use '").split("\n")
    fish.close()
    assert not os.path.exists(marker)
    assert any(line.startswith(f"$({{touch,{marker}}})") for line in offered)


# --- untrusted directories are not read, and nothing blocks ------------------------------------

@pytest.mark.parametrize("kind", SHELLS)
def test_untrusted_fifo_plugin_and_huge_awsrole_never_hang_the_prompt(world, kind):
    proj = os.path.join(world["home"], "hostile-project")
    plugins = os.path.join(proj, ".rolesh", "plugins")
    os.makedirs(plugins)
    os.mkfifo(os.path.join(plugins, "a.lua"))
    with open(os.path.join(proj, ".awsrole"), "wb") as f:
        f.truncate(200 * 1024 * 1024 * 1024)  # sparse 200 GB
    sh = start(world, kind)
    started = time.monotonic()
    _, _, hook = cd(sh, proj)
    assert time.monotonic() - started < 10
    assert "not trusted" in hook and "failed to allocate" not in hook
    # A credential command run inside it does not block either (project plugins of an
    # untrusted .awsrole are never opened).
    output, status, _ = sh.run("rolesh explain dev --json")
    assert status == 0 and json.loads(output)["profile"] == "dev"
    sh.close()


def test_allowed_directory_whose_plugin_becomes_a_fifo_is_untrusted_without_blocking(world):
    proj = os.path.join(world["home"], "was-fine")
    plugins = os.path.join(proj, ".rolesh", "plugins")
    os.makedirs(plugins)
    os.chmod(plugins, 0o700)
    with open(os.path.join(proj, ".awsrole"), "w") as f:
        f.write("dev\n")
    plugin = os.path.join(plugins, "a.lua")
    with open(plugin, "w") as f:
        f.write("return {}\n")
    os.chmod(plugin, 0o600)
    allowed = subprocess.run([ROLESH, "allow", proj], env=world["env"], capture_output=True, text=True)
    assert allowed.returncode == 0 and f"trusted plugin {proj}/.rolesh/plugins/a.lua" in allowed.stderr
    os.unlink(plugin)
    os.mkfifo(plugin)
    started = time.monotonic()
    result = subprocess.run([ROLESH, "hook", "bash"], env=dict(world["env"], PWD=proj), cwd=proj, capture_output=True,
                            text=True, timeout=20)
    assert time.monotonic() - started < 10
    assert result.returncode == 0 and "not trusted" in result.stdout and "not a regular file" in result.stdout


def test_fifo_config_and_cache_entries_do_not_hang(home, moto, tmp_path):
    fifo = tmp_path / "config-fifo"
    os.mkfifo(fifo)
    result = home.run("explain", "x", env={"AWS_CONFIG_FILE": str(fifo)}, timeout=20)
    assert result.returncode == 78 and "not a regular file" in result.stderr
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Fifo\nsource_profile = base\nendpoint_url = {moto.url}\n")
    cache_file = json.loads(home.run("explain", "r", "--json").stdout)["steps"][-1]["cache_file"]
    os.makedirs(home.cache_dir, mode=0o700)
    os.mkfifo(os.path.join(home.cache_dir, cache_file))
    exported = home.run("export", "r", timeout=30)
    assert exported.returncode == 0, exported.stderr
    assert "not a regular file" in exported.stderr
    assert os.path.isfile(os.path.join(home.cache_dir, cache_file))  # healed


# --- allow and deny, whatever the spelling of the path -----------------------------------------

@pytest.mark.parametrize("form", ["./proj", "HOME//proj", "../{base}/proj", "link", "proj/.awsrole", "proj/"])
def test_allow_and_deny_take_any_spelling_of_the_path(world, form):
    home = world["home"]
    os.symlink(world["proj"], os.path.join(home, "link"))
    spelled = form.replace("HOME", home).replace("{base}", os.path.basename(home))
    env = dict(world["env"], PWD=home)
    allowed = subprocess.run([ROLESH, "allow", spelled], env=env, cwd=home, capture_output=True, text=True)
    assert allowed.returncode == 0, allowed.stderr
    hook = subprocess.run([ROLESH, "hook", "bash"], env=dict(env, PWD=world["proj"]), cwd=world["proj"],
                          capture_output=True, text=True)
    assert "export ROLESH_PROFILE='dev';" in hook.stdout, hook.stdout + hook.stderr
    denied = subprocess.run([ROLESH, "deny", spelled], env=env, cwd=home, capture_output=True, text=True)
    assert denied.returncode == 0
    hook = subprocess.run([ROLESH, "hook", "bash"], env=dict(env, PWD=world["proj"]), cwd=world["proj"],
                          capture_output=True, text=True)
    assert "ROLESH_PROFILE" not in hook.stdout
    # Through the symlinked directory the hook sees the same file, denied too.
    via_link = os.path.join(home, "link")
    hook = subprocess.run([ROLESH, "hook", "bash"], env=dict(env, PWD=via_link), cwd=via_link, capture_output=True,
                          text=True)
    assert "ROLESH_PROFILE" not in hook.stdout


# --- NUL bytes and control characters never half-apply an identity -----------------------------

@pytest.mark.parametrize("kind", SHELLS)
def test_nul_in_a_credential_changes_nothing(world, kind, tmp_path):
    script = tmp_path / "nul.sh"
    script.write_text("#!/bin/sh\nprintf '%s' '{\"Version\": 1, \"AccessKeyId\": \"AKIDNUL\", "
                      "\"SecretAccessKey\": \"sec\\u0000ret\"}'\n")
    script.chmod(0o755)
    with open(os.path.join(world["home"], ".aws", "config"), "a") as f:
        f.write(f"\n[profile nul]\ncredential_process = {script}\n")
    sh = start(world, kind)
    assert use(sh, "dev")[1] == 0
    # ROLESH_PROMPT counts minutes down by itself: left out.
    before = sh.out("env | grep -v '^ROLESH_PROMPT=' | sort")
    _, status, _ = use(sh, "nul")
    assert status != 0
    assert sh.out("env | grep -v '^ROLESH_PROMPT=' | sort") == before
    sh.close()


def test_nul_in_sts_answers_cache_entries_and_awsrole(home, tmp_path, world):
    # An STS answer with `&#0;` in the secret.
    class NulSTS(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            body = ("<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIANUL</AccessKeyId>"
                    "<SecretAccessKey>sec&#0;ret</SecretAccessKey><SessionToken>t</SessionToken>"
                    "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>")
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), NulSTS)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
        home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Nul\nsource_profile = base\n"
                    f"endpoint_url = http://127.0.0.1:{server.server_port}\n")
        result = home.run("export", "r", "--format", "bash")
        assert result.returncode == 1 and result.stdout == ""
        assert "control characters" in result.stderr
        assert home.cache_files() == []
    finally:
        server.shutdown()
    # A cache entry with a NUL is corrupt: never exported.
    cache_file = json.loads(home.run("explain", "r", "--json").stdout)["steps"][-1]["cache_file"]
    os.makedirs(home.cache_dir, mode=0o700, exist_ok=True)
    with open(os.path.join(home.cache_dir, cache_file), "w") as f:
        json.dump({"Credentials": {"AccessKeyId": "ASIA\u0000X", "SecretAccessKey": "s", "SessionToken": "t",
                                   "Expiration": "2099-01-01T00:00:00Z"}}, f)
    explained = home.run("explain", "r")
    assert "it will be replaced" in explained.stdout
    # A raw NUL in a trusted .awsrole is an error naming file and line.
    proj = tmp_path / "nulproj"
    proj.mkdir()
    (proj / ".awsrole").write_bytes(b"profile = dev\nregion = us\x00east-1\n")
    allowed = home.run("allow", str(proj))
    assert allowed.returncode == 78 and f"{proj}/.awsrole:2:" in allowed.stderr


# --- numbers from the environment --------------------------------------------------------------

@pytest.mark.parametrize("variable,value", [
    ("ROLESH_STS_TIMEOUT", "inf"), ("ROLESH_STS_TIMEOUT", "1e20"), ("ROLESH_STS_TIMEOUT", "0.0001"),
    ("ROLESH_STS_TIMEOUT", "nan"), ("AWS_METADATA_SERVICE_TIMEOUT", "inf"), ("ROLESH_PLUGIN_TIMEOUT", "-1"),
])
def test_numbers_from_the_environment_are_checked(home, moto, variable, value):
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    if variable == "AWS_METADATA_SERVICE_TIMEOUT":
        home.config("[profile r]\nrole_arn = arn:aws:iam::123456789012:role/R\ncredential_source = Ec2InstanceMetadata\n")
        env = {variable: value, "AWS_EC2_METADATA_DISABLED": "false",
               "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1/"}
    else:
        home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Timeout\nsource_profile = base\nendpoint_url = {moto.url}\n")
        env = {variable: value}
    if variable == "ROLESH_PLUGIN_TIMEOUT":
        folder = os.path.join(home.path, ".config", "rolesh", "plugins")
        os.makedirs(folder, mode=0o700)
        with open(os.path.join(folder, "p.lua"), "w") as f:
            f.write("return {}")
        os.chmod(os.path.join(folder, "p.lua"), 0o600)
    result = home.run("export", "r", env=env)
    assert result.returncode == 78, result.stderr
    assert variable in result.stderr and "is not valid" in result.stderr
    assert -result.returncode not in (4, 11)  # no SIGILL, no SIGSEGV


def test_three_thousand_hop_chain_is_a_configuration_error(home):
    lines = ["[profile p0]\naws_access_key_id = A\naws_secret_access_key = s\n"]
    for i in range(1, 3001):
        lines.append(f"[profile p{i}]\nrole_arn = arn:aws:iam::123456789012:role/R{i}\nsource_profile = p{i - 1}\n")
    home.config("".join(lines))
    for command in (["explain", "p3000"], ["export", "p3000"], ["list"], ["cache", "list"]):
        result = home.run(*command, timeout=60)
        assert result.returncode in (0, 78), (command, result.returncode, result.stderr[-300:])
        assert -result.returncode != 11
    result = home.run("explain", "p3000")
    assert result.returncode == 78 and "more than 64 profiles long" in result.stderr


# --- terminal escapes, oversized answers, crafted state ----------------------------------------

def test_escape_sequences_in_names_reach_the_terminal_escaped(world):
    odd = os.path.join(world["home"], "evil\x1b]0;owned\x07dir")
    os.makedirs(odd)
    with open(os.path.join(odd, ".awsrole"), "w") as f:
        f.write("dev\n")
    hook = subprocess.run([ROLESH, "hook", "bash"], env=dict(world["env"], PWD=odd), cwd=odd, capture_output=True)
    assert b"\x1b" not in hook.stdout and b"\x07" not in hook.stdout
    assert b"\\x1b]0;owned\\x07dir" in hook.stdout
    # Errors, too: an STS message with escapes.
    result = subprocess.run([ROLESH, "explain", "no\x1b[31mred"], env=world["env"], capture_output=True)
    assert b"\x1b" not in result.stderr and b"\\x1b[31m" in result.stderr


def test_oversized_sts_answers_are_refused(home):
    class Huge(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(200)
            self.end_headers()
            try:
                chunk = b"x" * 65536
                for _ in range(160):  # 10 MiB
                    self.wfile.write(chunk)
            except OSError:
                pass

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Huge)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
        home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Huge\nsource_profile = base\n"
                    f"endpoint_url = http://127.0.0.1:{server.server_port}\n")
        result = home.run("export", "r")
        assert result.returncode == 69 and "too large" in result.stderr
    finally:
        server.shutdown()


@pytest.mark.parametrize("kind", SHELLS)
def test_crafted_state_variables_are_never_run(world, kind):
    marker = os.path.join(world["home"], "PWNED-STATE")
    sh = start(world, kind)
    assert use(sh, "dev")[1] == 0
    sh.export("ROLESH_SAVED", f"AWS_REGION x;touch${{IFS}}{marker} $(touch{marker})")
    sh.export("ROLESH_MANAGED", f"$(touch {marker})=abc AWS_REGION=zzz")
    assert sh.run("rolesh unset")[1] == 0
    sh.enter()
    sh.close()
    assert not os.path.exists(marker)


# --- fish ---------------------------------------------------------------------------------------

def test_fish_keeps_newlines_inside_values(world):
    folder = os.path.join(world["home"], ".config", "rolesh", "plugins")
    os.makedirs(folder, mode=0o700)
    path = os.path.join(folder, "lines.lua")
    with open(path, "w") as f:
        f.write("return { on_switch = function() return { env = { TWO_LINES = 'first\\nsecond' } } end }")
    os.chmod(path, 0o600)
    sh = start(world, "fish")
    assert use(sh, "dev")[1] == 0
    assert sh.out("printf '%s|' $TWO_LINES; string length -- $TWO_LINES") == "first\nsecond|12"
    sh.close()


def test_fish_integration_from_a_path_with_an_equals_sign_and_no_env(world, tmp_path):
    folder = tmp_path / "tools=v2"
    folder.mkdir()
    binary = folder / "rolesh"
    shutil.copy(ROLESH, binary)
    env = dict(world["env"], PATH="/usr/bin:/bin")
    script = f"'{binary}' init fish | source; cd '{world['proj']}'; rolesh allow >/dev/null 2>&1; echo $ROLESH_PROFILE"
    result = subprocess.run(["fish", "--no-config", "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().endswith("dev"), result.stdout + result.stderr
    # One process per change: no `env` in between.
    sh_text = subprocess.run([str(binary), "init", "fish"], env=env, capture_output=True, text=True).stdout
    assert "env ROLESH_SHELL" not in sh_text
