"""One scenario list, run in real interactive bash, zsh and fish (pseudo-terminal, clean HOME,
no rc files, the hook loaded as the README says)."""
import os
import shutil
import tempfile
import time

import pytest

from conftest import ACCOUNT, ROLESH
from shells import Shell, cd, fish_quote, processes_during, quote_path

SHELLS = ["bash", "zsh", "fish"]
HOSTILE = "x$(touch PWNED)`touch PWNED2`;y"


@pytest.fixture
def world(moto, moto_auth):
    home = tempfile.mkdtemp(prefix="rolesh-shell-")
    aws = os.path.join(home, ".aws")
    os.makedirs(aws)
    alice = moto_auth.users["alice"]
    with open(os.path.join(aws, "credentials"), "w") as f:
        f.write("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n"
                f"[alice]\naws_access_key_id = {alice['key']}\naws_secret_access_key = {alice['secret']}\n")
    endpoint = f"endpoint_url = {moto.url}\n"
    with open(os.path.join(aws, "config"), "w") as f:
        f.write(f"""[profile dev]
role_arn = arn:aws:iam::{ACCOUNT}:role/Dev
source_profile = base
region = us-east-1
{endpoint}
[profile prod]
role_arn = arn:aws:iam::{ACCOUNT}:role/Prod
source_profile = base
region = eu-west-1
{endpoint}
[profile mfa]
role_arn = arn:aws:iam::{ACCOUNT}:role/Mfa
source_profile = base
mfa_serial = arn:aws:iam::{ACCOUNT}:mfa/tester
role_session_name = mfa-{time.time_ns()}
{endpoint}
[profile short]
role_arn = arn:aws:iam::{ACCOUNT}:role/Short
source_profile = base
duration_seconds = 900
{endpoint}
[profile denied]
role_arn = {moto_auth.only_mallory}
source_profile = alice
endpoint_url = {moto_auth.server.url}

[profile "{HOSTILE}"]
role_arn = arn:aws:iam::{ACCOUNT}:role/Hostile
source_profile = base
{endpoint}""")
    proj = os.path.join(home, "proj")
    os.makedirs(os.path.join(proj, "sub"))
    os.makedirs(os.path.join(proj, "inner"))
    with open(os.path.join(proj, ".awsrole"), "w") as f:
        f.write("# the project's identity\ndev\n")
    with open(os.path.join(proj, "inner", ".awsrole"), "w") as f:
        f.write("profile = prod\nregion = ap-south-1\n")
    env = {"HOME": home, "PATH": os.environ["PATH"], "USER": "tester", "LANG": "C.UTF-8",
           "AWS_EC2_METADATA_DISABLED": "true", "XDG_STATE_HOME": os.path.join(home, ".state"),
           "XDG_DATA_HOME": os.path.join(home, ".data")}
    yield {"home": home, "proj": proj, "env": env}
    shutil.rmtree(home, ignore_errors=True)


def start(world, kind, **kwargs):
    return Shell(kind, world["env"], world["home"], **kwargs)


def use(shell, profile, *options):
    quoted = fish_quote(profile) if shell.kind == "fish" else quote_path(profile)
    return shell.run(" ".join(["rolesh", "use", quoted, *options]))


@pytest.mark.parametrize("kind", SHELLS)
def test_use_and_unset_restore_what_the_user_had(world, kind):
    sh = start(world, kind)
    sh.export("AWS_REGION", "mine")
    sh.export("AWS_PROFILE", "theirs")
    _, status, _ = use(sh, "dev")
    assert status == 0
    assert sh.var("AWS_ACCESS_KEY_ID").startswith("ASIA")
    assert sh.var("AWS_REGION") == "us-east-1" and sh.var("AWS_DEFAULT_REGION") == "us-east-1"
    assert sh.var("AWS_PROFILE") == "<unset>"
    assert sh.var("ROLESH_PROFILE") == "dev"
    assert "pinned" in sh.out("rolesh status")
    assert sh.run("rolesh unset")[1] == 0
    assert sh.var("AWS_ACCESS_KEY_ID") == "<unset>"
    assert sh.var("AWS_REGION") == "mine" and sh.var("AWS_PROFILE") == "theirs"
    assert sh.var("AWS_DEFAULT_REGION") == "<unset>"
    assert sh.var("ROLESH_PROFILE") == "<unset>"
    # profile mode exports AWS_PROFILE instead of keys
    assert use(sh, "prod", "--mode", "profile")[1] == 0
    assert sh.var("AWS_PROFILE") == "prod" and sh.var("AWS_ACCESS_KEY_ID") == "<unset>"
    sh.close()


