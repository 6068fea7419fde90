"""The shell contract through its data rendering (docs/shell-contract.md): a shell without
`eval` — modelled here in Python, as a nushell integration would be written — applies the JSON
operations of `use`, `hook` and `unset` itself, and ends with exactly what it had."""
import json
import os
import subprocess

from conftest import ROLESH


class DataShell:
    """Applies rolesh's JSON operations to an environment, with private slots for saved values."""

    def __init__(self, env):
        self.env = dict(env)
        self.slots = {}
        self.messages = []

    def run(self, *args):
        result = subprocess.run([ROLESH, *args], env=dict(self.env, ROLESH_SHELL="json"), capture_output=True, text=True,
                                stdin=subprocess.DEVNULL, start_new_session=True, cwd=self.env.get("PWD"))
        assert result.returncode == 0, result.stderr
        for operation in json.loads(result.stdout or "[]"):
            op = operation["op"]
            if op == "set":
                self.env[operation["name"]] = operation["value"]
            elif op == "unset":
                self.env.pop(operation["name"], None)
            elif op == "save":
                self.slots[operation["name"]] = self.env.get(operation["name"])
            elif op == "restore":
                value = self.slots.pop(operation["name"], None)
                if value is None:
                    self.env.pop(operation["name"], None)
                else:
                    self.env[operation["name"]] = value
            elif op == "forget":
                self.slots.pop(operation["name"], None)
            elif op == "message":
                self.messages.append(operation["text"])
            else:
                raise AssertionError(f"unknown operation {operation}")
        return result


def test_use_hook_and_unset_through_json(home, tmp_path):
    home.credentials("[static]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = s3cret\n"
                     "[other]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = other\n")
    home.config("[profile static]\nregion = eu-central-1\n[profile other]\nregion = us-east-2\n")
    original = dict(home.env, AWS_PROFILE="mine", AWS_REGION="ap-south-1", PWD=str(tmp_path))
    shell = DataShell(original)
    shell.run("use", "static")
    assert shell.env["AWS_ACCESS_KEY_ID"] == "AKIDSTATIC" and "AWS_PROFILE" not in shell.env
    assert shell.env["AWS_REGION"] == "eu-central-1" and shell.env["ROLESH_PROFILE"] == "static"
    assert shell.messages == ["rolesh: using profile static"]
    # A trusted .awsrole below, entered through the hook (the pin is dropped first).
    project = tmp_path / "project"
    project.mkdir()
    (project / ".awsrole").write_text("other\n")
    assert subprocess.run([ROLESH, "allow", str(project)], env=home.env, capture_output=True).returncode == 0
    shell.run("use", "--auto")
    shell.env["PWD"] = str(project)
    shell.run("hook", "json")
    assert shell.env["AWS_ACCESS_KEY_ID"] == "AKIDOTHER" and shell.env["ROLESH_ORIGIN"] == "awsrole"
    shell.run("unset")
    shell.env["PWD"] = str(tmp_path)
    # Everything rolesh set is gone; the user's own values are back.
    assert {k: v for k, v in shell.env.items() if not k.startswith("ROLESH_")} == original
    assert shell.slots == {}
