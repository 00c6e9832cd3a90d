"""The OpenAPI 3.1 document of ``/api/v1``, generated from the routes themselves.

Each API view is declared with ``@operation(...)``: its parameters, body, answer schema, error statuses and an
example. ``build_spec`` assembles those declarations with the schemas of ``api_schema`` (derived from the
model's dataclasses), so adding a route adds it to ``/api/v1/openapi.json`` and to the ``/api/`` page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ggzy.index.query_params import TABLE as SEARCH_TABLE
from ggzy.site.api_schema import Schema, components, ref

F = TypeVar("F", bound=Callable[..., Any])

ERROR_TITLES = {
    400: "参数、请求体或统一社会信用代码有误",
    401: "未知的 API 密钥",
    404: "不存在",
    429: "超出调用频率限制（见 Retry-After）",
    503: "索引暂不可用",
}


@dataclass(frozen=True)
class Param:
    """One parameter of an operation, in the query string or the path."""

    name: str
    schema: Schema
    description: str
    location: str = "query"
    required: bool = False
    example: Any = None

    def to_openapi(self) -> dict[str, Any]:
        spec: dict[str, Any] = {
            "name": self.name,
            "in": self.location,
            "required": self.required or self.location == "path",
            "description": self.description,
            "schema": self.schema,
        }
        if self.example is not None:
            spec["example"] = self.example
        return spec


@dataclass(frozen=True)
class Operation:
    """One route of the API as the document describes it."""

    method: str
    path: str
    operation_id: str
    summary: str
    description: str
    response: str
    params: tuple[Param, ...] = ()
    body: str | None = None
    errors: tuple[int, ...] = ()
    example: str = ""
    rate_limited: bool = True
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def flask_path(self) -> str:
        return re.sub(r"\{(\w+)\}", r"<\1>", self.path)


OPERATIONS: list[Operation] = []

USCC_PATTERN = "^[0-9A-Z]{18}$"
_CSV_OF = "One value or several, comma-separated or repeated."

#: The search parameters, from the one table that also parses them (``ggzy.index.query_params``).
SEARCH_PARAMS = tuple(Param(p.name, p.schema, p.description, example=p.example) for p in SEARCH_TABLE)
USCC_PATH = Param(
    "uscc",
    {"type": "string"},
    "统一社会信用代码（18 位，GB 32100-2015）。",
    location="path",
    example="91370783165683479K",
)


def operation(
    method: str,
    path: str,
    *,
    summary: str,
    response: str,
    params: tuple[Param, ...] = (),
    body: str | None = None,
    errors: tuple[int, ...] = (400,),
    example: str = "",
    rate_limited: bool = True,
    tags: tuple[str, ...] = (),
    doc: str = "",
) -> Callable[[F], F]:
    """Declare an API view for the document. ``summary`` and ``doc`` (the description) are what readers of the
    ``/api/`` page see, in Chinese; without ``doc`` the view's docstring is the description."""

    def declare(view: F) -> F:
        OPERATIONS.append(
            Operation(
                method=method.lower(),
                path=path,
                operation_id=view.__name__,
                summary=summary,
                description=doc or " ".join((view.__doc__ or "").split()),
                response=response,
                params=params,
                body=body,
                errors=errors,
                example=example,
                rate_limited=rate_limited,
                tags=tags,
            )
        )
        return view

    return declare


def build_spec(*, server_url: str, anonymous_limit: str, keyed_limit: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document of every declared operation."""
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method] = _operation_spec(op)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "公共资源交易公告与信用信息接口",
            "version": "1.0.0",
            "description": (
                "全国公共资源交易中心发布的公告，以及公告中企业的信用记录，以统一社会信用代码为键。"
                "应答为 UTF-8 编码的 JSON；错误为 RFC 9457 problem+json。调用频率限制："
                f"无密钥时每个 IP 地址 {anonymous_limit}，每个 API 密钥 {keyed_limit}"
                "（Authorization: Bearer <密钥> 或 X-API-Key）。超限返回 429 并带 Retry-After；每个应答都带 "
                "RateLimit-Limit、RateLimit-Remaining 与 RateLimit-Reset（距窗口重置的秒数），"
                "以及同义的 X-RateLimit-*（X-RateLimit-Reset 为 Unix 时间）。"
            ),
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": server_url}],
        "x-rate-limits": {"anonymous": anonymous_limit, "api_key": keyed_limit},
        "paths": paths,
        "components": {
            "schemas": components(),
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "An API key as a bearer token."},
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            },
        },
        "security": [{}, {"bearer": []}, {"apiKey": []}],
    }


def _operation_spec(op: Operation) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "description": op.description,
        "parameters": [p.to_openapi() for p in op.params],
        "responses": {
            "200": {
                "description": "OK",
                "content": {"application/json": {"schema": ref(op.response)}},
            }
        },
    }
    if op.tags:
        spec["tags"] = list(op.tags)
    if op.body:
        spec["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref(op.body)}}}
    statuses = sorted(set(op.errors) | ({429} if op.rate_limited else set()) | {401})
    for status in statuses:
        spec["responses"][str(status)] = {
            "description": ERROR_TITLES.get(status, "Error"),
            "content": {"application/problem+json": {"schema": ref("Problem")}},
        }
    if op.example:
        spec["x-example"] = op.example
    return spec
