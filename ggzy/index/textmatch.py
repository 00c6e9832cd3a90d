"""Chinese full-text matching for the SQLite engine: character bigrams, query expressions and highlights.

SQLite's ``unicode61`` tokenizer keeps a run of Han characters as one token, so ``工程`` inside
``市政工程施工`` would never match. Before text reaches FTS5 we rewrite every Han run as its overlapping
character bigrams, followed by the run's last character alone::

    "市政工程施工" -> "市政 政工 工程 程施 施工 工"

A word of two or more characters is then the phrase of its bigrams (``学校建设`` ->
``"学校 校建 建设"``), which matches it anywhere inside a longer run, in titles and bodies alike. A single
character is the prefix query ``工*``: every occurrence of a character starts a bigram or ends its run, so none
is missed. Letters and digits stay words for ``unicode61`` (case-folded, diacritics removed). BENCHMARKS.md
compares this with FTS5's ``trigram`` tokenizer, which cannot answer two-character words from its index.
"""

from __future__ import annotations

import html
import re
import unicodedata
from itertools import pairwise

from ggzy.index.query import parse_terms

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_SPLIT = re.compile(f"([{_HAN}]+)")

#: How many characters of body text a highlight fragment shows before and after its match.
FRAGMENT_BEFORE = 40
FRAGMENT_AFTER = 80
MAX_FRAGMENTS = 3


_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def normalize_text(text: str) -> str:
    """NFKC folds full-width letters and digits (``ＡＢ１２``) to ASCII so both spellings match."""
    return unicodedata.normalize("NFKC", text)


def fold_width(text: str) -> str:
    """Full-width ASCII to ASCII, one character for one, so positions in the folded text fit the original."""
    return text.translate(_FULL_WIDTH)


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def fts_text(text: str) -> str:
    """The text FTS5 indexes in place of ``text``: Han runs become bigrams plus their last character."""
    if not text:
        return ""
    parts: list[str] = []
    for index, part in enumerate(_SPLIT.split(normalize_text(text))):
        if index % 2:  # a Han run
            parts.append(" ".join(map("".join, pairwise(part))) + " " + part[-1] if len(part) > 1 else part)
        elif part:
            parts.append(part)
    return " ".join(parts)


def _term_tokens(text: str) -> tuple[list[str], bool]:
    """The FTS tokens a query word becomes, and whether the last one is a prefix (a lone Han character)."""
    tokens: list[str] = []
    prefix = False
    for index, part in enumerate(_SPLIT.split(normalize_text(text))):
        if not part:
            continue
        if index % 2:
            if len(part) == 1:
                tokens.append(part)
                prefix = True
                continue
            tokens.extend(_bigrams(part))
        else:
            tokens.extend(w.casefold() for w in re.findall(r"[^\W_]+", part))
        prefix = False
    return tokens, prefix


def match_expression(q: str) -> str | None:
    """The FTS5 MATCH expression for a query: every word and "quoted phrase" must occur. None when empty."""
    clauses: list[str] = []
    for text, _is_phrase in parse_terms(q):
        tokens, prefix = _term_tokens(text)
        if not tokens:
            continue
        phrase = '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'
        clauses.append(phrase + (" *" if prefix else ""))
    return " AND ".join(clauses) if clauses else None


def _pattern(q: str) -> re.Pattern[str] | None:
    """A regex finding any query word in original text (case-insensitive; spaces inside a phrase flexible)."""
    alternatives = []
    for text, _is_phrase in parse_terms(q):
        pieces = [re.escape(p) for p in fold_width(text).split()]
        if pieces:
            alternatives.append(r"\s*".join(pieces))
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _marked(text: str, pattern: re.Pattern[str]) -> str:
    out: list[str] = []
    last = 0
    for found in pattern.finditer(fold_width(text)):
        if found.end() == found.start():
            continue
        out.append(html.escape(text[last : found.start()]))
        out.append(f"<mark>{html.escape(text[found.start() : found.end()])}</mark>")
        last = found.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def highlight(q: str, title: str, body: str) -> dict[str, list[str]]:
    """``{"title": [...], "body": [...]}``: HTML-escaped text with each match in ``<mark>``.

    The title is shown whole when it matches; the body gives up to three fragments, the first around its first
    match. A field without a match is left out.
    """
    pattern = _pattern(q)
    if pattern is None:
        return {}
    found: dict[str, list[str]] = {}
    if pattern.search(fold_width(title)):
        found["title"] = [_marked(title, pattern)]
    fragments: list[str] = []
    covered = -1
    for match in pattern.finditer(fold_width(body)):
        if match.start() < covered:
            continue
        start = max(0, match.start() - FRAGMENT_BEFORE)
        end = min(len(body), match.end() + FRAGMENT_AFTER)
        text = body[start:end].strip()
        fragment = _marked(text, pattern)
        fragments.append(("…" if start > 0 else "") + fragment + ("…" if end < len(body) else ""))
        covered = end
        if len(fragments) == MAX_FRAGMENTS:
            break
    if fragments:
        found["body"] = fragments
    return found


def has_han(text: str) -> bool:
    """True when ``text`` contains a Han character."""
    return _HAN_RUN.search(text) is not None
