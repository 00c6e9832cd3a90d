"""The due-diligence call, rate limits and API keys, as an enterprise client meets them."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from ggzy.cli import main
from ggzy.model import Party, Penalty
from ggzy.normalize.credit import severity
from tests.factories import make_app
from tests.feeds.world import World, build_world, registrations


@pytest.fixture(scope="module")
def credit_world(shared_data: Path) -> World:
    return build_world(registrations(shared_data))


@pytest.fixture(scope="module")
def credit_app(credit_world: World, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return make_app(tmp_path_factory.mktemp("credit") / "ggzy.db", credit_world.notices)


def test_a_thousand_codes_in_one_request(credit_app, credit_world: World, shared_data: Path) -> None:
    real = [code for name in ("beijing-1995.csv", "jiangsu-1981.csv") for _, code in registrations(shared_data, name)]
    odd = [code for code in real if len(code) != 18 or code != code.upper()]
    plain = [code for code in real if code not in odd]
    world = [credit_world.winner.uscc, credit_world.repaired.uscc, credit_world.buyer.uscc]
    printed = [*world, *odd, *plain][:1000]
    started = time.perf_counter()
    response = credit_app.test_client().post("/api/v1/credit-check", json={"uscc": printed})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    body = response.json
    assert body["count"] == 1000 and [r["uscc"] for r in body["results"]] == printed
    rows = body["results"]
    winner, repaired, buyer = rows[:3]
    assert winner["known"] and winner["active_penalties"] == 2
    assert (winner["severity"], winner["most_severe_penalty"]) == (5, "严重违法失信")
    assert winner["awards_won"] == 9 and winner["last_award"] == str(date(2025, 1, 1) + timedelta(days=32 * 7))
    assert repaired["known"] and repaired["active_penalties"] == 0 and repaired["most_severe_penalty"] is None
    assert buyer["known"] and buyer["awards_won"] == 0 and buyer["last_award"] is None
    lower = next(r for r in rows if r["uscc"] == "91110102x00012095Q")
    assert lower["valid"] and lower["code"] == "91110102X00012095Q" and lower["normalized_from"] == "91110102x00012095Q"
    old = [r for r in rows if r["uscc"].isdigit() and len(r["uscc"]) == 15]
    assert old and all(not r["valid"] and "注册号" in r["reason"] for r in old)
    unknown = [r for r in rows[3:] if r["valid"]]
    assert len(unknown) > 900 and not any(r["known"] for r in unknown)
    assert elapsed < 20


def test_repeated_codes_get_a_row_each(credit_app, credit_world: World) -> None:
    code = credit_world.winner.uscc
    rows = credit_app.test_client().post("/api/v1/credit-check", json={"uscc": [code, code.lower(), code]}).json
    assert [r["valid"] for r in rows["results"]] == [True, True, True]
    assert rows["results"][0] == rows["results"][2]
    folded = rows["results"][1]
    assert folded["normalized_from"] == code.lower() and folded["code"] == code
    assert {**folded, "uscc": code, "normalized_from": None} == rows["results"][0]


@pytest.mark.parametrize(
    "body",
    [{"uscc": ["91370783165683479K"] * 1001}, {"uscc": "91370783165683479K"}, {"codes": []}, [1, 2], {"uscc": [1]}],
)
def test_bad_credit_check_bodies_are_400(credit_app, body: object) -> None:
    response = credit_app.test_client().post("/api/v1/credit-check", json=body)
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert response.json["detail"]


def test_not_json_is_400(credit_app) -> None:
    response = credit_app.test_client().post("/api/v1/credit-check", data="uscc=1", content_type="text/plain")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("types", "content", "rank"),
    [
        (["列入严重违法失信名单"], None, 5),
        (["吊销营业执照", "罚款"], None, 4),
        (["责令停产停业"], None, 4),
        (["取消投标资格"], None, 4),
        (["罚款", "警告"], None, 3),
        (["没收违法所得"], None, 3),
        (["通报批评"], None, 2),
        (["不良行为记录"], None, 1),
        ([], "处以警告", 2),
    ],
)
def test_severity_ladder(types: list[str], content: str | None, rank: int) -> None:
    assert severity(Penalty(subject=Party("某公司"), penalty_types=types, content=content)).rank == rank


def test_anonymous_clients_are_limited_per_ip_and_keys_raise_the_limit(credit_world: World, tmp_path) -> None:
    keys = tmp_path / "keys.txt"
    runner = CliRunner()
    result = runner.invoke(main, ["api-key", "new", "寿光日报", "--file", str(keys)])
    assert result.exit_code == 0, result.output
    key = result.stdout.strip().splitlines()[0]
    assert key not in keys.read_text(encoding="utf-8") and "寿光日报" in keys.read_text(encoding="utf-8")
    app = make_app(
        tmp_path / "ggzy.db",
        credit_world.notices,
        RATELIMIT_ANONYMOUS="3 per minute",
        RATELIMIT_KEYED="5 per minute",
        API_KEYS_FILE=str(keys),
    )
    client = app.test_client()
    answers = [client.get("/api/v1/stats") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].headers["X-RateLimit-Limit"] == "3" and answers[0].headers["X-RateLimit-Remaining"] == "2"
    assert answers[0].headers["RateLimit-Limit"] == "3" and answers[0].headers["RateLimit-Remaining"] == "2"
    refused = answers[3]
    assert refused.mimetype == "application/problem+json" and refused.json["status"] == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 61 and "RateLimit-Reset" in refused.headers
    assert client.get("/api/v1/notices", environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 200
    assert client.get("/api/v1/health").status_code == 200  # health checks are never limited
    assert client.get("/api/").status_code == 200
    keyed = [client.get("/api/v1/stats", headers={"Authorization": f"Bearer {key}"}) for _ in range(6)]
    assert [a.status_code for a in keyed] == [200] * 5 + [429]
    assert keyed[0].headers["X-RateLimit-Limit"] == "5"
    other = client.get("/api/v1/stats", headers={"X-API-Key": key})
    assert other.status_code == 429  # the same key, whichever header carries it
    unknown = client.get("/api/v1/stats", headers={"X-API-Key": "not-a-key"})
    assert unknown.status_code == 401 and unknown.mimetype == "application/problem+json"


def test_a_key_file_is_required_to_issue_keys(monkeypatch) -> None:
    monkeypatch.delenv("GGZY_API_KEYS_FILE", raising=False)
    result = CliRunner().invoke(main, ["api-key", "new", "someone"])
    assert result.exit_code != 0 and "GGZY_API_KEYS_FILE" in result.output
