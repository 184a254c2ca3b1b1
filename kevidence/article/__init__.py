"""Reading the article itself: check it against the base, and draft claims from it."""
