#!/usr/bin/env python3
"""Time `tilint check` from this checkout against another checkout of tilint, taking turns.

Usage: versus.py CORPUS [CORPUS ...] [--old SRC] [--new SRC] [--base SRC] [--repeat 3] [--jobs 1] [--extra "--no-prefilter"]

Each run is one fresh process under /usr/bin/time (wall, user and system seconds, peak memory),
the checkouts taking turns (new, old, new, old, ...) so that a noisy moment on a shared machine
hits all alike; the median and the best of the runs are printed, with every run listed, and
the load average before and after. *--base* adds a third side (say, a snapshot of the session's
start, to tell this session's gain from the other checkout's).
*SRC* is the other checkout's ``src`` folder (default /tmp/old/src, made with
``git worktree add /tmp/old COMMIT``); it is put first on PYTHONPATH, so its own built-in rules
(``/tmp/old/rules``) are used. *--new* is this checkout's ``src`` by default; while others edit
the rules, a copy of ``src`` and ``rules`` side by side (``/tmp/snap/src``) keeps the pack still. The findings of both are counted from the JSON output, so a
difference in what the two report shows next to the times. Both checkouts are byte-compiled
first, as an installed package is.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
from statistics import median
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int, int]:
    """(wall s, cpu s, peak KB, findings) of one run of *cmd*."""
    with tempfile.NamedTemporaryFile("w+", suffix=".time") as times, tempfile.TemporaryFile("w+") as out:
        subprocess.run(
            ["/usr/bin/time", "-o", times.name, "-f", "%e %U %S %M", *cmd],
            stdout=out, stderr=subprocess.DEVNULL, env=env, check=False,
        )
        wall, user, system, peak = times.read().split()[-4:]
        out.seek(0)
        try:
            findings = len(json.load(out).get("findings", []))
        except ValueError:
            findings = -1
    return float(wall), float(user) + float(system), int(peak), findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--old", default="/tmp/old/src")
    parser.add_argument("--new", default=str(HERE.parent / "src"), help="this checkout's src (or a snapshot's)")
    parser.add_argument("--base", default="", help="a third checkout's src, timed in turn with the two")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", default="1")
    parser.add_argument("--extra", default="", help="more options for both, e.g. --no-prefilter")
    args = parser.parse_args(argv)
    new_src = args.new
    for src in (new_src, args.old, args.base or new_src):
        subprocess.run([sys.executable, "-m", "compileall", "-q", src], stdout=subprocess.DEVNULL, check=False)
    base = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # a cache folder of each side's own: the shared one keeps 64 entries, and others' runs push ours out
    caches = Path(tempfile.mkdtemp(prefix="tilint-versus-"))
    sides = {
        side: {**base, "PYTHONPATH": src, "TILINT_CACHE_DIR": str(caches / side)}
        for side, src in (("new", new_src), ("old", args.old), ("base", args.base)) if src
    }
    for corpus in args.corpora:
        cmd = [sys.executable, "-m", "tilint", "check", "--format", "json", "--fail-on", "never", "--jobs", args.jobs,
               *args.extra.split(), str(corpus)]
        for env in sides.values():  # warm: the page cache and each side's cache of prefilter strings
            timed(cmd, env)
        runs: dict[str, list[tuple[float, float, int, int]]] = {side: [] for side in sides}
        load = os.getloadavg()[0]
        for _ in range(args.repeat):
            for side, env in sides.items():
                runs[side].append(timed(cmd, env))
        print(f"{corpus} (load average {load:.1f} before, {os.getloadavg()[0]:.1f} after)")
        for side, samples in runs.items():
            walls = ", ".join(f"{s[0]:.2f}" for s in samples)
            print(f"  {side}: median {median(s[0] for s in samples):.2f} s wall (best {min(samples)[0]:.2f}), "
                  f"median {median(s[1] for s in samples):.2f} s cpu, {max(s[2] for s in samples) // 1024} MB; "
                  f"findings {sorted({s[3] for s in samples})}; runs {walls}")
        for side in runs:
            if side != "old":
                print(f"  old / {side}: {median(s[0] for s in runs['old']) / median(s[0] for s in runs[side]):.2f}x "
                      f"(median wall), {median(s[1] for s in runs['old']) / median(s[1] for s in runs[side]):.2f}x "
                      f"(median cpu)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
