"""Benchmarks of kevidence: a seeded generator of large knowledge bases and ratio measurements."""
