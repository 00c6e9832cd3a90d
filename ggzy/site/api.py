"""The ``/api/v1`` blueprint: notices, company credit profiles, the credit check, changes for mirrors.

One blueprint, its routes in one module per resource: ``api_notices`` (search, one notice), ``api_entities``
(credit profiles, finding companies, the credit check and its keys) and ``api_meta`` (changes, centres, stats,
health, the OpenAPI document and the ``/api/`` page). ``create_app`` imports them and hands them to ``register``.

JSON in UTF-8, CORS open to every origin, one problem+json error shape, rate limits per IP address or per API
key (``ratelimit``). Every route is declared with ``@route``, which also writes it into the OpenAPI document
served at ``/api/v1/openapi.json`` and shown on the ``/api/`` page.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any, TypeVar

from flask import Blueprint, Flask, Response, current_app
from flask_limiter import RateLimitExceeded

from ggzy.site import ratelimit
from ggzy.site.openapi import OPERATIONS, operation

api = Blueprint("api", __name__)
F = TypeVar("F", bound=Callable[..., Any])
UNLIMITED = ("api.docs", "api.openapi_document", "api.health", "api.keys")
#: The modules whose views declared themselves with ``@route`` (``register`` checks it is given each of them).
_DECLARING: set[str] = set()


def route(method: str, path: str, **declaration: Any) -> Callable[[F], F]:
    """Register a view on the blueprint and declare it in the OpenAPI document."""

    def register(view: F) -> F:
        operation(method, path, **declaration)(view)
        api.add_url_rule(OPERATIONS[-1].flask_path, view_func=view, methods=[method.upper()])
        _DECLARING.add(view.__module__)
        return view

    return register


def register(app: Flask, *resources: ModuleType) -> None:
    """Register the blueprint with the routes of ``resources``, the modules whose views are declared with
    ``@route`` (importing one declares its routes); a module that declares routes must be named here."""
    named = {module.__name__ for module in resources}
    if named != _DECLARING:
        raise RuntimeError(f"the API resources are {sorted(_DECLARING)}, register was given {sorted(named)}")
    app.register_blueprint(api)


def init_app(app: Flask) -> None:
    """Rate limits on the API blueprint; the documentation and key routes are exempt."""
    ratelimit.init_app(app, api, exempt=list(UNLIMITED))


@api.errorhandler(RateLimitExceeded)
def _too_many(error: RateLimitExceeded) -> Response:
    return ratelimit.too_many_requests(error)


@api.after_request
def _cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Headers"] = "Authorization, X-API-Key, Content-Type"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Expose-Headers"] = (
        "Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, "
        "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset"
    )
    return response


def site_url() -> str:
    """The site's public address (``SITE_URL``), without a trailing slash: the links in every answer start with it."""
    return str(current_app.config["SITE_URL"]).rstrip("/")
