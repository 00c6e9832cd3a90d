"""The /api/v1 endpoints as a client sees them: JSON, paging, profiles, changes, errors as problem+json."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from ggzy.index import open_index
from ggzy.model import Bid, BidStatus, Kind, Penalty
from ggzy.normalize.uscc import problem_text
from tests.factories import SITE_URL, make_app
from tests.feeds.world import PERSON_ID, World, build_world, registrations


@pytest.fixture(scope="module")
def api_world(shared_data: Path) -> World:
    return build_world(registrations(shared_data))


@pytest.fixture(scope="module")
def api_app(api_world: World, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return make_app(tmp_path_factory.mktemp("api") / "ggzy.db", api_world.notices)


@pytest.fixture
def api(api_app):  # type: ignore[no-untyped-def]
    return api_app.test_client()


def assert_problem(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.json
    assert set(body) >= {"type", "title", "status", "detail", "instance"}
    assert body["status"] == status and body["detail"]
    return body


def test_search_pages_through_every_public_notice_with_a_cursor(api, api_world: World) -> None:
    seen: list[str] = []
    url: str | None = "/api/v1/notices?size=7&facet=kind&facet=province"
    first = None
    while url:
        response = api.get(url.removeprefix(SITE_URL))
        assert response.status_code == 200
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.mimetype == "application/json"
        page = response.json
        first = first or page
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
        assert (url is None) == (page["next_cursor"] is None)
    public = [n for n in api_world.notices if n.id not in api_world.withdrawn_ids]
    assert sorted(seen) == sorted(n.id for n in public)
    assert first is not None and first["total"] == len(public)
    assert dict(map(tuple, first["facets"]["kind"])) == {"tender": 19, "award": 18, "penalty": 3}
    dates = [item["published"] for item in first["items"]]
    assert dates == sorted(dates, reverse=True)
    assert "body_text" not in first["items"][0] and first["items"][0]["url"].startswith(f"{SITE_URL}/notice/")


def test_search_filters_by_company_and_words(api, api_world: World) -> None:
    page = api.get(f"/api/v1/notices?uscc={api_world.winner.uscc}&kind=penalty").json
    assert page["total"] == 2
    assert {i["penalty"]["penalty_types"][0] for i in page["items"]} == {"罚款", "列入严重违法失信名单"}
    words = api.get("/api/v1/notices?q=第12号").json
    assert words["total"] >= 1 and words["items"][0]["title"].startswith("第12号")


@pytest.mark.parametrize(
    "query",
    ["kind=bogus", "region=abc", "from=2025-13-01", "size=0", "size=201", "sort=up", "amount_min=-1", "uscc=123"],
)
def test_bad_search_parameters_are_400_problems(api, query: str) -> None:
    assert_problem(api.get(f"/api/v1/notices?{query}"), 400)


@pytest.mark.parametrize(
    ("query", "param"),
    [("q=%22未闭合", "q"), ("q=道路 OR", "q"), ("amount_min=1.000.000", "amount_min"), ("within=2w", "within")],
)
def test_a_malformed_search_says_in_chinese_which_parameter_to_change(api, query: str, param: str) -> None:
    body = assert_problem(api.get(f"/api/v1/notices?{query}"), 400)
    assert body["param"] == param and "填写有误" in body["detail"]


def test_amounts_with_thousands_separators_and_units_filter_the_api_search(api) -> None:
    exact = api.get("/api/v1/notices?amount_min=100000&size=200").json
    assert exact["total"] > 0
    assert api.get("/api/v1/notices?amount_min=100,000&size=200").json["total"] == exact["total"]
    assert api.get("/api/v1/notices?amount_min=10万&size=200").json["total"] == exact["total"]
    assert api.get("/api/v1/notices?amount_min=1&size=200").json["total"] > exact["total"]


def test_one_notice_and_its_absence(api, api_world: World) -> None:
    award = next(n for n in api_world.notices if n.kind is Kind.AWARD)
    body = api.get(f"/api/v1/notices/{award.id}").json
    assert body["id"] == award.id and body["title"] == award.title
    assert body["amount"] == format(award.amount, "f") and body["url"] == f"{SITE_URL}/notice/{award.id}"
    assert_problem(api.get("/api/v1/notices/nowhere-123"), 404)
    assert_problem(api.get(f"/api/v1/notices/{api_world.withdrawn_ids[0]}"), 404)


def test_credit_profile_of_a_company(api, api_world: World) -> None:
    code = api_world.winner.uscc
    body = api.get(f"/api/v1/entities/{code}").json
    assert body["uscc"] == code and body["valid"] is True and body["known"] is True
    assert body["names"] == [api_world.winner.name]
    assert body["region_code"] == code[2:8] and body["region"].startswith("山东省")
    assert body["counts_by_kind"] == {"award": 9, "penalty": 2}
    assert body["awards_won"] == 9
    assert Decimal(body["awards_total"]) == sum(100000 + n for n in range(0, 36, 4))
    severities = sorted((p["severity"], p["severity_label"]) for p in body["active_penalties"])
    assert severities == [(3, "罚款/没收"), (5, "严重违法失信")]
    assert body["active_penalties"][0]["penalty"]["subject"]["uscc"] == code
    assert body["links"]["feed"] == f"{SITE_URL}/feeds/entity/{code}.atom"
    assert len(body["latest"]) == 10


def test_a_withdrawn_penalty_is_counted_never_shown(api, api_world: World) -> None:
    body = api.get(f"/api/v1/entities/{api_world.repaired.uscc}").json
    assert body["active_penalties"] == [] and body["withdrawn_penalties"] == 1
    assert api_world.withdrawn_ids[0] not in str(body)


def test_a_valid_code_no_notice_names(api, api_world: World) -> None:
    body = api.get(f"/api/v1/entities/{api_world.bystander}").json
    assert body["known"] is False and body["valid"] is True
    assert body["active_penalties"] == [] and body["region_code"] == api_world.bystander[2:8]


@pytest.mark.parametrize(
    ("printed", "expected", "suggestion"),
    [
        ("91370783165683479X", "K", "91370783165683479K"),
        ("91110102x00012095X", "Q", "91110102X00012095Q"),
        ("320404000058610", None, None),
    ],
)
def test_an_invalid_code_says_how_to_fix_it(api, printed: str, expected: str | None, suggestion: str | None) -> None:
    body = assert_problem(api.get(f"/api/v1/entities/{printed}"), 400)
    assert body["expected_check_character"] == expected
    assert body["suggestion"] == suggestion
    assert body["reason"] and problem_text(body["reason"]) in body["detail"]


def test_no_natural_persons_id_number_anywhere(api) -> None:
    search = api.get("/api/v1/notices?kind=penalty").get_data(as_text=True)
    person = next(i for i in api.get("/api/v1/notices?kind=penalty").json["items"] if "张三" in i["title"])
    detail = api.get(f"/api/v1/notices/{person['id']}").get_data(as_text=True)
    changes = api.get("/api/v1/changes?limit=1000").get_data(as_text=True)
    for text in (search, detail, changes):
        assert PERSON_ID not in text
    assert PERSON_ID[:6] + "********" + PERSON_ID[-4:] in detail


def test_find_companies_by_name(api, api_world: World) -> None:
    name = api_world.winner.name
    body = api.get(f"/api/v1/entities?name={name[2:6]}").json
    assert api_world.winner.uscc in [m["uscc"] for m in body["items"]]
    assert_problem(api.get("/api/v1/entities"), 400)
    assert_problem(api.get("/api/v1/entities?name=%20"), 400)


def test_changes_sync_a_mirror_and_tombstone_withdrawals(api_world: World, tmp_path) -> None:
    app = make_app(tmp_path / "ggzy.db", api_world.notices)
    client = app.test_client()
    mirror: dict[str, dict] = {}
    url = "/api/v1/changes?limit=8"
    while True:
        page = client.get(url).json
        if not page["items"]:
            break
        for item in page["items"]:
            mirror.pop(item["id"], None) if item.get("withdrawn") else mirror.__setitem__(item["id"], item)
        url = page["next"].removeprefix(SITE_URL)
    assert set(mirror) == {n.id for n in api_world.notices if n.id not in api_world.withdrawn_ids}
    # A penalty is removed early after credit repair and re-harvested: the mirror gets a tombstone.
    fine = next(n for n in api_world.notices if n.penalty and n.penalty.fine)
    assert fine.penalty is not None
    repaired = replace(
        fine,
        penalty=replace(fine.penalty, removed_on=date(2025, 1, 2)),
        harvested_at=datetime.now(),
    )
    repaired.content_hash = repaired.compute_content_hash()
    with open_index(app.config["INDEX"]) as index:
        index.upsert([repaired])
    yesterday_cursor = url.split("since=")[1].split("&")[0].replace("%40", "@").rsplit("@", 1)[0] + "@2025-01-01"
    page = client.get(f"/api/v1/changes?since={yesterday_cursor}").json
    assert {"id": fine.id, "withdrawn": True} in page["items"]
    assert all(i["id"] != fine.id or i.get("withdrawn") for i in page["items"])
    assert_problem(client.get("/api/v1/changes?since=12@notaday"), 400)
    assert_problem(client.get("/api/v1/changes?limit=0"), 400)


def test_centres_stats_and_health(api, api_world: World) -> None:
    centres = {c["id"]: c for c in api.get("/api/v1/centres").json["items"]}
    assert centres["hunan-hnsggzy"]["name"] == "湖南省公共资源交易服务平台"
    assert centres["hunan-hnsggzy"]["notices"] == 13
    assert centres["ggzy-gov-cn"]["notices"] == 0
    stats = api.get("/api/v1/stats").json
    assert stats["total"] == len(api_world.notices) - 1
    assert stats["by_kind"]["penalty"] == 3
    health = api.get("/api/v1/health").json
    assert health == {"status": "ok", "count": len(api_world.notices)}


def test_health_says_503_when_the_index_is_unreachable(tmp_path) -> None:
    from ggzy.site import create_app

    app = create_app({"INDEX": "ftp://nowhere", "TESTING": True})
    assert_problem(app.test_client().get("/api/v1/health"), 503)


def test_unknown_paths_and_methods_are_problems(api) -> None:
    assert_problem(api.get("/api/v1/nothing-here"), 404)
    assert_problem(api.delete("/api/v1/notices"), 405)


def test_cors_preflight_for_the_credit_check(api) -> None:
    response = api.options(
        "/api/v1/credit-check",
        headers={"Origin": "https://example.com", "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Content-Type" in response.headers["Access-Control-Allow-Headers"]


def test_penalty_notice_has_its_public_items(api, api_world: World) -> None:
    listing = next(n for n in api_world.notices if n.penalty and "严重" in n.penalty.penalty_types[0])
    body = api.get(f"/api/v1/notices/{listing.id}").json
    assert isinstance(listing.penalty, Penalty)
    assert body["penalty"]["decision_no"] == listing.penalty.decision_no
    assert body["penalty"]["publicity_until"] == "2099-12-31"


def test_identity_numbers_are_masked_in_every_notice(api_world: World, tmp_path) -> None:
    award = next(n for n in api_world.notices if n.kind is Kind.AWARD)
    leaky = replace(award, body_text=f"项目负责人：李四，身份证号：{PERSON_ID}。", project_code="370783199003071234")
    app = make_app(tmp_path / "ggzy.db", [leaky])
    body = app.test_client().get(f"/api/v1/notices/{leaky.id}").json
    assert PERSON_ID not in body["body_text"] and "370783********1234" in body["body_text"]
    assert body["project_code"] == "370783199003071234"  # codes are not personal numbers
    assert body["buyer"]["uscc"] == award.buyer.uscc  # type: ignore[union-attr]


def test_a_notice_carries_its_candidates_and_bids_as_the_schema_says(api_world: World, tmp_path) -> None:
    award = next(n for n in api_world.notices if n.kind is Kind.AWARD)
    first = Bid(award.winners[0].name, award.winners[0].uscc, award.winners[0].uscc, 1, "123.45万元",
                Decimal("1234500.00"), Decimal("96.5"))  # fmt: skip
    rejected = Bid(
        "某某建设工程有限公司", price_as_printed="下浮率3%", status=BidStatus.DISQUALIFIED, reason="资质不符"
    )
    ranked = replace(award, candidates=[first], bids=[first, rejected])
    app = make_app(tmp_path / "ggzy.db", [ranked])
    client = app.test_client()
    body = client.get(f"/api/v1/notices/{ranked.id}").json
    assert body["candidates"] == [
        {"name": first.name, "uscc": first.uscc, "uscc_as_printed": first.uscc, "rank": 1,
         "price_as_printed": "123.45万元", "price": "1234500.00", "score": "96.5", "status": "valid",
         "reason": None, "lot": None},
    ]  # fmt: skip
    assert body["bids"][1]["status"] == "disqualified" and body["bids"][1]["price"] is None
    assert body["bids"][1]["reason"] == "资质不符" and body["bids"][1]["price_as_printed"] == "下浮率3%"
    document = client.get("/api/v1/openapi.json").json
    jsonschema.validate(body, {"$ref": "#/components/schemas/Notice", "components": document["components"]})
    bid_schema = document["components"]["schemas"]["Bid"]
    assert bid_schema["properties"]["status"]["enum"] == ["valid", "disqualified"]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("", "请求体是空的"),
        ("{uscc: [", "不是有效的 JSON"),
        ('["91330100MA27Y00017"]', "应是 JSON 对象"),
        ("{}", "缺少 uscc"),
        ('{"uscc": "91330100MA27Y00017"}', "应是代码的列表"),
        ('{"uscc": [91330100]}', "第 1 项不是字符串"),
    ],
)
def test_a_credit_check_400_says_what_is_wrong_and_asks_no_one_to_wait(api, body: str, says: str) -> None:
    response = api.post("/api/v1/credit-check", data=body, content_type="application/json")
    problem = assert_problem(response, 400)
    assert says in problem["detail"]
    assert "Retry-After" not in response.headers
