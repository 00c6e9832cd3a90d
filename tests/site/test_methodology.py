"""The methodology page prints every flag of the catalogue (names, OCP ids, basis, thresholds with their sources and
dates), says plainly that a flag is no finding, keeps the correction log, and offers both files as they are."""

from __future__ import annotations

from ggzy.flags.catalogue import CORRECTIONS, DATA, load_catalogue, load_corrections


def test_the_page_lists_every_flag_with_its_ocp_ids_basis_and_thresholds(get_page) -> None:  # type: ignore[no-untyped-def]
    page = get_page("/methodology")
    catalogue = load_catalogue()
    assert "不是对违法违规的认定" in page.body
    assert catalogue.version in page.body
    toc = page.links("//nav[@aria-labelledby='flags-toc-title']//a")
    assert toc == [f"#{flag_id}" for flag_id in catalogue.flags]
    for spec in catalogue.flags.values():
        (section,) = page.tree.xpath(f"//section[@id='{spec.id}']")
        text = " ".join(section.text_content().split())
        assert spec.name_zh in text and spec.name_en in text
        assert all(ocp in text for ocp in spec.ocp)
        assert spec.basis in text and spec.limits in text
        for name, threshold in spec.thresholds.items():
            rows = [" ".join(" ".join(r.itertext()).split()) for r in section.xpath(f".//tr[th//text()='{name}']")]
            assert [threshold.source in r and threshold.effective.isoformat() in r for r in rows] == [True]


def test_the_correction_log_is_printed_newest_first(get_page) -> None:  # type: ignore[no-untyped-def]
    page = get_page("/methodology")
    rows = page.texts("//section[@aria-labelledby='corrections-title']//tbody/tr")
    corrections = load_corrections()
    assert len(rows) == len(corrections) >= 1
    assert [c.text in row for c, row in zip(corrections, rows, strict=True)] == [True] * len(rows)
    dates = [c.date for c in corrections]
    assert dates == sorted(dates, reverse=True)


def test_the_catalogue_and_the_log_download_as_they_are(client, get_page) -> None:  # type: ignore[no-untyped-def]
    page = get_page("/methodology")
    assert {"/methodology/catalogue.toml", "/methodology/corrections.toml"} <= set(page.links())
    for path, source in (("/methodology/catalogue.toml", DATA), ("/methodology/corrections.toml", CORRECTIONS)):
        answer = client.get(path)
        assert answer.status_code == 200 and answer.mimetype == "application/toml"
        assert answer.get_data() == source.read_bytes()


def test_the_json_twin_holds_the_catalogue(client) -> None:  # type: ignore[no-untyped-def]
    twin = client.get("/methodology?format=json").get_json()
    catalogue = load_catalogue()
    assert twin["catalogue_version"] == catalogue.version
    assert [f["id"] for f in twin["flags"]] == list(catalogue.flags)
    single = next(f for f in twin["flags"] if f["id"] == "single_bid")
    assert single["ocp"] == ["R018"] and single["thresholds"]["min_bidders"]["value"] == 2
    assert set(twin["states"]) == {"triggered", "not_triggered", "insufficient_data", "not_applicable"}
