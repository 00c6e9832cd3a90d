"""Benchmarks: each ``bench/<part>_bench.py`` measures one part and has ``main(argv)``; results go into
BENCHMARKS.md."""
