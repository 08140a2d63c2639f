"""`make bench`: every benchmark, each printing its figures and a ratio against a baseline
measured in the same run (so the numbers compare across machines).

`python -m benchmarks summarizer stories` (or `make bench BENCH="summarizer stories"`) runs
only those; a name is the module's without its `bench_` prefix."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    if argv:
        asked = [a if a.startswith("bench_") else f"bench_{a}" for a in argv]
        unknown = [a for a, n in zip(argv, asked, strict=True) if n not in names]
        if unknown:
            known = ", ".join(n.removeprefix("bench_") for n in names)
            print(f"no benchmark {', '.join(unknown)}; there are: {known}", file=sys.stderr)
            return 2
        names = asked
    failed = 0
    for name in names:
        print(f"== {name}")
        t0 = time.perf_counter()
        try:
            importlib.import_module(f"benchmarks.{name}").main()
        except Exception as e:  # one broken benchmark must not hide the others
            failed += 1
            print(f"   FAILED: {type(e).__name__}: {e}")
        print(f"   ({time.perf_counter() - t0:.1f}s)\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
