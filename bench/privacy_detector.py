"""How well and how fast does base.privacy.detector find personal data?

1. Quality on the labelled corpus tests/privacy/corpus.jsonl: per kind, precision, recall and
   F1 (a finding counts when kind, start and end are exactly those labelled), and overall;
   then every miss and every false finding.
2. Throughput on 1 MB of mixed text (the corpus's sentences in a seeded random order, one a
   line), and on 1 MB of plain prose (its texts without personal data only), against a
   baseline measured in the same run on the same text: one `re.finditer(r"\\d+")` pass that
   touches every digit run. The ratio says how many such passes one detection costs.
3. Time per 100 KB on adversarial inputs (digit runs, dashes, street numbers, titles) against
   the bound of 1 s per 100 KB.

Figures only: nothing is asserted (tests/privacy/test_detector.py asserts the bars).

    .venv/bin/python bench/privacy_detector.py               # from the project root, ~15 s
    .venv/bin/python bench/privacy_detector.py --repeat 1    # a quick check
"""

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = 1_000_000  # bytes of UTF-8


def build(texts, seed=2026):
    """About SIZE bytes of the texts in a seeded random order, one a line."""
    rng = random.Random(seed)
    lines, size = [], 0
    while size < SIZE:
        line = rng.choice(texts)
        lines.append(line)
        size += len(line.encode()) + 1
    return "\n".join(lines)


def timed(function, text, repeat):
    """The median seconds of `repeat` calls and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(text)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def baseline(text):
    return sum(1 for _ in re.finditer(r"\d+", text))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per figure (median)")
    parser.add_argument("--quiet", action="store_true", help="do not list misses and false ones")
    sys.path.insert(0, str(ROOT))
    from bench.common import with_smoke

    options = with_smoke(parser, {"repeat": 1}, "one timed run per figure")

    from base.privacy.detector import KINDS, find_personal_data
    from tests.privacy.test_detector import load_corpus, overall, ratio, score

    examples = load_corpus()
    negatives = sum(1 for example in examples if not example["findings"])
    result = score(examples)
    counts = result["counts"]
    print(
        f"corpus: {len(examples)} texts ({negatives} without personal data), "
        f"{sum(c['expected'] for c in counts.values())} labelled findings; "
        f"scored in {result['seconds'] * 1000:.0f} ms\n"
    )
    print(f"{'kind':<10} {'labelled':>8} {'found':>6} {'right':>6} {'precision':>9} "
          f"{'recall':>7} {'F1':>6}")  # fmt: skip
    for kind in KINDS:
        c = counts[kind]
        precision, recall = ratio(c["tp"], c["found"]), ratio(c["tp"], c["expected"])
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(
            f"{kind:<10} {c['expected']:>8} {c['found']:>6} {c['tp']:>6} {precision:>9.3f} "
            f"{recall:>7.3f} {f1:>6.3f}"
        )
    precision, recall = overall(counts)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    total = {key: sum(c[key] for c in counts.values()) for key in ("expected", "found", "tp")}
    print(
        f"{'overall':<10} {total['expected']:>8} {total['found']:>6} {total['tp']:>6} "
        f"{precision:>9.3f} {recall:>7.3f} {f1:>6.3f}"
    )
    if not options.quiet:
        for title, rows in (("missed", result["misses"]), ("false", result["false"])):
            for line, kind, piece, text in rows:
                print(f"  {title}: line {line} {kind} {piece!r} in {text[:60]!r}")

    print(f"\nthroughput (median of {options.repeat} runs)")
    print(f"{'text':<8} {'KB':>6} {'findings':>8} {'detector KB/s':>13} {'ms/100 KB':>9} "
          f"{'baseline KB/s':>13} {'ratio':>6}")  # fmt: skip
    samples = {
        "mixed": build([example["text"] for example in examples]),
        "prose": build([example["text"] for example in examples if not example["findings"]]),
    }
    for name, text in samples.items():
        kb = len(text.encode()) / 1000
        seconds, findings = timed(find_personal_data, text, options.repeat)
        base_seconds, _ = timed(baseline, text, options.repeat)
        print(
            f"{name:<8} {kb:>6.0f} {len(findings):>8} {kb / seconds:>13,.0f} "
            f"{seconds * 1000 / (kb / 100):>9.1f} {kb / base_seconds:>13,.0f} "
            f"{seconds / base_seconds:>6.1f}"
        )

    print("\nadversarial input, about 1 MB each (bound: 1,000 ms per 100 KB)")
    adversarial = {
        "one digit run": "1" * 1_000_000,
        "1-1-1-": "1-" * 500_000,
        "mobile groups": "138 0013 8001-" * 72_000,
        "area codes": "0759-" * 200_000,
        "a@b.a@b.": "a@b." * 250_000,
        "full-width 138-": "１３８－" * 84_000,
        "street numbers": "中山一路23号" * 60_000,
        "names + titles": "陈志强先生" * 67_000,
        "random digits": "".join(random.Random(1).choice("0123456789 -()+") for _ in range(SIZE)),
    }
    for name, text in adversarial.items():
        kb = len(text.encode()) / 1000
        seconds, findings = timed(find_personal_data, text, max(1, options.repeat // 2))
        print(
            f"  {name:<16} {kb:>5.0f} KB {seconds * 1000 / (kb / 100):>7.1f} ms/100 KB "
            f"{len(findings):>7} findings"
        )


if __name__ == "__main__":
    main()
