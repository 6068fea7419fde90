#!/usr/bin/env python3
"""A cold AssumeRole against a loopback STS (moto), whole process, beside one
`curl --aws-sigv4` request doing the same call: docs/contract.md budget 1.2x.

Both start with no cache (hyperfine --prepare empties rolesh's; curl keeps none). rolesh does
everything a user's first `export` does: reads the files, plans the chain, loads libcurl, signs,
calls STS, writes the AWS CLI cache entry (fsync'd, renamed), prints the variables.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from loopback_sts import loopback_sts, role_home  # noqa: E402


def hyperfine(commands, env, prepare, runs=40):
    export = tempfile.mktemp(suffix=".json")
    argv = ["hyperfine", "-N", "--warmup", "3", "--runs", str(runs), "--prepare", prepare, "--export-json", export]
    subprocess.run(argv + commands, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(export) as f:
        return [result["median"] * 1000 for result in json.load(f)["results"]]


def main():
    rolesh = sys.argv[1]
    work = tempfile.mkdtemp(prefix="rolesh-cold-")
    with loopback_sts() as (url, values):
        home, env = role_home(work, url, values, "role_session_name = bench\n")
        subprocess.run([rolesh, "export", "bench"], env=env, check=True, stdout=subprocess.DEVNULL)
        cache = os.path.join(home, ".aws", "cli", "cache")
        body = (f"Action=AssumeRole&Version=2011-06-15&RoleArn={values['ROLE_ARN']}&RoleSessionName=bench")
        curl = (f"curl -sSf -o /dev/null --aws-sigv4 aws:amz:us-east-1:sts "
                f"--user {values['ACCESS_KEY']}:{values['SECRET_KEY']} -d {body} {url}/")
        rolesh_ms, curl_ms = hyperfine([f"{rolesh} export bench", curl], env, prepare=f"rm -rf {cache}")
    ratio = rolesh_ms / curl_ms
    print(f"{'cold AssumeRole (loopback moto)':<36}{'median':>10}")
    print(f"{'curl --aws-sigv4, one request':<36}{curl_ms:>8.2f}ms")
    print(f"{'rolesh export (no cache)':<36}{rolesh_ms:>8.2f}ms")
    print(f"cold path: rolesh = {ratio:.2f}x one curl request ({'within' if ratio <= 1.2 else 'OVER'} the 1.2x budget)")
    return 0 if ratio <= 1.2 else 1


if __name__ == "__main__":
    sys.exit(main())
