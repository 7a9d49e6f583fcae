"""Benchmarks: scripts that print figures and ratios (see README.md); not tests."""
