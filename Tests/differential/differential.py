#!/usr/bin/env python3
"""Differential test: rolesh's resolution plans against botocore's own credential chain.

Generates random `~/.aws/config` / `~/.aws/credentials` pairs that exercise every rule of
botocore's own rules (its INI dialect and quirks included), resolves an explicit profile with
botocore (introspecting the deferred credentials it returns: no network is used) and with
`rolesh explain PROFILE --json`, and requires identical decisions: the same steps, role ARNs,
cache file names and error class. IAM Identity Center cases (sso-session and legacy profiles,
missing and inconsistent keys, roles over SSO, `login_session`) compare start URL, SSO region,
account, role, session, token file and role-credential cache file too.

rolesh's MFA-session steps (GetSessionToken between a role with `mfa_serial` and its
long-term keys) have no botocore counterpart: each is checked to stand where the rule puts it,
then left out of the comparison.

One deliberate difference is applied to botocore before comparing (design: issue 2):
botocore accepts `[profiles x]` / `[profileX x]` as profile `x` (it only checks the header
*starts with* "profile"); rolesh requires the first word to be exactly `profile`.

Usage: differential.py ROLESH_BINARY [--count N] [--seed S] [--keep DIR] [--verbose]
Prints `N passed, N failed`; exit status 1 on any disagreement.
"""
import argparse
import hashlib
import json
import os
import random
import shlex
import shutil
import subprocess
import sys
import tempfile

import botocore.configloader
import botocore.exceptions as bexc
import botocore.session

# --- the documented deviation ---------------------------------------------------------------

_original_build_profile_map = botocore.configloader.build_profile_map


def _strict_build_profile_map(parsed_ini_config):
    """botocore's build_profile_map, but `[profiles x]` is a plain section, as in rolesh."""
    filtered = {}
    for key, values in parsed_ini_config.items():
        for prefix in ("profile", "sso-session", "services"):
            if key.startswith(prefix):
                try:
                    parts = shlex.split(key)
                except ValueError:
                    break
                if len(parts) == 2 and parts[0] != prefix:
                    key = "\x00plain " + key  # no longer starts with the prefix
                break
        filtered[key] = values
    return _original_build_profile_map(filtered)


botocore.configloader.build_profile_map = _strict_build_profile_map

# --- random inputs ---------------------------------------------------------------------------

NAMES = ["default", "a", "b", "c", "dev", "prod", "base", "x y", "prød", "self", "Ops", "it's", 'q"x', "back\\slash",
         "#hash", "semi;colon", "é\u00a0nbsp", "🙂"]
ROLE_ARNS = [
    "arn:aws:iam::123456789012:role/Admin",
    "arn:aws:iam::210987654321:role/B",
    "arn:aws:iam::123456789012:role/path/to/Deploy",
    "arn:aws-cn:iam::123456789012:role/ÄÖ",
    "",
    "arn:aws:iam::123456789012:role/Admin # not a comment",
    '"arn:aws:iam::123456789012:role/Quoted"',
]
SESSION_NAMES = ["alice", "", "bob@example.com", "ci-run", "naïve", "a\\b", 'q"x', "🙂"]
DURATIONS = ["3600", "1h", "3_600", " 900 ", "+1000", "-5", "3600.0", "", "٣٦٠٠", "0900", "1__0", "_1", "99999999999999999999"]
SOURCES = ["Environment", "environment", "Ec2InstanceMetadata", "EcsContainer", "SharedConfig", ""]


def rand_value(rng, key, names, proc_path, token_path):
    if key == "role_arn":
        return rng.choice(ROLE_ARNS)
    if key == "source_profile":
        return rng.choice(names + ["ghost"])
    if key == "credential_source":
        return rng.choice(SOURCES)
    if key in ("aws_access_key_id",):
        return rng.choice(["AKIDEXAMPLE", "AKID # c", ""])
    if key in ("aws_secret_access_key", "aws_session_token"):
        return rng.choice(["secret", "s;x", ""])
    if key == "web_identity_token_file":
        return rng.choice([token_path, "", "~/token"])
    if key == "role_session_name":
        return rng.choice(SESSION_NAMES)
    if key == "external_id":
        return rng.choice(["ext-1", "", "é/ü", 'a"b'])
    if key == "mfa_serial":
        return rng.choice(["arn:aws:iam::123456789012:mfa/alice", "arn:aws:iam::111111111111:mfa/bob", ""])
    if key == "duration_seconds":
        return rng.choice(DURATIONS)
    if key == "credential_process":
        return rng.choice([shlex.quote(proc_path), shlex.quote(proc_path) + " --flag", "", "'unbalanced"])
    if key == "region":
        return rng.choice(["us-east-1", "eu-west-1", "cn-north-1"])
    return rng.choice(["json", "text", "x=y"])


