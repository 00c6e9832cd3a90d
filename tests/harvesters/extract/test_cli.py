"""``ggzy extract`` on the real capture files, on text, on a URL served from localhost, and on bad input."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from ggzy.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["extract", *args])
    return result.exit_code, result.stdout, result.stderr


def test_inner_page_as_json(shared_data):
    code, out, _ = run(str(shared_data / "ggzy-gov-cn" / "detail_b_sample.html"), "--json")
    assert code == 0
    notice = json.loads(out)
    assert notice["kind"] == "contract" and notice["category"] == "procurement"
    assert notice["buyer"]["name"] == "德清县体育中心（德清县少年儿童体育学校）" and notice["buyer"]["uscc"] is None
    assert [w["name"] for w in notice["winners"]] == ["湖州新国旅外事旅游汽车服务有限公司"]
    assert notice["amount"] is None
    assert notice["region_code"] == "330500"


def test_outer_page_as_json_with_a_centre(shared_data):
    code, out, _ = run(str(shared_data / "ggzy-gov-cn" / "detail_sample.html"), "--centre", "ggzy-gov-cn", "--json")
    assert code == 0
    notice = json.loads(out)
    assert notice["project_code"] == "330521253680050000027-ZJXCXZF-2025-JC57"
    assert notice["centre"] == "ggzy-gov-cn" and notice["id"].startswith("ggzy-gov-cn-")


def test_hunan_response_gives_one_json_line_per_notice(shared_data):
    code, out, _ = run(str(shared_data / "hunan-hnsggzy" / "tmp.json"), "--json")
    assert code == 0
    lines = out.strip().split("\n")
    notices = [json.loads(line) for line in lines]
    assert len(notices) == 1
    assert notices[0]["agency"]["name"] == "湖南宸誉工程项目管理有限公司"
    assert notices[0]["deadline"] == "2025-06-17T09:00:00"
    assert notices[0]["region_code"].startswith("43")


def test_a_json_list_gives_json_lines(shared_data, tmp_path):
    records = json.loads((shared_data / "ggzy-gov-cn" / "api_sample.json").read_text(encoding="utf-8"))["data"][
        "records"
    ]
    saved = tmp_path / "records.json"
    saved.write_text(json.dumps(records[:5], ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(str(saved), "--json")
    assert code == 0
    assert [json.loads(line)["title"] for line in out.strip().split("\n")] == [r["title"] for r in records[:5]]


def test_plain_text_takes_its_first_line_as_the_title(tmp_path):
    saved = tmp_path / "notice.txt"
    saved.write_text(
        "\n  湖州市某某局道路养护项目中标结果公告\n项目编号：HZ-2026-7\n"
        "中标人：湖州某某建设有限公司\n中标价：\n12.5万元\n",
        encoding="utf-8",
    )
    code, out, _ = run(str(saved), "--json")
    assert code == 0
    notice = json.loads(out)
    assert notice["title"] == "湖州市某某局道路养护项目中标结果公告"
    assert notice["kind"] == "award" and notice["project_code"] == "HZ-2026-7"
    assert notice["winners"] == [
        {
            "name": "湖州某某建设有限公司",
            "uscc": None,
            "uscc_as_printed": None,
            "role": "winner",
            "amount": "125000",
            "lot": None,
        }
    ]
    assert notice["region_code"] == "330500"


def test_without_json_a_readable_summary(shared_data):
    code, out, _ = run(str(shared_data / "ggzy-gov-cn" / "detail_b_sample.html"))
    assert code == 0 and "中标人: 湖州新国旅外事旅游汽车服务有限公司" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), ("", "is empty"), ('{"a": 1}', "unknown JSON shape"), ("[1, 2", "not valid JSON")],
)
def test_invalid_input_exits_2_with_a_clear_message(tmp_path, content, message):
    path = tmp_path / "input.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, _, err = run(str(path), "--json")
    assert code == 2
    assert message in err


def test_other_url_schemes_are_refused():
    code, _, err = run("ftp://127.0.0.1/notice.html")
    assert code == 2 and "only http and https" in err


@pytest.fixture
def served_gbk_page() -> Iterator[str]:
    page = (
        '<html><head><meta charset="gbk"><title>某某中标结果公告</title></head><body>'
        "<h3>余杭区某某工程中标结果公告</h3><p>中标人：杭州某某建设有限公司</p><p>中标价：100万元</p></body></html>"
    ).encode("gbk")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200 if self.path == "/notice.html" else 404)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            if self.path == "/notice.html":
                self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_url_on_localhost_is_fetched_and_decoded(served_gbk_page):
    code, out, _ = run(f"{served_gbk_page}/notice.html", "--json")
    assert code == 0
    notice = json.loads(out)
    assert notice["title"] == "余杭区某某工程中标结果公告"
    assert notice["source_url"] == f"{served_gbk_page}/notice.html"
    assert notice["winners"][0]["amount"] == "1000000"


def test_a_missing_page_exits_2(served_gbk_page):
    code, _, err = run(f"{served_gbk_page}/missing.html")
    assert code == 2 and "cannot fetch" in err
