#!/usr/bin/env python3
"""`rolesh eks token`, side by side in one run: a cached token (what the second kubectl in a
minute costs) against a minimal statically linked Swift program; a cold one (a role assumed
from a loopback moto, then the token signed) against one `curl --aws-sigv4` request doing the
same AssumeRole; and `aws eks get-token` (the AWS CLI v1, through its real interpreter) for the
same cluster, which is what kubeconfigs written by `aws eks update-kubeconfig` run.

Budgets (the EKS issue): cached within 1.5x the minimal program; cold within 1.2x one curl
request. Whole-process timings with hyperfine (-N), medians.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from loopback_sts import loopback_sts, role_home  # noqa: E402


def hyperfine(commands, env, runs, prepare=None):
    export = tempfile.mktemp(suffix=".json")
    argv = ["hyperfine", "-N", "--warmup", "3", "--runs", str(runs), "--export-json", export]
    if prepare:
        argv += ["--prepare", prepare]
    subprocess.run(argv + commands, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(export) as f:
        return [result["median"] * 1000 for result in json.load(f)["results"]]


def main():
    rolesh = sys.argv[1]
    work = tempfile.mkdtemp(prefix="rolesh-eks-")
    minimal_src = os.path.join(work, "minimal.swift")
    with open(minimal_src, "w") as f:
        f.write('print("hello")\n')
    minimal = os.path.join(work, "minimal")
    subprocess.run(["swiftc", "-O", "-static-stdlib", minimal_src, "-o", minimal], check=True, stderr=subprocess.DEVNULL)
    with loopback_sts() as (url, values):
        home, env = role_home(work, url, values, "role_session_name = bench\n")
        token = f"{rolesh} eks token --cluster bench bench"
        subprocess.run(token.split(), env=env, check=True, stdout=subprocess.DEVNULL)
        minimal_ms, cached_ms = hyperfine([minimal, token], env, runs=300)
        state = os.path.join(home, ".local", "state", "rolesh", "eks-tokens")
        cache = os.path.join(home, ".aws", "cli", "cache")
        body = f"Action=AssumeRole&Version=2011-06-15&RoleArn={values['ROLE_ARN']}&RoleSessionName=bench"
        curl = (f"curl -sSf -o /dev/null --aws-sigv4 aws:amz:us-east-1:sts "
                f"--user {values['ACCESS_KEY']}:{values['SECRET_KEY']} -d {body} {url}/")
        cold_ms, curl_ms = hyperfine([token, curl], env, runs=40, prepare=f"rm -rf {state} {cache}")
        python = os.path.realpath(sys.executable)
        aws_ms, = hyperfine([f"{python} -m awscli eks get-token --cluster-name bench --profile bench"], env, runs=10)
    cached_ratio, cold_ratio = cached_ms / minimal_ms, cold_ms / curl_ms
    print(f"{'eks token':<44}{'median':>10}")
    print(f"{'minimal static Swift program':<44}{minimal_ms:>8.2f}ms")
    print(f"{'rolesh eks token (cached)':<44}{cached_ms:>8.2f}ms  {cached_ratio:.2f}x the minimal program")
    print(f"{'curl --aws-sigv4, one AssumeRole':<44}{curl_ms:>8.2f}ms")
    print(f"{'rolesh eks token (cold: AssumeRole + sign)':<44}{cold_ms:>8.2f}ms  {cold_ratio:.2f}x one curl request")
    print(f"{'aws eks get-token (AWS CLI v1)':<44}{aws_ms:>8.2f}ms  {aws_ms / cached_ms:.0f}x rolesh cached")
    ok = cached_ratio <= 1.5 and cold_ratio <= 1.2
    print(f"eks token: cached {'within' if cached_ratio <= 1.5 else 'OVER'} 1.5x, cold {'within' if cold_ratio <= 1.2 else 'OVER'} 1.2x")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
