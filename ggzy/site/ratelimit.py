"""Rate limits for the API with flask-limiter, and the API keys that raise them.

Anonymous clients get ``RATELIMIT_ANONYMOUS`` per IP address; a client presenting a key
(``Authorization: Bearer <key>`` or ``X-API-Key: <key>``) gets ``RATELIMIT_KEYED`` per key. Keys live in
``API_KEYS_FILE`` as SHA-256 hashes, one per line with the key's name (``ggzy api-key new NAME`` adds one);
the file is re-read when it changes. The counters live in ``RATELIMIT_STORAGE_URI``: memory by default, a
``redis://`` URL when several processes serve the API. A breach is a 429 problem with ``Retry-After``.
"""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, g, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address

from ggzy.site.api_errors import UnknownApiKey
from ggzy.site.problems import problem

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ApiClient:
    """Who is calling: a named key holder, or an anonymous IP address."""

    key_name: str | None
    address: str
    key_hash: str | None = None

    @property
    def rate_key(self) -> str:
        return f"key:{self.key_hash[:16]}" if self.key_hash else f"ip:{self.address}"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key(path: str | Path, name: str) -> str:
    """A new random key; its hash and ``name`` are appended to the key file, the key itself is only returned."""
    key = "ggzy_" + secrets.token_urlsafe(32)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"{hash_key(key)} {' '.join(name.split())}\n")
    return key


_KEY_CACHE: dict[str, tuple[float, dict[str, str]]] = {}


def load_keys(path: str) -> dict[str, str]:
    """Hash → name of every key in the file (re-read when its modification time changes)."""
    if not path:
        return {}
    try:
        mtime = Path(path).stat().st_mtime
    except OSError:
        return {}
    cached = _KEY_CACHE.get(path)
    if cached is not None and cached[0] == mtime:
        return cached[1]
    keys: dict[str, str] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        digest, _, name = line.strip().partition(" ")
        if len(digest) == 64 and not line.lstrip().startswith("#"):
            keys[digest.lower()] = name.strip() or digest[:8]
    _KEY_CACHE[path] = (mtime, keys)
    return keys


def presented_key() -> str | None:
    """The key in ``Authorization: Bearer …`` or ``X-API-Key``; None only when neither header is sent (an
    empty or malformed one is presented, and refused, as an unknown key)."""
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, key = header.strip().partition(" ")
        return key.strip() if scheme.lower() == "bearer" else ""
    return request.headers.get("X-API-Key")


def current_client() -> ApiClient:
    """The caller of this request; raise ``UnknownApiKey`` for a key that is not in the key file."""
    if "api_client" not in g:
        key = presented_key()
        name = digest = None
        if key is not None:
            digest = hash_key(key)
            name = load_keys(current_app.config["API_KEYS_FILE"]).get(digest)
            if name is None:
                raise UnknownApiKey("the API key is not known; ask for one, or call without a key")
        g.api_client = ApiClient(name, get_remote_address() or "unknown", digest)
    client: ApiClient = g.api_client
    return client


def _rate_key() -> str:
    return current_client().rate_key


def _limit_value() -> str:
    config = current_app.config
    return str(config["RATELIMIT_KEYED"] if current_client().key_name else config["RATELIMIT_ANONYMOUS"])


def init_app(app: Flask, blueprint: Blueprint, exempt: list[str]) -> Limiter:
    """Limit every view of ``blueprint`` but the ``exempt`` endpoints; answer a breach with a 429 problem."""
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)

    # flask-limiter puts Retry-After on every answer it adds headers to; only a 429 asks a client to wait.
    # Registered before the limiter's own hook, so it runs after it (Flask runs after_request hooks last first).
    @app.after_request
    def _retry_after_only_on_429(response: Response) -> Response:
        if response.status_code != 429:
            response.headers.pop("Retry-After", None)
        return response

    limiter = Limiter(key_func=_rate_key, storage_uri=app.config["RATELIMIT_STORAGE_URI"])
    limiter.init_app(app)
    exempt_endpoints = set(exempt)
    # One shared budget per client across the whole API, not one per endpoint.
    limiter.shared_limit(
        _limit_value, scope="api", key_func=_rate_key, exempt_when=lambda: request.endpoint in exempt_endpoints
    )(blueprint)
    app.extensions["ggzy_limiter"] = limiter

    @app.after_request
    def _ratelimit_reset(response: Response) -> Response:
        current = limiter.current_limit
        if current is not None and request.blueprint == blueprint.name:
            response.headers["RateLimit-Limit"] = str(current.limit.amount)
            response.headers["RateLimit-Remaining"] = str(current.remaining)
            response.headers["RateLimit-Reset"] = str(max(0, math.ceil(current.reset_at - time.time())))
        return response

    return limiter


def too_many_requests(error: RateLimitExceeded) -> Response:
    """The 429 problem; flask-limiter adds Retry-After and the X-RateLimit headers to it."""
    client = g.get("api_client")
    keyed = client is not None and client.key_name
    detail = f"rate limit of {error.description} exceeded" + ("" if keyed else " for this IP address")
    advice = "" if keyed else "; an API key raises the limit"
    log.info("rate limited key=%s limit=%s", client.rate_key if client else "?", error.description)
    return problem(429, "Too many requests", detail + advice, limit=str(error.description))
