"""The CKAN-style catalogue read with ckanapi over real HTTP, and publishing to a CKAN that checks each call."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import ckanapi
import pytest
from click.testing import CliRunner
from flask import Flask
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from ggzy.cli import main


@pytest.fixture
def served(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def test_ckanapi_reads_the_catalogue(served: str) -> None:
    with ckanapi.RemoteCKAN(served) as ckan:
        names = ckan.action.package_list()
        assert names == [
            "ggzy-notices",
            "ggzy-notices-monthly",
            "ggzy-entities",
            "ggzy-penalties",
            "ggzy-flags",
            "ggzy-ocds",
        ]
        package = ckan.action.package_show(id="ggzy-penalties")
        assert package["resources"][0]["url"] == "http://data.example/opendata/penalties.csv"
        assert package["resources"][0]["hash"].startswith("sha256:")
        found = ckan.action.package_search(q="OCDS")
        assert [p["name"] for p in found["results"]] == ["ggzy-ocds"]
        assert found["count"] == 1
        everything = ckan.action.current_package_list_with_resources(limit=2, offset=1)
        assert [p["name"] for p in everything] == ["ggzy-notices-monthly", "ggzy-entities"]
        assert ckan.action.status_show()["ckan_version"].startswith("2.")
        with pytest.raises(ckanapi.NotFound):
            ckan.action.package_show(id="no-such-dataset")
    with ckanapi.RemoteCKAN(served, get_only=True) as ckan:
        assert ckan.action.package_show(id=package["id"])["name"] == "ggzy-penalties"


class FakeCkanServer:
    """A CKAN Action API that accepts only the right key and keeps the datasets it is sent."""

    def __init__(self, api_key: str) -> None:
        self.api_key = api_key
        self.datasets: dict[str, dict[str, Any]] = {}
        self.calls: list[str] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        action = request.path.rsplit("/", 1)[-1]
        self.calls.append(action)
        body = request.get_json(silent=True) or dict(request.args)
        if request.headers.get("Authorization") != self.api_key:
            answer = {"success": False, "error": {"__type": "Authorization Error", "message": "Access denied"}}
            return Response(json.dumps(answer), 403, mimetype="application/json")(environ, start_response)
        if action == "package_show":
            found = self.datasets.get(body.get("id", ""))
            if found is None:
                error = {"__type": "Not Found Error", "message": "Not found"}
                return Response(json.dumps({"success": False, "error": error}), 404)(environ, start_response)
            result = found
        elif action in ("package_create", "package_update"):
            assert body["resources"] and all(
                r["url"].startswith("http://data.example/opendata/") for r in body["resources"]
            )
            assert body["owner_org"] == "ggzy-org"
            body.setdefault("id", f"id-{body['name']}")
            self.datasets[body["name"]] = body
            self.datasets[body["id"]] = body
            result = body
        else:
            return Response(json.dumps({"success": False}), 400)(environ, start_response)
        answer = json.dumps({"success": True, "result": result})
        return Response(answer, mimetype="application/json")(environ, start_response)


def test_publish_ckan_creates_then_updates(export_dir: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ckan = FakeCkanServer("secret-key")
    server = make_server("127.0.0.1", 0, ckan, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    monkeypatch.setenv("GGZY_SITE_URL", "http://data.example")
    args = [
        "publish-ckan",
        url,
        "--api-key",
        "secret-key",
        "--organization",
        "ggzy-org",
        "--export-dir",
        str(export_dir),
    ]
    try:
        first = CliRunner().invoke(main, args)
        assert first.exit_code == 0, first.output
        assert "ggzy-penalties: created" in first.output
        second = CliRunner().invoke(main, args)
        assert "ggzy-penalties: updated" in second.output
        refused = CliRunner().invoke(main, [*args[:3], "wrong-key", *args[4:]])
        assert refused.exit_code != 0
        assert "refused" in refused.output
    finally:
        server.shutdown()
        thread.join()
    assert ckan.calls.count("package_create") == 6
    assert ckan.calls.count("package_update") == 6
