"""Rules over one buyer's awards in a window: a supplier's share (R040/R050) and several awards to one supplier
just below the public-tender threshold (R011/R055).

The ledger holds every award of the index as (buyer, supplier, amount, day). Buyers and suppliers are compared by
USCC, else by ``name_key``; one award republished by another centre (same project code, lot, supplier and amount)
counts once.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ggzy.flags.model import FlagResult
from ggzy.flags.procurement import PROCUREMENT_CATEGORIES, Judge, party_key, winner_amounts, yuan
from ggzy.model import Category, Kind, Notice

#: The threshold of ``split_below_threshold`` for each category it applies to.
_SPLIT_THRESHOLD = {Category.PROCUREMENT: "procurement_threshold", Category.ENGINEERING: "works_threshold"}


@dataclass(frozen=True)
class Entry:
    """One supplier's amount in one award."""

    day: date
    supplier: str
    supplier_name: str
    amount: Decimal
    notice_id: str
    category: Category


class Ledger:
    """Every award with a buyer, a winner, an amount and a date, by buyer, in date order."""

    def __init__(self, notices: Iterable[Notice]) -> None:
        entries: dict[str, dict[tuple[str, ...], Entry]] = defaultdict(dict)
        for notice in notices:
            buyer = self.buyer(notice)
            if notice.kind is not Kind.AWARD or buyer is None or notice.published is None:
                continue
            if notice.category not in PROCUREMENT_CATEGORIES:
                continue
            for winner, amount in winner_amounts(notice):
                supplier = party_key(winner.name, winner.uscc)
                if amount is None or amount <= 0 or not supplier:
                    continue
                same = (
                    notice.project_code or notice.id,
                    notice.lot_code or "",
                    winner.lot or "",
                    supplier,
                    str(amount),
                )
                entry = Entry(notice.published, supplier, winner.name, amount, notice.id, notice.category)
                entries[buyer].setdefault(same, entry)
        self.by_buyer = {b: sorted(found.values(), key=lambda e: (e.day, e.notice_id)) for b, found in entries.items()}
        self.days = {b: [e.day for e in found] for b, found in self.by_buyer.items()}

    @staticmethod
    def buyer(notice: Notice) -> str | None:
        if notice.buyer is None:
            return None
        return party_key(notice.buyer.name, notice.buyer.uscc) or None

    def window(self, buyer: str, first: date, last: date) -> list[Entry]:
        """The buyer's entries from ``first`` to ``last``, both included."""
        days = self.days.get(buyer, [])
        return self.by_buyer.get(buyer, [])[bisect_left(days, first) : bisect_right(days, last)]


def _award_parts(notice: Notice, judge: Judge) -> tuple[str, list[tuple[str, str, Decimal]]] | FlagResult | None:
    """The buyer key and each (supplier key, name, amount) of an award; or what is missing; None when not an award."""
    if notice.kind is not Kind.AWARD or notice.category not in PROCUREMENT_CATEGORIES:
        return None
    buyer = Ledger.buyer(notice)
    missing = [
        m for m, ok in (("采购人", buyer), ("中标人", notice.winners), ("结果公告日期", notice.published)) if not ok
    ]
    if missing:
        return judge.insufficient(*missing)
    assert buyer is not None
    parts = [
        (party_key(w.name, w.uscc), w.name, amount)
        for w, amount in winner_amounts(notice)
        if amount is not None and amount > 0
    ]
    if not parts:
        return judge.insufficient("以元计的中标金额")
    return buyer, parts


def supplier_share(notice: Notice, judge: Judge, ledger: Ledger) -> FlagResult | None:
    found = _award_parts(notice, judge)
    if not isinstance(found, tuple):
        return found
    buyer, parts = found
    assert notice.published is not None
    window = ledger.window(buyer, notice.published - timedelta(days=judge.limits["window_days"] - 1), notice.published)
    least = judge.limits["min_awards"]
    awards = {e.notice_id for e in window}
    inputs = sorted(awards)
    if len(awards) < least:
        return judge.insufficient(
            f"同一采购人窗口期内至少 {least} 项中标结果",
            detail=f"该采购人 {judge.limits['window_days']} 日内只有 {len(awards)} 项有金额的中标结果",
            inputs=inputs,
        )
    total = sum((e.amount for e in window), Decimal(0))
    shares = []
    for supplier, name, _ in parts:
        won = sum((e.amount for e in window if e.supplier == supplier), Decimal(0))
        shares.append((won / total, supplier, name, won))
    share, supplier, name, won = max(shares)
    detail = (
        f"{name} 在 {judge.limits['window_days']} 日内获得该采购人 {len(awards)} 项结果合计 {yuan(total)} 中的"
        f" {yuan(won)}（{share:.1%}）"
    )
    if share >= Decimal(str(judge.limits["min_share"])):
        return judge.triggered(detail, inputs=inputs, parties=[supplier])
    return judge.clear(detail, inputs=inputs)


def split_below_threshold(notice: Notice, judge: Judge, ledger: Ledger) -> FlagResult | None:
    name = _SPLIT_THRESHOLD.get(notice.category)
    if name is None or notice.kind is not Kind.AWARD:
        return None
    threshold = judge.spec.thresholds[name]
    if notice.published is not None and notice.published < threshold.effective:
        return None
    found = _award_parts(notice, judge)
    if not isinstance(found, tuple):
        return found
    buyer, parts = found
    assert notice.published is not None
    limit = Decimal(threshold.value)
    floor = limit * Decimal(str(judge.limits["band"]))
    days = judge.limits["window_days"]
    used = {
        name: threshold.value,
        "band": judge.limits["band"],
        "window_days": days,
        "min_awards": judge.limits["min_awards"],
    }
    near = [(s, n, a) for s, n, a in parts if floor <= a < limit]
    if not near:
        amounts = "、".join(yuan(a) for _, _, a in parts)
        return judge.clear(f"中标金额 {amounts} 不在限额 {yuan(limit)} 下方 10% 区间内", thresholds=used)
    window = ledger.window(
        buyer, notice.published - timedelta(days=days - 1), notice.published + timedelta(days=days - 1)
    )
    for supplier, supplier_name, _ in near:
        close = [
            e for e in window if e.supplier == supplier and e.category is notice.category and floor <= e.amount < limit
        ]
        awards = {e.notice_id for e in close} | {notice.id}
        if len(awards) >= judge.limits["min_awards"]:
            detail = (
                f"{days} 日内该采购人向 {supplier_name} 授予 {len(awards)} 项金额在 {yuan(floor)} 至 {yuan(limit)}"
                f" 之间的合同：{'、'.join(yuan(e.amount) for e in close)}"
            )
            return judge.triggered(detail, inputs=sorted(awards), parties=[supplier], thresholds=used)
    return judge.clear(f"{days} 日内该采购人未向同一中标人授予其他略低于限额的合同", thresholds=used)
