"""Which stored results a batch of changed notices can change, derived from what each rule reads.

Every notice has dependency keys (``notice_keys``), stored beside the results (``FlagBasis``, ``Index.flag_keys``):

* ``p<procurement>`` on every notice: the procurement rules and penalised_bidder read every notice of the
  procurement (``procurement.procurement_key``: centre and project code);
* ``b<buyer>`` on an award naming a buyer: supplier_share and split_below_threshold read every award of its buyer
  (``rules_buyer.Ledger``);
* ``c<USCC>`` and ``n<name key>`` for each bidder, candidate and winner a notice prints: penalised_bidder looks a
  party's penalties up by its code, else by its organisation name keys (``rules_penalty``);
* ``sc<USCC>`` and ``sn<name key>`` on a penalty: its subject, as ``PenaltyBook`` files it.

A changed notice, by its stored (old) keys and its new ones, reaches (``reached_keys``) its procurement, its
buyer's awards when it is an award, and the notices printing its subject when it is a penalty. Results are
computed per procurement, so every notice of a procurement one of those belongs to is recomputed
(``Recompute.affected``); to do so the rules also read (``read_keys``) the penalties its parties may match and
every award of its buyers. Each key is a superset of what the rule reads: a notice recomputed without need gets
the result it had.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from ggzy.flags.procurement import procurement_key
from ggzy.flags.reading import ReadNotice, read_notice
from ggzy.flags.rules_buyer import Ledger
from ggzy.flags.rules_penalty import organisation_keys
from ggzy.index import Index
from ggzy.model import Kind, Notice
from ggzy.normalize.names import name_key

PROCUREMENT, BUYER, CODE, NAME, SUBJECT = "p", "b", "c", "n", "s"
#: Notices read by id at a time.
BATCH = 1_000


def notice_keys(notice: Notice) -> set[str]:
    """The dependency keys of ``notice`` (the module docstring says what each one stands for)."""
    keys = {PROCUREMENT + procurement_key(notice)}
    buyer = Ledger.buyer(notice)
    if notice.kind is Kind.AWARD and buyer:
        keys.add(BUYER + buyer)
    printed = [(b.name, b.uscc) for b in [*notice.bids, *notice.candidates]]
    for name, uscc in printed + [(w.name, w.uscc) for w in notice.winners]:
        if uscc:
            keys.add(CODE + uscc)
        keys.update(NAME + key for key in organisation_keys(name) if key)
    if notice.penalty is not None:
        subject = notice.penalty.subject
        if subject.uscc:
            keys.add(SUBJECT + CODE + subject.uscc)
        if name_key(subject.name):
            keys.add(SUBJECT + NAME + name_key(subject.name))
    return keys


def basis_keys(notices: Iterable[Notice]) -> Iterator[tuple[str, str]]:
    """(notice id, key) for every key of every notice, as ``FlagBasis.keys`` takes them."""
    for notice in notices:
        for key in sorted(notice_keys(notice)):
            yield notice.id, key


def reached_keys(keys: Iterable[str]) -> set[str]:
    """The keys of the notices whose results a change of a notice with ``keys`` may change."""
    reached = set()
    for key in keys:
        if key[0] in (PROCUREMENT, BUYER):
            reached.add(key)
        elif key[0] == SUBJECT:
            reached.add(key[1:])
    return reached


def read_keys(keys: Iterable[str]) -> set[str]:
    """The keys of the notices the rules read to recompute a notice with ``keys`` (its procurement aside)."""
    read = set()
    for key in keys:
        if key[0] == BUYER:
            read.add(key)
        elif key[0] in (CODE, NAME):
            read.add(SUBJECT + key)
    return read


@dataclass
class Recompute:
    """What one incremental refresh recomputes: the ``affected`` notice ids (whole procurements) and every notice
    their results read (``notices``, the affected ones included), each read as the rules read it."""

    affected: set[str]
    notices: list[ReadNotice]


def _documents(index: Index, ids: Collection[str]) -> list[ReadNotice]:
    ordered = sorted(ids)
    found: list[ReadNotice] = []
    for start in range(0, len(ordered), BATCH):
        found += map(read_notice, index.documents(ordered[start : start + BATCH]).values())
    return found


def recompute(index: Index, changed: list[ReadNotice]) -> Recompute:
    """The notices to recompute after ``changed`` (read since the stored results' sequence), and what they read."""
    changed_ids = {notice.id for notice in changed}
    new = {notice.id: notice_keys(notice) for notice in changed}
    stored = index.flag_keys(changed_ids)
    reached = reached_keys(key for keys in [*new.values(), *stored.values()] for key in keys)
    hit = index.flag_keyed(reached) | changed_ids
    # Every procurement a reached notice belongs to, by its stored key (a changed one by its new key too).
    procurements = {
        key for keys in index.flag_keys(hit - changed_ids).values() for key in keys if key[0] == PROCUREMENT
    }
    procurements |= {key for keys in [*new.values(), *stored.values()] for key in keys if key[0] == PROCUREMENT}
    affected = index.flag_keyed(procurements) | changed_ids
    notices = list(changed) + _documents(index, affected - changed_ids)
    wanted = read_keys(key for notice in notices for key in notice_keys(notice))
    context = index.flag_keyed(wanted) - affected
    return Recompute(affected, notices + _documents(index, context))
