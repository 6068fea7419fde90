#!/usr/bin/env python3
"""Seeds a moto server with an IAM user and a role it may assume, prints shell assignments.

Usage: moto_seed.py URL USER ROLE [--auth]   (--auth switches signature checking on after)
Prints: ACCESS_KEY=... SECRET_KEY=... ROLE_ARN=...
"""
import json
import shlex
import sys
import urllib.request

import boto3


def main():
    url, user, role = sys.argv[1:4]
    iam = boto3.client("iam", endpoint_url=url, region_name="us-east-1",
                       aws_access_key_id="AKIDSEED", aws_secret_access_key="seed")
    user_arn = iam.create_user(UserName=user)["User"]["Arn"]
    key = iam.create_access_key(UserName=user)["AccessKey"]
    iam.put_user_policy(UserName=user, PolicyName="assume", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}))
    role_arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": user_arn}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    if "--auth" in sys.argv:
        request = urllib.request.Request(url + "/moto-api/reset-auth", data=b"0",
                                         headers={"Content-Type": "text/plain"}, method="POST")
        urllib.request.urlopen(request).read()
    for name, value in (("ACCESS_KEY", key["AccessKeyId"]), ("SECRET_KEY", key["SecretAccessKey"]),
                        ("ROLE_ARN", role_arn)):
        print(f"{name}={shlex.quote(value)}")


if __name__ == "__main__":
    main()
