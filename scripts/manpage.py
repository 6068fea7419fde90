#!/usr/bin/env python3
"""Writes rolesh(1) from the command definitions (`rolesh --experimental-dump-help`, what
ArgumentParser knows of every subcommand, argument and option) and the sections written by
hand in share/rolesh.1.sections (ENVIRONMENT, FILES, EXIT STATUS, SEE ALSO).

Usage: scripts/manpage.py ROLESH_BINARY OUTPUT
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def roff(text):
    """Text safe for roff: backslashes and leading dots/quotes escaped."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    lines = []
    for line in text.split("\n"):
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def synopsis(path, command):
    parts = []
    for argument in command.get("arguments", []):
        if not argument.get("shouldDisplay", True):
            continue
        kind = argument["kind"]
        if kind == "positional":
            word = argument["valueName"].upper() + ("..." if argument.get("isRepeating") else "")
        else:
            name = argument["preferredName"]
            flag = ("--" if name["kind"] == "long" else "-") + name["name"]
            if name["name"] in ("help", "version"):
                continue
            word = flag if kind == "flag" else f"{flag} {argument['valueName'].upper()}"
        parts.append(f"[{word}]" if argument.get("isOptional") else word)
    return " ".join([path] + parts)


def options(command):
    out = []
    for argument in command.get("arguments", []):
        if not argument.get("shouldDisplay", True):
            continue
        if argument["kind"] == "positional":
            label = "\\fI" + argument["valueName"].upper() + "\\fR"
        else:
            names = [("--" if n["kind"] == "long" else "-") + n["name"] for n in argument.get("names", [])]
            if any(n in ("--help", "-h", "--version") for n in names):
                continue
            label = ", ".join("\\fB" + roff(n) + "\\fR" for n in names)
            if argument["kind"] == "option":
                label += " \\fI" + argument["valueName"].upper() + "\\fR"
        out.append(".TP\n" + label + "\n" + roff(argument.get("abstract", "")))
    return out


def commands(command, path):
    sections = []
    for sub in command.get("subcommands", []):
        if not sub.get("shouldDisplay", True) or sub["commandName"] == "help":
            continue
        full = f"{path} {sub['commandName']}"
        if sub.get("subcommands"):
            sections += commands(sub, full)
            continue
        body = [".SS " + roff(full), ".nf", roff(synopsis(full, sub)), ".fi", roff(sub.get("abstract", ""))]
        if sub.get("discussion"):
            body.append(".PP\n" + roff(sub["discussion"]))
        body += options(sub)
        sections.append("\n".join(body))
    return sections


def main():
    binary, output = sys.argv[1], sys.argv[2]
    dump = json.loads(subprocess.run([binary, "--experimental-dump-help"], capture_output=True, text=True, check=True).stdout)
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout.split()[0]
    root = dump["command"]
    with open(os.path.join(ROOT, "share", "rolesh.1.sections")) as f:
        handwritten = f.read()
    page = [
        f'.TH ROLESH 1 "" "rolesh {version}" "User Commands"',
        ".SH NAME",
        "rolesh \\- " + roff(root.get("abstract", "")),
        ".SH SYNOPSIS",
        ".B rolesh",
        ".I COMMAND",
        "[\\fIOPTIONS\\fR]",
        ".SH DESCRIPTION",
        roff("rolesh resolves AWS credentials exactly as the AWS CLI does (IAM Identity Center, role chains, "
             "credential_source, MFA, web identity, credential_process), shares the AWS CLI's caches, and switches "
             "shells between identities: on demand with rolesh use, and automatically in directories with a trusted "
             ".awsrole file. Load the shell integration with eval \"$(rolesh init bash)\" (zsh alike) or "
             "rolesh init fish | source."),
        ".SH COMMANDS",
    ] + commands(root, "rolesh") + [handwritten.rstrip("\n")]
    with open(output, "w") as f:
        f.write("\n".join(page) + "\n")


if __name__ == "__main__":
    main()