@pytest.mark.parametrize("kind", SHELLS)
def test_failed_use_changes_nothing(world, kind):
    sh = start(world, kind)
    assert use(sh, "dev")[1] == 0
    # ROLESH_PROMPT counts minutes down by itself: left out.
    before = sh.out("env | grep -v '^ROLESH_PROMPT=' | sort")
    _, status, _ = use(sh, "nope")
    assert status == 78
    _, status, _ = use(sh, "denied")
    assert status == 77
    # An MFA prompt answered wrongly three times fails too.
    sh.child.sendline("rolesh use mfa; echo STATUS=$" + ("status" if kind == "fish" else "?"))
    for _ in range(3):
        sh.child.expect_exact("Enter MFA code for")
        sh.child.sendline("x")
    sh.child.expect(r"STATUS=(\d+)")
    assert sh.child.match.group(1) == "1"
    sh.sync()
    assert sh.out("env | grep -v '^ROLESH_PROMPT=' | sort") == before
    sh.close()


@pytest.mark.parametrize("kind", SHELLS)
def test_awsrole_untrusted_allowed_subdir_left_edited_denied(world, kind):
    sh = start(world, kind)
    proj = world["proj"]
    _, _, hook = cd(sh, proj)
    assert "not trusted" in hook
    assert sh.var("AWS_ACCESS_KEY_ID") == "<unset>"
    _, _, hook = cd(sh, os.path.join(proj, "sub"))
    assert "not trusted" not in hook  # announced once
    assert sh.run("rolesh allow")[1] == 0
    assert sh.var("ROLESH_PROFILE") == "dev" and sh.var("ROLESH_ORIGIN") == "awsrole"
    assert sh.var("AWS_ACCESS_KEY_ID").startswith("ASIA")
    cd(sh, world["home"])
    assert sh.var("AWS_ACCESS_KEY_ID") == "<unset>" and sh.var("ROLESH_PROFILE") == "<unset>"
    cd(sh, os.path.join(proj, "sub"))
    assert sh.var("ROLESH_PROFILE") == "dev"
    with open(os.path.join(proj, ".awsrole"), "a") as f:
        f.write("# edited\n")
    _, _, hook = sh.run("true")
    assert "not trusted" in hook
    assert sh.var("AWS_ACCESS_KEY_ID") == "<unset>"
    assert sh.run("rolesh allow")[1] == 0
    assert sh.var("ROLESH_PROFILE") == "dev"
    assert sh.run("rolesh deny")[1] == 0
    assert sh.var("ROLESH_PROFILE") == "<unset>" and sh.var("AWS_ACCESS_KEY_ID") == "<unset>"
    cd(sh, world["home"])
    _, _, hook = cd(sh, proj)
    assert sh.var("ROLESH_PROFILE") == "<unset>" and "not trusted" not in hook
    sh.close()


@pytest.mark.parametrize("kind", SHELLS)
def test_nested_awsrole_and_pin(world, kind):
    sh = start(world, kind)
    proj = world["proj"]
    cd(sh, proj)
    sh.run("rolesh allow")
    cd(sh, os.path.join(proj, "inner"))
    sh.run("rolesh allow")
    assert sh.var("ROLESH_PROFILE") == "prod" and sh.var("AWS_REGION") == "ap-south-1"
    cd(sh, proj)
    assert sh.var("ROLESH_PROFILE") == "dev" and sh.var("AWS_REGION") == "us-east-1"
    # A pin beats .awsrole until `rolesh use --auto`.
    use(sh, "prod")
    cd(sh, os.path.join(proj, "sub"))
    assert sh.var("ROLESH_PROFILE") == "prod" and sh.var("ROLESH_ORIGIN") == "pin"
    assert sh.run("rolesh use --auto")[1] == 0
    assert sh.var("ROLESH_PROFILE") == "dev" and sh.var("ROLESH_ORIGIN") == "awsrole"
    sh.close()


@pytest.mark.parametrize("kind", SHELLS)
def test_keys_are_refreshed_on_the_next_prompt(world, kind):
    sh = start(world, kind)
    use(sh, "short")
    first = sh.var("AWS_ACCESS_KEY_ID")
    refresh_at = int(sh.var("ROLESH_REFRESH_AT"))
    assert refresh_at > time.time()
    # As if the refresh time had come and the cached entry had run out with it.
    sh.run("rolesh cache clear short")
    sh.export("ROLESH_REFRESH_AT", "1")
    second = sh.var("AWS_ACCESS_KEY_ID")
    assert second.startswith("ASIA") and second != first
    assert int(sh.var("ROLESH_REFRESH_AT")) > time.time()
    sh.close()


