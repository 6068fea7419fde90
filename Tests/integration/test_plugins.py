"""Lua plugins: every example plugin against moto with fake tools on PATH, and plugins that
misbehave — each stopped quickly with an error naming it, nothing changed."""
import base64
import json
import os
import shutil
import stat
import subprocess
import time
from http.server import BaseHTTPRequestHandler

import pytest

from conftest import ACCOUNT, ROLESH
from stubs import RecordingProxy, _Handler, _Server

EXAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "plugins")
SERIAL = f"arn:aws:iam::{ACCOUNT}:mfa/tester"


def plugin_folder(home):
    """~/.config/rolesh/plugins, private whatever the umask (rolesh refuses open folders)."""
    folder = os.path.join(home.path, ".config", "rolesh", "plugins")
    os.makedirs(folder, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder


def install(home, *names, source=EXAMPLES):
    folder = plugin_folder(home)
    for name in names:
        target = os.path.join(folder, name)
        shutil.copy(os.path.join(source, name), target)
        os.chmod(target, 0o600)
    return folder


def write_plugin(home, name, text, mode=0o600):
    folder = plugin_folder(home)
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def fake_tool(home, name, output, status=0):
    """An executable on PATH that counts its calls in <name>.calls and prints `output`."""
    folder = os.path.join(home.path, "bin")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write(f"#!/bin/sh\necho \"$*\" >> '{folder}/{name}.calls'\nprintf '%s\\n' '{output}'\nexit {status}\n")
    os.chmod(path, 0o755)
    home.env["PATH"] = folder + ":" + home.env["PATH"]
    return os.path.join(folder, name + ".calls")


def calls(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return f.read().splitlines()


def mfa_home(home, proxy_url):
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.config(f"[profile mfa]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/PluginMfa\nsource_profile = base\n"
                f"mfa_serial = {SERIAL}\nrole_session_name = plugin-{time.time_ns()}\nendpoint_url = {proxy_url}\n")


def jwt(claims):
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'none'})}.{part(claims)}.sig"


@pytest.mark.parametrize("plugin,tool,arguments", [
    ("yubikey-oath.lua", "ykman", f"oath accounts code --single {SERIAL}"),
    ("1password-otp.lua", "op", f"item get {SERIAL} --otp"),
])
def test_mfa_plugins_supply_the_code_once(home, moto, plugin, tool, arguments):
    proxy = RecordingProxy(moto.url)
    try:
        mfa_home(home, proxy.url)
        install(home, plugin)
        counter = fake_tool(home, tool, "246810")
        result = home.run("export", "mfa", "--format", "json")
        assert result.returncode == 0, result.stderr
        assert calls(counter) == [arguments]
        assert any("TokenCode=246810" in body for body in proxy.bodies)
        # A cache hit: the hook is not called, STS is not called.
        bodies = len(proxy.bodies)
        again = home.run("export", "mfa")
        assert again.returncode == 0 and len(calls(counter)) == 1 and len(proxy.bodies) == bodies
    finally:
        proxy.stop()


def test_mfa_plugin_with_a_bad_code_is_an_error_naming_it(home, moto):
    mfa_home(home, moto.url)
    install(home, "yubikey-oath.lua")
    fake_tool(home, "ykman", "12345")
    result = home.run("export", "mfa")
    assert result.returncode == 1 and result.stdout == ""
    assert "yubikey-oath.lua" in result.stderr and "6 digits" in result.stderr
    assert home.cache_files() == []


def test_mfa_plugin_lets_the_hook_apply_a_directory_without_pending(home, moto):
    mfa_home(home, moto.url)
    install(home, "yubikey-oath.lua")
    fake_tool(home, "ykman", "135790")
    project = os.path.join(home.path, "project")
    os.makedirs(project)
    with open(os.path.join(project, ".awsrole"), "w") as f:
        f.write("mfa\n")
    assert home.run("allow", project).returncode == 0
    result = home.run("hook", "bash", env={"PWD": project, "ROLESH_SHELL": "bash"})
    assert result.returncode == 0, result.stderr
    assert "export AWS_ACCESS_KEY_ID=" in result.stdout and "ROLESH_PENDING" not in result.stdout


