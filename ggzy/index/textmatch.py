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

from ggzy.index.codepoints import bigram_text
from ggzy.index.querytext import ParsedQuery, Term, fold_same_length, fold_text
from ggzy.model import Notice

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_SPLIT = re.compile(f"([{_HAN}]+)")

#: How many characters of body text a highlight fragment shows before and after its match.
FRAGMENT_BEFORE = 40
FRAGMENT_AFTER = 80
MAX_FRAGMENTS = 3


#: The full-width form of a printable ASCII character is this far above it (``Ａ`` is ``A`` + 0xFEE0).
FULL_WIDTH_OFFSET = 0xFEE0


#: The FTS5 columns a term of each field searches (``None``: the title and the text).
FIELD_COLUMNS = {None: "{title body}", "title": "title", "buyer": "buyer", "winner": "winner", "agency": "agency"}


def normalize_text(text: str) -> str:
    """NFKC folds full-width letters and digits (``ＡＢ１２``) to ASCII and traditional characters to simplified, so
    every spelling matches (``querytext.fold_text``)."""
    return fold_text(text)


def fold_width(text: str) -> str:
    """Traditional characters to simplified, one character for one, so positions in the folded text fit the
    original. Full-width letters, digits and signs are not folded here: ``_pattern`` matches both widths, which
    spares a per-character table look-up that took most of the time of a page's highlights."""
    return fold_same_length(text)


def _either_width(char: str) -> str:
    """A regex matching ``char`` printed half- or full-width (``[AＡ]``)."""
    if "!" <= char <= "~":
        return "[" + re.escape(char) + chr(ord(char) + FULL_WIDTH_OFFSET) + "]"
    return re.escape(char)


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def fts_text(text: str) -> str:
    """The text FTS5 indexes in place of ``text``: Han runs become bigrams plus their last character
    (``codepoints.bigram_text``, a whole text at a time)."""
    return bigram_text(normalize_text(text)) if text else ""


def party_names(notice: Notice) -> dict[str, str]:
    """The names searched by the ``buyer``, ``agency`` and ``winner`` fields (winners joined by a newline)."""
    return {
        "buyer": notice.buyer.name if notice.buyer else "",
        "agency": notice.agency.name if notice.agency else "",
        "winner": "\n".join(w.name for w in notice.winners if w.name),
    }


#: The notice columns whose values the ``scope`` column of the text index holds as terms (``scope_term``).
SCOPE_COLUMNS = ("centre", "kind", "category")


def scope_term(column: str, value: str) -> str:
    """The term of the ``scope`` column saying that a notice's ``column`` is ``value``: the column's name and the
    value's UTF-8 bytes in hex, so ``unicode61`` keeps it one token whatever the value holds (a centre id's
    hyphen would split it). No word a user types reaches the ``scope`` column (``FIELD_COLUMNS``)."""
    return column + value.encode().hex()


#: The ``scope`` term of a notice holding a penalty: the only notices whose public view is bounded by days
#: (``Notice.public_from``, ``Notice.hidden_from``), so a match without it is public on every day.
HOLDS_PENALTY = scope_term("holds", "penalty")


def scope_text(notice: Notice) -> str:
    """The ``scope`` column of ``notice``: its centre, kind and category as terms (``scope_term``), and
    ``HOLDS_PENALTY`` when it holds a penalty."""
    values = (notice.centre, notice.kind.value, notice.category.value)
    terms = [scope_term(column, value) for column, value in zip(SCOPE_COLUMNS, values, strict=True)]
    if notice.penalty is not None:
        terms.append(HOLDS_PENALTY)
    return " ".join(terms)


def scope_expression(chosen: dict[str, list[str]]) -> str | None:
    """The FTS5 expression keeping the notices whose centre, kind and category are among the ``chosen`` values
    of each column (``SCOPE_COLUMNS``): the text index then intersects the words' matches with the filters'
    notices itself, instead of each match being tested against them. None without such a filter."""
    groups = []
    for column, values in chosen.items():
        if values:
            terms = " OR ".join(scope_term(column, value) for value in values)
            groups.append(f"scope : ({terms})")
    return " AND ".join(groups) or None


