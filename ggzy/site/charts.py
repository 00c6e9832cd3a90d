"""Bar charts drawn on the server as SVG: readable without JavaScript, by screen readers, and when printed.

Each chart is a ``<figure>``: an SVG with ``role="img"`` and an ``aria-label`` summing it up, one ``<title>``
per bar (a tooltip), text labels for every value, and the same numbers in a table under a ``<details>``.
Colours come from classes in ``site.css`` (the CSP forbids inline styles).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

Item = tuple[str, int]


def column_chart(caption: str, items: Sequence[Item], *, unit: str = "条") -> Markup:
    """Vertical bars left to right, for a series in time order (notices per month)."""
    width, height = 640, 280
    left, right, top, bottom = 48, 8, 24, 64
    plot_width, plot_height = width - left - right, height - top - bottom
    peak = max((value for _, value in items), default=0) or 1
    step = plot_width / max(len(items), 1)
    bar = max(step * 0.7, 1.0)
    label_every = max(1, round(len(items) / 12))
    parts: list[str] = []
    for position, (label, value) in enumerate(items):
        x = left + position * step + (step - bar) / 2
        bar_height = plot_height * value / peak
        y = top + plot_height - bar_height
        centre = x + bar / 2
        parts.append(
            f'<g class="bar"><title>{escape(label)}：{value} {unit}</title>'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{bar_height:.1f}"></rect>'
            f'<text class="value" x="{centre:.1f}" y="{y - 4:.1f}" text-anchor="middle">{value}</text>'
        )
        if position % label_every == 0:
            base = top + plot_height + 18
            parts.append(
                f'<text class="label" x="{centre:.1f}" y="{base:.1f}" text-anchor="end" '
                f'transform="rotate(-40 {centre:.1f} {base:.1f})">{escape(label)}</text>'
            )
        parts.append("</g>")
    axis_y = top + plot_height
    parts.append(f'<line class="axis" x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}"></line>')
    return _figure(caption, items, unit, width, height, "".join(parts))


def bar_chart(caption: str, items: Sequence[Item], *, unit: str = "条") -> Markup:
    """Horizontal bars top to bottom, largest first, for categories with long names (notices per province)."""
    row, label_width, value_width, width = 30, 130, 56, 480
    height = max(row * len(items), row) + 8
    plot_width = width - label_width - value_width
    peak = max((value for _, value in items), default=0) or 1
    parts: list[str] = []
    for position, (label, value) in enumerate(items):
        y = 4 + position * row
        bar_width = max(plot_width * value / peak, 1.0)
        middle = y + row / 2
        parts.append(
            f'<g class="bar"><title>{escape(label)}：{value} {unit}</title>'
            f'<text class="label" x="{label_width - 8}" y="{middle + 5:.1f}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect x="{label_width}" y="{y + 4}" width="{bar_width:.1f}" height="{row - 8}"></rect>'
            f'<text class="value" x="{label_width + bar_width + 6:.1f}" y="{middle + 5:.1f}">{value}</text>'
            "</g>"
        )
    return _figure(caption, items, unit, width, height, "".join(parts))


def month_series(by_month: dict[str, int], *, last: int = 24) -> list[Item]:
    """Counts per ``YYYY-MM`` in order, months without notices filled with 0, the ``last`` months only."""
    months = sorted(m for m in by_month if len(m) == 7 and m[:4].isdigit() and m[5:].isdigit())
    if not months:
        return []
    year, month = int(months[0][:4]), int(months[0][5:])
    end = (int(months[-1][:4]), int(months[-1][5:]))
    series: list[Item] = []
    while (year, month) <= end:
        key = f"{year:04d}-{month:02d}"
        series.append((key, by_month.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return series[-last:]


def _figure(caption: str, items: Sequence[Item], unit: str, width: int, height: int, body: str) -> Markup:
    total = sum(value for _, value in items)
    if items:
        top_label, top_value = max(items, key=lambda item: item[1])
        summary = f"{caption}：共 {len(items)} 项，合计 {total} {unit}，最多为 {top_label}（{top_value} {unit}）"
    else:
        summary = f"{caption}：暂无数据"
    rows = "".join(f'<tr><th scope="row">{escape(label)}</th><td>{value}</td></tr>' for label, value in items)
    return Markup(
        f'<figure class="chart"><figcaption>{escape(caption)}</figcaption>'
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(summary)}" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">{body}</svg>'
        f"<details><summary>查看数据表</summary>"
        f'<table class="data"><caption>{escape(caption)}</caption>'
        f'<thead><tr><th scope="col">项目</th><th scope="col">数量（{escape(unit)}）</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></details></figure>"
    )
