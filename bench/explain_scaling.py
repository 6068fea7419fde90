#!/usr/bin/env python3
"""`rolesh explain` on a 10-profile and a 5,000-profile config, whole process, in one run.

Budget (docs/contract.md, "Performance"): the 5,000-profile case within 3x the 10-profile case,
for `--json` and for the text report, whose MFA-session step names every role sharing the
session (found by a byte scan of the files, then planning only the candidates). A minimal
statically linked Swift program is timed alongside for scale. Uses hyperfine (-N, no shell).
"""
import json
import os
import subprocess
import sys
import tempfile


def write_config(home, count):
    os.makedirs(os.path.join(home, ".aws"), exist_ok=True)
    lines = []
    creds = []
    for i in range(count):
        if i % 2 == 0:
            creds += [f"[user{i}]", f"aws_access_key_id = AKID{i:08d}", "aws_secret_access_key = secret", ""]
            lines += [f"[profile user{i}]", "region = us-east-1", ""]
        else:
            lines += [f"[profile role{i}]", f"role_arn = arn:aws:iam::123456789012:role/R{i}",
                      f"source_profile = user{i - 1}", "mfa_serial = arn:aws:iam::123456789012:mfa/u",
                      "region = eu-west-1", ""]
    with open(os.path.join(home, ".aws", "config"), "w") as f:
        f.write("\n".join(lines))
    with open(os.path.join(home, ".aws", "credentials"), "w") as f:
        f.write("\n".join(creds))
    return f"role{count - 1}"


def minimal_binary(workdir):
    source = os.path.join(workdir, "minimal.swift")
    binary = os.path.join(workdir, "minimal")
    with open(source, "w") as f:
        f.write('print("hello")\n')
    subprocess.run(["swiftc", "-O", "-static-stdlib", source, "-o", binary], check=True,
                   stderr=subprocess.DEVNULL)
    return binary


def main():
    rolesh = sys.argv[1]
    work = tempfile.mkdtemp(prefix="rolesh-bench-")
    small, large = os.path.join(work, "small"), os.path.join(work, "large")
    small_profile = write_config(small, 10)
    large_profile = write_config(large, 5000)
    minimal = minimal_binary(work)
    export = os.path.join(work, "result.json")
    env = dict(os.environ, USER="bench", AWS_EC2_METADATA_DISABLED="true")
    commands = [
        ("minimal static Swift", minimal, None),
        ("explain, 10 profiles", f"{rolesh} explain {small_profile} --json", small),
        ("explain, 5,000 profiles", f"{rolesh} explain {large_profile} --json", large),
        ("explain text, 10 profiles", f"{rolesh} explain {small_profile}", small),
        ("explain text, 5,000 profiles", f"{rolesh} explain {large_profile}", large),
        ("export static, 10 profiles", f"{rolesh} export user0 --format json", small),
        ("export static, 5,000 profiles", f"{rolesh} export user0 --format json", large),
    ]
    results = {}
    for label, command, home in commands:
        run_env = dict(env, HOME=home or work)
        subprocess.run(["hyperfine", "-N", "--warmup", "20", "--runs", "200", "--export-json", export, command],
                       env=run_env, check=True, stdout=subprocess.DEVNULL)
        with open(export) as f:
            results[label] = json.load(f)["results"][0]["median"] * 1000
    base = results["explain, 10 profiles"]
    print(f"{'benchmark':<28}{'median':>10}{'vs 10 profiles':>18}")
    for label, median in results.items():
        print(f"{label:<28}{median:>8.2f}ms{median / base:>17.2f}x")
    ratio = results["explain, 5,000 profiles"] / base
    verdict = "within" if ratio <= 3 else "OVER"
    print(f"explain scaling: 5,000 profiles = {ratio:.2f}x of 10 profiles ({verdict} the 3x budget)")
    text_ratio = results["explain text, 5,000 profiles"] / results["explain text, 10 profiles"]
    print(f"explain text (MFA session): 5,000 profiles = {text_ratio:.2f}x of 10 profiles "
          f"({'within' if text_ratio <= 3 else 'OVER'} the 3x budget)")
    export_ratio = results["export static, 5,000 profiles"] / results["export static, 10 profiles"]
    print(f"export scaling: 5,000 profiles = {export_ratio:.2f}x of 10 profiles "
          f"({'within' if export_ratio <= 3 else 'OVER'} the 3x budget)")
    return 0 if ratio <= 3 and text_ratio <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())
