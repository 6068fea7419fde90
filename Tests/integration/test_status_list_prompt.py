"""What a shell shows about its identity: `status`, `list` (compact, long, at 50,000 profiles) and
the `ROLESH_PROMPT` variable, updated without a process."""
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
    # 100 columns without a terminal: the role and source columns give way, never the name.
    assert any("…" in line for line in compact)
    sso_row = next(line for line in compact if line.startswith("sso-admin"))
    assert "sso" in sso_row and "210987654321" in sso_row and "Admin" in sso_row
    # The profile name is never cut; other columns give way (here to 100 columns, no terminal).
    assert any(line.startswith("a-profile-with-a-rather-long-name-for-a-team ") for line in compact)
    # A wide terminal (COLUMNS when stdout is not one) gets a wider table, cut later or not at all.
    wide = subprocess.run([ROLESH, "list"], env=dict(world["env"], COLUMNS="160"), capture_output=True, text=True).stdout
    assert "RoleWithALongName" in wide and max(len(line) for line in wide.splitlines()) <= 160
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
    assert len(table) == len(listed) + 1
    columns = [i for i, ch in enumerate(table[0]) if ch != " " and (i == 0 or table[0][i - 1] == " ")]
    for line, profile in zip(table[1:], listed):
        assert [line[i] != " " for i in columns] == [True] * len(columns), line
        cells = line.split()
        assert cells[1] == profile["kind"] and cells[-2] == (profile["region"] or "-"), (line, profile)
        assert cells[0] == profile["name"]  # never cut, the 60-character one included
    # A sample of rows, each from a config holding only that profile (and its source).
    for i in (0, 1, 2, 2500, 2501, 4998, 5001):
        alone = [l for l in "\n".join(lines).split("[profile ") if l.startswith(f"p{i}]")]
        with open(config, "w") as f:
            f.write("[profile " + alone[0] + "\n")
        row = subprocess.run([ROLESH, "list"], env=env, capture_output=True, text=True, check=True).stdout.splitlines()[1]
        big = next(line for line in table if line.startswith(f"p{i} "))
        assert big.split() == row.split(), (big, row)


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


def test_list_lines_up_wide_and_combining_characters_in_terminal_columns(home):
    """CJK and emoji take two terminal columns, a combining accent none: `list` pads and cuts by
    what the terminal draws (wcwidth, the reference), so columns line up and no line passes the
    width it was given."""
    from wcwidth import wcswidth, wcwidth
    names = ["チーム本番", "🚀deploy", "cafe\u0301", "plain"]
    home.config("".join(
        f"[profile {name}]\nrole_arn = arn:aws:iam::123456789012:role/管理者ロール{name}-with-a-long-tail\n"
        f"source_profile = plain\nregion = eu-west-1\n" for name in names[:3])
        + "[profile plain]\naws_access_key_id = AKIDPLAIN\naws_secret_access_key = s\n")

    def starts(line):
        """The terminal column where each cell begins (cells are separated by two or more spaces)."""
        columns, column, spaces = [], 0, 2
        for ch in line:
            if ch == " ":
                spaces += 1
            else:
                if spaces >= 2:
                    columns.append(column)
                spaces = 0
            column += max(wcwidth(ch), 0)
        return columns

    for width in (80, 100, 160):
        table = home.run("list", env={"COLUMNS": str(width)}).stdout.splitlines()
        assert [line.split()[0] for line in table[1:]] == names  # never cut
        header = starts(table[0])
        for line in table:
            assert wcswidth(line) <= width, (width, line)
            assert starts(line)[:len(header)] == header, (width, line)
        assert any("…" in line for line in table) == (width < 160)