ROLE_KEYS = ["role_arn", "source_profile", "credential_source", "mfa_serial", "external_id",
             "role_session_name", "duration_seconds"]
OTHER_KEYS = ["aws_access_key_id", "aws_secret_access_key", "aws_session_token", "web_identity_token_file",
              "credential_process", "region", "output"]


def rand_profile_keys(rng, names, proc_path, token_path):
    keys = {}
    kind = rng.random()
    if kind < 0.5:
        keys["role_arn"] = rand_value(rng, "role_arn", names, proc_path, token_path)
        r = rng.random()
        if r < 0.72:
            keys["source_profile"] = rand_value(rng, "source_profile", names, proc_path, token_path)
        elif r < 0.9:
            keys["credential_source"] = rand_value(rng, "credential_source", names, proc_path, token_path)
        elif r < 0.95:
            keys["source_profile"] = rand_value(rng, "source_profile", names, proc_path, token_path)
            keys["credential_source"] = "Environment"
        for k in ["mfa_serial", "external_id", "role_session_name", "duration_seconds"]:
            if rng.random() < 0.25:
                keys[k] = rand_value(rng, k, names, proc_path, token_path)
        static_chance = 0.2
    else:
        static_chance = 0.75
    if rng.random() < static_chance:
        keys["aws_access_key_id"] = rand_value(rng, "aws_access_key_id", names, proc_path, token_path)
        if rng.random() < 0.9:
            keys["aws_secret_access_key"] = "secret"
        if rng.random() < 0.2:
            keys["aws_session_token"] = "token"
    elif rng.random() < 0.05:
        keys["aws_secret_access_key"] = "secret"
    if rng.random() < 0.1:
        keys["web_identity_token_file"] = rand_value(rng, "web_identity_token_file", names, proc_path, token_path)
        if "role_arn" not in keys and rng.random() < 0.7:
            keys["role_arn"] = rng.choice(ROLE_ARNS)
        if rng.random() < 0.3:
            keys["role_session_name"] = rng.choice(SESSION_NAMES)
    if rng.random() < 0.1:
        keys["credential_process"] = rand_value(rng, "credential_process", names, proc_path, token_path)
    if rng.random() < 0.4:
        keys["region"] = rand_value(rng, "region", names, proc_path, token_path)
    return keys


def header_for(rng, name, in_config):
    if not in_config:
        return f"[{name}]"
    if name == "default" and rng.random() < 0.6:
        return rng.choice(["[default]", "[default] # c", "  [default]"])
    quoted = shlex.quote(name) if " " in name or rng.random() < 0.2 else name
    forms = [f"[profile {quoted}]", f"[profile   {quoted}  ]", f"[profile\t{quoted}]", f'[profile "{name}"]',
             f"[profile {quoted}] ; trailing"]
    if rng.random() < 0.04:
        forms = [f"[profiles {quoted}]", f"[profileX {quoted}]", f"[Profile {quoted}]", f"[profile {name} extra]"]
    return rng.choice(forms)


def key_line(rng, key, value):
    k = key
    if rng.random() < 0.04:
        k = key.upper() if rng.random() < 0.5 else key.title()
    delim = rng.choice(["=", " = ", "=", " = ", ": ", "\t=\t"]) if rng.random() < 0.95 else ":"
    trailing = rng.choice(["", "", "", " ", "\t"])
    return f"{k}{delim}{value}{trailing}"


def render_section(rng, header, keys, nested_ok=True):
    lines = [header]
    items = list(keys.items())
    rng.shuffle(items)
    for key, value in items:
        if rng.random() < 0.05:
            lines.append(rng.choice(["# comment", "; comment", "   # indented comment", ""]))
        lines.append(key_line(rng, key, value))
        r = rng.random()
        if r < 0.02:
            # the trap: an indented key after a key continues its value
            lines.append("  output = json")
        elif r < 0.03:
            lines.append("    continued")
    if nested_ok and rng.random() < 0.1:
        lines.append("s3 =")
        lines.append("  max_concurrent_requests = 20")
        if rng.random() < 0.3:
            lines.append("  # nested comment")
        lines.append("  addressing_style = path")
    if rng.random() < 0.003:
        lines.append("role_arn =")
        lines.append("  arn:aws:iam::123456789012:role/NextLine")  # parse error: no '=' in a nested block
    return lines


