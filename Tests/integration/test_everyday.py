"""Everyday use as a new user meets it: the defects a 30-profile trial found, completions driven
through each shell's real completion machinery, the profile picker in a pseudo-terminal,
`status`, `list`, "did you mean", and the prompt variable."""
import json
import os
import subprocess
import time

import pexpect
import pytest

from conftest import ACCOUNT, ROLESH
from shells import PROMPT, Shell, cd, processes_during
from test_shells import SHELLS, start, world  # noqa: F401 - the fixture

BROKEN = "[profile broken]\nrole_arn = arn:aws:iam::123456789012:role/NoSource\n"
SSO = ("[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n"
       "[profile sso-admin]\nsso_session = corp\nsso_account_id = 210987654321\nsso_role_name = Admin\n")


def add_config(world, text):
    with open(os.path.join(world["home"], ".aws", "config"), "a") as f:
        f.write("\n" + text)


# --- defects -------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", SHELLS)
def test_use_auto_in_an_untrusted_directory_still_unpins(world, kind):
    sh = start(world, kind)
    untrusted = os.path.join(world["home"], "untrusted")
    os.makedirs(untrusted)
    with open(os.path.join(untrusted, ".awsrole"), "w") as f:
        f.write("prod\n")
    assert sh.run("rolesh use prod")[1] == 0
    cd(sh, untrusted)
    _, status, _ = sh.run("rolesh use --auto")
    assert status == 0
    assert sh.var("ROLESH_ORIGIN") != "pin" and sh.var("ROLESH_PROFILE") == "<unset>"
    # Unpinned: a trusted directory applies again.
    subprocess.run([ROLESH, "allow", world["proj"]], env=world["env"], check=True, capture_output=True)
    cd(sh, world["proj"])
    assert sh.var("ROLESH_PROFILE") == "dev"
    sh.close()


def test_allow_names_every_plugin_it_trusts(world):
    plugins = os.path.join(world["proj"], ".rolesh", "plugins")
    os.makedirs(plugins)
    for name in ("a.lua", "b.lua"):
        with open(os.path.join(plugins, name), "w") as f:
            f.write("return {}\n")
    result = subprocess.run([ROLESH, "allow", world["proj"]], env=world["env"], capture_output=True, text=True)
    assert result.returncode == 0
    for name in ("a.lua", "b.lua"):
        assert f"rolesh: trusted plugin {os.path.join(plugins, name)}" in result.stderr


def test_session_name_plugins_say_whether_the_aws_cli_shares_the_entry(home, moto):
    from test_plugins import write_plugin
    home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/R\nsource_profile = base\n")
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    home.env["AWS_ENDPOINT_URL_STS"] = moto.url
    home.env["AWS_DEFAULT_REGION"] = "us-east-1"
    # The AWS CLI's own entry (generated session name: the key has no RoleSessionName).
    assert home.aws_cli("sts", "get-caller-identity", "--profile", "r").returncode == 0
    (cli_entry,) = home.cache_files()
    write_plugin(home, "name.lua", "return { session_name = function(ctx) return 'alice-laptop' end }\n")
    keyed = home.run("explain", "r")
    assert "part of the cache key, so this entry is not shared with the AWS CLI" in keyed.stdout
    assert cli_entry not in keyed.stdout
    write_plugin(home, "name.lua", "return { session_name = function(ctx) return {name = 'alice-laptop', shared = true} end }\n")
    shared = home.run("explain", "r")
    assert "marked shared: not part of the cache key, so the AWS CLI shares the entry" in shared.stdout
    assert cli_entry in shared.stdout and "valid" in shared.stdout
    calls = len(moto.assumed_roles())
    assert home.run("export", "r").returncode == 0
    assert len(moto.assumed_roles()) == calls  # the CLI's entry served it


def test_explain_names_the_endpoint_resolution_uses(home, moto):
    home.config(f"[profile r]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/R\nsource_profile = base\nservices = local\n"
                f"[services local]\nsts =\n  endpoint_url = {moto.url}\n")
    home.credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n")
    text = home.run("explain", "r").stdout
    assert f"STS endpoint {moto.url} (signing region us-east-1)" in text
    assert home.run("export", "r").returncode == 0  # and that is where the call went


