"""The profile picker of `rolesh use` in pseudo-terminals and a real terminal (tmux): filtering,
moving, cancelling, wide and bidi names."""
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