def fts_row(notice: Notice) -> tuple[str, str, str, str, str, str]:
    """The ``(title, body, buyer, agency, winner, scope)`` values FTS5 indexes for ``notice``."""
    names = party_names(notice)
    return (
        fts_text(notice.title),
        fts_text(notice.body_text),
        fts_text(names["buyer"]),
        fts_text(names["agency"]),
        fts_text(names["winner"]),
        scope_text(notice),
    )


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


def term_expression(term: Term) -> str | None:
    """The FTS5 expression of one term in its columns; None when it has no word FTS5 can look up."""
    tokens, prefix = _term_tokens(term.text)
    if not tokens:
        return None
    phrase = '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'
    return f"{FIELD_COLUMNS[term.field]} : ({phrase}{' *' if prefix else ''})"


def match_expressions(parsed: ParsedQuery) -> tuple[str | None, str | None]:
    """``(required, excluded)`` FTS5 MATCH expressions: every group of ``required`` must occur (any of its
    alternatives), none of ``excluded``. ``required`` is ``""`` when a group has no term that can match."""
    groups: list[str] = []
    for group in parsed.required:
        alternatives = [e for e in map(term_expression, group) if e]
        if not alternatives:
            return "", None
        groups.append("(" + " OR ".join(alternatives) + ")")
    excluded = [e for e in map(term_expression, parsed.excluded) if e]
    return (" AND ".join(groups) or None), (" OR ".join(excluded) or None)


def _pattern(parsed: ParsedQuery) -> re.Pattern[str] | None:
    """A regex finding any required word in original text (case-insensitive; spaces inside a phrase flexible)."""
    alternatives = []
    for term in parsed.shown_terms():
        if term.field not in (None, "title"):
            continue
        pieces = ["".join(map(_either_width, p)) for p in fold_width(term.text).split()]
        if pieces:
            alternatives.append(r"\s*".join(pieces))
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _marked(text: str, pattern: re.Pattern[str], folded: str) -> str:
    """``text`` HTML-escaped with each match of ``pattern`` in ``folded`` (its ``fold_width``) marked."""
    out: list[str] = []
    last = 0
    for found in pattern.finditer(folded):
        if found.end() == found.start():
            continue
        out.append(html.escape(text[last : found.start()]))
        out.append(f"<mark>{html.escape(text[found.start() : found.end()])}</mark>")
        last = found.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def highlight(parsed: ParsedQuery, title: str, body: str) -> dict[str, list[str]]:
    """``{"title": [...], "body": [...]}``: HTML-escaped text with each match in ``<mark>``.

    The title is shown whole when it matches; the body gives up to three fragments, the first around its first
    match after a copy of the title the body may start with. A field without a match is left out. Each text is
    folded once (``fold_width`` keeps every character in place, so a fragment's folded text is a slice of it).
    """
    pattern = _pattern(parsed)
    if pattern is None:
        return {}
    found: dict[str, list[str]] = {}
    folded_title = fold_width(title)
    if pattern.search(folded_title):
        found["title"] = [_marked(title, pattern, folded_title)]
    fragments: list[str] = []
    covered = -1
    skip = _title_prefix(title, body)
    folded_body = fold_width(body)
    for match in pattern.finditer(folded_body, skip):
        if match.start() < covered:
            continue
        start = max(skip, match.start() - FRAGMENT_BEFORE)
        end = min(len(body), match.end() + FRAGMENT_AFTER)
        piece = body[start:end]
        first = start + len(piece) - len(piece.lstrip())
        last = max(first, start + len(piece.rstrip()))
        fragment = _marked(body[first:last], pattern, folded_body[first:last])
        fragments.append(("…" if start > 0 else "") + fragment + ("…" if end < len(body) else ""))
        covered = end
        if len(fragments) == MAX_FRAGMENTS:
            break
    if fragments:
        found["body"] = fragments
    return found


def _title_prefix(title: str, body: str) -> int:
    """Where the body starts after a copy of the title at its head (most bodies repeat it), so a snippet does
    not show the title again; 0 when the body does not start with it."""
    stripped, wanted = body.lstrip(), title.strip()
    if wanted and stripped.startswith(wanted):
        return len(body) - len(stripped) + len(wanted)
    return 0


def has_han(text: str) -> bool:
    """True when ``text`` contains a Han character."""
    return _HAN_RUN.search(text) is not None