@pytest.mark.parametrize("kind", SHELLS)
def test_mfa_profile_in_awsrole_becomes_pending(world, kind):
    sh = start(world, kind)
    mfa_dir = os.path.join(world["home"], "mfa-project")
    os.makedirs(mfa_dir)
    with open(os.path.join(mfa_dir, ".awsrole"), "w") as f:
        f.write("mfa\n")
    use(sh, "dev")
    sh.run("rolesh use --auto")
    cd(sh, mfa_dir)
    _, status, hook = sh.run("rolesh allow")
    output = _ + hook
    assert "needs an MFA code" in output and "rolesh use mfa" in output
    assert sh.var("ROLESH_PENDING") == "mfa"
    assert sh.var("AWS_ACCESS_KEY_ID") == "<unset>"
    assert "pending" in sh.out("rolesh status")
    assert use(sh, "mfa", "--mfa-code", "123456")[1] == 0
    assert sh.var("ROLESH_PENDING") == "<unset>" and sh.var("ROLESH_PROFILE") == "mfa"
    sh.close()


@pytest.mark.parametrize("kind", SHELLS)
def test_directory_with_spaces_quotes_and_non_ascii(world, kind):
    sh = start(world, kind)
    odd = os.path.join(world["home"], "it's a \"dir\" ünïcødé $(touch PWNED) `x`")
    os.makedirs(odd)
    with open(os.path.join(odd, ".awsrole"), "w") as f:
        f.write("profile = dev\n")
    cd(sh, odd)
    assert sh.run("rolesh allow")[1] == 0
    assert sh.var("ROLESH_AWSROLE") == os.path.join(odd, ".awsrole")
    assert sh.var("ROLESH_PROFILE") == "dev"
    cd(sh, world["home"])
    assert sh.var("ROLESH_PROFILE") == "<unset>"
    assert not os.path.exists(os.path.join(world["home"], "PWNED"))
    sh.close()


@pytest.mark.parametrize("kind", SHELLS)
def test_user_edit_is_kept_on_leave(world, kind):
    sh = start(world, kind)
    cd(sh, world["proj"])
    sh.run("rolesh allow")
    assert sh.var("AWS_REGION") == "us-east-1"
    sh.export("AWS_REGION", "handmade")
    cd(sh, world["home"])
    assert sh.var("AWS_REGION") == "handmade"
    assert sh.var("AWS_ACCESS_KEY_ID") == "<unset>"
    sh.close()


@pytest.mark.parametrize("kind", SHELLS)
def test_exit_status_survives_the_hook(world, kind):
    sh = start(world, kind)
    path = fish_quote(world["proj"]) if kind == "fish" else quote_path(world["proj"])
    sh.child.sendline(f"cd {path}; false")
    sh.child.expect_exact("ROLESH-TEST-PROMPT> ")  # the hook ran here (the directory changed)
    sh.child.sendline("echo EXIT=$" + ("status" if kind == "fish" else "?"))
    sh.child.expect(r"EXIT=(\d+)")
    assert sh.child.match.group(1) == "1"
    sh.sync()
    sh.close()


@pytest.mark.parametrize("kind", SHELLS)
def test_loading_twice_registers_once(world, kind):
    sh = start(world, kind)
    sh.run(sh.init_line())
    if kind == "bash":
        assert sh.out('printf "%s\\n" "${PROMPT_COMMAND[@]}" | grep -o __rolesh_hook | wc -l') == "1"
    elif kind == "zsh":
        assert sh.out("print -l $precmd_functions | grep -c __rolesh_hook") == "1"
        assert sh.out("print -l $chpwd_functions | grep -c __rolesh_hook") == "1"
    cd(sh, world["proj"])
    _, _, hook = sh.run("rolesh allow")
    assert sh.var("ROLESH_PROFILE") == "dev"
    cd(sh, world["home"])
    _, _, hook = cd(sh, world["proj"])
    assert hook.count("using profile dev") == 1
    sh.close()


def test_bash_prompt_command_array(world):
    sh = start(world, "bash", before_init="__user_hook() { echo USER-HOOK >&2; }; PROMPT_COMMAND=(__user_hook)")
    assert sh.out("declare -p PROMPT_COMMAND").startswith("declare -a PROMPT_COMMAND=([0]=\"__rolesh_hook\" [1]=\"__user_hook\"")
    _, _, hook = cd(sh, world["proj"])
    assert "USER-HOOK" in hook and "not trusted" in hook
    sh.close()


