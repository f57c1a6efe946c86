"""A real OpenID Connect provider for the tests, on loopback: Authlib's server side behind
Flask, with one client, a login page and people given on the command line. It signs ID
tokens with an RSA key it makes at start, publishes them in its JWKS, and refuses an
authorization request without PKCE (S256) or a nonce, as a strict company provider would.

    python tests/oidc_provider.py CLIENT_ID CLIENT_SECRET REDIRECT_URI PEOPLE_JSON

prints `ready http://127.0.0.1:PORT` once it listens. PEOPLE_JSON maps a login name to
{"password", "email", "email_verified", "given_name", "family_name", "groups"}.
"""

import json
import os
import secrets
import sys
import time
from dataclasses import dataclass, field

os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain HTTP, on loopback only

from authlib.integrations.flask_oauth2 import AuthorizationServer  # noqa: E402
from authlib.oauth2.rfc6749 import ClientMixin, grants  # noqa: E402
from authlib.oauth2.rfc7636 import CodeChallenge  # noqa: E402
from authlib.oidc.core import UserInfo  # noqa: E402
from authlib.oidc.core.grants import OpenIDCode  # noqa: E402
from flask import Flask, jsonify, request  # noqa: E402
from joserfc.jwk import KeySet, RSAKey  # noqa: E402
from markupsafe import escape  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, PEOPLE = (
    sys.argv[1],
    sys.argv[2],
    sys.argv[3],
    json.loads(sys.argv[4]),
)
KEY = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"})
codes: dict[str, "Code"] = {}
tokens: dict[str, str] = {}  # access token -> login name
nonces: set[str] = set()


class Client(ClientMixin):
    id_token_signed_response_alg = "RS256"

    def get_client_id(self):
        return CLIENT_ID

    def get_default_redirect_uri(self):
        return REDIRECT_URI

    def get_allowed_scope(self, scope):
        return " ".join(s for s in scope.split() if s in ("openid", "email", "profile"))

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri == REDIRECT_URI

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(client_secret, CLIENT_SECRET)

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


@dataclass
class Code:
    code: str
    user: str
    redirect_uri: str
    scope: str
    nonce: str
    code_challenge: str
    code_challenge_method: str
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return None

    def get_amr(self):
        return None

    def is_expired(self):
        return time.time() - self.auth_time > 300


def user_info(login: str, scope: str) -> UserInfo:
    person = PEOPLE[login]
    info = UserInfo(sub=login)
    if "email" in scope:
        info["email"] = person["email"]
        info["email_verified"] = person.get("email_verified", True)
    if "profile" in scope:
        info["given_name"] = person.get("given_name", "")
        info["family_name"] = person.get("family_name", "")
    info["groups"] = person.get("groups", [])
    return info


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def save_authorization_code(self, code, request):
        data = request.payload.data
        nonces.add(data.get("nonce", ""))
        codes[code] = Code(
            code=code,
            user=request.user,
            redirect_uri=request.payload.redirect_uri,
            scope=request.payload.scope,
            nonce=data.get("nonce", ""),
            code_challenge=data.get("code_challenge", ""),
            code_challenge_method=data.get("code_challenge_method", ""),
        )

    def query_authorization_code(self, code, client):
        found = codes.get(code)
        return found if found and not found.is_expired() else None

    def delete_authorization_code(self, authorization_code):
        codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code):
        return authorization_code.user


class OpenIDConnect(OpenIDCode):
    def resolve_client_private_key(self, client):
        return KEY

    def get_client_claims(self, client):
        return {"iss": ISSUER, "aud": [CLIENT_ID]}

    def get_encode_header(self, client):
        return {"alg": "RS256", "kid": KEY.kid}

    def exists_nonce(self, nonce, request):
        return nonce in nonces  # a code was issued with it already: a replay

    def generate_user_info(self, user, scope):
        return user_info(user, scope)


app = Flask(__name__)
server = AuthorizationServer(
    app,
    query_client=lambda client_id: Client() if client_id == CLIENT_ID else None,
    save_token=lambda token, request: tokens.__setitem__(token["access_token"], request.user),
)
server.register_grant(
    AuthorizationCodeGrant, [OpenIDConnect(require_nonce=True), CodeChallenge(required=True)]
)
ISSUER = ""

LOGIN_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Company sign-in</title></head><body><main><h1>Company sign-in</h1>{error}
<form method="post"><label for="login">User name</label> <input id="login" name="login">
<label for="password">Password</label> <input id="password" name="password" type="password">
<button type="submit">Sign in</button></form></main></body></html>"""


@app.route("/.well-known/openid-configuration")
def discovery():
    return jsonify(
        issuer=ISSUER,
        authorization_endpoint=f"{ISSUER}/authorize",
        token_endpoint=f"{ISSUER}/token",
        userinfo_endpoint=f"{ISSUER}/userinfo",
        jwks_uri=f"{ISSUER}/jwks",
        response_types_supported=["code"],
        subject_types_supported=["public"],
        id_token_signing_alg_values_supported=["RS256"],
        code_challenge_methods_supported=["S256"],
        scopes_supported=["openid", "email", "profile"],
    )


@app.route("/jwks")
def jwks():
    return jsonify(KeySet([KEY]).as_dict(private=False))


@app.route("/authorize", methods=["GET", "POST"])
def authorize():
    if request.args.get("code_challenge_method") != "S256" or not request.args.get("nonce"):
        return "PKCE (S256) and a nonce are required.", 400
    if request.method == "GET":
        server.get_consent_grant(end_user=None)  # refuses a bad client or redirect first
        return LOGIN_PAGE.format(error="")
    login = request.form.get("login", "")
    person = PEOPLE.get(login)
    if person is None or not secrets.compare_digest(
        request.form.get("password", ""), person["password"]
    ):
        return LOGIN_PAGE.format(error=f"<p role='alert'>Wrong password for {escape(login)}.</p>")
    return server.create_authorization_response(grant_user=login)


@app.route("/token", methods=["POST"])
def token():
    return server.create_token_response()


@app.route("/userinfo")
def userinfo():
    access_token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    login = tokens.get(access_token)
    if login is None:
        return jsonify(error="invalid_token"), 401
    return jsonify(dict(user_info(login, "openid email profile")))


if __name__ == "__main__":
    listening = make_server("127.0.0.1", 0, app, threaded=True)
    ISSUER = f"http://127.0.0.1:{listening.server_port}"
    print(f"ready {ISSUER}", flush=True)
    listening.serve_forever()
