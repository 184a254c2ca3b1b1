"""Storage: what the data files held when read, lossless edits, and the locked, atomic
two-file save transaction. Nothing above this package writes a data file itself."""
