"""The text normaliser on long non-ASCII text, as a ratio against bare C passes over it.

``normalize_text`` (the duplicate checks') on a long statement of accented or non-Latin text
is timed against ``unicodedata.normalize("NFKD", text).casefold().split()``: the decomposition,
case folding and splitting it cannot do without, in C. The ratio says how much the rest
(typography, dropping marks and punctuation) costs on top; one Python call per character, as
an earlier version made, shows as a ratio in the tens.

    python -m bench.text [--megabytes N] [--repeat R]
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/text.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import best_of_each, stopwatch
from kevidence.text import normalize_text, typography

SAMPLES = {
    "French": "Le kétamine réduit la douleur chez les patients âgés; élevé, prévu, café. ",
    "Greek": "Η κεταμίνη μειώνει τον πόνο σε ηλικιωμένους ασθενείς· αυξημένη δόση. ",
    "Vietnamese": "Ketamin làm giảm đau ở bệnh nhân lớn tuổi; liều cao hơn được dùng. ",
    "accents between letters": "éaüoñ çàe ",
}


def run(megabytes: float = 10.0, repeat: int = 3) -> list[dict[str, object]]:
    """Seconds of each function and of the baseline on each sample, and the ratios."""
    size = int(megabytes * 1_000_000)
    results: list[dict[str, object]] = []
    for name, piece in SAMPLES.items():
        text = (piece * (size // len(piece) + 1))[:size]
        base, folded, plain = best_of_each(
            repeat,
            stopwatch(lambda text=text: unicodedata.normalize("NFKD", text).casefold().split()),
            stopwatch(lambda text=text: normalize_text(text)),
            stopwatch(lambda text=text: typography(text)),
        )
        results.append({"sample": name, "characters": size, "baseline_s": round(base, 3),
                        "normalize_text_s": round(folded, 3), "typography_s": round(plain, 3),
                        "normalize_text_ratio": round(folded / base, 2), "typography_ratio": round(plain / base, 2)})
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    for row in run(args.megabytes, args.repeat):
        print(f"{row['sample']:<26} normalize_text {row['normalize_text_s']:>6} s "
              f"({row['normalize_text_ratio']}x baseline), typography {row['typography_s']:>6} s "
              f"({row['typography_ratio']}x), baseline {row['baseline_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
