"""Rules on a procurement's bids: a single bid (R018), a winning bid close to the runner-up (R024), identical
prices (R028), regular price gaps (R022/R023) and a winner that was not the first candidate (R056).

Each reads the bid table of every lot the result notice is about (an opening record, else the ranked candidates)
and triggers when any lot does; its detail names the lot when there are several.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from ggzy.flags.model import FlagResult, FlagState
from ggzy.flags.procurement import (
    CANDIDATES_ONLY,
    PROCUREMENT_CATEGORIES,
    BidTable,
    Judge,
    Procurement,
    bid_tables,
    party_key,
    party_names,
    yuan,
)
from ggzy.model import Bid, BidStatus, Kind, Notice
from ggzy.normalize.methods import Method

#: One lot's verdict: the state, the sentence, what was missing.
Verdict = tuple[FlagState, str, tuple[str, ...]]


def _applies(procurement: Procurement, notice: Notice) -> bool:
    return (
        notice in procurement.result_notices
        and procurement.category in PROCUREMENT_CATEGORIES
        and procurement.method is not Method.SINGLE_SOURCE
    )


def _per_lot(
    procurement: Procurement, notice: Notice, judge: Judge, missing: str, decide: Callable[[BidTable], Verdict]
) -> FlagResult | None:
    """The flag over every lot's table: triggered when one lot is, clear when every decided lot is."""
    if not _applies(procurement, notice):
        return None
    tables = bid_tables(procurement, notice)
    if not tables:
        return judge.insufficient(missing)
    verdicts = [(table, *decide(table)) for table in tables]
    inputs = [i for table in tables for i in table.notice_ids]
    several = len(tables) > 1

    def said(table: BidTable, text: str) -> str:
        lot = table.bids[0].lot if table.bids else None
        return f"{lot}：{text}" if several and lot else text

    for state in (FlagState.TRIGGERED, FlagState.NOT_TRIGGERED):
        chosen = [said(table, text) for table, s, text, _ in verdicts if s is state]
        if chosen:
            return judge.result(state, "；".join(chosen), inputs=inputs)
    lacking = tuple(dict.fromkeys(m for *_, gaps in verdicts for m in gaps))
    return judge.insufficient(*lacking, detail="；".join(said(t, text) for t, _, text, _ in verdicts), inputs=inputs)


def single_bid(procurement: Procurement, notice: Notice, judge: Judge) -> FlagResult | None:
    least = judge.limits["min_bidders"]

    def decide(table: BidTable) -> Verdict:
        bidders, valid = table.bidders(), table.valid()
        if table.source == CANDIDATES_ONLY:
            if len(bidders) >= least:
                return FlagState.NOT_TRIGGERED, f"至少 {len(bidders)} 家投标（{table.source}）", ()
            return FlagState.INSUFFICIENT, "仅列出 1 名中标候选人，看不到投标人数量", ("开标记录",)
        if len(bidders) < least:
            return FlagState.TRIGGERED, f"仅 {len(bidders)} 家投标人（{table.source}）", ()
        if len(valid) == 1:
            rejected = len(bidders) - 1
            text = f"仅 1 家有效投标（共 {len(bidders)} 家，{rejected} 家被否决，{table.source}）"
            return FlagState.TRIGGERED, text, ()
        return FlagState.NOT_TRIGGERED, f"{len(bidders)} 家投标人，{len(valid)} 家有效（{table.source}）", ()

    return _per_lot(procurement, notice, judge, "开标记录或中标候选人", decide)


def _winning(table: BidTable, notice: Notice) -> Bid | None:
    """The winning bid: the winner's row of the table, else the first-ranked one."""
    winners = {key for w in notice.winners for key in (w.uscc, *party_names(w)) if key}
    for bid in table.priced():
        if {bid.uscc, *party_names(bid)} & winners:
            return bid
    ranked = sorted((b for b in table.priced() if b.rank is not None), key=lambda b: b.rank or 0)
    return ranked[0] if ranked and ranked[0].rank == 1 else None


def close_runner_up(procurement: Procurement, notice: Notice, judge: Judge) -> FlagResult | None:
    ratio = Decimal(str(judge.limits["max_gap_ratio"]))

    def decide(table: BidTable) -> Verdict:
        priced = [b for b in table.priced() if b.status is BidStatus.VALID]
        if len(priced) < 2:
            return FlagState.INSUFFICIENT, "以元计的有效报价不足两家", ("两家以上以元计的报价",)
        winning = _winning(table, notice)
        if winning is None or not winning.price:
            return FlagState.INSUFFICIENT, "无法确定中标报价", ("中标人或第一名候选人的报价",)
        others = [b for b in priced if b is not winning and b.price is not None]
        second = [b for b in others if b.rank == 2]
        won = winning.price
        runner = second[0] if second else min(others, key=lambda b: abs((b.price or won) - won))
        assert runner.price is not None
        gap = abs(runner.price - won) / won
        text = f"中标报价 {yuan(won)}，第二名 {yuan(runner.price)}，相差 {gap:.2%}"
        state = FlagState.TRIGGERED if gap <= ratio else FlagState.NOT_TRIGGERED
        return state, text, ()

    return _per_lot(procurement, notice, judge, "开标记录或中标候选人的报价", decide)