def generate_case(rng, workdir):
    proc_path = os.path.join(workdir, "proc.sh")
    token_path = os.path.join(workdir, "token")
    names = rng.sample(NAMES, rng.randint(2, 6))
    config_lines, cred_lines = [], []
    if rng.random() < 0.08:
        config_lines += ["[DEFAULT]", key_line(rng, rng.choice(["source_profile", "region", "role_session_name"]),
                                               rng.choice(names + ["us-east-1"]))]
    for name in names:
        keys = rand_profile_keys(rng, names, proc_path, token_path)
        config_keys, cred_keys = {}, {}
        keys_in_credentials = rng.random() < 0.6
        for k, v in keys.items():
            where = rng.random()
            if k.startswith("aws_") and rng.random() < 0.85:
                (cred_keys if keys_in_credentials else config_keys)[k] = v
                continue
            if k.startswith("aws_") and where < 0.6:
                cred_keys[k] = v
            elif where < 0.12:
                cred_keys[k] = v
            elif where < 0.16:
                cred_keys[k] = v
                config_keys[k] = rand_value(rng, k, names, proc_path, token_path)
            else:
                config_keys[k] = v
        if config_keys or rng.random() < 0.7:
            config_lines += render_section(rng, header_for(rng, name, True), config_keys)
        if cred_keys:
            cred_lines += render_section(rng, header_for(rng, name, False), cred_keys, nested_ok=False)
        if rng.random() < 0.01:
            config_lines += render_section(rng, f"[profile {shlex.quote(name)}]", {"region": "us-west-2"})
    # whole-file hazards
    r = rng.random()
    if r < 0.02:
        config_lines.insert(0, "region = us-east-1")  # key before any section
    elif r < 0.04 and config_lines:
        config_lines.append(config_lines[-1] if "=" in config_lines[-1] else "region=x")  # maybe duplicate key
    elif r < 0.05:
        config_lines.append("[]")
    elif r < 0.06:
        config_lines.append("just text")
    config_text = "\n".join(config_lines) + "\n"
    cred_text = "\n".join(cred_lines) + ("\n" if cred_lines else "")
    if rng.random() < 0.1:
        config_text = config_text.replace("\n", "\r\n")
    config_bytes = config_text.encode("utf-8")
    if rng.random() < 0.01:
        config_bytes = b"\xef\xbb\xbf" + config_bytes
    elif rng.random() < 0.01:
        config_bytes = config_bytes + b"\n# \xff\xfe\n"
    env = {}
    explicit = rng.random() < 0.85
    if explicit and rng.random() < 0.3:
        env["AWS_ACCESS_KEY_ID"] = "AKIDENV"
        if rng.random() < 0.8:
            env["AWS_SECRET_ACCESS_KEY"] = "s"
    if rng.random() < 0.1:
        env["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/Web"
        env["AWS_WEB_IDENTITY_TOKEN_FILE"] = token_path
    profile = rng.choice(names + ["ghost"] if rng.random() < 0.05 else names)
    if not explicit:
        # Selected through AWS_PROFILE: the web-identity variables now apply (spec T28). rolesh
        # leaves environment keys out of the chain on purpose, so none are set here.
        env["AWS_PROFILE"] = profile
        profile = None
    return config_bytes, cred_text.encode("utf-8"), env, profile


# --- line soup: the INI dialect's corners, with credential keys mixed in -----------------------

SPACES = [" ", "\t", "", "  ", "\u00a0", "\x0b", "\x0c", "\u2003", "\x1c"]


def chaos_line(rng, names, proc_path, token_path):
    sp = lambda: rng.choice(SPACES)  # noqa: E731
    r = rng.random()
    name = rng.choice(names)
    if r < 0.18:
        return rng.choice([
            f"[profile {name}]", f"[profile{sp()}{shlex.quote(name)}{sp()}]", f"[{name}]", "[default]",
            f"{sp()}[profile {name}]", f"[profile {name}] # x", "[DEFAULT]", f"[profile '{name}']",
            f"[profile \"{name}]", f"[profile {name}]]", "[]", "[ default ]", f"[sso-session {name}]",
            f"[services {name}]", f"[profile {name}\\]", "[default]]", f"[profiles {name}]"])
    if r < 0.28:
        return rng.choice(["", "# c", "; c", f"{sp()}# indented", f"{sp()};x", "   "])
    if r < 0.38:
        return sp() + rng.choice(["continued", "k = v", "source_profile = " + name, "=x", "x:y", "# not a comment"])
    key = rng.choice(ROLE_KEYS + OTHER_KEYS + ["s3", "ROLE_ARN", "Source_Profile"])
    value = rand_value(rng, key.lower(), names, proc_path, token_path)
    delim = rng.choice(["=", ":", " = ", "\t:\t", f"{sp()}={sp()}"])
    if rng.random() < 0.03:
        return key  # no delimiter
    return f"{sp() if rng.random() < 0.1 else ''}{key}{delim}{value}{sp() if rng.random() < 0.2 else ''}"


def generate_chaos_case(rng, workdir):
    proc_path = os.path.join(workdir, "proc.sh")
    token_path = os.path.join(workdir, "token")
    names = rng.sample(NAMES, rng.randint(1, 4))
    def soup(count):
        lines = [f"[profile {rng.choice(names)}]"] if rng.random() < 0.9 else []
        lines += [chaos_line(rng, names, proc_path, token_path) for _ in range(count)]
        return "\n".join(lines) + "\n"
    config = soup(rng.randint(2, 14))
    creds = soup(rng.randint(0, 8)).replace("[profile ", "[") if rng.random() < 0.6 else ""
    if rng.random() < 0.2:
        config = config.replace("\n", rng.choice(["\r\n", "\r"]))
    env = {}
    if rng.random() < 0.3:
        env["AWS_ACCESS_KEY_ID"] = "AKIDENV"
        env["AWS_SECRET_ACCESS_KEY"] = "s"
    return config.encode("utf-8"), creds.encode("utf-8"), env, rng.choice(names)


# --- IAM Identity Center: sso-session, legacy and role-over-SSO profiles -----------------------

SSO_SESSIONS = ["corp", "dev", "x y", "é"]
START_URLS = ["https://corp.awsapps.com/start", "https://dev.awsapps.com/start/", "https://d-12345.awsapps.com/start#/",
              "https://corp.awsapps.com/start # not a comment"]
SSO_REGIONS = ["us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1"]
ACCOUNTS = ["123456789012", "210987654321", "000000000000", "12345"]
SSO_ROLES = ["Admin", "ReadOnly", "Power User", "é/ü", 'q"x']


def sso_value(rng, key, sessions):
    if key == "sso_session":
        return rng.choice(sessions) if sessions and rng.random() < 0.92 else rng.choice(["ghost", ""])
    if key == "sso_start_url":
        return rng.choice(START_URLS)
    if key == "sso_region":
        return rng.choice(SSO_REGIONS)
    if key == "sso_account_id":
        return rng.choice(ACCOUNTS)
    if key == "sso_role_name":
        return rng.choice(SSO_ROLES)
    if key == "sso_registration_scopes":
        return rng.choice(["sso:account:access", "a, b,,c", ""])
    return rng.choice(["us-east-1", "eu-west-1"])


def generate_sso_case(rng, workdir):
    """sso-session and legacy SSO profiles with keys missing, duplicated (consistently or not)
    and misplaced, roles sourcing from them, and the providers that share a profile with them."""
    names = rng.sample(NAMES, rng.randint(2, 6))
    sessions = rng.sample(SSO_SESSIONS, rng.randint(0, 3))
    config_lines, cred_lines = [], []
    for session in sessions:
        keys = {}
        for key, chance in (("sso_start_url", 0.93), ("sso_region", 0.93), ("sso_registration_scopes", 0.4)):
            if rng.random() < chance:
                keys[key] = sso_value(rng, key, sessions)
        if rng.random() < 0.1:
            key = rng.choice(["sso_account_id", "sso_role_name", "region"])
            keys[key] = sso_value(rng, key, sessions)
        header = f"[sso-session {shlex.quote(session) if ' ' in session or rng.random() < 0.2 else session}]"
        config_lines += render_section(rng, header, keys, nested_ok=False)
    sso_like = []
    for name in names:
        keys = {}
        kind = rng.random()
        if kind < 0.35:
            keys["sso_session"] = sso_value(rng, "sso_session", sessions)
            for key in ("sso_account_id", "sso_role_name"):
                if rng.random() < 0.93:
                    keys[key] = sso_value(rng, key, sessions)
            if rng.random() < 0.2:  # duplicated session keys: equal or not
                key = rng.choice(["sso_start_url", "sso_region", "sso_registration_scopes"])
                keys[key] = sso_value(rng, key, sessions)
            sso_like.append(name)
        elif kind < 0.6:
            for key in ("sso_start_url", "sso_region", "sso_account_id", "sso_role_name"):
                if rng.random() < 0.9:
                    keys[key] = sso_value(rng, key, sessions)
            sso_like.append(name)
        elif kind < 0.85:
            keys["role_arn"] = rng.choice(ROLE_ARNS[:3])
            # Mostly an SSO profile (given before this one or not), sometimes anything.
            keys["source_profile"] = rng.choice(sso_like if sso_like and rng.random() < 0.7 else names + ["ghost"])
            if rng.random() < 0.05:
                keys["sso_account_id"] = sso_value(rng, "sso_account_id", sessions)
        elif kind < 0.93:
            # Providers after SSO in botocore's order: SSO keys win over them.
            keys.update({"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "secret"} if rng.random() < 0.5
                        else {"credential_process": shlex.quote(os.path.join(workdir, "proc.sh"))})
            if rng.random() < 0.6:
                keys["sso_role_name"] = sso_value(rng, "sso_role_name", sessions)
        else:
            keys["login_session"] = "arn:aws:iam::123456789012:user/alice"
            if rng.random() < 0.4:
                keys["sso_account_id"] = sso_value(rng, "sso_account_id", sessions)
        if rng.random() < 0.3:
            keys["region"] = sso_value(rng, "region", sessions)
        config_keys, cred_keys = {}, {}
        for key, value in keys.items():
            (cred_keys if (key.startswith("aws_") or rng.random() < 0.04) else config_keys)[key] = value
        config_lines += render_section(rng, header_for(rng, name, True), config_keys, nested_ok=False)
        if cred_keys:
            cred_lines += render_section(rng, header_for(rng, name, False), cred_keys, nested_ok=False)
    config_bytes = ("\n".join(config_lines) + "\n").encode("utf-8")
    cred_bytes = ("\n".join(cred_lines) + "\n").encode("utf-8") if cred_lines else b""
    profile = rng.choice(names)
    return config_bytes, cred_bytes, {}, profile


def sso_token_file(start_url, session_name):
    """botocore's SSOTokenLoader key: the sha1 of the session name, else of the start URL."""
    return hashlib.sha1((session_name or start_url).encode("utf-8")).hexdigest() + ".json"


# --- botocore as the oracle ------------------------------------------------------------------

def fetcher_of(creds):
    refresh = creds._refresh_using
    if hasattr(refresh, "__self__"):
        return refresh.__self__
    return refresh._refresh.__self__  # the MFA wrapper


def steps_of(creds):
    method = creds.method
    if method == "assume-role":
        fetcher = fetcher_of(creds)
        return steps_of(fetcher._source_credentials) + [
            {"kind": "assume-role", "role_arn": fetcher._role_arn, "cache_file": fetcher._cache_key + ".json"}]
    if method == "assume-role-with-web-identity":
        fetcher = fetcher_of(creds)
        return [{"kind": "web-identity", "role_arn": fetcher._role_arn, "cache_file": fetcher._cache_key + ".json",
                 "token_file": fetcher._web_identity_token_loader._web_identity_token_path}]
    if method == "shared-credentials-file":
        return [{"kind": "static", "origin": "credentials-file"}]
    if method == "config-file":
        return [{"kind": "static", "origin": "config-file"}]
    if method == "custom-process":
        return [{"kind": "credential-process"}]
    if method == "env":
        return [{"kind": "credential-source", "source": "Environment"}]
    if method == "sso":
        fetcher = fetcher_of(creds)
        fields = (fetcher._start_url, fetcher._sso_region, fetcher._account_id, fetcher._role_name)
        if any(isinstance(field, dict) for field in fields):
            # A nested block where a value belongs: botocore carries the dict on; rolesh refuses it.
            raise TypeError("nested SSO value")
        return [{"kind": "sso", "cache_file": fetcher._create_cache_key() + ".json", "start_url": fetcher._start_url,
                 "sso_region": fetcher._sso_region, "account_id": fetcher._account_id, "role_name": fetcher._role_name,
                 "sso_session": fetcher._sso_session_name,
                 "token_file": sso_token_file(fetcher._start_url, fetcher._sso_session_name)}]
    return [{"kind": "unknown:" + str(method)}]


def error_code(exc):
    text = str(exc)
    if isinstance(exc, bexc.ProfileNotFound):
        return "profile-not-found"
    if isinstance(exc, bexc.ConfigParseError):
        return "config-parse"
    if isinstance(exc, bexc.InfiniteLoopConfigError):
        return "infinite-loop"
    if isinstance(exc, bexc.PartialCredentialsError):
        return "no-source" if "assume-role" in text else "partial-credentials"
    if isinstance(exc, bexc.MissingDependencyException) and "login credential provider" in text:
        return "login-session-unsupported"
    if isinstance(exc, bexc.InvalidConfigError):
        # SSO's errors first: "sso-session does not exist" is not a missing source profile.
        if "is configured to use SSO but is missing required configuration: " in text:
            return "sso-missing-config: " + text.split("missing required configuration: ", 1)[1]
        if "The specified sso-session does not exist" in text:
            return "sso-session-missing"
        if "is inconsistent between profile" in text:
            return "sso-inconsistent: " + text.split("The value for ", 1)[1].split(" ", 1)[0]
        if "contains both" in text:
            return "both-sources"
        if "is not valid" in text:
            return "invalid-credential-source"
        if "does not exist" in text:
            return "source-profile-missing"
        if "must have credentials" in text:
            return "source-without-credentials"
        if "web identity" in text:
            return "web-identity-no-role"
    if isinstance(exc, bexc.CredentialRetrievalError) and "No credentials found in credential_source" in text:
        return "no-credentials"
    if isinstance(exc, (IndexError, ValueError, AttributeError, TypeError)) and exc.__traceback__ and any(
            "credentials.py" in frame.filename and frame.name == "_retrieve_credentials_using"
            for frame in __import__("traceback").extract_tb(exc.__traceback__)):
        # botocore crashes on an empty, unsplittable or nested credential_process; rolesh reports it.
        return "no-credentials"
    if isinstance(exc, TypeError) and exc.__traceback__ and any(
            frame.name in ("_get_role_config", "_validate_source_profile", "_resolve_sso_session_reference", "steps_of")
            for frame in __import__("traceback").extract_tb(exc.__traceback__)):
        # A nested block as duration_seconds or source_profile: botocore crashes, rolesh
        # reports a malformed configuration.
        return "config-parse"
    return "python:" + type(exc).__name__ + ": " + text


def botocore_decision(home, env, profile):
    saved = dict(os.environ)
    try:
        for k in list(os.environ):
            if k.startswith("AWS_") or k in ("BOTO_CONFIG",):
                del os.environ[k]
        os.environ["HOME"] = home
        os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
        os.environ["BOTO_CONFIG"] = os.path.join(home, "no-boto")
        os.environ.update(env)
        try:
            session = botocore.session.Session(profile=profile)
            creds = session.get_credentials()
        except Exception as exc:  # noqa: BLE001 - every exception is a decision to compare
            return {"error": error_code(exc)}
        if creds is None:
            return {"error": "no-credentials"}
        try:
            return {"steps": steps_of(creds)}
        except TypeError as exc:
            return {"error": error_code(exc)}
    finally:
        os.environ.clear()
        os.environ.update(saved)


MFA_SESSION_STEPS = [0]


def rolesh_decision(binary, home, env, profile):
    run_env = {"HOME": home, "PATH": os.environ.get("PATH", ""), "AWS_EC2_METADATA_DISABLED": "true",
               "USER": "tester"}
    run_env.update(env)
    argv = [binary, "explain"] + ([profile] if profile is not None else []) + ["--json"]
    proc = subprocess.run(argv, env=run_env, capture_output=True, timeout=20)
    try:
        data = json.loads(proc.stdout.decode("utf-8"))
    except ValueError:
        return {"error": f"rolesh-crash rc={proc.returncode} stderr={proc.stderr[-300:]!r}"}
    if "error" in data:
        if proc.returncode != 78:
            return {"error": f"rolesh exit {proc.returncode} for {data['error']['code']}"}
        code = data["error"]["code"]
        message = data["error"]["message"]
        if code == "sso-missing-config":
            code += ": " + message.split("missing required configuration: ", 1)[-1]
        elif code == "sso-inconsistent":
            code += ": " + message.split("The value for ", 1)[-1].split(" ", 1)[0]
        return {"error": code}
    if proc.returncode != 0:
        return {"error": f"rolesh exit {proc.returncode} with a plan"}
    steps = []
    raw = data["steps"]
    for index, step in enumerate(raw):
        if step["kind"] == "mfa-session":
            # rolesh's MFA session (issue 11) sits between a role with mfa_serial and its
            # long-term keys; botocore has no such step. Check the rule, then compare the rest.
            before, after = raw[index - 1] if index else {}, raw[index + 1] if index + 1 < len(raw) else {}
            if not (before.get("kind") == "static" and after.get("kind") == "assume-role"
                    and after.get("mfa_serial") == step["mfa_serial"]
                    and (after.get("duration_seconds") is None or int(after["duration_seconds"]) <= 3600)):
                return {"error": f"mfa-session step out of place: {raw}"}
            MFA_SESSION_STEPS[0] += 1
            continue
        kept = {"kind": step["kind"]}
        for key in ("role_arn", "cache_file", "origin", "source", "token_file", "start_url", "sso_region", "account_id",
                    "role_name", "sso_session"):
            if key in step:
                kept[key] = step[key]
        if step["kind"] == "credential-source" and step["source"] != "Environment":
            kept = {"kind": "unknown:network-source"}
        steps.append(kept)
    return {"steps": steps}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--keep", help="write failing cases under this directory")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--mode", choices=["profiles", "chaos", "sso", "both"], default="both",
                        help="both: profiles, chaos and SSO cases in turn")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    workdir = tempfile.mkdtemp(prefix="rolesh-diff-")
    proc_path = os.path.join(workdir, "proc.sh")
    with open(proc_path, "w") as f:
        f.write('#!/bin/sh\necho \'{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "s"}\'\n')
    os.chmod(proc_path, 0o755)
    with open(os.path.join(workdir, "token"), "w") as f:
        f.write("token")
    passed = failed = 0
    outcomes = {}
    try:
        for index in range(args.count):
            generate = {"profiles": generate_case, "chaos": generate_chaos_case, "sso": generate_sso_case}.get(args.mode)
            if generate is None:  # both: two profile cases, one chaos case, one SSO case in turn
                generate = [generate_case, generate_case, generate_chaos_case, generate_sso_case][index % 4]
            config, creds, env, profile = generate(rng, workdir)
            home = os.path.join(workdir, "home")
            shutil.rmtree(home, ignore_errors=True)
            os.makedirs(os.path.join(home, ".aws"))
            with open(os.path.join(home, ".aws", "config"), "wb") as f:
                f.write(config)
            if creds:
                with open(os.path.join(home, ".aws", "credentials"), "wb") as f:
                    f.write(creds)
            expected = botocore_decision(home, env, profile)
            actual = rolesh_decision(args.binary, home, env, profile)
            label = expected.get("error") or "+".join(s["kind"] for s in expected["steps"])
            outcomes[label] = outcomes.get(label, 0) + 1
            if expected == actual:
                passed += 1
            else:
                failed += 1
                print(f"case {index} (seed {args.seed}) profile {profile!r} env {env}")
                print(f"  botocore: {expected}\n  rolesh:   {actual}")
                if args.verbose:
                    print("  config:\n" + config.decode("utf-8", "replace"))
                    print("  credentials:\n" + creds.decode("utf-8", "replace"))
                if args.keep:
                    case_dir = os.path.join(args.keep, f"case-{args.seed}-{index}")
                    shutil.copytree(home, case_dir, dirs_exist_ok=True)
                    with open(os.path.join(case_dir, "case.json"), "w") as f:
                        json.dump({"profile": profile, "env": env, "botocore": expected, "rolesh": actual}, f)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print("outcomes: " + ", ".join(f"{k}={v}" for k, v in sorted(outcomes.items(), key=lambda kv: -kv[1])))
    print(f"MFA-session steps checked in place: {MFA_SESSION_STEPS[0]}")
    print(f"differential: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
