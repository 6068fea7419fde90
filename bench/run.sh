#!/usr/bin/env bash
# Whole-process benchmarks of rolesh against its budgets (docs/contract.md, "Performance"), side by side in one
# run. Usage: bench/run.sh path/to/release/rolesh
set -euo pipefail
# The binary is timed as installed: a fresh copy (a linker's output file in the build tree
# starts measurably slower than the same bytes copied, as `make install` copies them).
work="$(mktemp -d -t rolesh-bench-bin.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cp "$1" "$work/rolesh"
ROLESH="$work/rolesh"
cd "$(dirname "$0")"
status=0
python3 explain_scaling.py "$ROLESH" || status=1
echo
python3 warm_path.py "$ROLESH" || status=1
echo
python3 cold_sts.py "$ROLESH" || status=1
echo
./shell_hooks.sh "$ROLESH" || status=1
echo
python3 everyday.py "$ROLESH" || status=1
echo
python3 eks_token.py "$ROLESH" || status=1
exit $status
