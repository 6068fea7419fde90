"""The layer rule, checked on the sources: every target imports only the modules it declares in
Package.swift (SwiftPM's own check, on in every build, also accepts modules that are merely
reachable through another dependency), and the CLI only the application layer, the support
basics, ArgumentParser and its build info. No code outside a provider's own file asks a step
or a provider what type it is."""
import json
import os
import re
import subprocess

from conftest import ROOT

SOURCES = os.path.join(ROOT, "Sources")
IMPORT = re.compile(r"^\s*(?:@testable\s+|internal\s+|package\s+|public\s+)?import\s+(\w+)", re.M)
SYSTEM = {"Glibc", "Darwin", "Testing", "XCTest", "Foundation"}


def declared():
    package = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=ROOT, capture_output=True, text=True,
                                        check=True).stdout)
    result = {}
    for target in package["targets"]:
        names = set()
        for dependency in target["dependencies"]:
            for kind in ("byName", "target", "product"):
                if kind in dependency:
                    names.add(dependency[kind][0])
        result[target["name"]] = names
    return result


def imports(target):
    found = {}
    for folder, _, files in os.walk(os.path.join(SOURCES, target)):
        for name in files:
            if name.endswith(".swift"):
                path = os.path.join(folder, name)
                with open(path) as f:
                    for module in IMPORT.findall(f.read()):
                        found.setdefault(module, []).append(os.path.relpath(path, ROOT))
    return found


def test_every_target_imports_only_what_it_declares():
    graph = declared()
    problems = []
    for target in sorted(os.listdir(SOURCES)):
        if target not in graph:
            continue
        for module, files in imports(target).items():
            if module not in SYSTEM and module != target and module not in graph[target]:
                problems.append(f"{target} imports {module} ({', '.join(files)}) without declaring it")
    assert problems == []


def test_the_cli_speaks_only_to_the_application_layer():
    assert set(imports("rolesh")) <= {"RoleEngine", "RoleshSupport", "ArgumentParser", "CBuildInfo", "Glibc"}
    assert declared()["rolesh"] == {"RoleEngine", "RoleshSupport", "ArgumentParser", "CBuildInfo", "CLibcCompat"}


def test_no_downcasts_to_a_step_or_provider_outside_its_own_file():
    kinds = set()
    providers = os.path.join(SOURCES, "RoleshCredentials", "Providers")
    for name in os.listdir(providers):
        with open(os.path.join(providers, name)) as f:
            kinds.update(re.findall(r"package struct (\w+(?:Step|Provider))\b", f.read()))
    assert "StaticKeysStep" in kinds and "AssumeRoleProvider" in kinds
    cast = re.compile(r"\b(?:as[?!]?|is)\s+(" + "|".join(sorted(kinds)) + r")\b")
    problems = []
    for folder, _, files in os.walk(SOURCES):
        for name in files:
            if not name.endswith(".swift"):
                continue
            path = os.path.join(folder, name)
            with open(path) as f:
                text = f.read()
            own = set(re.findall(r"package struct (\w+)", text))
            for kind in cast.findall(text):
                if kind not in own:
                    problems.append(f"{os.path.relpath(path, ROOT)} casts to {kind}")
    assert problems == []


def test_one_place_makes_the_transport():
    makers = []
    for folder, _, files in os.walk(SOURCES):
        for name in files:
            if name.endswith(".swift") and "RoleshCurl" not in folder:
                with open(os.path.join(folder, name)) as f:
                    if "CurlTransport(" in f.read():
                        makers.append(os.path.relpath(os.path.join(folder, name), ROOT))
    assert makers == ["Sources/RoleEngine/Runtime.swift"]
