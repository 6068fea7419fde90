"""The release artifacts as a user gets them: `make dist`'s tarball and .deb, checked with the
tools a user has (sha256sum, dpkg-deb, readelf) and run from an unpacked package in a bare
environment (`env -i`, no Swift toolchain on PATH); `make install` / `uninstall` into a
temporary prefix; libcurl and liblua looked up by soname or by the override variables.

`make test` builds dist/ before these run; alone, the fixture builds it (`make dist`)."""
import glob
import os
import re
import subprocess
import sys

import pytest

from conftest import ROLESH

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIST = os.path.join(ROOT, "dist")
BARE_PATH = "/usr/bin:/bin"


@pytest.fixture(scope="module")
def dist():
    if not glob.glob(os.path.join(DIST, "*.deb")):
        subprocess.run(["make", "-s", "dist"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    tarball, = glob.glob(os.path.join(DIST, "rolesh-*-linux-*.tar.gz"))
    deb, = glob.glob(os.path.join(DIST, "rolesh_*.deb"))
    version = re.search(r'#define ROLESH_VERSION "([^"]+)"', open(os.path.join(ROOT, "Sources", "CBuildInfo",
                                                                               "build_info.c")).read()).group(1)
    return {"tarball": tarball, "deb": deb, "version": version}


def readelf(*args):
    return subprocess.run(["readelf", *args], capture_output=True, text=True, check=True).stdout


def bare_run(binary, *args, home, extra=None):
    env = ["env", "-i", f"HOME={home}", f"PATH={BARE_PATH}", "AWS_EC2_METADATA_DISABLED=true"] + (extra or [])
    return subprocess.run(env + [binary, *args], capture_output=True, text=True)


def test_checksums_and_names(dist):
    for artifact in (dist["tarball"], dist["deb"]):
        assert subprocess.run(["sha256sum", "-c", os.path.basename(artifact) + ".sha256"], cwd=DIST,
                              capture_output=True).returncode == 0
    assert os.path.basename(dist["tarball"]) == f"rolesh-{dist['version']}-linux-{os.uname().machine}.tar.gz"
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True).stdout.strip()
    assert os.path.basename(dist["deb"]) == f"rolesh_{dist['version']}_{arch}.deb"


def test_the_deb_installs_a_working_rolesh_without_swift(dist, tmp_path):
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", dist["deb"], str(root)], check=True)
    binary = str(root / "usr" / "bin" / "rolesh")
    for path in ("usr/share/bash-completion/completions/rolesh", "usr/share/zsh/vendor-completions/_rolesh",
                 "usr/share/fish/vendor_completions.d/rolesh.fish", "usr/share/man/man1/rolesh.1.gz",
                 "usr/share/doc/rolesh/copyright"):
        assert (root / path).is_file(), path
    # What the binary needs: system libraries only, no search path, no debug sections.
    needed = set(re.findall(r"\(NEEDED\).*\[(.+)\]", readelf("-d", binary)))
    assert needed <= {"libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "ld-linux-x86-64.so.2",
                      "libdl.so.2", "libpthread.so.0"}, needed
    assert not re.search(r"\((RUNPATH|RPATH)\)", readelf("-d", binary))
    sections = readelf("-S", binary)
    assert ".debug_" not in sections and ".symtab" not in sections
    # Start-up (README "Performance"): the program exports none of its own symbols for the
    # loader to search, and is position-dependent unless built with PIE=1.
    defined = [line for line in readelf("--dyn-syms", "-W", binary).splitlines()
               if re.match(r"\s*\d+:", line) and " UND " not in line]
    assert defined == [], defined[:5]
    assert "EXEC (Executable file)" in readelf("-h", binary)
    # Depends names glibc at the highest version the binary's symbols ask for.
    glibc = max((tuple(int(p) for p in v.split(".")) for v in re.findall(r"Name: GLIBC_([0-9.]+)", readelf("-V", binary))))
    control = subprocess.run(["dpkg-deb", "-f", dist["deb"], "Depends"], capture_output=True, text=True).stdout
    assert f"libc6 (>= {'.'.join(map(str, glibc))})" in control
    # ... and no newer than the README promises (Ubuntu 22.04's 2.35): the C++ runtime's
    # arc4random (glibc 2.36) is rolesh's own.
    with open(os.path.join(ROOT, "README.md")) as f:
        promised = tuple(int(p) for p in re.search(r"with glibc ([0-9.]+) or later", f.read()).group(1).split("."))
    assert glibc <= promised, (glibc, promised)
    assert "arc4random@GLIBC" not in readelf("--dyn-syms", "-W", binary)
    assert "libcurl4" in control and "liblua" not in control
    # Lua (plugins only) and key stores are optional: recommended or suggested, opened with dlopen.
    fields = subprocess.run(["dpkg-deb", "-f", dist["deb"], "Recommends", "Suggests"], capture_output=True, text=True).stdout
    assert "Recommends: liblua5.4-0, libsecret-1-0" in fields and "Suggests: pass" in fields
    # Debian's metadata: md5sums of every file, a DEP-5 copyright, a changelog, the examples.
    unpacked = tmp_path / "deb"
    subprocess.run(["dpkg-deb", "-R", dist["deb"], str(unpacked)], check=True)
    files = sorted(str(p.relative_to(unpacked)) for p in unpacked.rglob("*") if p.is_file() and "DEBIAN" not in p.parts)
    sums = (unpacked / "DEBIAN" / "md5sums").read_text().splitlines()
    assert sorted(line.split("  ", 1)[1] for line in sums) == files
    checked = subprocess.run(["md5sum", "-c", "--quiet", str(unpacked / "DEBIAN" / "md5sums")], cwd=unpacked, capture_output=True)
    assert checked.returncode == 0, checked.stdout
    copyright = (unpacked / "usr/share/doc/rolesh/copyright").read_text()
    assert copyright.startswith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n")
    assert "\nFiles: usr/bin/rolesh\n" in copyright and "\nLicense: MIT\n" in copyright
    changelog = subprocess.run(["zcat", str(unpacked / "usr/share/doc/rolesh/changelog.Debian.gz")], capture_output=True, text=True).stdout
    assert changelog.startswith(f"rolesh ({dist['version']}) unstable; urgency=medium")
    plugins = sorted(os.listdir(os.path.join(ROOT, "plugins")))
    assert sorted(os.listdir(unpacked / "usr/share/doc/rolesh/examples")) == plugins
    assert "libsecret" not in control and "libsecret-1.so" not in needed
    # The C++ runtime is linked in (README "Performance"): neither loaded nor depended on.
    assert "libstdc++.so.6" not in needed and "libgcc_s.so.1" not in needed, needed
    assert "libstdc++6" not in control and "libgcc-s1" not in control, control
    # Run as a user would, with no toolchain around.
    home = tmp_path / "home"
    (home / ".aws").mkdir(parents=True)
    (home / ".aws" / "credentials").write_text("[static]\naws_access_key_id = AKIDPACKAGED\naws_secret_access_key = s\n")
    version = bare_run(binary, "--version", home=str(home))
    assert version.returncode == 0 and version.stdout.startswith(dist["version"] + " (commit ")
    init = bare_run(binary, "init", "bash", home=str(home))
    assert init.returncode == 0 and "__rolesh_hook" in init.stdout and "_rolesh" in init.stdout
    exported = bare_run(binary, "export", "static", home=str(home))
    assert exported.returncode == 0 and "AWS_ACCESS_KEY_ID=AKIDPACKAGED" in exported.stdout


def test_the_tarball_holds_the_same_layout(dist, tmp_path):
    subprocess.run(["tar", "-xzf", dist["tarball"], "-C", str(tmp_path)], check=True)
    top, = os.listdir(tmp_path)
    base = tmp_path / top
    for path in ("bin/rolesh", "README.md", "NOTICES", "UNINSTALL", "share/man/man1/rolesh.1", "share/doc/rolesh/examples/README.md",
                 "share/bash-completion/completions/rolesh", "share/zsh/site-functions/_rolesh",
                 "share/fish/vendor_completions.d/rolesh.fish"):
        assert (base / path).is_file(), path
    page = (base / "share/man/man1/rolesh.1").read_text()
    for section in (".SH ENVIRONMENT", ".SH EXAMPLES", ".SH FILES", ".SH EXIT STATUS", ".SS rolesh use", ".SS rolesh sso login"):
        assert section in page
    # UNINSTALL names every file the tarball installs.
    removes = [line.split("/usr/local/", 1)[1] for line in (base / "UNINSTALL").read_text().splitlines() if "rm -f" in line]
    assert sorted(removes) == sorted(str(p.relative_to(base)) for p in base.rglob("*") if p.is_file()
                                     and str(p.relative_to(base)).startswith(("bin/", "share/")))
    assert "Apache License" in (base / "NOTICES").read_text()
    assert bare_run(str(base / "bin/rolesh"), "--version", home=str(tmp_path)).returncode == 0


def test_the_packaged_bash_completion_works_when_bash_completion_loads_it(dist, tmp_path):
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", dist["deb"], str(root)], check=True)
    home = tmp_path / "home"
    (home / ".aws").mkdir(parents=True)
    (home / ".aws" / "credentials").write_text("[packaged-profile]\naws_access_key_id = A\naws_secret_access_key = s\n")
    script = (f"PATH={root}/usr/bin:$PATH; source {root}/usr/share/bash-completion/completions/rolesh; "
              "COMP_WORDS=(rolesh use pack); COMP_CWORD=2; COMP_LINE='rolesh use pack'; COMP_POINT=15; "
              "_rolesh rolesh pack use; printf '%s\\n' \"${COMPREPLY[@]}\"")
    result = subprocess.run(["bash", "--norc", "-c", script], capture_output=True, text=True,
                            env={"HOME": str(home), "PATH": BARE_PATH})
    assert result.stdout.split() == ["packaged-profile"]


def test_make_install_and_uninstall_leave_nothing_behind(tmp_path):
    prefix = "/opt/rolesh-test"
    destdir = tmp_path / "dest"
    subprocess.run(["make", "-s", "install", f"DESTDIR={destdir}", f"PREFIX={prefix}"], cwd=ROOT, check=True,
                   capture_output=True)
    root = destdir / prefix.lstrip("/")
    installed = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    examples = [f"share/doc/rolesh/examples/{name}" for name in sorted(os.listdir(os.path.join(ROOT, "plugins")))]
    assert installed == sorted(["bin/rolesh", "share/bash-completion/completions/rolesh", "share/fish/vendor_completions.d/rolesh.fish",
                                "share/man/man1/rolesh.1", "share/zsh/site-functions/_rolesh"] + examples)
    subprocess.run(["make", "-s", "uninstall", f"DESTDIR={destdir}", f"PREFIX={prefix}"], cwd=ROOT, check=True,
                   capture_output=True)
    assert not any(root.rglob("*"))


def test_missing_libraries_are_named_with_the_package_to_install(home, tmp_path):
    home.config("[profile r]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = s\n")
    home.credentials("[s]\naws_access_key_id = A\naws_secret_access_key = s\n")
    curl = home.run("export", "r", env={"ROLESH_LIBCURL": str(tmp_path / "no-libcurl.so")})
    assert curl.returncode == 69 and "ROLESH_LIBCURL=" in curl.stderr and "could not be opened" in curl.stderr
    from test_plugins import write_plugin
    write_plugin(home, "p.lua", "return {}\n")
    lua = home.run("plugins", "check", env={"ROLESH_LIBLUA": str(tmp_path / "no-liblua.so")})
    assert lua.returncode != 0 and "ROLESH_LIBLUA=" in lua.stdout + lua.stderr  # check reports on stdout
    # The messages without an override name the package (checked in the binary's text, since
    # this machine has both libraries).
    with open(ROLESH, "rb") as f:
        text = f.read()
    assert b"apt-get install libcurl4" in text and b"apt-get install liblua5.4-0" in text
