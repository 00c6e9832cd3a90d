"""Saved searches pushed by mail and webhook, end to end: a real SMTP server and a real HTTP receiver on localhost.

Subscribe on the site, confirm from the mail (double opt-in), harvest a new matching notice, run the alerts: the
notice arrives exactly once, however often the run repeats or the notice is re-harvested; unsubscribing from the
mail's link needs no login.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from typing import Any

from click.testing import CliRunner

from ggzy.alerts.commands import run_once, schedule
from ggzy.alerts.runner import backoff, next_digest
from ggzy.cli import main
from ggzy.index.base import Index
from tests.alerts.conftest import Mailbox, Receiver, notice

ROAD_SEARCH = {"q": "道路 -食堂", "region": "3305"}


def subscribe(app: Any, mailbox: Mailbox, **form: str) -> tuple[str, str]:
    """Fill in the form for ``ROAD_SEARCH``; return (confirmation path, the confirmation mail's text)."""
    client = app.test_client()
    page = client.get("/alerts/new", query_string=ROAD_SEARCH)
    assert page.status_code == 200 and "“道路 -食堂” 地区：浙江省湖州市" in page.get_data(as_text=True)
    before = len(mailbox.messages)
    answer = client.post("/alerts", data={**ROAD_SEARCH, **form})
    assert answer.status_code == 202, answer.get_data(as_text=True)
    assert "请查收确认邮件" in answer.get_data(as_text=True)
    [mail] = mailbox.messages[before:]
    assert mail["To"] == form["email"] and "请确认" in mail["Subject"]
    return mailbox.link(mail, "/alerts/confirm/"), mailbox.text(mail)


def test_an_alert_mail_arrives_once_for_a_new_matching_notice_and_unsubscribing_needs_no_login(
    app: Any, index: Index, config: dict[str, Any], mailbox: tuple[Mailbox, int]
) -> None:
    box, _port = mailbox
    confirm, text = subscribe(app, box, email="reader@example.com", channel="email", frequency="immediate")
    assert "确认之前不会发送任何通知" in text
    index.upsert([notice(2, "湖州市南浔区道路养护工程招标公告")])
    assert run_once(config).endswith("sent=0 failed=0")  # not confirmed yet: nothing goes out
    client = app.test_client()
    assert "订阅已生效" in client.get(confirm).get_data(as_text=True)
    assert box.messages[-1]["Subject"].startswith("【请确认】")  # confirming sends nothing by itself

    index.upsert(
        [
            notice(3, "湖州市吴兴区道路拓宽工程招标公告"),
            notice(4, "湖州市某道路工程食堂承包招标公告"),  # excluded word
            notice(5, "杭州市道路照明工程招标公告", region_code="330106"),  # another city
        ]
    )
    assert "sent=1" in run_once(config)
    alert = box.messages[-1]
    text = box.text(alert)
    assert alert["To"] == "reader@example.com" and "新公告提醒" in alert["Subject"] and "1 条新公告" in alert["Subject"]
    assert "湖州市吴兴区道路拓宽工程招标公告" in text and "/notice/alert-3" in text
    assert "食堂" not in text.replace("-食堂", "") and "杭州市道路照明" not in text
    unsubscribe = box.link(alert, "/alerts/unsubscribe/")
    assert alert["List-Unsubscribe"] == f"<https://ggzy.example.org{unsubscribe}>"

    mails = len(box.messages)
    assert "sent=0" in run_once(config)
    index.upsert([notice(3, "湖州市吴兴区道路拓宽工程招标公告（更正）")])  # the same notice, changed
    assert "sent=0" in run_once(config)
    assert len(box.messages) == mails

    stranger = app.test_client()  # no session, no login
    assert "确认退订" in stranger.get(unsubscribe).get_data(as_text=True)
    assert "已退订" in stranger.post(unsubscribe).get_data(as_text=True)
    index.upsert([notice(6, "湖州市长兴县道路改造工程招标公告")])
    assert "sent=0" in run_once(config)
    assert len(box.messages) == mails


def test_a_signed_webhook_is_retried_with_back_off_and_arrives_once(
    app: Any, index: Index, config: dict[str, Any], mailbox: tuple[Mailbox, int], receiver: Receiver
) -> None:
    box, _port = mailbox
    confirm, _text = subscribe(
        app, box, email="team@example.com", channel="webhook", webhook_url=receiver.url, frequency="immediate"
    )
    page = app.test_client().get(confirm).get_data(as_text=True)
    secret = page.split('<code class="secret">')[1].split("</code>")[0]
    assert len(secret) == 64

    receiver.failures = 1
    index.upsert([notice(7, "湖州市德清县道路改造工程招标公告")])
    assert "failed=1" in run_once(config)
    assert receiver.refused == 1 and receiver.posts == []
    assert "sent=0 failed=0" in run_once(config)  # not due again before its back-off

    from ggzy.alerts.postman import Postman
    from ggzy.alerts.runner import run
    from ggzy.alerts.store import AlertStore

    store = AlertStore(config["ALERTS_STORE"])
    later = datetime.now(UTC) + backoff(1) + timedelta(seconds=5)
    report = run(index, store, Postman.from_config(app.config), config["SITE_URL"], now=later)
    assert report.sent == 1
    [(headers, body)] = receiver.posts
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Ggzy-Signature"] == expected
    [payload] = receiver.accepted()
    assert [n["id"] for n in payload["notices"]] == ["alert-7"]
    assert payload["msgtype"] == "text" and "湖州市德清县道路改造工程招标公告" in payload["text"]["content"]
    assert payload["unsubscribe_url"].startswith("https://ggzy.example.org/alerts/unsubscribe/")

    assert (
        run(index, store, Postman.from_config(app.config), config["SITE_URL"], now=later + timedelta(hours=7)).sent == 0
    )
    assert len(receiver.posts) == 1
    store.close()


def test_a_daily_digest_waits_for_its_hour_and_gathers_the_day(
    app: Any, index: Index, config: dict[str, Any], mailbox: tuple[Mailbox, int]
) -> None:
    from ggzy.alerts.postman import Postman
    from ggzy.alerts.runner import run
    from ggzy.alerts.store import AlertStore

    box, _port = mailbox
    confirm, _text = subscribe(app, box, email="daily@example.com", channel="email", frequency="daily")
    app.test_client().get(confirm)
    index.upsert([notice(8, "湖州市安吉县道路工程招标公告"), notice(9, "湖州市德清县道路工程招标公告")])
    store = AlertStore(config["ALERTS_STORE"])
    postman = Postman.from_config(app.config)
    now = datetime.now(UTC)
    assert run(index, store, postman, config["SITE_URL"], now=now).sent == 0  # the digest is not due yet
    due = next_digest(now, 8)
    assert run(index, store, postman, config["SITE_URL"], now=due + timedelta(minutes=1)).sent == 2
    digest = box.messages[-1]
    assert "每日摘要" in digest["Subject"] and "2 条新公告" in digest["Subject"]
    assert "安吉县" in box.text(digest) and "德清县" in box.text(digest)
    index.upsert([notice(12, "湖州市南浔区道路工程招标公告")])
    assert run(index, store, postman, config["SITE_URL"], now=due + timedelta(hours=3)).sent == 0  # tomorrow's
    assert run(index, store, postman, config["SITE_URL"], now=due + timedelta(days=1, minutes=1)).sent == 1
    store.close()


def test_a_subscription_form_filled_wrongly_says_what_to_change(app: Any, mailbox: tuple[Mailbox, int]) -> None:
    client = app.test_client()
    bad_mail = client.post("/alerts", data={**ROAD_SEARCH, "email": "不是邮箱"})
    assert bad_mail.status_code == 400 and "请填写有效的电子邮箱地址" in bad_mail.get_data(as_text=True)
    bad_hook = client.post("/alerts", data={"email": "a@example.com", "channel": "webhook", "webhook_url": "ftp://x"})
    assert bad_hook.status_code == 400 and "http:// 或 https://" in bad_hook.get_data(as_text=True)
    bad_search = client.get("/alerts/new?q=道路 OR")
    assert bad_search.status_code == 400 and "「OR」后面缺少词" in bad_search.get_data(as_text=True)
    assert client.get("/alerts/confirm/no-such-token").status_code == 404
    assert mailbox[0].messages == []


def test_ggzy_alerts_run_and_ggzy_serve_s_schedule_send_what_is_due(
    app: Any, index: Index, config: dict[str, Any], mailbox: tuple[Mailbox, int], monkeypatch: Any
) -> None:
    box, _port = mailbox
    confirm, _text = subscribe(app, box, email="cron@example.com", channel="email", frequency="immediate")
    app.test_client().get(confirm)
    index.upsert([notice(10, "湖州市道路标线工程招标公告")])
    for name in ("INDEX", "ALERTS_STORE", "SITE_URL", "SMTP_HOST", "SMTP_PORT", "MAIL_FROM"):
        monkeypatch.setenv(f"GGZY_{name}", str(config[name]))
    result = CliRunner().invoke(main, ["alerts", "run"])
    assert result.exit_code == 0 and "sent=1" in result.output
    assert "湖州市道路标线工程招标公告" in box.text(box.messages[-1])

    import threading
    import time

    index.upsert([notice(11, "湖州市道路绿化工程招标公告")])
    stop = threading.Event()
    from ggzy.settings import defaults_from_environment

    thread = schedule(defaults_from_environment(), 0.2, stop)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and "道路绿化" not in box.text(box.messages[-1]):
        time.sleep(0.1)
    stop.set()
    thread.join(5)
    assert "湖州市道路绿化工程招标公告" in box.text(box.messages[-1])


def test_a_company_watchlist_is_a_saved_search_by_code(app: Any) -> None:
    page = app.test_client().get("/alerts/new?uscc=91330106MA2B0XK1L8,91310115MA1K4PQ7XH")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "统一社会信用代码：91330106MA2B0XK1L8、91310115MA1K4PQ7XH" in text
    assert 'name="uscc" value="91330106MA2B0XK1L8,91310115MA1K4PQ7XH"' in text
