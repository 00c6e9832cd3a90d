"""How a page states the number of matches: exact, or "10,000+" with the estimate past the counting limit."""

from ggzy.index.query import EXACT_TOTAL_LIMIT, SearchResult
from ggzy.site.filters import match_count


def test_an_exact_total_is_written_with_thousands_separators():
    assert match_count(SearchResult(total=1234, hits=[])) == "1,234"


def test_an_estimated_total_says_the_limit_was_passed_and_gives_the_estimate():
    result = SearchResult(total=912_345, hits=[], total_exact=False)
    assert match_count(result) == f"{EXACT_TOTAL_LIMIT:,}+（约 912,345）"
