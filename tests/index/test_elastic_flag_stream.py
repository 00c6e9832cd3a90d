"""What only the Elasticsearch engine must do for the flags: stream them past the result window, where the
offsets of ``Index.flags`` stop (the bulk export and a large buyer's profile read them all)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from ggzy.flags.compute import refresh
from ggzy.index import elastic_flags
from ggzy.index.base import IndexEngineError
from ggzy.index.buyer import buyer_profile
from ggzy.index.elastic import ElasticIndex
from ggzy.index.elastic_flags import flags_alias
from tests.site.flag_world import BUYER, build_flag_world

pytestmark = pytest.mark.elasticsearch
TODAY = date(2026, 1, 10)


def test_elasticsearch_streams_past_its_result_window(elastic_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A window of 10 results (the node's default is 10,000) and scroll pages of 5 stand for a national index."""
    monkeypatch.setattr(elastic_flags, "SCAN_PAGE", 5)
    index = ElasticIndex(f"{elastic_url}?alias=ggzy-test-{uuid.uuid4().hex[:12]}")
    try:
        index.upsert(build_flag_world(TODAY).notices)
        refresh(index, today=TODAY)
        index.client.indices.put_settings(index=flags_alias(index.alias), settings={"index.max_result_window": 10})
        with pytest.raises(IndexEngineError):
            index.flags(today=TODAY, limit=10, offset=10)
        assert len(list(index.scan_flags(today=TODAY))) == 28
        assert buyer_profile(index, BUYER.uscc or "", today=TODAY).single_bid_rate == 0.5  # type: ignore[union-attr]
    finally:
        index.drop()
        index.close()
