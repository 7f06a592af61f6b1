"""Worker functions for tests/test_concurrency.py: each runs in its own (spawned) process with its own engine."""

from __future__ import annotations

import traceback

from sqlalchemy import text

from etl.load import FactIn, SourceIn, load_source
from store.access import SYSTEM
from store.session import make_engine, transaction

TOWNSHIPS = ("青石镇", "白沙乡", "柳溪镇")
INDICATORS = ("party_members_total", "party_branches", "grids_total")

# Keys with more than one active ledger value (must be none: a newer ledger supersedes an older one).
DOUBLE_ACTIVE = text(
    """SELECT count(*) FROM (
         SELECT o.region_id, o.indicator_id, o.year, o.attrs_key FROM observation o
         JOIN source s ON s.id = o.source_id
         WHERE s.kind = 'ledger' AND o.status IN ('extracted', 'confirmed', 'corrected')
         GROUP BY o.region_id, o.indicator_id, o.year, o.attrs_key HAVING count(*) > 1) AS k"""
)


def import_ledger(url: str, n: int) -> str | None:
    """Ledger N: every (township, indicator, 2023) key with a value of its own; ledgers N and N+1000 share
    their bytes (the same file uploaded twice). Returns the traceback of a failure, None on success."""
    engine = make_engine(url)
    content = f"ledger-{n % 1000}".encode()
    facts = [
        FactIn(ind, 2023, float(100 + (n % 1000) * 10 + i), township=town, cell=f"Sheet1!C{i + 2}")
        for i, (town, ind) in enumerate((t, k) for t in TOWNSHIPS for k in INDICATORS)
    ]
    try:
        with transaction(engine) as s:
            load_source(s, SYSTEM, SourceIn(kind="ledger", filename=f"台账{n}.xlsx", content=content), facts)
        return None
    except Exception:
        return traceback.format_exc()
    finally:
        engine.dispose()


def import_report(url: str, n: int) -> str | None:
    """Report N for a township new to the database (created on import): concurrent creations of one township."""
    engine = make_engine(url)
    src = SourceIn(kind="report", filename=f"报告{n}.txt", content=f"report-{n}".encode(), township="新建镇", year=2023)
    try:
        with transaction(engine) as s:
            load_source(s, SYSTEM, src, [FactIn("party_branches", 2023, float(n), span=(0, 3))], create_townships=True)
        return None
    except Exception:
        return traceback.format_exc()
    finally:
        engine.dispose()


def start_app(url: str, demo_dir: str, _n: int) -> str | None:
    """What the dashboard does on start: engine (migration + catalog) then the demo's first load."""
    from pathlib import Path

    from etl.demo.load import bootstrap
    from store.session import get_engine

    try:
        bootstrap(get_engine(url), Path(demo_dir))
        return None
    except Exception:
        return traceback.format_exc()


def correct_some_figure(url: str, n: int) -> str | None:
    """Review N: correct one of the figures of one key (all reviews aim at the same few keys at once)."""
    from sqlalchemy import select

    from store.access import Actor
    from store.models import Observation
    from store.review import correct

    engine = make_engine(url)
    try:
        with transaction(engine) as s:
            ids = s.scalars(select(Observation.id).where(Observation.status != "superseded").order_by(Observation.id))
            target = list(ids)[n % 3]
            correct(s, Actor(f"clerk{n}", "reviewer", None), target, float(500 + n), reason=f"核对原件（第 {n} 次）")
        return None
    except Exception:
        return traceback.format_exc()
    finally:
        engine.dispose()


def correct_figure(url: str, observation_id: str, n: int) -> str | None:
    """Reviewer N corrects the figure to N against the version every reviewer saw (1); each time told the
    figure changed meanwhile, it tries again against the newer version it was shown. Returns 'told K' (how
    many refusals it got before its correction went in) or a traceback."""
    from store.access import Actor
    from store.review import StaleVersion, correct

    engine = make_engine(url)
    reviewer = Actor(f"reviewer{n}", "reviewer", None)
    version, told = 1, 0
    try:
        for _ in range(200):
            try:
                with transaction(engine) as s:
                    correct(s, reviewer, int(observation_id), float(n), reason=f"更正{n}", version=version)
                return f"told {told}"
            except StaleVersion as stale:
                assert "此数据已被他人修改" in str(stale)
                version, told = stale.newer["version"], told + 1
        return "never got in"
    except Exception:
        return traceback.format_exc()
    finally:
        engine.dispose()
