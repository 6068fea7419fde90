#!/usr/bin/env bash
# Installs what a fresh machine lacks for building and testing rolesh: Debian packages
# (C libraries for the build, real shells and tracing tools for the tests) and the Python test
# oracles (moto as STS, the AWS CLI). Safe to run again: it installs only what is missing.
set -euo pipefail

APT_PACKAGES=(liblua5.4-dev libcurl4-openssl-dev zsh fish tmux strace direnv hyperfine)
PIP_PACKAGES=("moto[server]==5.2.1" "awscli==1.45.11")

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

if ! python3 - <<'PY' 2>/dev/null
import importlib.metadata as m
assert m.version("moto") == "5.2.1"
assert m.version("awscli") == "1.45.11"
import flask, flask_cors  # moto[server] extras
PY
then
  echo "setup: installing Python packages: ${PIP_PACKAGES[*]}" >&2
  python3 -m pip install -q --disable-pip-version-check "${PIP_PACKAGES[@]}"
fi
