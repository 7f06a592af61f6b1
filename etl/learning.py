"""Saving a checked report with what the clerk decided about the numbers the rules left (报告导入):

- each assignment becomes an observation like an extracted one (evidence, span, source), marked as assigned
  by the clerk, with an "assign" audit event, and is kept as a learned phrasing (store.learned);
- each 不是指标 is kept as a learned phrasing that dismisses the same words next time;
- each figure a learned phrasing read counts for it when the clerk keeps it, against it when dropped or changed.

One call, inside the caller's transaction, after etl.ingest.ingest_bytes has stored the source (etl.load).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from etl.ingest import IngestResult, ingest_bytes
from etl.report_marks import mark_origins
from etl.reports.learned import lesson
from etl.reports.patterns import load_rules
from etl.reports.unclaimed import Unclaimed
from store.access import Actor
from store.learned import count_use, teach
from store.models import AuditEvent


@dataclass
class Decisions:
    """What the clerk decided on one report: ASSIGNED (the unclaimed item and the fact made of it), DISMISSED
    items, and LEARNED_KEPT (phrasing id → kept or not) for the figures learned phrasings read."""

    assigned: list[tuple[Unclaimed, dict[str, Any]]] = field(default_factory=list)
    dismissed: list[Unclaimed] = field(default_factory=list)
    learned_kept: list[tuple[int, bool]] = field(default_factory=list)


def save_checked(
    session: Session,
    actor: Actor,
    filename: str,
    data: bytes,
    *,
    township: str,
    year: int,
    facts: list[dict[str, Any]],
    decisions: Decisions,
    county: str | None = None,
    create_townships: bool = True,
) -> IngestResult:
    """Store the report with FACTS plus the assigned ones, mark their origins and learn from DECISIONS.
    CREATE_TOWNSHIPS=False refuses a township not in the region tree (the page asks the clerk first)."""
    everything = [*facts, *(f for _, f in decisions.assigned)]
    user = actor.name
    res = ingest_bytes(
        session,
        actor,
        filename,
        data,
        uploaded_by=user,
        township=township,
        year=year,
        facts=everything,
        county=county,
        create_townships=create_townships,
    )
    if res.already_loaded or res.source_id is None:
        return res
    rules = load_rules()
    marks: list[dict[str, Any]] = []
    for item, fact in decisions.assigned:
        phrasing_id = None
        if item.phrase is not None:
            word, attrs = lesson(item.phrase, fact.get("attrs") or {}, rules.rules.get(fact["indicator"]))
            row = teach(
                session,
                side=item.phrase.side,
                word=word,
                unit=item.phrase.unit,
                indicator=fact["indicator"],
                actor=user,
                example=item.clause,
                attrs=attrs,
            )
            phrasing_id = row.id
        marks.append({**fact, "origin": "assigned", "phrasing": phrasing_id, "assigned_by": user})
    marks.extend(f for f in facts if f.get("origin") == "learned")
    found = mark_origins(session, res.source_id, marks)
    for (_item, fact), obs_id in zip(decisions.assigned, found[: len(decisions.assigned)], strict=True):
        session.add(
            AuditEvent(
                actor=user,
                action="assign",
                object_type="observation",
                object_id=obs_id,
                new={"indicator": fact["indicator"], "value": fact["value"], "evidence": fact["evidence"]},
                reason=f"录入员将报告中未被认领的数字指派为指标（{filename}）",
            )
        )
    for item in decisions.dismissed:
        if item.phrase is not None:
            teach(
                session,
                side=item.phrase.side,
                word=item.phrase.word,
                unit=item.phrase.unit,
                indicator=None,
                actor=user,
                example=item.clause,
            )
    for phrasing_id, kept in decisions.learned_kept:
        count_use(session, phrasing_id, kept=kept, actor=user)
    return res
