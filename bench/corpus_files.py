"""The benchmark corpus as files, and as every benchmark reads it.

``python3 -m bench corpus --size N --seed S --out FILE.jsonl.gz`` writes ``bench.corpus.Corpus`` in the portal's bulk
JSON Lines format; ``--profile`` re-measures ``bench/corpus_profile.json`` first. Benchmarks add ``--corpus FILE``
with ``add_argument`` and ``use``, and read notices with ``corpus_notices``: from the file, or generated on the fly.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import multiprocessing
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import corpus
from bench.corpus import Corpus
from ggzy.index.base import Index
from ggzy.model import Notice


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a bulk JSON Lines file (``.jsonl`` or ``.jsonl.gz``)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


#: The corpus file every benchmark reads (``--corpus FILE``); None generates the corpus on the fly.
SOURCE: dict[str, Path | None] = {"file": None}


def add_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--corpus FILE`` to a benchmark's arguments; ``use(args)`` applies it."""
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help="A corpus file (python3 -m bench corpus --out FILE); default: generate the corpus (seed 7) on the fly.",
    )


def use(args: argparse.Namespace) -> None:
    SOURCE["file"] = args.corpus


def describe() -> str:
    """Where the benchmark's notices come from, for the tables and for telling a cached index apart."""
    file = SOURCE["file"]
    return f"corpus file {file.name}" if file is not None else "generated corpus, seed 7"


def corpus_notices(size: int, seed: int = 7, path: Path | None = None) -> Iterator[Notice]:
    """``size`` notices: the first ``size`` of the corpus file at ``path`` (default: ``--corpus``), or generated
    for ``seed``."""
    path = path or SOURCE["file"]
    if path is None:
        yield from Corpus(size, seed).notices()
        return
    count = 0
    for record in read_records(path):
        if count == size:
            return
        yield Notice.from_dict(record)
        count += 1
    if count < size:
        raise SystemExit(f"{path} holds {count} notices, fewer than the {size} asked for")


def load_into(index: Index, size: int, batch: int) -> None:
    """Upsert the first ``size`` corpus notices (``corpus_notices``) into ``index``, ``batch`` at a time."""
    pending: list[Notice] = []
    for notice in corpus_notices(size):
        pending.append(notice)
        if len(pending) == batch:
            index.upsert(pending)
            pending = []
    if pending:
        index.upsert(pending)


_worker: dict[str, Any] = {}


def _chunk_bytes(args: tuple[int, int, int, bool]) -> bytes:
    """One chunk, encoded (and gzip-compressed as one gzip member when ``packed``), in a worker process."""
    size, seed, chunk, packed = args
    corpus = _worker.get("corpus")
    if corpus is None or (corpus.size, corpus.seed) != (size, seed):
        corpus = _worker["corpus"] = Corpus(size, seed)
    data = corpus.lines(chunk).encode("utf-8")
    return gzip.compress(data, compresslevel=3, mtime=0) if packed else data


def write(path: Path, size: int, seed: int, jobs: int = 2) -> int:
    """Write the corpus to ``path`` (gzip when it ends in ``.gz``: one gzip member per chunk, which every gzip
    reader reads as one stream), chunks made by ``jobs`` processes; returns the number of notices."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    work = [(size, seed, chunk, path.suffix == ".gz") for chunk in range(math.ceil(size / corpus.CHUNK))]
    with open(partial, "wb") as out:
        if jobs > 1:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                for block in pool.imap(_chunk_bytes, work):
                    out.write(block)
        else:
            for item in work:
                out.write(_chunk_bytes(item))
    partial.replace(path)
    return size


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python3 -m bench corpus", description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="the .jsonl or .jsonl.gz file to write")
    parser.add_argument("--jobs", type=int, default=2, help="processes making chunks (the output is the same)")
    parser.add_argument("--profile", action="store_true", help="re-measure corpus_profile.json from ../shared/data")
    args = parser.parse_args(argv)
    if args.profile:
        from bench import corpus_profile

        corpus_profile.main([])
    if args.out is None:
        if not args.profile:
            parser.error("--out is required")
        return
    started = time.perf_counter()
    count = write(args.out, args.size, args.seed, args.jobs)
    seconds = time.perf_counter() - started
    print(f"{args.out}: {count:,} notices in {seconds:.1f} s ({count / seconds:,.0f}/s)", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
