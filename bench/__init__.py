"""Benchmarks: plain scripts, run as python -m bench.<name>; figures go to docs/benchmarks.md."""