def test_git_email_session_name_reaches_sts(home, moto):
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/GitName\nsource_profile = base\nendpoint_url = {moto.url}\n")
    install(home, "git-email-session-name.lua")
    counter = fake_tool(home, "git", "Ada Lovelace <ada@example.com>")
    plan = json.loads(home.run("explain", "r", "--json").stdout)
    assert plan["steps"][-1]["session_name"] == "Ada-Lovelace--ada@example.com-"
    assert plan["steps"][-1]["session_name_origin"] == "plugin"
    result = home.run("export", "r")
    assert result.returncode == 0, result.stderr
    assert moto.assumed_roles()[-1]["session_name"] == "Ada-Lovelace--ada@example.com-"
    assert calls(counter)[0] == "config --get user.email"
    # A configured role_session_name wins over the plugin.
    home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/GitName\nsource_profile = base\n"
                f"role_session_name = configured\nendpoint_url = {moto.url}\n")
    plan = json.loads(home.run("explain", "r", "--json").stdout)
    assert plan["steps"][-1]["session_name"] == "configured"


class ActionsTokenHandler(_Handler):
    def do_GET(self):
        server = self.server.owner
        server.requests.append((self.path, self.headers.get("Authorization")))
        if self.headers.get("Authorization") != "bearer runner-secret":
            return self.reply(401, "no")
        self.reply(200, json.dumps({"value": server.token}), "application/json")


