"""A small OpenID Connect provider on 127.0.0.1, standing in for the province's 统一身份认证 in
the tests: discovery, /authorize (signs in whoever the test says is at the keyboard and
sends the browser straight back with a code), /token (checks the client, the redirect, PKCE,
and answers an RS256 id_token), /jwks and /userinfo. Real HTTP on a real port: the site's
client talks to it as it would to the province's.

`provider.account` is the account signed in at the provider (its claims, `sub` first);
`provider.tamper` changes what /token answers (a wrong nonce, audience, issuer or key) so
the tests can see the site refuse it."""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "gongkai-zhanjiang"
CLIENT_SECRET = "test-client-secret"


def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class Provider:
    def __init__(self):
        self.key = rsa_key()
        self.kid = "key-1"
        self.account = {"sub": "gd-0001", "name": "张三"}
        self.tamper = {}
        self.codes = {}  # code -> what /authorize was asked
        self.tokens = {}  # access token -> claims
        self.requests = []  # (method, path) of every request, for the tests
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def configuration(self):
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        }

    def jwks(self):
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def authorize(self, query):
        """Signs in `self.account` and answers the redirect back to the site with a code."""
        asked = {name: values[0] for name, values in parse_qs(query).items()}
        if asked.get("client_id") != CLIENT_ID or asked.get("response_type") != "code":
            return 400, {}, b"unknown client"
        back = asked["redirect_uri"]
        if self.tamper.get("deny"):
            return 302, {"Location": f"{back}?{urlencode(self.denied(asked))}"}, b""
        code = secrets.token_urlsafe(16)
        self.codes[code] = {**asked, "account": dict(self.account)}
        answer = {"code": code, "state": self.tamper.get("state", asked.get("state", ""))}
        return 302, {"Location": f"{back}?{urlencode(answer)}"}, b""

    def denied(self, asked):
        return {"error": "access_denied", "state": asked.get("state", "")}

    def token(self, form, authorization):
        client, secret = form.get("client_id"), form.get("client_secret")
        if authorization.startswith("Basic "):
            client, secret = base64.b64decode(authorization[6:]).decode().split(":", 1)
        if (client, secret) != (CLIENT_ID, CLIENT_SECRET):
            return 401, {"error": "invalid_client"}
        asked = self.codes.pop(form.get("code", ""), None)  # a code is used once
        if asked is None or asked["redirect_uri"] != form.get("redirect_uri"):
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        if challenge.rstrip(b"=").decode() != asked.get("code_challenge"):
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        access = secrets.token_urlsafe(16)
        self.tokens[access] = asked["account"]
        return 200, {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.id_token(asked),
        }

    def id_token(self, asked):
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "sub": asked["account"]["sub"],
            "iat": now,
            "exp": now + 300,
            "nonce": asked.get("nonce"),
        }
        claims.update(self.tamper.get("claims", {}))
        key = self.tamper.get("key", self.key)
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": self.kid})

    def handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def answer(self, status, body, headers=None, kind="application/json"):
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlparse(self.path)
                provider.requests.append(("GET", url.path))
                if url.path == "/.well-known/openid-configuration":
                    return self.answer(200, provider.configuration())
                if url.path == "/jwks":
                    return self.answer(200, provider.jwks())
                if url.path == "/authorize":
                    status, headers, body = provider.authorize(url.query)
                    return self.answer(status, body, headers, "text/plain")
                if url.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    if token not in provider.tokens:
                        return self.answer(401, {"error": "invalid_token"})
                    info = {**provider.tokens[token], **provider.tamper.get("userinfo", {})}
                    return self.answer(200, info)
                return self.answer(404, {"error": "not_found"})

            def do_POST(self):
                url = urlparse(self.path)
                provider.requests.append(("POST", url.path))
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if url.path != "/token":
                    return self.answer(404, {"error": "not_found"})
                status, body = provider.token(form, self.headers.get("Authorization", ""))
                return self.answer(status, body)

        return Handler