@pytest.mark.parametrize("kind", SHELLS)
def test_hostile_names_and_awsrole_are_never_executed(world, kind):
    sh = start(world, kind)
    assert use(sh, HOSTILE)[1] == 0
    assert sh.var("ROLESH_PROFILE") == HOSTILE
    sh.run("rolesh unset")
    hostile_dir = os.path.join(world["home"], "hostile")
    os.makedirs(hostile_dir)
    with open(os.path.join(hostile_dir, ".awsrole"), "w") as f:
        f.write(f"profile = {HOSTILE}\nregion = '$(touch PWNED3)\"; `touch PWNED4`\n")
    cd(sh, hostile_dir)
    sh.run("rolesh allow")
    assert sh.var("ROLESH_PROFILE") == HOSTILE
    assert sh.var("AWS_REGION") == "'$(touch PWNED3)\"; `touch PWNED4`"
    for name in ("PWNED", "PWNED2", "PWNED3", "PWNED4"):
        assert not os.path.exists(os.path.join(world["home"], name))
        assert not os.path.exists(os.path.join(hostile_dir, name))
    sh.close()


@pytest.mark.parametrize("kind", SHELLS)
def test_fifty_unchanged_prompts_spawn_no_process(world, kind, tmp_path):
    log = str(tmp_path / "strace.log")
    sh = start(world, kind, strace_log=log)
    cd(sh, world["proj"])
    sh.run("rolesh allow")  # keys mode with a refresh time: the steady state to measure
    assert sh.var("ROLESH_REFRESH_AT") != "<unset>"
    assert processes_during(sh, log, lambda: [sh.enter() for _ in range(50)]) == 0
    sh.close()


def test_completions_offer_profile_names(world):
    import subprocess
    env = world["env"]
    # The binary answers the completion callbacks from the config, without network.
    # (ArgumentParser's protocol: word index, cursor index, then the words.)
    names = subprocess.run([ROLESH, "---completion", "use", "--", "positional@0", "2", "0", "rolesh", "use", ""],
                           env=env, capture_output=True, text=True).stdout.split("\n")
    assert {"dev", "prod", "mfa"} <= set(names)
    prefixed = subprocess.run([ROLESH, "---completion", "use", "--", "positional@0", "2", "1", "rolesh", "use", "p"],
                              env=env, capture_output=True, text=True).stdout.split()
    assert prefixed == ["prod"]
    # An interactive fish runs the generated completer for real.
    fish = start(world, "fish")
    offered = fish.out("complete -C 'rolesh use '").split()
    fish.close()
    assert {"dev", "prod", "mfa"} <= set(offered)
    bash = subprocess.run(["bash", "--norc", "-c", f'eval "$({ROLESH} init bash)"; complete -p rolesh'], env=env,
                          capture_output=True, text=True)
    assert "-F _rolesh rolesh" in bash.stdout
    zsh = subprocess.run(["zsh", "-f", "-c", f'autoload -Uz compinit; compinit -u; eval "$({ROLESH} init zsh)"; '
                          'print -r -- ${_comps[rolesh]}'], env=env, capture_output=True, text=True)
    assert zsh.stdout.strip() == "_rolesh"


@pytest.mark.parametrize("kind", SHELLS)
def test_malformed_awsrole_names_file_and_line_and_changes_nothing(world, kind):
    sh = start(world, kind)
    bad = os.path.join(world["home"], "bad-project")
    os.makedirs(bad)
    with open(os.path.join(bad, ".awsrole"), "w") as f:
        f.write("profile = dev\nthis line is not a setting\n")
    use(sh, "prod")
    sh.run("rolesh use --auto")
    cd(sh, bad)  # untrusted: announced, nothing applied
    before = sh.out("env | grep -E '^(AWS|ROLESH)_' | sort")
    output, status, hook = sh.run("rolesh allow")
    assert f"{bad}/.awsrole:2:" in output + hook
    assert sh.out("env | grep -E '^(AWS|ROLESH)_' | sort") == before
    sh.close()