def test_credential_source_environment_never_uses_the_keys_rolesh_exported(world):
    add_config(world, f"[profile from-env]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/FromEnv\ncredential_source = Environment\n")
    sh = start(world, "bash")
    assert sh.run("rolesh use dev")[1] == 0
    output, status, _ = sh.run("rolesh use from-env 2>&1")
    assert status == 1 and "keys are the ones rolesh exported for profile dev" in output
    assert sh.var("ROLESH_PROFILE") == "dev"  # nothing changed
    explained, _, _ = sh.run("rolesh explain from-env")
    assert "not yours: rolesh does not use them as a credential source" in explained
    sh.close()


def test_did_you_mean(world):
    result = subprocess.run([ROLESH, "use", "prdo"], env=dict(world["env"], ROLESH_SHELL="bash"), capture_output=True,
                            text=True)
    assert result.returncode == 78 and "did you mean prod?" in result.stderr
    assert "did you mean dev?" in subprocess.run([ROLESH, "export", "DEV"], env=world["env"], capture_output=True,
                                                 text=True).stderr


# --- status, list ---------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["keys", "profile"])
def test_status_shows_account_role_region_and_expiry(world, mode):
    sh = start(world, "bash")
    assert sh.run(f"rolesh use prod --mode {mode}")[1] == 0
    text = sh.out("rolesh status")
    assert f"account {ACCOUNT}" in text and f"role    arn:aws:iam::{ACCOUNT}:role/Prod" in text
    assert "region  eu-west-1" in text and "expires " in text and " min)" in text
    status = json.loads(sh.out("rolesh status --json"))
    assert status["account"] == ACCOUNT and status["role_arn"] == f"arn:aws:iam::{ACCOUNT}:role/Prod"
    assert status["region"] == "eu-west-1" and status["expires"] and status["mode"] == mode
    output, _, hook = sh.run("rolesh unset")
    assert "rolesh: removed profile prod" in output + hook
    sh.close()


def test_list_is_compact_by_default_and_complete_with_long(world):
    add_config(world, "[profile a-profile-with-a-rather-long-name-for-a-team]\n"
                      "role_arn = arn:aws:iam::123456789012:role/path/to/a/deeply/nested/RoleWithALongName\n"
                      "source_profile = a-source-profile-with-a-long-name\nmfa_serial = arn:aws:iam::123456789012:mfa/someone\n"
                      "region = ap-southeast-2\n" + SSO)
    compact = subprocess.run([ROLESH, "list"], env=world["env"], capture_output=True, text=True).stdout.splitlines()
    assert compact[0].split() == ["PROFILE", "KIND", "ACCOUNT", "ROLE", "SOURCE", "MFA", "REGION", "CACHED"]
    assert max(len(line) for line in compact) <= 100
    sso_row = next(line for line in compact if line.startswith("sso-admin"))
    assert "sso" in sso_row and "210987654321" in sso_row and "Admin" in sso_row
    long = subprocess.run([ROLESH, "list", "--long"], env=world["env"], capture_output=True, text=True).stdout
    assert "arn:aws:iam::123456789012:role/path/to/a/deeply/nested/RoleWithALongName" in long
    assert "a-profile-with-a-rather-long-name-for-a-team" in long and "arn:aws:iam::123456789012:mfa/someone" in long


