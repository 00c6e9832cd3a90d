"""Run the benchmarks: ``python3 -m bench`` runs every ``bench/*_bench.py`` with its defaults;
``python3 -m bench NAME [ARGS …]`` runs one (``index_bench``, ``index``, …) with its own arguments;
``python3 -m bench corpus …`` writes the benchmark corpus (``bench/corpus_files.py``); ``python3 -m bench
search_each …`` times each fixed search on a built index (``bench/search_each.py``)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def modules() -> list[str]:
    """The benchmark modules, by name, in alphabetical order."""
    return sorted(path.stem for path in Path(__file__).parent.glob("*_bench.py"))


#: Commands that are not benchmarks (``python3 -m bench`` alone does not run them).
TOOLS = {"corpus": "bench.corpus_files", "search_each": "bench.search_each"}


def main(argv: list[str]) -> None:
    if argv and argv[0] in TOOLS:
        importlib.import_module(TOOLS[argv[0]]).main(argv[1:])
        return
    if argv and not argv[0].startswith("-"):
        name = argv[0] if argv[0].endswith("_bench") else f"{argv[0]}_bench"
        if name not in modules():
            sys.exit(f"no benchmark {argv[0]!r}; there are: {', '.join(modules())}")
        importlib.import_module(f"bench.{name}").main(argv[1:])
        return
    if argv:
        sys.exit("usage: python3 -m bench [NAME [ARGS …]]  (ARGS go to the one benchmark named)")
    for name in modules():
        print(f"== {name}", flush=True)
        importlib.import_module(f"bench.{name}").main([])


if __name__ == "__main__":
    main(sys.argv[1:])
