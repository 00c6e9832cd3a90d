"""Whatever a visitor types into the search page's URL, the answer is a page (200) or a message (400)."""

from __future__ import annotations

from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PARAMS = ["q", "kind", "category", "region", "centre", "from", "to", "amount_min", "amount_max", "sort", "cursor"]
typed = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
hints = st.sampled_from(
    ["道路", '"道路', "公司", "award", "33", "2026-01-01", "1e9", "-1", "NaN", "*", "AND", "", "WyJ4Il0"]
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(PARAMS), st.one_of(typed, hints), max_size=5), st.booleans())
def test_no_search_input_makes_the_page_fail(client, params, company_tab):
    if company_tab:
        params = {**params, "tab": "company"}
    response = client.get("/search?" + urlencode(params), headers={"Accept": "text/html"})
    assert response.status_code in (200, 302, 400), (params, response.status_code)
    if response.status_code == 400:
        assert "填写有误" in response.get_data(as_text=True) or "查询条件有误" in response.get_data(as_text=True)