def test_a_large_list_is_the_same_as_its_rows_listed_one_by_one(world):
    # From 4,096 profiles `list` builds and renders its rows in two halves on two threads: the
    # table must be the one a single thread makes. Every row is checked against `list --json`
    # and against the same profile listed alone (single-threaded, a 1-profile config).
    count = 5003
    lines = []
    for i in range(count):
        if i % 3 == 0:
            lines += [f"[profile p{i}]", f"role_arn = arn:aws:iam::{100000000000 + i}:role/team/R{i}",
                      f"source_profile = p{i - 1 if i else 1}", "region = eu-west-1"]
        elif i % 3 == 1:
            lines += [f"[profile p{i}]", "aws_access_key_id = AKIDLARGE", "aws_secret_access_key = s"]
        else:
            lines += [f"[profile p{i}]", "credential_process = /bin/false", "mfa_serial = arn:aws:iam::1:mfa/x"]
    # One very long name in the second half: the shrunk column is the same width in both halves.
    lines += ["[profile " + "z" * 60 + "]", "region = us-east-1"]
    config = os.path.join(world["home"], ".aws", "config")
    with open(config, "w") as f:
        f.write("\n".join(lines) + "\n")
    env = world["env"]
    table = subprocess.run([ROLESH, "list"], env=env, capture_output=True, text=True, check=True).stdout.splitlines()
    listed = json.loads(subprocess.run([ROLESH, "list", "--json"], env=env, capture_output=True, text=True,
                                       check=True).stdout)["profiles"]
    # The config file's profiles in file order, then the credentials file's own (the fixture's).
    assert [p["name"] for p in listed][:count + 1] == [f"p{i}" for i in range(count)] + ["z" * 60]
    assert len(table) == len(listed) + 1 and max(len(line) for line in table) <= 100
    columns = [i for i, ch in enumerate(table[0]) if ch != " " and (i == 0 or table[0][i - 1] == " ")]
    for line, profile in zip(table[1:], listed):
        assert [line[i] != " " for i in columns] == [True] * len(columns), line
        cells = line.split()
        assert cells[1] == profile["kind"] and cells[-2] == (profile["region"] or "-"), (line, profile)
        if profile["name"] != "z" * 60:
            assert cells[0] == profile["name"]
    # A sample of rows, each from a config holding only that profile (and its source).
    for i in (0, 1, 2, 2500, 2501, 4998, 5001):
        alone = [l for l in "\n".join(lines).split("[profile ") if l.startswith(f"p{i}]")]
        with open(config, "w") as f:
            f.write("[profile " + alone[0] + "\n")
        row = subprocess.run([ROLESH, "list"], env=env, capture_output=True, text=True, check=True).stdout.splitlines()[1]
        big = next(line for line in table if line.startswith(f"p{i} "))
        assert big.split() == row.split(), (big, row)


# --- completions through each shell's own machinery ------------------------------------------------

CASES = [
    ("rolesh use pr", "prod"), ("rolesh export pr", "prod"), ("rolesh exec pr", "prod"), ("rolesh whoami pr", "prod"),
    ("rolesh console pr", "prod"), ("rolesh explain bro", "broken"), ("rolesh cache clear pr", "prod"),
    ("rolesh sso login sso-", "sso-admin"), ("rolesh sso login --sso-session co", "corp"),
    ("rolesh console --region us-gov-w", "us-gov-west-1"), ("rolesh use --region ap-southeast-", None),
]


def completion_world(world):
    add_config(world, BROKEN + SSO)
    return world


def test_bash_completion_functions(world):
    completion_world(world)
    sh = start(world, "bash")
    for line, expected in CASES:
        words = line.split(" ")
        script = (f"COMP_WORDS=({' '.join(words)} ); COMP_CWORD={len(words) - 1}; COMP_LINE='{line}'; "
                  f"COMP_POINT={len(line)}; COMPREPLY=(); _rolesh rolesh '{words[-1]}' '{words[-2]}'; "
                  "printf '<%s>' \"${COMPREPLY[@]}\"")
        offered = sh.out(script)
        got = [word.strip() for word in offered.strip("<>").split("><") if word]
        if expected:
            assert expected in got, (line, got)
        else:
            assert "ap-southeast-2" in got and all(word.startswith("ap-southeast-") for word in got), (line, got)
    # Broken profiles are not offered where they cannot work; explain offers them.
    use = sh.out("COMP_WORDS=(rolesh use ''); COMP_CWORD=2; COMP_LINE='rolesh use '; COMP_POINT=11; COMPREPLY=(); "
                 "_rolesh rolesh '' use; printf '<%s>' \"${COMPREPLY[@]}\"")
    assert "<broken>" not in use and "<prod>" in use
    sh.close()


def test_fish_completions(world):
    completion_world(world)
    sh = start(world, "fish")
    for line, expected in CASES:
        got = [entry.split("\t")[0] for entry in sh.out(f"complete -C '{line}'").splitlines()]
        if expected:
            assert expected in got, (line, got)
        else:
            assert "ap-southeast-2" in got, (line, got)
    assert "broken" not in sh.out("complete -C 'rolesh use '").split()
    sh.close()