def identical_prices(procurement: Procurement, notice: Notice, judge: Judge) -> FlagResult | None:
    least = judge.limits["min_identical"]

    def decide(table: BidTable) -> Verdict:
        priced = table.priced()
        if len(priced) < 2:
            return FlagState.INSUFFICIENT, "以元计的报价不足两家", ("两家以上以元计的报价",)
        by_price: dict[Decimal, list[Bid]] = defaultdict(list)
        for bid in priced:
            assert bid.price is not None
            by_price[bid.price].append(bid)
        same = [(price, bids) for price, bids in by_price.items() if len(bids) >= least]
        if same:
            price, bids = same[0]
            names = "、".join(b.name for b in bids)
            return FlagState.TRIGGERED, f"{len(bids)} 家报价同为 {yuan(price)}：{names}", ()
        return FlagState.NOT_TRIGGERED, f"{len(priced)} 家报价各不相同", ()

    return _per_lot(procurement, notice, judge, "开标记录或中标候选人的报价", decide)


def _regular(prices: list[Decimal], tolerance: Decimal) -> str | None:
    """``等差`` or ``等比`` when the sorted distinct prices step by one difference or one ratio, else None."""
    steps = [b - a for a, b in itertools.pairwise(prices)]
    mean = sum(steps, Decimal(0)) / len(steps)
    if mean > 0 and all(abs(step - mean) <= tolerance * mean for step in steps):
        return f"等差（相邻相差约 {yuan(mean)}）"
    ratios = [b / a - 1 for a, b in itertools.pairwise(prices)]
    rise = sum(ratios, Decimal(0)) / len(ratios)
    if rise > 0 and all(abs(r - rise) <= tolerance * rise for r in ratios):
        return f"等比（相邻相差约 {rise:.2%}）"
    return None


def regular_price_gaps(procurement: Procurement, notice: Notice, judge: Judge) -> FlagResult | None:
    least = judge.limits["min_bids"]
    tolerance = Decimal(str(judge.limits["tolerance"]))

    def decide(table: BidTable) -> Verdict:
        prices = sorted({b.price for b in table.priced() if b.price})
        if len(prices) < least:
            return FlagState.INSUFFICIENT, f"不同的以元计报价不足 {least} 家", (f"{least} 家以上不同的以元计报价",)
        pattern = _regular(prices, tolerance)
        if pattern:
            return FlagState.TRIGGERED, f"{len(prices)} 家报价呈{pattern}", ()
        return FlagState.NOT_TRIGGERED, f"{len(prices)} 家报价无等差或等比规律", ()

    return _per_lot(procurement, notice, judge, "开标记录的报价", decide)


def winner_not_first_candidate(procurement: Procurement, notice: Notice, judge: Judge) -> FlagResult | None:
    """R056 on an award: each winner against the ranked candidates of its lot."""
    if notice.kind is not Kind.AWARD or not _applies(procurement, notice):
        return None
    if not notice.winners:
        return judge.insufficient("中标人")
    ranked = [
        (n, c)
        for n in procurement.notices
        for c in n.candidates
        if c.rank is not None and (not notice.lot_code or not n.lot_code or n.lot_code == notice.lot_code)
    ]
    if not ranked:
        return judge.insufficient("排序的中标候选人")
    inputs = list(dict.fromkeys(n.id for n, _ in ranked))
    findings, unmatched = [], []
    for winner in notice.winners:
        keys = {winner.uscc, *party_names(winner)} - {None, ""}
        lots = [c for _, c in ranked if not winner.lot or not c.lot or c.lot == winner.lot]
        matched = [c for c in lots if {c.uscc, *party_names(c)} & keys]
        if not matched:
            unmatched.append(winner.name)
            continue
        rank = min(c.rank or 0 for c in matched)
        findings.append((rank, winner, matched[0].lot))
    late = [(rank, w, lot) for rank, w, lot in findings if rank > 1]
    if late:
        detail = "；".join(f"{w.name}为{f'{lot} ' if lot else ''}第 {rank} 名中标候选人" for rank, w, lot in late)
        return judge.triggered(detail, inputs=inputs, parties=[party_key(w.name, w.uscc) for _, w, _ in late])
    if findings and not unmatched:
        return judge.clear("中标人为排名第一的中标候选人", inputs=inputs)
    return judge.insufficient(
        "与中标人对应的中标候选人",
        detail=f"中标人{'、'.join(unmatched)}与候选人名单对不上（名称不一致或不在名单中）",
        inputs=inputs,
    )
