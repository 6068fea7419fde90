#!/usr/bin/env bash
# Whole-process benchmarks of rolesh against its budgets (design.md §8), side by side in one
# run. Usage: bench/run.sh path/to/release/rolesh
set -euo pipefail
ROLESH="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
cd "$(dirname "$0")"
status=0
python3 explain_scaling.py "$ROLESH" || status=1
echo
python3 warm_path.py "$ROLESH" || status=1
echo
./shell_hooks.sh "$ROLESH" || status=1
exit $status
