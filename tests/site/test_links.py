"""Every link the pages give to feeds, downloads and the other sections leads to an answer."""

from __future__ import annotations

from tests.site.conftest import WINNER


def test_every_feed_download_and_section_link_answers(client, get_page, world):
    pages = [
        "/",
        "/search?q=道路&kind=award&region=33",
        f"/notice/{world.award.id}",
        f"/entity/{WINNER.uscc}",
        "/centre/huzhou-ggzy",
        "/region/330000",
        "/about",
    ]
    wanted = ("/feeds/", "/opendata/", "/api/", "/centre/", "/region/", "/entity/", "/notice/", "/search")
    checked = set()
    for path in pages:
        page = get_page(path)
        hrefs = page.links() + page.tree.xpath("//link[@rel='alternate']/@href")
        for href in hrefs:
            if href in checked or not href.startswith(wanted):
                continue
            checked.add(href)
            response = client.get(href)
            assert response.status_code == 200, (path, href, response.status_code)
            response.close()
    assert any(h.startswith("/feeds/search.atom?") for h in checked)
    assert any(h.startswith("/opendata/search.csv?") for h in checked)
    assert f"/opendata/entities/{WINNER.uscc}.json" in checked
    assert "/feeds/centre/huzhou-ggzy.atom" in checked and "/feeds/region/330000.atom" in checked
