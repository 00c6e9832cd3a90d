"""``evaluate``: every flag of the catalogue over the notices of an index, as ``FlagResult``s.

Pure: the same notices, catalogue and day give the same results. Notices are linked into procurements by centre
and project code (``procurement.py``); each flag's rule lives in the module of its family —

* ``rules_timing``: short_submission, short_decision, long_decision, late_contract;
* ``rules_bids``: single_bid, close_runner_up, identical_prices, regular_price_gaps, winner_not_first_candidate;
* ``rules_price``: award_at_or_above_ceiling, award_far_below_ceiling;
* ``rules_penalty``: penalised_bidder;
* ``rules_buyer``: supplier_share, split_below_threshold.

A rule answers None where its flag does not apply (a land auction has no bids to count), and ``evaluate`` leaves
those out: a result is triggered, not triggered, or insufficient data with what was missing.

>>> from ggzy.model import Bid, Kind, Notice
>>> award = Notice("n1", "c", "某项目中标结果公告", kind=Kind.AWARD, bids=[Bid("甲公司")])
>>> [(r.flag, r.state.value) for r in evaluate([award]) if r.flag == "single_bid"]
[('single_bid', 'triggered')]
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import date

from ggzy.flags import rules_bids, rules_buyer, rules_price, rules_timing
from ggzy.flags.catalogue import Catalogue, load_catalogue
from ggzy.flags.model import FlagResult
from ggzy.flags.procurement import Judge, Procurement, procurements
from ggzy.flags.reading import read_notice, scan_order
from ggzy.flags.rules_buyer import Ledger
from ggzy.flags.rules_penalty import PenaltyBook, penalised_bidder
from ggzy.model import Notice
from ggzy.normalize.dates import china_today

#: A rule on one notice of a procurement.
Rule = Callable[[Procurement, Notice, Judge], FlagResult | None]

#: The rules that read one procurement, by flag id (penalised_bidder and the buyer rules need the whole index).
PROCUREMENT_RULES: dict[str, Rule] = {
    "short_submission": rules_timing.short_submission,
    "single_bid": rules_bids.single_bid,
    "close_runner_up": rules_bids.close_runner_up,
    "identical_prices": rules_bids.identical_prices,
    "regular_price_gaps": rules_bids.regular_price_gaps,
    "award_at_or_above_ceiling": rules_price.award_at_or_above_ceiling,
    "award_far_below_ceiling": rules_price.award_far_below_ceiling,
    "winner_not_first_candidate": rules_bids.winner_not_first_candidate,
    "short_decision": rules_timing.short_decision,
    "long_decision": rules_timing.long_decision,
    "late_contract": rules_timing.late_contract,
}


def evaluate(
    notices: Iterable[Notice],
    catalogue: Catalogue | None = None,
    today: date | None = None,
    *,
    only: Collection[str] | None = None,
) -> list[FlagResult]:
    """A result for each (notice, flag) where the flag applies, in notice then catalogue order.

    ``notices`` are every notice of an index (tenders, corrections, openings, candidates, awards, contracts and
    penalties), each read as the rules read it (``reading.read_notice``); ``today`` (China's today by default)
    decides which penalties are still public and so may count. With ``only``, the results of these notice ids
    alone: ``notices`` then need hold only what their results read (``flags.affected``).
    """
    catalogue = catalogue or load_catalogue()
    today = today or china_today()
    everything = sorted(map(read_notice, notices), key=scan_order)
    book = PenaltyBook(everything, today)
    ledger = Ledger(everything)
    limits = {flag_id: spec.values() for flag_id, spec in catalogue.flags.items()}
    results: list[FlagResult] = []
    for procurement in procurements(everything):
        for notice in procurement.notices:
            if only is not None and notice.id not in only:
                continue
            for flag_id, spec in catalogue.flags.items():
                judge = Judge(spec, catalogue, notice, limits[flag_id])
                result: FlagResult | None
                if flag_id in PROCUREMENT_RULES:
                    result = PROCUREMENT_RULES[flag_id](procurement, notice, judge)
                elif flag_id == "penalised_bidder":
                    result = penalised_bidder(procurement, notice, judge, book)
                elif flag_id == "supplier_share":
                    result = rules_buyer.supplier_share(notice, judge, ledger)
                else:
                    result = rules_buyer.split_below_threshold(notice, judge, ledger)
                if result is not None:
                    results.append(result)
    return results
