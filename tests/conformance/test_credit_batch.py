"""The batch credit check on every engine: 1,000 codes asked at once get the answers each code gets alone, and a
company under a public penalty never reads clean, whatever else shares its batch."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from ggzy.index.base import Index
from ggzy.model import Category, Kind, Notice, Party
from ggzy.site.api_credit import CreditRow, credit_rows
from tests import factories

TODAY = date(2025, 6, 1)
COMPANIES = 760
BUYERS = 12


def company(number: int) -> Party:
    return Party(f"浙江第{number}号建设有限公司", factories.make_uscc(f"91330106MA{number:05d}Q{number % 10}"))


def buyer(number: int) -> Party:
    return Party(f"杭州市第{number}采购单位", factories.make_uscc(f"11330106MB{number:05d}R{number % 10}"))


def world() -> tuple[list[Notice], dict[str, str]]:
    """Awards spread over the companies and a dozen buyers (the busiest buyer names hundreds of notices), and
    penalties of every state: public (some serious, some banning), past their 公示截止期, removed after repair.
    Returns the notices and, for each penalised code, the state of its penalty."""
    draw = random.Random(15)
    notices: list[Notice] = []
    states: dict[str, str] = {}
    for number in range(COMPANIES * 2):
        winner = company(draw.randrange(COMPANIES))
        lots = [Party(winner.name, winner.uscc, amount=Decimal(draw.randrange(10_000, 9_000_000)) / 100)]
        if number % 7 == 0:
            partner = company(draw.randrange(COMPANIES))
            lots.append(Party(partner.name, partner.uscc, amount=Decimal("1000.50"), lot="二标段"))
        notices.append(
            factories.notice(
                "zhejiang",
                f"a{number}",
                f"第{number}号项目中标结果公告",
                kind=Kind.AWARD if number % 5 else Kind.CONTRACT,
                category=Category.ENGINEERING,
                published=date(2024, 1, 1) + timedelta(days=number % 500),
                region_code="330106",
                project_code=f"ZJ-{number // 2}",
                buyer=buyer(0 if number % 3 else draw.randrange(BUYERS)),
                winners=lots,
            )
        )
    kinds = [
        ("public", {"decided_on": date(2025, 3, 1), "publicity_until": date(2099, 1, 1), "fine": Decimal(5000)}),
        ("serious", {"decided_on": date(2025, 1, 1), "list_name": "政府采购严重违法失信行为记录名单"}),
        ("banned", {"decided_on": date(2025, 2, 1), "banned_until": date(2026, 2, 1), "penalty_types": ["禁止"]}),
        ("expired", {"decided_on": date(2020, 1, 1), "publicity_until": date(2021, 1, 1)}),
        ("removed", {"decided_on": date(2025, 1, 1), "removed_on": date(2025, 3, 1), "removed_reason": "信用修复"}),
    ]
    for number in range(150):
        state, fields = kinds[number % len(kinds)]
        subject = company(number * 5 % COMPANIES)
        if subject.uscc not in states or states[subject.uscc] in ("expired", "removed"):
            states[subject.uscc] = state
        notices.append(
            factories.penalty_notice(
                "zhejiang", f"p{number}", subject, date(2025, 1, 1), region_code="330106", **dict(fields)
            )
        )
    return notices, states


def verdict(row: CreditRow) -> tuple[object, ...]:
    return (
        row.code,
        row.valid,
        row.known,
        row.names,
        row.active_penalties,
        row.severity,
        row.serious_violation,
        row.banned_until,
        row.awards_won,
        row.last_award,
    )


def test_a_batch_of_a_thousand_codes_answers_as_each_code_alone(index: Index) -> None:
    notices, states = world()
    index.upsert(notices)
    unknown = [factories.make_uscc(f"91440300MC{n:05d}T{n % 10}") for n in range(220)]
    malformed = ["91330100000000000X", "not a code", ""]
    codes = [*(company(n).uscc or "" for n in range(COMPANIES)), *unknown, *malformed]
    codes += [buyer(n).uscc or "" for n in range(BUYERS)]
    random.Random(1).shuffle(codes)
    codes = codes[:1000]

    def profiles_of(found: list[str]) -> dict[str, object]:
        return index.entities(found, today=TODAY, latest=0)  # type: ignore[return-value]

    batch = credit_rows(codes, profiles_of, TODAY)  # type: ignore[arg-type]
    alone = [credit_rows([code], profiles_of, TODAY)[0] for code in codes]  # type: ignore[arg-type]
    assert [verdict(r) for r in batch] == [verdict(r) for r in alone]
    assert sum(1 for r in batch if r.known) >= 700

    by_code = {r.code: r for r in batch}
    checked = [code for code in states if code in by_code]
    assert len(checked) >= 100
    for code in checked:
        row = by_code[code]
        if states[code] in ("public", "serious", "banned"):
            assert row.known and row.active_penalties and row.active_penalties >= 1, code
            assert row.severity is not None
        else:
            assert row.active_penalties == 0, code
    serious = [c for c in checked if states[c] == "serious"]
    assert serious and all(by_code[c].serious_violation for c in serious)
    assert all(by_code[c].banned_until == date(2026, 2, 1) for c in checked if states[c] == "banned")
    assert all(by_code[c].known is False and by_code[c].active_penalties == 0 for c in unknown if c in by_code)
    assert all(r.active_penalties is None and r.known is None for r in batch if not r.valid)


def test_the_busiest_buyer_profile_is_the_same_alone_and_in_a_batch(index: Index) -> None:
    notices, _states = world()
    index.upsert(notices)
    busiest = buyer(0).uscc or ""
    codes = [busiest, *(company(n).uscc or "" for n in range(COMPANIES))]
    batch = index.entities(codes, today=TODAY)
    alone = index.entity(busiest, today=TODAY)
    assert alone is not None and sum(alone.counts_by_kind.values()) > 500
    assert batch[busiest] == alone
    assert batch[codes[5]] == index.entity(codes[5], today=TODAY)


def test_each_engine_hands_over_row_by_row_exactly_the_notices_the_rules_read(index: Index) -> None:
    from ggzy.index.profile import is_detailed

    notices, _states = world()
    index.upsert(notices)
    codes = [buyer(0).uscc or "", *(company(n).uscc or "" for n in range(0, COMPANIES, 3))]
    rows, summaries = index.party_facts(codes)
    naming = [n for n in notices if set(codes) & set(n.usccs())]
    detailed = {n.id for n in naming if is_detailed(n.kind.value, (w.uscc for w in n.winners), codes)}
    assert {row.notice_id for row in rows} == detailed
    assert detailed and len(detailed) < len(naming)
    counted = {code: 0 for code in codes}
    for n in naming:
        if n.id not in detailed:
            for code in set(codes) & set(n.usccs()):
                counted[code] += 1
    summarised = {s.uscc: sum(count for count, _first, _last in s.groups.values()) for s in summaries}
    assert summarised == {code: count for code, count in counted.items() if count}
