#!/bin/sh
# Writes Sources/CBuildInfo/commit.h (the commit `rolesh --version` prints) from git, only when
# it changes, so an unchanged checkout rebuilds nothing. Outside a git checkout: "unknown".
set -eu
cd "$(dirname "$0")/.."
commit="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
if [ "$commit" != unknown ] && ! git diff --quiet HEAD -- Sources Package.swift 2>/dev/null; then
  commit="$commit-dirty"
fi
line="#define ROLESH_COMMIT \"$commit\""
file=Sources/CBuildInfo/commit.h
if [ ! -f "$file" ] || [ "$(cat "$file")" != "$line" ]; then
  printf '%s\n' "$line" >"$file"
fi
