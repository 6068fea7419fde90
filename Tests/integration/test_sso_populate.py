"""`rolesh sso populate` against a portal that is not trusted: what ListAccounts and
ListAccountRoles answer never becomes config text unless it has the shape AWS gives it, the
block's markers count only as whole lines, a damaged block or a listing cut short changes
nothing, and a linked config stays linked. botocore reads the result as the AWS CLI would."""
import os
import stat

import pytest

from conftest import ACCOUNT
from sso_stub import SSOStub
from test_sso import OTHER_ACCOUNT, sso, sso_home, write_token  # noqa: F401 (fixture)

ESC = "\x1b"


def populate(home, *extra, env=None):
    return home.run("sso", "populate", "--sso-session", "corp", *extra, env=env, timeout=120)


def config_bytes(home):
    with open(os.path.join(home.aws, "config"), "rb") as f:
        return f.read()


def botocore_profiles(home):
    import botocore.session
    session = botocore.session.Session(session_vars={"config_file": (None, None, os.path.join(home.aws, "config"), None)})
    return session.full_config["profiles"]


@pytest.fixture
def hostile(moto_auth):
    stub = SSOStub(
        assignments={
            ACCOUNT: ["Admin", "ReadOnly\ncredential_process = touch {marker}", "Ops\n  nested = 1",
                      "# BEGIN rolesh sso populate: sso-session lab", "r" * 65, "Bidi\u202eevil"],
            "12345\n[profile evil]\ncredential_process = touch {marker}": ["Admin"],
            "1234567890123": ["Admin"],
            OTHER_ACCOUNT: ["Viewer"],
        },
        accounts={ACCOUNT: f"Acme {ESC}]0;pwned{ESC}\\ Prod", OTHER_ACCOUNT: "Acme\nDev\u202e"})
    yield stub
    stub.stop()