def test_github_actions_oidc_token_reaches_sts(home, moto):
    proxy = RecordingProxy(moto.url)
    server = _Server(ActionsTokenHandler)
    server.token = jwt({"sub": "repo:org/app:ref:refs/heads/main", "exp": int(time.time()) + 600})
    try:
        home.config(f"[profile ci]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Actions\n"
                    f"web_identity_token_file = /nonexistent/token\nendpoint_url = {proxy.url}\n")
        install(home, "github-actions-oidc.lua")
        env = {"ACTIONS_ID_TOKEN_REQUEST_URL": server.url + "/token?api-version=2.0",
               "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "runner-secret"}
        result = home.run("export", "ci", env=env)
        assert result.returncode == 0, result.stderr
        assert server.requests == [("/token?api-version=2.0&audience=sts.amazonaws.com", "bearer runner-secret")]
        assert any("WebIdentityToken=" + server.token.replace("_", "_") in body for body in proxy.bodies)
        again = home.run("export", "ci", env=env)
        assert again.returncode == 0 and len(server.requests) == 1
    finally:
        server.stop()
        proxy.stop()


def test_kubernetes_token_plugin_with_exp_check(home, moto, tmp_path):
    proxy = RecordingProxy(moto.url)
    try:
        token_file = tmp_path / "token"
        token = jwt({"sub": "system:serviceaccount:ns:app", "exp": int(time.time()) + 600})
        token_file.write_text(token + "\n")
        home.config(f"[profile k8s]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Pod\nweb_identity_token_file = /unused\n"
                     f"role_session_name = pod-{time.time_ns()}\nendpoint_url = {proxy.url}\n")
        install(home, "kubernetes-token.lua")
        result = home.run("export", "k8s", env={"ROLESH_K8S_TOKEN_FILE": str(token_file)})
        assert result.returncode == 0, result.stderr
        assert any(f"WebIdentityToken={token}&" in body or body.endswith(f"WebIdentityToken={token}") for body in proxy.bodies)
        expired = jwt({"sub": "x", "exp": int(time.time()) - 5})
        token_file.write_text(expired)
        home.run("cache", "clear")
        failed = home.run("export", "k8s", env={"ROLESH_K8S_TOKEN_FILE": str(token_file)})
        assert failed.returncode == 1 and failed.stdout == ""
        assert "kubernetes-token.lua" in failed.stderr and "expired at" in failed.stderr
    finally:
        proxy.stop()


def test_production_guard(home, moto):
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.config(f"[profile prod-admin]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/ProdAdmin\nsource_profile = base\n"
                f"endpoint_url = {moto.url}\n[profile dev]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Dev\n"
                f"source_profile = base\nendpoint_url = {moto.url}\n")
    install(home, "production-guard.lua")
    before = len(moto.assumed_roles())
    denied = home.run("export", "prod-admin")  # no terminal to confirm on
    assert denied.returncode == 77 and denied.stdout == ""
    assert "production-guard.lua" in denied.stderr and "not confirmed" in denied.stderr
    assert len(moto.assumed_roles()) == before and home.cache_files() == []
    assert home.run("export", "dev").returncode == 0
    confirmed = home.run("export", "prod-admin", env={"ROLESH_CONFIRM_PRODUCTION": "prod-admin"})
    assert confirmed.returncode == 0, confirmed.stderr
    import pexpect
    home.run("cache", "clear")
    child = pexpect.spawn(ROLESH, ["export", "prod-admin"], env=home.env, encoding="utf-8", timeout=20)
    child.expect_exact("Type the profile name to confirm: ")
    child.sendline("prod-admin")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.parametrize("body,expected", [
    ("return { session_name = function(ctx) while true do end end }", "bad.lua:1: instruction budget exhausted"),
    ("return { session_name = function(ctx) error('boom') end }", "bad.lua:1: boom"),
    ("return { session_name = function(ctx) return {} end }", "session_name must return a string"),
    ("return { session_name = function(ctx) return 'x' end }", "STS rejects"),
    ("return { session_name = function(ctx) return os.execute('touch PWNED') end }", "field 'execute'"),
    ("return { session_name = function(ctx) return io.open('/etc/passwd'):read('a') end }", "global 'io'"),
    ("return { session_name = function(ctx) return require('os') end }", "global 'require'"),
    ("return { session_name = function(ctx) return load('return 1')() end }", "global 'load'"),
    ("return 42", "must return a table of hooks"),
    ("return {", "bad.lua:1:"),
    ("\x1bLua", "attempt to load a binary chunk"),
])
def test_misbehaving_plugins_fail_quickly_naming_themselves(home, moto, body, expected):
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Bad\nsource_profile = base\nendpoint_url = {moto.url}\n")
    write_plugin(home, "bad.lua", body)
    start = time.monotonic()
    result = home.run("export", "r")
    assert time.monotonic() - start < 5
    assert result.returncode == 1 and result.stdout == ""
    assert "bad.lua" in result.stderr and expected in result.stderr, result.stderr
    assert home.cache_files() == []
    assert not os.path.exists(os.path.join(home.path, "PWNED"))
    check = home.run("plugins", "check")
    if "session_name" in body:
        assert check.returncode == 0 and "session_name" in check.stdout
    else:
        assert check.returncode == 1 and "ERROR" in check.stdout


@pytest.mark.parametrize("mode", [0o666, 0o620])
def test_plugins_others_can_write_are_refused(home, moto, mode):
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Bad\nsource_profile = base\nendpoint_url = {moto.url}\n")
    path = write_plugin(home, "open.lua", "return {}", mode=mode)
    result = home.run("export", "r")
    assert result.returncode == 1 and result.stdout == ""
    assert path in result.stderr and "chmod go-w" in result.stderr
    assert home.cache_files() == []


def test_project_plugins_need_a_trusted_awsrole(home, moto):
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Project\nsource_profile = base\nendpoint_url = {moto.url}\n")
    project = os.path.join(home.path, "project")
    os.makedirs(os.path.join(project, ".rolesh", "plugins"))
    os.chmod(os.path.join(project, ".rolesh", "plugins"), 0o700)
    with open(os.path.join(project, ".awsrole"), "w") as f:
        f.write("r\n")
    plugin = os.path.join(project, ".rolesh", "plugins", "name.lua")
    with open(plugin, "w") as f:
        f.write("return { session_name = function(ctx) return 'from-project' end }")
    os.chmod(plugin, 0o600)
    env = {"PWD": project}
    untrusted = json.loads(home.run("explain", "r", "--json", env=env).stdout)
    assert untrusted["steps"][-1]["session_name_origin"] == "default"
    assert home.run("allow", project).returncode == 0
    trusted = json.loads(home.run("explain", "r", "--json", env=env).stdout)
    assert trusted["steps"][-1]["session_name"] == "from-project"
    # Editing a project plugin revokes the trust, like editing the .awsrole.
    with open(plugin, "a") as f:
        f.write("\n-- changed\n")
    edited = json.loads(home.run("explain", "r", "--json", env=env).stdout)
    assert edited["steps"][-1]["session_name_origin"] == "default"
    listing = home.run("plugins", "list", env=env)
    assert "name.lua" not in listing.stdout


def test_on_switch_variables_are_quoted_and_removed_again(home, moto):
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Switch\nsource_profile = base\nendpoint_url = {moto.url}\n")
    write_plugin(home, "team.lua", "return { on_switch = function(ctx) "
                 "return { env = { TEAM = \"it's $(touch PWNED) `x`\", ROLESH_SHELL_SEEN = nil, SWITCHED_TO = ctx.profile .. '/' .. ctx.shell } } end }")
    script = (f'eval "$({ROLESH} init bash --no-completions)"; export TEAM=mine; rolesh use r; '
              'printf "%s|%s\\n" "$TEAM" "$SWITCHED_TO"; rolesh unset; printf "%s|%s\\n" "$TEAM" "${SWITCHED_TO-unset}"')
    result = subprocess.run(["bash", "--noprofile", "--norc", "-c", script], env=dict(home.env, PWD=home.path),
                            cwd=home.path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["it's $(touch PWNED) `x`|r/bash", "mine|unset"]
    assert not os.path.exists(os.path.join(home.path, "PWNED"))


def test_on_switch_may_not_set_reserved_names(home, moto):
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Switch\nsource_profile = base\nendpoint_url = {moto.url}\n")
    write_plugin(home, "evil.lua", "return { on_switch = function() return { env = { PATH = '/tmp/evil' } } end }")
    result = home.run("use", "r", env={"ROLESH_SHELL": "bash"})
    assert result.returncode == 1 and result.stdout == ""
    assert "evil.lua" in result.stderr and "PATH" in result.stderr


def test_lua_is_mapped_only_when_a_hook_is_asked_and_a_hit_skips_mfa_code(home, moto):
    """Without plugins Lua is never loaded; with them, only once a hook is asked: a cache hit
    of a role naming its own session asks none, a role without a session name asks
    `session_name`."""
    mfa_home(home, moto.url)
    with open(os.path.join(home.path, ".aws", "config"), "a") as f:
        f.write(f"[profile plain]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Plain\nsource_profile = base\nendpoint_url = {moto.url}\n")
    assert home.run("export", "mfa", "--mfa-code", "123456").returncode == 0

    def traced(profile):
        trace = subprocess.run(["strace", "-f", "-e", "trace=openat", ROLESH, "export", profile], env=home.env,
                               capture_output=True, text=True)
        assert trace.returncode == 0, trace.stderr[-500:]
        return "liblua" in trace.stderr

    assert not traced("mfa") and not traced("plain")
    install(home, "yubikey-oath.lua")
    counter = fake_tool(home, "ykman", "999999")
    assert not traced("mfa")
    assert calls(counter) == []
    assert traced("plain")


def test_the_rolesh_table(home, moto, tmp_path):
    (tmp_path / "data.txt").write_text("file-text")
    token = jwt({"sub": "someone", "exp": 4102444800})
    write_plugin(home, "api.lua", f"""
local function check(condition, what) if not condition then error("failed: " .. what) end end
return {{
  session_name = function(ctx)
    local piped = rolesh.exec({{"cat"}}, {{ stdin = "piped-in" }})
    check(piped.status == 0 and piped.stdout == "piped-in", "exec with stdin")
    local failing = rolesh.exec({{"sh", "-c", "echo oops >&2; exit 3"}})
    check(failing.status == 3 and failing.stderr == "oops\\n", "exec status and stderr")
    local missing, why = rolesh.exec({{"/nonexistent/tool"}})
    check(missing == nil and why:find("cannot run"), "exec of a missing program")
    local slow, late = rolesh.exec({{"sleep", "5"}}, {{ timeout = 0.2 }})
    check(slow == nil and late:find("did not finish"), "exec timeout")
    check(rolesh.read_file("{tmp_path / 'data.txt'}") == "file-text", "read_file")
    check(rolesh.read_file("/nonexistent") == nil, "read_file of a missing file")
    check(rolesh.getenv("ROLESH_TEST_VALUE") == "from-env", "getenv")
    local doc = rolesh.json.decode('{{"a": [1, 2, {{"b": true}}], "s": "x"}}')
    check(doc.a[2] == 2 and doc.a[3].b == true and doc.s == "x", "json.decode")
    check(rolesh.json.decode(rolesh.json.encode({{ k = "v" }})).k == "v", "json round trip")
    check(rolesh.jwt_claims("{token}").sub == "someone", "jwt_claims")
    check(rolesh.jwt_claims("not a jwt") == nil, "jwt_claims of garbage")
    check(math.abs(rolesh.now() - os.time()) < 5, "now")
    check(ctx.profile == "r" and ctx.role_arn:find("Api") and ctx.user == "tester", "ctx")
    rolesh.log("all good")
    return "api-ok"
  end,
}}""")
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Api\nsource_profile = base\nendpoint_url = {moto.url}\n")
    result = home.run("explain", "r", "--json", env={"ROLESH_TEST_VALUE": "from-env"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["steps"][-1]["session_name"] == "api-ok"
    assert "rolesh: plugin api.lua: all good" in result.stderr


# --- the hardening issue: deep values, budgets a plugin cannot catch, memory, files ------------

def role_home(home, moto):
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/Hard\nsource_profile = base\nendpoint_url = {moto.url}\n")


def run_hostile(home, body, env=None, timeout=60):
    write_plugin(home, "hostile.lua", body)
    start = time.monotonic()
    result = home.run("export", "r", env=env, timeout=timeout)
    return result, time.monotonic() - start


@pytest.mark.parametrize("body", [
    # json.decode of untrusted text 40 deep used to write past the Lua stack (SIGSEGV).
    "local v = rolesh.json.decode(string.rep('[', 40) .. string.rep(']', 40)); "
    "return { session_name = function() return v and 'too-deep' or 'decoded-nothing' end }",
    "local v, e = rolesh.json.decode(string.rep('[', 200000) .. string.rep(']', 200000)); "
    "return { session_name = function() return v and 'too-deep' or 'decoded-nothing' end }",
    # json.encode of a 20-deep, then a 40-deep table.
    "local t = {} local c = t for i = 1, 40 do c.x = {} c = c.x end "
    "local s, e = rolesh.json.encode(t); return { session_name = function() return s and 'encoded' or 'decoded-nothing' end }",
    # A cyclic table given to json.encode.
    "local t = {} t.self = t local s, e = rolesh.json.encode(t); "
    "return { session_name = function() return s and 'encoded' or 'decoded-nothing' end }",
])
def test_deep_and_cyclic_values_in_the_json_bridge_are_refused_safely(home, moto, body):
    role_home(home, moto)
    result, _ = run_hostile(home, body)
    assert result.returncode == 0, result.stderr
    assert -result.returncode != 11 and "invalid pointer" not in result.stderr
    plan = json.loads(home.run("explain", "r", "--json").stdout)
    assert plan["steps"][-1]["session_name"] == "decoded-nothing"


@pytest.mark.parametrize("answer", [
    "local t = {} local c = t for i = 1, 40 do c.env = {} c = c.env end return t",
    "local t = {} t.env = t return t",
])
def test_deep_or_cyclic_hook_answers_are_errors_naming_the_plugin(home, moto, answer):
    role_home(home, moto)
    write_plugin(home, "hostile.lua", f"return {{ on_switch = function() {answer} end }}")
    result = home.run("use", "r", env={"ROLESH_SHELL": "bash"})
    assert result.returncode == 1, result.stderr
    assert "hostile.lua" in result.stderr and "nested more than 32 levels" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("body,limit", [
    # pcall catches the budget error, and would keep the loop going.
    ("local function spin() while true do end end "
     "return { session_name = function() while true do pcall(spin) end end }", None),
    # A message handler that loops.
    ("return { session_name = function() return xpcall(error, function() while true do end end) end }", None),
    # A finalizer that loops when the state is closed.
    ("setmetatable({}, { __gc = function() while true do end end }) "
     "return { session_name = function() collectgarbage() return nil end }", None),
    # Backtracking inside C's pattern matcher: no VM instructions, only the watchdog sees it.
    ("return { session_name = function() return string.rep('a', 3000):find('.-.-.-.-.-.-b') and 'x' or nil end }", "1"),
])
def test_runaway_plugins_are_stopped_whatever_they_catch(home, moto, body, limit):
    role_home(home, moto)
    env = {"ROLESH_PLUGIN_TIMEOUT": limit} if limit else None
    result, elapsed = run_hostile(home, body, env=env)
    assert elapsed < 15
    assert result.returncode == 1 and result.stdout == ""
    assert "hostile.lua" in result.stderr, result.stderr
    assert ("instruction budget exhausted" in result.stderr) or ("ran longer than" in result.stderr)
    assert home.cache_files() == []


def test_plugin_memory_is_capped(home, moto):
    role_home(home, moto)
    body = ("return { session_name = function() local t = {} for i = 1, 1e9 do t[i] = string.rep('x', 1024) .. i end end }")
    result, elapsed = run_hostile(home, body)
    assert result.returncode == 1 and elapsed < 30
    assert "hostile.lua" in result.stderr and ("not enough memory" in result.stderr or "budget" in result.stderr)


def test_read_file_refuses_fifos_and_huge_files(home, moto, tmp_path):
    role_home(home, moto)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    big = tmp_path / "big"
    with open(big, "wb") as f:
        f.truncate(200 * 1024 * 1024 * 1024)  # sparse: 200 GB that take no disk
    body = (f"local a, ea = rolesh.read_file('{fifo}') local b, eb = rolesh.read_file('{big}') "
            "return { session_name = function() "
            "if a == nil and b == nil and ea:find('not a regular file') and eb:find('too large') then return 'refused-both' end "
            "return 'read-something' end }")
    result, elapsed = run_hostile(home, body)
    assert elapsed < 10
    plan = json.loads(home.run("explain", "r", "--json").stdout)
    assert plan["steps"][-1]["session_name"] == "refused-both"


@pytest.mark.parametrize("timeout", ["3e6", "1/0", "-1", "0"])
def test_exec_timeouts_are_checked(home, moto, timeout):
    role_home(home, moto)
    body = (f"local r, e = rolesh.exec({{'true'}}, {{timeout = {timeout}}}) "
            "return { session_name = function() return r == nil and e:find('timeout must be') and 'checked' or 'ran' end }")
    run_hostile(home, body)
    plan = json.loads(home.run("explain", "r", "--json").stdout)
    assert plan["steps"][-1]["session_name"] == "checked"


def test_on_switch_allow_rule(home, moto):
    role_home(home, moto)
    for name in ["PS0", "PS4", "BASH_ENV", "ENV", "LD_AUDIT", "ZDOTDIR", "fish_function_path", "NODE_OPTIONS",
                 "PYTHONPATH", "GIT_SSH_COMMAND", "AWS_PROFILE", "lower"]:
        write_plugin(home, "hostile.lua", f"return {{ on_switch = function() return {{ env = {{ {name} = 'x' }} }} end }}")
        result = home.run("use", "r", env={"ROLESH_SHELL": "bash"})
        assert result.returncode == 1 and name in result.stderr, (name, result.stderr)
    write_plugin(home, "hostile.lua", "return { on_switch = function() return { env = { TF_VAR_team = 'x', TEAM_NAME = 'y' } } end }")
    result = home.run("use", "r", env={"ROLESH_SHELL": "bash"})
    assert result.returncode == 1 and "TF_VAR_team" in result.stderr  # lower-case letters are outside the rule
    write_plugin(home, "hostile.lua", "return { on_switch = function() return { env = { TEAM_NAME = 'y' } } end }")
    assert home.run("use", "r", env={"ROLESH_SHELL": "bash"}).returncode == 0
