"""Normalization of what trading centres print: USCCs, amounts, dates and working days, regions, kinds, names and
procurement methods.

Every function here reads messy printed text and answers with a clean value or None; none of them raises for
text it cannot read. ``NormalizeError`` is raised only when a caller passes something outside a function's
stated domain (17 characters outside the USCC alphabet to ``expected_check_character``).
"""

from __future__ import annotations

from ggzy.errors import InvalidInput


class NormalizeError(InvalidInput, ValueError):
    """Raised when a value given to a normalization function is outside its domain; a ``ValueError`` too."""
