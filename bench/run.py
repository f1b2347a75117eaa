"""Run every benchmark under bench/ and write bench/results/<name>.json.

Benchmarks measure; they never fail the build. Targets are recorded beside the numbers.
"""

from __future__ import annotations

import importlib.util
import json
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"


def main() -> None:
    """``python bench/run.py [NAME...]``: every benchmark, or only those named (e.g. hevy)."""
    RESULTS_DIR.mkdir(exist_ok=True)
    wanted = set(sys.argv[1:])
    for path in sorted(BENCH_DIR.glob("bench_*.py")):
        if wanted and path.stem.removeprefix("bench_") not in wanted:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        results = module.run()
        document = {
            "benchmark": path.stem.removeprefix("bench_"),
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "python": sys.version.split()[0],
            "machine": platform.machine(),
            **results,
        }
        out = RESULTS_DIR / f"{document['benchmark']}.json"
        out.write_text(json.dumps(document, indent=2) + "\n")
        print(f"{out.relative_to(BENCH_DIR.parent)}: {json.dumps(results)}")


if __name__ == "__main__":
    main()