def test_portal_values_become_config_text_only_in_their_aws_shape(home, hostile, moto_auth, tmp_path):
    marker = str(tmp_path / "PWNED")
    for account in list(hostile.assignments):
        hostile.assignments[account.replace("{marker}", marker)] = [
            role.replace("{marker}", marker) for role in hostile.assignments.pop(account)]
    sso_home(home, hostile, moto_auth)
    write_token(home, "corp", hostile)
    dry = populate(home, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    result = populate(home)
    assert result.returncode == 0, result.stderr
    text = config_bytes(home).decode()
    block = text[text.index("# BEGIN rolesh sso populate: sso-session corp"):]
    assert dry.stdout == block
    # Only the well-formed pairs are written, under names made of safe characters.
    names = [line for line in block.splitlines() if line.startswith("[profile ")]
    # (ACCOUNT's Admin is CONFIG's hand-written corp-admin: not added again.)
    assert sorted(names) == ["[profile Acme-Dev/Viewer]"]
    assert "credential_process" not in text and "nested" not in text and "evil" not in text
    for output in (text, dry.stdout, result.stderr, dry.stderr):
        assert ESC not in output and "\u202e" not in output
    # Each skipped value is named (escaped) in a warning; nothing else is.
    assert result.stderr.count("skipping") == 7
    assert "12345\\n[profile evil]" in result.stderr and "not 12 digits" in result.stderr
    assert "Bidi\\u202eevil" in result.stderr
    # What botocore reads is exactly that; and nothing ran.
    profiles = botocore_profiles(home)
    assert "Acme-Dev/Viewer" in profiles and "evil" not in profiles
    assert '"kind": "sso"' in home.run("explain", "Acme-Dev/Viewer", "--json").stdout
    assert not os.path.exists(marker)


def test_marker_text_inside_a_line_is_the_users(home, moto_auth, tmp_path):
    """A role name that reads like a BEGIN marker once sat inside a value line; the next populate
    deleted everything from there to the real block, the user's hand-written profiles with it."""
    stub = SSOStub(assignments={ACCOUNT: ["Admin"]}, accounts={ACCOUNT: "Acme"})
    try:
        sso_home(home, stub, moto_auth)
        write_token(home, "corp", stub)
        assert populate(home).returncode == 0
        original = config_bytes(home)
        start = original.index(b"# BEGIN rolesh sso populate: sso-session corp")
        handwritten = (b"[profile imported]\nsso_role_name = # BEGIN rolesh sso populate: sso-session corp\n"
                       b"[profile hand-written]\nregion = eu-west-1\noutput = json\n\n")
        with open(os.path.join(home.aws, "config"), "wb") as f:
            f.write(original[:start] + handwritten + original[start:])
        stub.assignments[ACCOUNT] = ["Admin", "Billing"]
        result = populate(home)
        assert result.returncode == 0, result.stderr
        updated = config_bytes(home)
        assert updated.startswith(original[:start] + handwritten)
        assert b"[profile Acme/Billing]" in updated
        assert "hand-written" in botocore_profiles(home)
    finally:
        stub.stop()


@pytest.mark.parametrize("damage", ["no-end", "two-begins", "end-first"])
def test_a_damaged_block_is_refused_before_any_call(home, sso, moto_auth, damage):
    sso_home(home, sso, moto_auth)
    write_token(home, "corp", sso)
    assert populate(home).returncode == 0
    text = config_bytes(home)
    begin = b"# BEGIN rolesh sso populate: sso-session corp\n"
    end = b"# END rolesh sso populate: sso-session corp\n"
    if damage == "no-end":
        text = text.replace(end, b"")
    elif damage == "two-begins":
        text = text.replace(end, begin + end)
    else:
        text = end + text.replace(end, b"")
    text += b"[profile after]\nregion = us-east-1\n"
    with open(os.path.join(home.aws, "config"), "wb") as f:
        f.write(text)
    calls = len(sso.calls)
    result = populate(home)
    assert result.returncode == 78
    assert "damaged" in result.stderr and os.path.join(home.aws, "config") + ":" in result.stderr
    assert "nothing was changed" in result.stderr
    assert config_bytes(home) == text
    assert len(sso.calls) == calls


def test_an_endless_listing_is_cut_and_nothing_written(home, sso, moto_auth):
    sso_home(home, sso, moto_auth)
    write_token(home, "corp", sso)
    before = config_bytes(home)
    sso.endless_roles = True
    result = populate(home)
    assert result.returncode == 69
    assert "incomplete" in result.stderr and "more than 1000 pages" in result.stderr and "nothing was written" in result.stderr
    assert config_bytes(home) == before
    assert sso.count("ListAccountRoles") == 1000
    # The whole run is bounded too: roles are listed per account, one call per account and page.
    sso.endless_roles = False
    limited = populate(home, env={"ROLESH_SSO_POPULATE_MAX_CALLS": "3"})
    assert limited.returncode == 69 and "more than 3 calls" in limited.stderr
    assert config_bytes(home) == before
    assert populate(home).returncode == 0 and config_bytes(home) != before


def test_a_linked_config_stays_linked(home, sso, moto_auth, tmp_path):
    sso_home(home, sso, moto_auth)
    write_token(home, "corp", sso)
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "aws-config"
    config = os.path.join(home.aws, "config")
    os.rename(config, target)
    os.chmod(target, 0o640)
    os.symlink(os.path.relpath(target, home.aws), config)
    assert populate(home).returncode == 0
    assert os.path.islink(config) and b"[profile Acme-Prod/ReadOnly]" in target.read_bytes()
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert sorted(os.listdir(dotfiles)) == ["aws-config"]
    # A hard link: both names still name one file, holding the new block.
    os.unlink(config)
    os.link(target, config)
    sso.assignments[ACCOUNT].append("Auditor")
    assert populate(home).returncode == 0
    assert os.stat(config).st_ino == os.stat(target).st_ino and os.stat(target).st_nlink == 2
    assert b"[profile Acme-Prod/Auditor]" in target.read_bytes()
    assert not any(name.endswith(".rolesh-backup") for name in os.listdir(dotfiles) + os.listdir(home.aws))


def test_without_a_session_name_the_only_session_is_used(home, sso, moto_auth):
    sso_home(home, sso, moto_auth, extra="\n[default]\nregion = eu-west-1\n")
    write_token(home, "corp", sso)
    result = home.run("sso", "populate", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "# BEGIN rolesh sso populate: sso-session corp" in result.stdout
    with open(os.path.join(home.aws, "config"), "a") as f:
        f.write("\n[sso-session lab]\nsso_start_url = https://lab.awsapps.com/start\nsso_region = us-east-1\n")
    several = home.run("sso", "populate", "--dry-run")
    assert several.returncode == 78 and "--sso-session" in several.stderr and "corp, lab" in several.stderr
    assert "sso_start_url to it" not in several.stderr


def test_a_hand_written_profile_for_an_account_and_role_is_not_duplicated(home, sso, moto_auth):
    # CONFIG's corp-admin already reaches ACCOUNT/Admin through sso-session corp.
    sso_home(home, sso, moto_auth)
    write_token(home, "corp", sso)
    result = populate(home)
    assert result.returncode == 0, result.stderr
    assert "already has your profile corp-admin" in result.stderr
    block = config_bytes(home).decode().split("# BEGIN rolesh sso populate")[1]
    assert f"sso_account_id = {ACCOUNT}\nsso_role_name = Admin" not in block
    assert f"sso_account_id = {ACCOUNT}\nsso_role_name = ReadOnly" in block
