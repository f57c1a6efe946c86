"""Starting a test OpenID Connect provider on loopback, and the settings that point the
product at it: Authlib's (tests/oidc_provider.py), or the certified Node.js oidc-provider
(tests/oidc_provider_node/, installed by `make test` with npm)."""

import contextlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

PROVIDER = Path(__file__).with_name("oidc_provider.py")
CERTIFIED = Path(__file__).with_name("oidc_provider_node")
CLIENT_ID, CLIENT_SECRET = "mentoring", "test-client-secret"


def certified_provider_command() -> list[str]:
    """node and the provider's script; a clear failure if `make test` did not install them."""
    node = shutil.which("node")
    if node is None or not (CERTIFIED / "node_modules" / "oidc-provider").is_dir():
        raise RuntimeError(
            "The certified OpenID Connect provider is not installed: run `make oidc-provider` "
            "(Node.js and `npm ci` in tests/oidc_provider_node; `make test` does it)."
        )
    return [node, str(CERTIFIED / "provider.mjs")]


@contextlib.contextmanager
def oidc_provider(redirect_uri: str, people: dict, *, certified: bool = False, audience=""):
    """Yield the provider's issuer URL while it runs. `certified`: panva's oidc-provider,
    which issues its ID tokens to `audience` instead of the client when one is given."""
    command = certified_provider_command() if certified else [sys.executable, str(PROVIDER)]
    extra = [audience] if audience else []
    process = subprocess.Popen(
        [*command, CLIENT_ID, CLIENT_SECRET, redirect_uri, json.dumps(people), *extra],
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
