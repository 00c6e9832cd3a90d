"""The benchmark corpus: shaped like the real captures it was measured from, the same for a seed, and readable
as the portal's own bulk files."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from bench import corpus
from bench.corpus import Corpus, load_profile
from bench.corpus_files import write
from bench.corpus_profile import PROFILE, derive
from ggzy.model import Notice


def test_the_shipped_profile_is_what_the_captures_measure(shared_data: Path) -> None:
    assert derive(shared_data) == json.loads(PROFILE.read_text("utf-8"))


def test_bodies_follow_the_measured_lengths_and_every_kind_is_there() -> None:
    records = list(Corpus(4000, seed=3).records())
    lengths = sorted(len(r["body_text"]) for r in records)
    measured = dict(zip(load_profile()["quantiles"], load_profile()["body_length"]["pooled"], strict=True))
    median, p90 = lengths[len(lengths) // 2], lengths[len(lengths) * 9 // 10]
    assert abs(median - measured[50]) / measured[50] < 0.15
    assert abs(p90 - measured[90]) / measured[90] < 0.15
    kinds = Counter(r["kind"] for r in records)
    assert {"tender", "award", "candidates", "opening", "correction", "contract", "penalty"} <= set(kinds)
    assert len({r["body_text"] for r in records}) == len(records)
    buyers = Counter(r["buyer"]["name"] for r in records if r["buyer"])
    assert buyers.most_common(1)[0][1] > 1 and len(buyers) > 200


def test_the_file_is_the_same_for_a_seed_and_reads_back_as_notices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corpus, "CHUNK", 100)  # six chunks, made by two processes or one
    one, two = tmp_path / "one.jsonl.gz", tmp_path / "two.jsonl.gz"
    write(one, 600, seed=5, jobs=2)
    write(two, 600, seed=5, jobs=1)
    assert one.read_bytes() == two.read_bytes()
    lines = gzip.decompress(one.read_bytes()).decode("utf-8").splitlines()
    assert len(lines) == 600
    for line in lines[:50]:
        data = json.loads(line)
        notice = Notice.from_dict(data)
        assert notice.to_dict() == data and notice.compute_content_hash() == data["content_hash"]
    other = [r["body_text"] for r in Corpus(600, seed=6).records()]
    assert other != [json.loads(line)["body_text"] for line in lines]
