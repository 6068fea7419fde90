#!/usr/bin/env bash
# `make demo`: rolesh end to end against a loopback STS (moto, signature checking on), in a
# throw-away HOME. Cleans up after itself, also on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
ROLESH="$PWD/.build/debug/rolesh"

work="$(mktemp -d -t rolesh-demo.XXXXXX)"
moto_pid=""
cleanup() {
  [ -n "$moto_pid" ] && kill "$moto_pid" 2>/dev/null && wait "$moto_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
python3 -m moto.server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/moto-api/" >/dev/null && break; sleep 0.1; done
eval "$(python3 scripts/moto_seed.py "http://127.0.0.1:$port" user1 marketingadmin --auth)"

export HOME="$work/home" AWS_ENDPOINT_URL_STS="http://127.0.0.1:$port" AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_REGION
mkdir -p "$HOME/.aws"
cat >"$HOME/.aws/credentials" <<INI
[user1]
aws_access_key_id = $ACCESS_KEY
aws_secret_access_key = $SECRET_KEY
INI
cat >"$HOME/.aws/config" <<INI
[profile marketingadmin]
role_arn = $ROLE_ARN
source_profile = user1
region = us-east-1
INI

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
step "rolesh explain marketingadmin"
"$ROLESH" explain marketingadmin
step "rolesh export marketingadmin --format env   # secrets shortened here"
"$ROLESH" export marketingadmin --format env | sed -E 's/^(AWS_(SECRET_ACCESS_KEY|SESSION_TOKEN)=.{8}).*/\1…/'
step "rolesh whoami marketingadmin"
"$ROLESH" whoami marketingadmin
step "rolesh exec marketingadmin -- aws sts get-caller-identity"
"$ROLESH" exec marketingadmin -- aws sts get-caller-identity
step "rolesh explain marketingadmin   # now served from the AWS CLI's cache"
"$ROLESH" explain marketingadmin
step 'bash: eval "$(rolesh init bash)"; rolesh use marketingadmin; aws sts get-caller-identity; rolesh unset'
bash --noprofile --norc <<SHELL
eval "\$("$ROLESH" init bash --no-completions)"
export AWS_REGION=eu-north-1   # the user's own setting, restored by rolesh unset
rolesh use marketingadmin
echo "  AWS_REGION=\$AWS_REGION ROLESH_PROFILE=\$ROLESH_PROFILE"
aws sts get-caller-identity --query Arn --output text
rolesh status
rolesh unset
echo "  after unset: AWS_REGION=\$AWS_REGION AWS_ACCESS_KEY_ID=\${AWS_ACCESS_KEY_ID-<unset>}"
SHELL
printf '\ndemo finished; moto and %s are cleaned up\n' "$work"
