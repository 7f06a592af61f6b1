"""Login timing: a known user name with a wrong password against an unknown name (both one argon2 verify).

    python benchmarks/bench_login.py [--rounds 40]

Prints the median time of each and their difference in percent (the goal is under 5 %)."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store.access import SYSTEM  # noqa: E402
from store.session import make_engine, transaction, upgrade  # noqa: E402
from store.users import add_user, authenticate  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=40)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/login.db")
        upgrade(engine)
        with transaction(engine) as s:
            add_user(s, SYSTEM, "known", "Tb6-wq!Lz8mK", "viewer", ("全部",))
        times: dict[str, list[float]] = {"known": [], "nobody": []}
        t = datetime(2026, 1, 1)
        for i in range(args.rounds):
            for name in ("known", "nobody") if i % 2 else ("nobody", "known"):
                t += timedelta(days=2)  # past any lockout: every attempt reaches the password check
                with transaction(engine) as s:
                    start = time.perf_counter()
                    authenticate(s, name, "wrong-password", now=t)
                    times[name].append(time.perf_counter() - start)
    known, unknown = statistics.median(times["known"]), statistics.median(times["nobody"])
    print(f"known user, wrong password: {known * 1000:.1f} ms (median of {args.rounds})")
    print(f"unknown user:               {unknown * 1000:.1f} ms")
    print(f"difference: {abs(known - unknown) / max(known, unknown) * 100:.1f} %")


if __name__ == "__main__":
    main()
