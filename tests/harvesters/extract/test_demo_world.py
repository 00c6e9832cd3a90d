"""Extraction reproduces the demo world's ground truth from every body, however it is rendered."""

from __future__ import annotations

import pytest

from ggzy.demo.bodies import to_html, to_text, to_word_html
from ggzy.demo.generator import World, build_world
from ggzy.harvesters.extract import build_notice, parse_penalty_row

FIELDS = ("project_code", "project_name", "region_code", "buyer", "agency", "winners", "amount", "budget", "deadline",
          "bids", "candidates")  # fmt: skip


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(seed=7, projects=24)


@pytest.mark.parametrize("render", ["html", "word", "text"])
def test_every_notice_body_gives_the_true_fields(world, render):
    checked = 0
    for publication in world.publications:
        if not publication.blocks:
            continue
        if render == "html":
            body = to_html(publication.blocks)
        elif render == "word":
            body = to_word_html(publication.title, publication.blocks)
        else:
            body = to_text(publication.blocks)
        notice = build_notice(
            centre=publication.notice.centre,
            source_id=publication.source_id,
            source_url="",
            title=publication.title,
            html_or_text=body,
            kind=publication.kind,
            category=publication.category,
        )
        truth = publication.notice
        for name in FIELDS:
            assert getattr(notice, name) == getattr(truth, name), (publication.title, name)
        assert "<script" not in notice.body_html
        checked += 1
    assert checked > 50


def test_every_credit_record_gives_the_true_penalty(world):
    records = [p for p in world.publications if p.record is not None]
    assert records
    for publication in records:
        assert parse_penalty_row(publication.record.columns) == publication.notice.penalty
