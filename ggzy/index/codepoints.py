"""Text as arrays of code points: the NFKC fold and the FTS5 character-bigram rewrite, a whole text at a time.

A realistic notice holds about 1,600 characters of title and body. Walking them in Python, one character or one
bigram at a time, cost about 1 ms a notice, half of what the SQLite engine spent writing it. Here each text
becomes one numpy array of code points (UTF-32), and both rewrites are a few array operations over it:

- ``nfkc(text)`` gives exactly ``unicodedata.normalize("NFKC", text)``. Chinese text is full of full-width
  punctuation (，：（）), which NFKC folds one character to one; those are looked up in a table of every BMP
  character whose NFKC form is a single character. The few that expand (℃ → °C, ㎡ → m2) are replaced one by
  one. The result is then checked with ``unicodedata.is_normalized``: a text built of each character's own NFKC
  form that is itself normalized is the text's NFKC form (both have the same NFKD). Anything else — characters
  beyond the BMP, combining marks that compose — falls back to ``unicodedata.normalize``.
- ``bigram_text(text)`` gives exactly what ``textmatch.fts_text`` documents: every Han run becomes its
  overlapping bigrams followed by its last character, set apart from the text around it by one space.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import cache

# No linear algebra here: without this, numpy's OpenBLAS starts a thread in every process that imports the index,
# and a Ctrl-C the kernel hands to that thread never wakes a main thread waiting on a lock.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import numpy.typing as npt

#: The Han ranges both rewrites treat as Chinese (CJK Extension A, Unified Ideographs, Compatibility Ideographs).
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
#: Code points past the BMP share one slot of the tables below: they always take the slow, exact path.
BEYOND_BMP = 0x10000
SPACE = 0x20

CodePoints = npt.NDArray[np.uint32]


def code_points(text: str) -> CodePoints:
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4")


def from_code_points(points: CodePoints) -> str:
    return points.astype("<u4", copy=False).tobytes().decode("utf-32-le")


def _slot(points: CodePoints) -> CodePoints:
    return np.minimum(points, BEYOND_BMP)


@cache
def _han_table() -> npt.NDArray[np.bool_]:
    table = np.zeros(BEYOND_BMP + 1, dtype=bool)
    for first, last in HAN_RANGES:
        table[first : last + 1] = True
    return table


@cache
def _nfkc_tables() -> tuple[CodePoints, npt.NDArray[np.bool_], re.Pattern[str]]:
    """The single-character NFKC map of the BMP, which slots need more than it, and a pattern for those."""
    single = np.arange(BEYOND_BMP + 1, dtype=np.uint32)
    slow = np.zeros(BEYOND_BMP + 1, dtype=bool)
    slow[BEYOND_BMP] = True
    expanding = []
    for point in range(BEYOND_BMP):
        char = chr(point)
        if 0xD800 <= point < 0xE000 or unicodedata.is_normalized("NFKC", char):
            continue
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) == 1:
            single[point] = ord(folded)
        else:
            slow[point] = True
            expanding.append(re.escape(char))
    return single, slow, re.compile("|".join(expanding))


@cache
def _expanded(char: str) -> str:
    return unicodedata.normalize("NFKC", char)


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, fast when the text is mostly CJK with full-width punctuation."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    single, slow, expanding = _nfkc_tables()
    points = code_points(text)
    slots = _slot(points)
    if (points >= BEYOND_BMP).any():
        return unicodedata.normalize("NFKC", text)
    folded = from_code_points(single[slots])
    if slow[slots].any():
        folded = expanding.sub(lambda match: _expanded(match.group()), folded)
    return folded if unicodedata.is_normalized("NFKC", folded) else unicodedata.normalize("NFKC", text)


def bigram_text(text: str) -> str:
    """Each Han run of ``text`` as its overlapping bigrams and its last character, spaced from its neighbours::

    "市政工程施工 A1" -> "市政 政工 工程 程施 施工 工 A1"
    """
    if not text:
        return ""
    points = code_points(text)
    size = len(points)
    han = _han_table()[_slot(points)]
    # A run's edges: where Han starts or stops between two neighbours (the text's own ends need no space).
    change = np.zeros(size + 1, dtype=bool)
    change[1:size] = han[1:] != han[:-1]
    space_before = han & change[:size]
    space_after = han & change[1:]
    pair = np.zeros(size, dtype=bool)
    pair[:-1] = han[:-1] & han[1:]
    # Each character writes: [space] itself [next character, space] [space].
    widths = 1 + space_before.astype(np.int64) + 2 * pair + space_after
    ends = np.cumsum(widths)
    at = ends - widths + space_before
    out = np.full(int(ends[-1]), SPACE, dtype=np.uint32)
    out[at] = points
    out[at[pair] + 1] = points[1:][pair[:-1]]
    return from_code_points(out)
