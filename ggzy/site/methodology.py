"""``/methodology``: how the integrity flags are computed, printed from the catalogue itself.

Each flag of ``ggzy/flags/catalogue.toml`` with its Chinese and English names, OCP ids, legal basis, what it needs,
what triggers it, its limits and each threshold with its source and the day it took effect; the four outcome
states; the correction log (``corrections.toml``); and both files to download, so anyone can check the page
against the data it is printed from; and the coverage of each flag on this index (how many notices it could be
computed for), so a reader sees what "not triggered" is worth. The page's JSON twin holds the same.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

from ggzy.flags.catalogue import CORRECTIONS, DATA, Catalogue, Correction, FlagSpec, load_catalogue, load_corrections
from ggzy.flags.model import STATE_LABELS, FlagState
from ggzy.index.query_params import PARAMS
from ggzy.normalize.dates import holiday_years
from ggzy.site.api import site_url
from ggzy.site.api_flags import coverage_json
from ggzy.site.web import PageAnswer, render_page

bp = Blueprint("methodology", __name__)

#: The plain statement every reader of a flag must see first.
STATEMENT = "标志只是值得进一步查看的理由，不是对违法违规的认定。"
#: What each outcome state means, in the words the page prints.
STATE_MEANINGS = {
    FlagState.TRIGGERED: "公告中的数据满足触发条件。",
    FlagState.NOT_TRIGGERED: "所需数据齐全，且不满足触发条件。",
    FlagState.INSUFFICIENT: "标志适用于该公告，但缺少所需的数据（结果中注明缺少什么），无法判断。",
    FlagState.NOT_APPLICABLE: "标志不适用于该公告（例如对招标公告计算中标金额的标志），不记录结果。",
}
TOML = "application/toml; charset=utf-8"


@bp.get("/methodology")
def methodology() -> PageAnswer:
    catalogue = load_catalogue()
    corrections = load_corrections()
    coverage = coverage_json()
    return render_page(
        "methodology.html",
        catalogue=catalogue,
        corrections=corrections,
        statement=STATEMENT,
        states=[(state, STATE_LABELS[state], STATE_MEANINGS[state]) for state in FlagState],
        holiday_notices=[year.notice for year in holiday_years().values()],
        flag_search="flag" in PARAMS,
        coverage=coverage,
        coverage_by_flag={row["flag"]: row for row in coverage["flags"]},
        twin=lambda: methodology_json(catalogue, corrections, coverage),
    )


@bp.get("/methodology/catalogue.toml")
def catalogue_file() -> Response:
    """The catalogue exactly as the rules read it."""
    return Response(DATA.read_bytes(), mimetype="application/toml", content_type=TOML)


@bp.get("/methodology/corrections.toml")
def corrections_file() -> Response:
    """The correction log exactly as the page reads it."""
    return Response(CORRECTIONS.read_bytes(), mimetype="application/toml", content_type=TOML)


def flag_json(spec: FlagSpec) -> dict[str, Any]:
    """One flag of the catalogue as data: every field the page prints."""
    return {
        "id": spec.id,
        "ocp": list(spec.ocp),
        "name_zh": spec.name_zh,
        "name_en": spec.name_en,
        "basis": spec.basis or None,
        "needs": list(spec.needs),
        "triggers": spec.triggers,
        "limits": spec.limits,
        "thresholds": {
            name: {"value": t.value, "source": t.source, "effective": t.effective.isoformat()}
            for name, t in spec.thresholds.items()
        },
        "url": f"{site_url()}/methodology#{spec.id}",
    }


def methodology_json(
    catalogue: Catalogue, corrections: tuple[Correction, ...], coverage: dict[str, Any]
) -> dict[str, Any]:
    """The methodology page as data: the statement, the states, every flag, the correction log, the coverage
    of each flag on this index (``/api/v1/flags/coverage``), the files."""
    site = site_url()
    return {
        "statement": STATEMENT,
        "catalogue_version": catalogue.version,
        "states": {s.value: {"label": STATE_LABELS[s], "meaning": STATE_MEANINGS[s]} for s in FlagState},
        "flags": [flag_json(spec) for spec in catalogue.flags.values()],
        "corrections": [
            {"date": c.date.isoformat(), "version": c.version, "flags": list(c.flags), "text": c.text}
            for c in corrections
        ],
        "coverage": coverage,
        "files": {
            "catalogue": f"{site}/methodology/catalogue.toml",
            "corrections": f"{site}/methodology/corrections.toml",
        },
    }
