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




def tmux_screen(session):
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout


def run_picker_in_tmux(home, session, extra_env=None):
    environment = " ".join(f"{k}={subprocess.list2cmdline([v])}" for k, v in dict(home.env, ROLESH_SHELL="bash", **(extra_env or {})).items())
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "20",
                    f"env -i {environment} {ROLESH} use; echo STATUS=$?; sleep 30"], check=True)
    deadline = time.time() + 15
    while "use>" not in tmux_screen(session) and time.time() < deadline:
        time.sleep(0.1)


def test_the_picker_starts_on_the_current_profile_lists_recent_first_and_leaves_out_unusable(home):
    home.credentials("".join(f"[{name}]\naws_access_key_id = AKID{name.upper()}\naws_secret_access_key = s\n"
                             for name in ("alpha", "bravo", "charlie")))
    home.config("[default]\nregion = eu-west-1\n[profile broken]\nrole_arn = arn:aws:iam::123456789012:role/x\n")
    recent = os.path.join(home.env["XDG_STATE_HOME"], "rolesh")
    os.makedirs(recent)
    with open(os.path.join(recent, "recent"), "w") as f:
        f.write("charlie\nnot-there-any-more\n")
    session = f"picker-order-{os.getpid()}"
    try:
        run_picker_in_tmux(home, session, {"ROLESH_PROFILE": "bravo"})
        rows = [row for row in tmux_screen(session).splitlines() if row.strip()]
        names = [row[2:].split()[0] for row in rows[1:-1]]
        assert names == ["charlie", "alpha", "bravo"], rows  # recent first; default and broken left out
        assert rows[3].startswith("> bravo"), rows  # the highlight starts on the shell's profile
        assert "now: bravo" in rows[-1]
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def test_cancelling_the_picker_erases_it_and_exits_130_quietly(home):
    home.credentials("[alpha]\naws_access_key_id = AKIDALPHA\naws_secret_access_key = s\n")
    session = f"picker-cancel-{os.getpid()}"
    try:
        run_picker_in_tmux(home, session)
        subprocess.run(["tmux", "send-keys", "-t", session, "Escape"], check=True)
        deadline = time.time() + 10
        while "STATUS=" not in tmux_screen(session) and time.time() < deadline:
            time.sleep(0.1)
        screen = tmux_screen(session)
        assert "STATUS=130" in screen, screen
        assert "use>" not in screen and "alpha" not in screen and "error" not in screen, screen
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
