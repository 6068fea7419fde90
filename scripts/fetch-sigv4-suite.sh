#!/usr/bin/env bash
# Fetches the official SigV4 test suite (Apache-2.0) from botocore's source distribution on
# PyPI into scripts/.cache (ignored by git) and prints its path. Test data, never committed.
set -euo pipefail
cache="$(cd "$(dirname "$0")" && pwd)/.cache"
suite="$cache/botocore-1.43.11/tests/unit/auth/aws4_testsuite"
if [ ! -d "$suite" ]; then
  mkdir -p "$cache"
  python3 -m pip download botocore==1.43.11 --no-binary :all: --no-deps -d "$cache" -q --disable-pip-version-check >&2
  tar -xzf "$cache/botocore-1.43.11.tar.gz" -C "$cache" botocore-1.43.11/tests/unit/auth/aws4_testsuite
fi
echo "$suite"
