"""Starting the test OpenID Connect provider (tests/oidc_provider.py) on loopback, and the
settings that point the product at it."""

import contextlib
import json
import subprocess
import sys
from pathlib import Path

PROVIDER = Path(__file__).with_name("oidc_provider.py")
CLIENT_ID, CLIENT_SECRET = "mentoring", "test-client-secret"


@contextlib.contextmanager
def oidc_provider(redirect_uri: str, people: dict):
    """Yield the provider's issuer URL while it runs."""
    process = subprocess.Popen(
        [sys.executable, str(PROVIDER), CLIENT_ID, CLIENT_SECRET, redirect_uri, json.dumps(people)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        if not line.startswith("ready "):
            process.kill()
            raise RuntimeError(
                f"The OpenID Connect provider did not start: {process.stderr.read()}"
            )
        yield line.split()[1]
    finally:
        process.terminate()
        process.wait(timeout=10)


def use_provider(settings, issuer: str, **overrides) -> None:
    from accounts import sso

    sso._discovery.cache_clear()
    settings.OIDC_DISCOVERY_URL = f"{issuer}/.well-known/openid-configuration"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    for name, value in overrides.items():
        setattr(settings, name, value)