@pytest.mark.parametrize("kind", SHELLS)
def test_export_format_code_evaluates_in_each_shell(world, kind):
    import subprocess
    fmt = {"bash": "bash", "zsh": "zsh", "fish": "fish"}[kind]
    if kind == "fish":
        script = f"{ROLESH} export dev --format fish | source; echo $AWS_REGION; set -q AWS_PROFILE; or echo no-profile"
        argv = ["fish", "--no-config", "-c", script]
    else:
        script = f'eval "$({ROLESH} export dev --format {fmt})"; echo $AWS_REGION; [ -z "${{AWS_PROFILE+x}}" ] && echo no-profile'
        argv = [kind, "-c", script] if kind == "bash" else ["zsh", "-f", "-c", script]
    result = subprocess.run(argv, env=dict(world["env"], AWS_PROFILE="stale"), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["us-east-1", "no-profile"]


@pytest.mark.parametrize("kind", ["bash", "zsh"])
def test_crafted_refresh_time_is_not_evaluated(world, kind):
    sh = start(world, kind)
    marker = os.path.join(world["home"], "PWNED-REFRESH")
    sh.run(f"export ROLESH_REFRESH_AT='x[$(touch {marker})]'")
    sh.enter()
    sh.enter()
    assert not os.path.exists(marker)
    sh.close()


# --- strict shells: loading under errexit/nounset, and a failing hook never ends the shell ----

STRICT_LOAD = {
    "bash": ["bash", "--noprofile", "--norc", "-c", f'set -euo pipefail; eval "$({ROLESH} init bash)"; echo loaded'],
    # compinit has not run: the documented line must still succeed (no `compdef` at load).
    "zsh": ["zsh", "-f", "-c", f'setopt nounset err_exit pipe_fail; eval "$({ROLESH} init zsh)"; echo loaded'],
    "fish": ["fish", "--no-config", "-c", f"{ROLESH} init fish | source; and echo loaded"],
}


@pytest.mark.parametrize("kind", SHELLS)
def test_init_loads_cleanly_under_strict_options(world, kind):
    import subprocess
    result = subprocess.run(STRICT_LOAD[kind], env=world["env"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "loaded\n"
    assert result.stderr == ""


def test_zsh_completion_registers_once_compinit_runs(world):
    """Whether the user's compinit comes after the README's line or there is none at all, the
    completion is registered by the first prompt."""
    sh = start(world, "zsh")  # no compinit at all: rolesh starts it at the first prompt
    assert sh.out("print -r -- ${_comps[rolesh]-none}") == "_rolesh"
    sh.close()
    # compinit after the line, before the first prompt (one line stands for the rest of a .zshrc).
    import pexpect
    zsh = pexpect.spawn("zsh", ["-f", "-i"], env=dict(world["env"], TERM="dumb", PS1="ZP> "), encoding="utf-8", timeout=20)
    zsh.expect_exact("ZP> ")
    zsh.sendline(f'eval "$({ROLESH} init zsh)"; autoload -Uz compinit; compinit -u')
    zsh.expect_exact("ZP> ")
    zsh.sendline("print -r -- REGISTERED=${_comps[rolesh]-none}")
    zsh.expect(r"\r\nREGISTERED=([A-Za-z_]+)")
    assert zsh.match.group(1) == "_rolesh"
    zsh.sendline("exit")
    zsh.expect(pexpect.EOF)


@pytest.mark.parametrize("kind", ["bash", "zsh"])
def test_failing_hook_never_ends_a_strict_shell(world, kind):
    strict = "set -euo pipefail" if kind == "bash" else "setopt err_exit nounset pipe_fail"
    typo_dir = os.path.join(world["home"], "typo-project")
    os.makedirs(typo_dir)
    with open(os.path.join(typo_dir, ".awsrole"), "w") as f:
        f.write("no-such-profile\n")
    import subprocess
    subprocess.run([ROLESH, "allow", typo_dir], env=world["env"], check=True, capture_output=True)
    sh = start(world, kind, before_init=strict)
    _, _, hook = cd(sh, typo_dir)
    assert "could not be found" in hook
    # Still alive, and still following directories.
    sh.sync()
    assert sh.var("ROLESH_PROFILE") == "<unset>"
    cd(sh, world["proj"])
    sh.run("rolesh allow")
    assert sh.var("ROLESH_PROFILE") == "dev"
    sh.close()


@pytest.mark.parametrize("kind", ["bash", "zsh"])
def test_use_returns_the_status_of_the_evaluation(world, kind):
    """The wrapper used to return `trap`'s status, so a failed evaluation still looked like
    success. A failing `export` makes the evaluation fail on purpose (fish does not let `set`
    be replaced)."""
    sh = start(world, kind)
    # zsh parses `export` as a reserved word, so there it is disabled instead (status 127).
    sh.run("export() { return 3; }" if kind == "bash" else "disable -r export; disable export")
    _, status, _ = use(sh, "dev")
    assert status == (3 if kind == "bash" else 127)
    sh.run("unset -f export" if kind == "bash" else "enable -r export; enable export")
    assert use(sh, "dev")[1] == 0
    sh.close()
