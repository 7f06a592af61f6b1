"""Login timing and brute-force cost.

    python benchmarks/bench_login.py [--rounds 40] [--attempts 1000]

1. A known user name with a wrong password against an unknown name (both one argon2 verify): the median time
   of each and their difference in percent (the goal is under 5 %).
2. An attacker trying ATTEMPTS wrong passwords against one account from one client, each as soon as the
   previous lockout ends (attempts made while locked are refused without a password check and do not
   count): the lockout time they sit through in total (the goal is at least 15 minutes for 1,000), and how
   many attempts reached the password check within the first hour and day.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine  # noqa: E402

from store.access import SYSTEM  # noqa: E402
from store.session import make_engine, transaction, upgrade  # noqa: E402
from store.users import add_user, authenticate  # noqa: E402


def brute_force(engine: Engine, attempts: int) -> None:
    """ATTEMPTS wrong passwords for one known account, each made the moment the account is unlocked again."""
    start = t = datetime(2026, 3, 1)
    locked = timedelta(0)
    checked_by: dict[str, int] = {"1 小时": 0, "1 天": 0}
    for _ in range(attempts):
        with transaction(engine) as s:
            result = authenticate(s, "known", "wrong-password", now=t)
        assert result.actor is None
        for label, span in (("1 小时", timedelta(hours=1)), ("1 天", timedelta(days=1))):
            checked_by[label] += t - start < span
        wait = timedelta(seconds=result.locked_for)
        locked += wait
        t += wait + timedelta(milliseconds=1)
    hours = locked.total_seconds() / 3600
    print(f"{attempts} wrong passwords against one account: {locked.total_seconds() / 60:,.0f} min of lockout")
    print(f"  ({hours:,.1f} h, {hours / 24:,.1f} days; goal >= 15 min)")
    hour, day = checked_by["1 小时"], checked_by["1 天"]
    print(f"  attempts that reached the password check within the first hour: {hour}, first day: {day}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--attempts", type=int, default=1000)
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
        brute_force(engine, args.attempts)
        engine.dispose()


if __name__ == "__main__":
    main()
