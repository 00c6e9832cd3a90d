"""Incremental harvesting: what each centre's last harvests already committed.

One JSON file per centre under ``<data>/state/``: ``seen`` (the centre's own ids of every committed notice)
and ``newest`` (the newest published date of the last complete, unrestricted crawl). A spider skips list
entries it has seen and stops paging at a list page older than ``newest``.

Crash safety: ``seen`` grows only after a batch is committed to the index (``mark_seen``), and ``newest``
advances only when a crawl finished cleanly (``advance_newest``). A crawl killed midway leaves ``newest``
where it was, so the rerun pages as far as before and fetches only what was not committed.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

logger = logging.getLogger(__name__)


@dataclass
class CentreState:
    """What is known of one centre before a crawl starts."""

    centre: str
    newest: date | None = None
    seen: set[str] = field(default_factory=set)

    def is_old(self, published: date | None) -> bool:
        """True for a date before the newest one a complete crawl committed (same-day entries are new)."""
        return self.newest is not None and published is not None and published < self.newest


class StateStore:
    """The per-centre state files in one folder; every write replaces the file atomically."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def _path(self, centre: str) -> Path:
        return self.folder / f"{centre}.json"

    def load(self, centre: str) -> CentreState:
        """The centre's state, or an empty one for a centre never harvested."""
        path = self._path(centre)
        if not path.exists():
            return CentreState(centre)
        data = json.loads(path.read_text(encoding="utf-8"))
        newest = data.get("newest")
        return CentreState(
            centre=centre,
            newest=date.fromisoformat(newest) if newest else None,
            seen=set(data.get("seen") or ()),
        )

    def _save(self, state: CentreState) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(state.centre)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        data = {
            "centre": state.centre,
            "newest": state.newest.isoformat() if state.newest else None,
            "seen": sorted(state.seen),
        }
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")
        temporary.replace(path)

    def mark_seen(self, centre: str, source_ids: Iterable[str]) -> None:
        """Record committed notices of ``centre`` by their source ids (call after the index commit)."""
        new = {i for i in source_ids if i}
        if not new:
            return
        state = self.load(centre)
        if new <= state.seen:
            return
        state.seen |= new
        self._save(state)

    def advance_newest(self, centre: str, newest: date | None) -> None:
        """Move ``newest`` forward after a complete crawl; it never moves back."""
        if newest is None:
            return
        state = self.load(centre)
        if state.newest is None or newest > state.newest:
            state.newest = newest
            self._save(state)
            logger.info("state advanced centre=%s newest=%s", centre, newest.isoformat())
