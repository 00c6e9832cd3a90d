"""Integrity flags: red flags of public procurement computed openly from the notices ggzy holds.

The catalogue (``catalogue.toml``, read by ``catalogue.py``) says what each flag is, its legal basis and its
thresholds with their sources; ``rules.evaluate`` turns notices into ``FlagResult``s with one of four outcome
states (``model.py``). A flag is a reason to look, never a finding of wrongdoing.
"""

from __future__ import annotations

from ggzy.errors import GgzyError


class FlagsError(GgzyError, ValueError):
    """Raised when the flag catalogue or a stored flag result cannot be read: a missing field, an unknown flag id
    or state. A server fault (500): the catalogue ships with the package."""
