"""Benchmark: drawing a student's map picture (issue 7's target: a 60-person map in
under 300 ms and under 60 MB of extra memory).

Each measurement runs in a fresh Python process so that imports, font caches and the
peak RSS of one measurement do not leak into the next:

- import: the wall time of importing matplotlib's Figure and Agg canvas (what the first
  picture of a process pays once), reported separately;
- first picture: wall time and peak-RSS growth of the first `render_map` in a process
  (after the imports: this includes reading DejaVu Sans and building the glyph tables);
- warm pictures: the median, min and max of `--runs` further renders in that process,
  and the peak-RSS growth over all of them; and the same with the remembered text
  widths cleared before each (every name new to the process, the pessimistic case).

RSS is the process's resident set size (`/proc/self/statm`; `ru_maxrss` for the peak),
so "extra memory" is peak RSS after drawing minus RSS just before the first picture.

    python -m bench.map_picture                  # 60 people, 15 warm runs
    python -m bench.map_picture --people 120 --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = "--child"


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _child(people: int, runs: int) -> dict[str, float]:
    from tests.insights.maps import OPTIONS, crowded_map, day

    started = time.perf_counter()
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.figure  # noqa: F401

    import_s = time.perf_counter() - started
    from bot.insights import map_fonts
    from bot.insights.map_picture import render_map

    the_map = crowded_map(people)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "map.png"
        before = _rss_mb()
        started = time.perf_counter()
        render_map(the_map, **OPTIONS, student_name="Ana", new_since=day(45), path=path)
        first_s = time.perf_counter() - started
        first_peak = _peak_mb() - before
        times, fresh = [], []
        for _ in range(runs):
            started = time.perf_counter()
            render_map(the_map, **OPTIONS, student_name="Ana", new_since=day(45), path=path)
            times.append(time.perf_counter() - started)
            map_fonts._WIDTHS.clear()  # as if every name were new to the process
            started = time.perf_counter()
            render_map(the_map, **OPTIONS, student_name="Ana", new_since=day(45), path=path)
            fresh.append(time.perf_counter() - started)
        size = path.stat().st_size
    return {
        "people": people,
        "import_ms": import_s * 1000,
        "first_ms": first_s * 1000,
        "first_peak_extra_mb": first_peak,
        "warm_median_ms": statistics.median(times) * 1000,
        "warm_min_ms": min(times) * 1000,
        "warm_max_ms": max(times) * 1000,
        "fresh_median_ms": statistics.median(fresh) * 1000,
        "fresh_max_ms": max(fresh) * 1000,
        "peak_extra_mb": _peak_mb() - before,
        "rss_before_mb": before,
        "png_kb": size / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--processes", type=int, default=3, help="fresh processes to run")
    parser.add_argument(CHILD, action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.people, args.runs)))
        return
    results = []
    for _ in range(args.processes):
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.map_picture",
                CHILD,
                "--people",
                str(args.people),
                "--runs",
                str(args.runs),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        results.append(json.loads(out.stdout))

    def med(key: str) -> float:
        return statistics.median(r[key] for r in results)

    print(f"map picture, {args.people} people, {args.processes} processes x {args.runs} runs")
    print(f"  import matplotlib (Figure, Agg):   {med('import_ms'):7.0f} ms (once per process)")
    print(
        f"  first picture in a process:       {med('first_ms'):7.0f} ms, "
        f"peak RSS +{med('first_peak_extra_mb'):.1f} MB"
    )
    print(
        f"  warm pictures: median {med('warm_median_ms'):.0f} ms "
        f"(min {min(r['warm_min_ms'] for r in results):.0f}, "
        f"max {max(r['warm_max_ms'] for r in results):.0f}), "
        f"peak RSS +{max(r['peak_extra_mb'] for r in results):.1f} MB over "
        f"{med('rss_before_mb'):.0f} MB"
    )
    print(
        f"  warm, no remembered text widths: median {med('fresh_median_ms'):.0f} ms "
        f"(max {max(r['fresh_max_ms'] for r in results):.0f})"
    )
    print(f"  PNG size: {med('png_kb'):.0f} KB")


if __name__ == "__main__":
    main()