def test_zsh_completion_at_the_keyboard(world):
    """zsh's completion system, driven by TAB in a real zsh with compinit."""
    completion_world(world)
    child = pexpect.spawn("zsh", ["-f", "-i"], env=dict(world["env"], TERM="xterm"), cwd=world["home"], encoding="utf-8",
                          timeout=20, dimensions=(40, 200))
    child.sendline(f"PS1='{PROMPT}'; autoload -Uz compinit; compinit -u; eval \"$({ROLESH} init zsh)\"")
    child.expect_exact(PROMPT)
    child.expect_exact(PROMPT)
    for line, expected in CASES:
        if expected is None:
            continue
        child.send(line + "\t")
        child.expect_exact(expected, timeout=20)
        child.send("\x15")  # Ctrl-U: clear the line
        time.sleep(0.2)
    child.sendline("exit")
    child.expect(pexpect.EOF)


# --- the picker --------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", SHELLS)
def test_the_picker_filters_and_switches(world, kind):
    sh = start(world, kind)
    sh.child.sendline("rolesh use")
    sh.child.expect_exact("use> ")
    sh.child.expect_exact("dev")  # the list, with what each profile reaches
    sh.child.send("pro")
    sh.child.expect_exact("1 of ")
    sh.child.send("\r")
    sh.child.expect_exact("rolesh: using profile prod")
    sh.child.expect_exact(PROMPT)
    assert sh.var("ROLESH_PROFILE") == "prod"
    # Arrows move; Esc cancels and changes nothing.
    sh.child.sendline("rolesh use")
    sh.child.expect_exact("use> ")
    sh.child.send("\x1b[B\x1b[A\x1b")
    sh.child.expect_exact(PROMPT)
    assert sh.var("ROLESH_PROFILE") == "prod"
    sh.close()


def test_the_picker_draws_wide_and_bidi_names_within_the_terminal(home):
    """In a real terminal (tmux, 40 columns): rows of CJK and emoji names are cut by the columns
    they take, so none wraps; a right-to-left override in a name is shown escaped, not obeyed."""
    names = ["管理者-本番-アカウント-とても長い名前", "🚀🚀🚀-rocket-team-with-a-long-name", "admin\u202eexe.txt", "prod"]
    home.credentials("".join(f"[{name}]\naws_access_key_id = AKID{index}\naws_secret_access_key = s\n"
                             for index, name in enumerate(names)))
    environment = " ".join(f"{k}={subprocess.list2cmdline([v])}" for k, v in dict(home.env, ROLESH_SHELL="bash").items())
    session = f"picker-{os.getpid()}"
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "40", "-y", "20",
                    f"env -i {environment} {ROLESH} use; sleep 30"], check=True)
    try:
        deadline = time.time() + 15
        screen = ""
        while "use>" not in screen and time.time() < deadline:
            time.sleep(0.2)
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout
        rows = [row for row in screen.splitlines() if row.strip()]
        assert rows[0].startswith("use>"), screen
        # Every row of the picker starts as a row does: nothing wrapped onto the next one.
        assert all(row.startswith(("use>", "> ", "  ")) for row in rows), screen
        assert len(rows) == 1 + len(names) + 1, screen
        assert any("管理者" in row and row.rstrip().endswith("…") for row in rows), screen
        assert any("admin\\u202eexe.txt" in row for row in rows), screen
        assert "\u202e" not in screen
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def test_the_picker_needs_a_terminal(world):
    result = subprocess.run([ROLESH, "use"], env=dict(world["env"], ROLESH_SHELL="bash"), capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    assert result.returncode == 64 and "needs a terminal" in result.stderr and result.stdout == ""


# --- the prompt -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", SHELLS)
def test_the_prompt_shows_profile_and_time_left_without_a_process(world, kind, tmp_path):
    log = str(tmp_path / "strace.log")
    sh = start(world, kind, strace_log=log)
    if kind == "bash":
        sh.run(f"PS1='[${{ROLESH_PROMPT}}] {PROMPT}'")
    elif kind == "zsh":
        sh.run(f"setopt prompt_subst; PS1='[${{ROLESH_PROMPT}}] {PROMPT}'")
    else:
        sh.run(f"function fish_prompt; printf '[%s] %s' \"$ROLESH_PROMPT\" '{PROMPT}'; end")
    sh.run("rolesh use prod")
    sh.child.sendline("")
    sh.child.expect(r"\[prod (\d+)m\] ")
    assert 50 <= int(sh.child.match.group(1)) <= 60
    sh.child.expect_exact(PROMPT)
    assert processes_during(sh, log, lambda: [sh.enter() for _ in range(20)]) == 0
    sh.close()
