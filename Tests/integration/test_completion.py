"""Completion as people meet it: driven through each shell's own completion machinery (bash's
functions, fish's `complete`, zsh at the keyboard in a pseudo-terminal)."""
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


def test_bash_shows_whole_profile_names_at_the_keyboard(world, tmp_path):
    """Real readline in a pseudo-terminal: `Account/Role` names are listed whole (not as their
    last part, as file names would be), and a profile named like a folder here gets no `/`."""
    import pexpect
    add_config(world, "[profile Acme-Prod/ReadOnlyAccess]\nregion = us-east-1\naws_access_key_id = AKIDX\naws_secret_access_key = s\n"
                      "[profile Acme-Prod/Admin]\nregion = us-east-1\naws_access_key_id = AKIDY\naws_secret_access_key = s\n"
                      "[profile sandbox]\nregion = us-east-1\naws_access_key_id = AKIDZ\naws_secret_access_key = s\n")
    (tmp_path / "sandbox").mkdir()
    bash = pexpect.spawn("bash", ["--noprofile", "--norc", "-i"], env=dict(world["env"], TERM="xterm", PS1="BP> "),
                         cwd=str(tmp_path), encoding="utf-8", timeout=20, dimensions=(50, 200))
    bash.expect_exact("BP> ")
    bash.sendline(f'eval "$({ROLESH} init bash)"')
    bash.expect_exact("BP> ")
    bash.send("rolesh use Acme-Prod/\t\t")
    bash.expect("Acme-Prod/Admin\\s+Acme-Prod/ReadOnlyAccess")
    bash.sendcontrol("c")
    bash.expect_exact("BP> ")
    bash.send("rolesh use sandb\t")
    bash.expect_exact("rolesh use sandbox ")
    bash.sendcontrol("c")
    bash.expect_exact("BP> ")
    bash.sendline("exit")
    bash.expect(pexpect.EOF)


def test_zsh_completion_works_from_the_readmes_one_line(world, tmp_path):
    """A fresh ~/.zshrc holding only the README's line (no compinit): profiles complete, and
    `sso login` offers IAM Identity Center profiles, not file names."""
    import pexpect
    add_config(world, "[profile sso-admin]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n"
                      "sso_account_id = 210987654321\nsso_role_name = Admin\n")
    zdotdir = tmp_path / "zdot"
    zdotdir.mkdir()
    (zdotdir / ".zshrc").write_text('PS1="ZP> "\neval "$(rolesh init zsh)"\n')
    (tmp_path / "somefile-in-cwd").write_text("")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    os.symlink(ROLESH, bindir / "rolesh")
    env = dict(world["env"], TERM="xterm", ZDOTDIR=str(zdotdir), PATH=f"{bindir}:{world['env']['PATH']}")
    zsh = pexpect.spawn("zsh", ["-i"], env=env, cwd=str(tmp_path), encoding="utf-8", timeout=20, dimensions=(50, 200))
    zsh.expect_exact("ZP> ")
    zsh.send("rolesh use pro\t")
    zsh.expect_exact("use prod")
    zsh.sendcontrol("c")
    zsh.expect_exact("ZP> ")
    zsh.send("rolesh sso login \t")
    index = zsh.expect_exact(["sso-admin", "somefile-in-cwd"])
    assert index == 0
    zsh.sendcontrol("c")
    zsh.expect_exact("ZP> ")
    zsh.sendline("exit")
    zsh.expect(pexpect.EOF)


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


