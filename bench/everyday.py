#!/usr/bin/env python3
"""The everyday commands, side by side in one run (docs/contract.md, "Performance"):

- every single-profile command (`export`, `explain`, `status`, `use` on a cache hit, and
  `export` of a one-off role named with `--role-arn`) within 1.5x a minimal statically linked
  Swift program;
- `list` on a 50,000-profile config within 4x `export` on the same file;
- 100 concurrent cold exports of one role (loopback moto): one STS call, wall time within 2.5x
  100 trivial processes started the same way.

Whole processes, hyperfine -N (no shell), medians.
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from explain_scaling import minimal_binary, write_config  # noqa: E402
from warm_path import write_sso_cache  # noqa: E402
from loopback_sts import loopback_sts, role_home  # noqa: E402


ONE_OFF_ARN = "arn:aws:iam::210987654321:role/Auditor"


def write_one_off_entry(home):
    """The cache entry the AWS CLI's key gives a role with these settings: what a one-off role
    named with them finds (it reads no other hop on a hit)."""
    later = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 8 * 3600))
    key = hashlib.sha1(json.dumps({"RoleArn": ONE_OFF_ARN, "RoleSessionName": "bench"}, sort_keys=True).encode()).hexdigest()
    with open(os.path.join(home, ".aws", "cli", "cache", key + ".json"), "w") as f:
        json.dump({"Credentials": {"AccessKeyId": "ASIABENCHONEOFF", "SecretAccessKey": "bench-secret",
                                   "SessionToken": "bench-session", "Expiration": later},
                   "AssumedRoleUser": {"AssumedRoleId": "AROA:bench", "Arn": "arn:aws:sts::210987654321:assumed-role/Auditor/bench"}}, f)


def hyperfine(command, env, runs, warmup=10):
    export = tempfile.mktemp(suffix=".json")
    subprocess.run(["hyperfine", "-N", "--warmup", str(warmup), "--runs", str(runs), "--export-json", export, command],
                   env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(export) as f:
        return json.load(f)["results"][0]["median"] * 1000


def concurrent_exports(rolesh, work):
    """Wall time of 100 `export` processes started together on a cold cache, and of 100 `true`."""
    with loopback_sts() as (url, values):
        home, env = role_home(os.path.join(work, "concurrent"), url, values)

        def wall(argv_for, rounds=5):
            times = []
            for round_ in range(rounds):
                cache = os.path.join(home, ".aws", "cli", "cache")
                for name in os.listdir(cache) if os.path.isdir(cache) else []:
                    os.unlink(os.path.join(cache, name))
                start = time.monotonic()
                processes = [subprocess.Popen(argv_for(i), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                             for i in range(100)]
                assert all(p.wait() == 0 for p in processes)
                times.append((time.monotonic() - start) * 1000)
            return sorted(times)[len(times) // 2]

        before = len(json.loads(urllib.request.urlopen(url + "/moto-api/data.json").read()).get("sts", {}).get("AssumedRole", []))
        rolesh_ms = wall(lambda i: [rolesh, "export", "bench"])
        after = len(json.loads(urllib.request.urlopen(url + "/moto-api/data.json").read()).get("sts", {}).get("AssumedRole", []))
        trivial_ms = wall(lambda i: ["/bin/true"])
        return rolesh_ms, trivial_ms, (after - before) / 5


def main():
    rolesh = sys.argv[1]
    work = tempfile.mkdtemp(prefix="rolesh-everyday-")
    minimal = minimal_binary(work)
    home = os.path.join(work, "home")
    os.makedirs(os.path.join(home, ".aws"))
    with open(os.path.join(home, ".aws", "config"), "w") as f:
        f.write("[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n"
                "[profile bench-sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\n"
                "region = us-east-1\n")
    write_sso_cache(home)
    write_one_off_entry(home)
    env = dict(os.environ, HOME=home, USER="bench", AWS_EC2_METADATA_DISABLED="true", ROLESH_SHELL="bash")
    # The state a shell holds after `rolesh use bench-sso` (status reads it).
    shell_state = subprocess.run([rolesh, "use", "bench-sso"], env=env, capture_output=True, text=True, check=True).stdout
    for line in shell_state.splitlines():
        if line.startswith("export ROLESH_"):
            name, value = line[len("export "):].rstrip(";").split("=", 1)
            env[name] = value.strip("'")
    single = [
        ("minimal static Swift", minimal),
        ("export bench-sso", f"{rolesh} export bench-sso"),
        ("explain bench-sso", f"{rolesh} explain bench-sso"),
        ("status", f"{rolesh} status"),
        ("use bench-sso", f"{rolesh} use bench-sso"),
        ("export --role-arn (one-off)", f"{rolesh} export --role-arn {ONE_OFF_ARN} --source bench-sso --session-name bench"),
    ]
    results = {label: hyperfine(command, env, 300) for label, command in single}
    base = results["minimal static Swift"]
    print(f"{'single-profile command':<28}{'median':>10}{'vs minimal':>12}")
    worst = 0.0
    for label, median in results.items():
        print(f"{label:<28}{median:>8.2f}ms{median / base:>11.2f}x")
        if label != "minimal static Swift":
            worst = max(worst, median / base)
    print(f"single-profile commands: worst {worst:.2f}x the minimal program "
          f"({'within' if worst <= 1.5 else 'OVER'} the 1.5x budget)")

    large = os.path.join(work, "large")
    write_config(large, 50000)
    large_env = dict(env, HOME=large)
    export_ms = hyperfine(f"{rolesh} export user0 --format json", large_env, 20, warmup=3)
    list_ms = hyperfine(f"{rolesh} list", large_env, 20, warmup=3)
    list_ratio = list_ms / export_ms
    print(f"\n50,000 profiles: export {export_ms:.1f}ms, list {list_ms:.1f}ms = {list_ratio:.2f}x "
          f"({'within' if list_ratio <= 4 else 'OVER'} the 4x budget)")

    rolesh_ms, trivial_ms, calls = concurrent_exports(rolesh, work)
    concurrency_ratio = rolesh_ms / trivial_ms
    print(f"100 concurrent cold exports: {rolesh_ms:.0f}ms vs 100 trivial processes {trivial_ms:.0f}ms = "
          f"{concurrency_ratio:.2f}x, {calls:.0f} STS call(s) per round "
          f"({'within' if concurrency_ratio <= 2.5 and calls == 1 else 'OVER'} the 2.5x / one-call budget)")
    return 0 if worst <= 1.5 and list_ratio <= 4 and concurrency_ratio <= 2.5 and calls == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
