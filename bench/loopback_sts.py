"""A loopback moto STS seeded with one user and one role it may assume (scripts/moto_seed.py),
for the benchmarks that need a cold AssumeRole."""
import contextlib
import os
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@contextlib.contextmanager
def loopback_sts():
    """Yields (url, values): values holds ACCESS_KEY, SECRET_KEY and ROLE_ARN."""
    port = subprocess.run([sys.executable, "-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); "
                           "print(s.getsockname()[1])"], capture_output=True, text=True).stdout.strip()
    moto = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", port],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/moto-api/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        seed = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "moto_seed.py"), url, "user1", "bench"],
                              capture_output=True, text=True, check=True).stdout
        yield url, dict(line.split("=", 1) for line in seed.split())
    finally:
        moto.terminate()


def role_home(directory, url, values, extra_config=""):
    """A HOME whose `bench` profile assumes the seeded role with user1's keys, and the
    environment that points rolesh (and botocore) at the loopback STS: (home, env)."""
    home = os.path.join(directory, "home")
    os.makedirs(os.path.join(home, ".aws"))
    with open(os.path.join(home, ".aws", "credentials"), "w") as f:
        f.write(f"[user1]\naws_access_key_id = {values['ACCESS_KEY']}\naws_secret_access_key = {values['SECRET_KEY']}\n")
    with open(os.path.join(home, ".aws", "config"), "w") as f:
        f.write(f"[profile bench]\nrole_arn = {values['ROLE_ARN']}\nsource_profile = user1\nregion = us-east-1\n" + extra_config)
    env = dict(os.environ, HOME=home, USER="bench", AWS_ENDPOINT_URL_STS=url, AWS_EC2_METADATA_DISABLED="true")
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        env.pop(name, None)
    return home, env
