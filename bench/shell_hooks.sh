#!/usr/bin/env bash
# Prompt-hook costs in one bash, side by side with direnv's hook (Debian's direnv):
#   - a prompt in an unchanged directory;
#   - `cd` into a project (rolesh: a trusted .awsrole served from the cache; direnv: an allowed
#     .envrc exporting AWS_PROFILE) and back out.
# Usage: bench/shell_hooks.sh path/to/rolesh
set -euo pipefail
ROLESH="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d -t rolesh-hooks.XXXXXX)"
moto_pid=""
cleanup() { [ -n "$moto_pid" ] && kill "$moto_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
python3 -m moto.server -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
moto_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/moto-api/" >/dev/null && break; sleep 0.1; done
eval "$(python3 "$ROOT/scripts/moto_seed.py" "http://127.0.0.1:$port" user1 bench)"

export HOME="$work/home" USER=bench AWS_EC2_METADATA_DISABLED=true XDG_STATE_HOME="$work/state" XDG_DATA_HOME="$work/data"
export XDG_CONFIG_HOME="$work/config" AWS_ENDPOINT_URL_STS="http://127.0.0.1:$port"
mkdir -p "$HOME/.aws" "$HOME/rolesh-project" "$HOME/direnv-project"
printf '[user1]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$ACCESS_KEY" "$SECRET_KEY" >"$HOME/.aws/credentials"
printf '[profile bench]\nrole_arn = %s\nsource_profile = user1\nregion = us-east-1\n' "$ROLE_ARN" >"$HOME/.aws/config"
echo bench >"$HOME/rolesh-project/.awsrole"
echo 'export AWS_PROFILE=bench' >"$HOME/direnv-project/.envrc"
"$ROLESH" allow "$HOME/rolesh-project" 2>/dev/null
direnv allow "$HOME/direnv-project" 2>/dev/null
"$ROLESH" export bench >/dev/null   # warm the cache: entering the project is a cache hit

export ROLESH ROUNDS="${ROUNDS:-300}"
bash --noprofile --norc <<'INNER'
set -u
eval "$(direnv hook bash)"
eval "$("$ROLESH" init bash --no-completions)"
PROMPT_COMMAND=""
# Time a command ROUNDS times; print microseconds per round.
per_round() {
  local start=$EPOCHREALTIME i
  for ((i = 0; i < ROUNDS; i++)); do eval "$1"; done
  local end=$EPOCHREALTIME
  echo $(( (${end/./} - ${start/./}) / ROUNDS ))
}
cd "$HOME"
__rolesh_hook 2>/dev/null; _direnv_hook 2>/dev/null
rolesh_idle=$(per_round '__rolesh_hook')
direnv_idle=$(per_round '_direnv_hook')
rolesh_cd=$(per_round 'cd "$HOME/rolesh-project"; __rolesh_hook 2>/dev/null; cd "$HOME"; __rolesh_hook 2>/dev/null')
direnv_cd=$(per_round 'cd "$HOME/direnv-project"; _direnv_hook 2>/dev/null; cd "$HOME"; _direnv_hook 2>/dev/null')
printf '%-44s %12s %12s %8s\n' "per prompt (bash)" "rolesh" "direnv" "ratio"
printf '%-44s %10dus %10dus %7.0fx\n' "unchanged directory" "$rolesh_idle" "$direnv_idle" "$(( direnv_idle / (rolesh_idle > 0 ? rolesh_idle : 1) ))"
printf '%-44s %10dus %10dus %7.1fx\n' "cd into the project and back (2 prompts)" "$rolesh_cd" "$direnv_cd" "$(echo "$direnv_cd $rolesh_cd" | awk '{print $1/$2}')"
INNER
