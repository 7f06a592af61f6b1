"""The demo county in mid-season: its figures checked and its years approved as a county's would be, not a
store where nothing was ever reviewed (every card 未审核, four thousand figures 待审核).

Every year before the latest is approved (上报 by the township, 审核 by the county) and its figures confirmed;
in the latest year most townships are approved and a few are not: two wait for the county's review, one was
returned with a reason, one is still a draft and was reminded (催报). Figures the checks held (可疑, 需说明) and
figures in conflict stay in 数据审核's queue, as a reviewer would have left them for a closer look.

The moves go through store.submissions (audited, as by the people named DEMO_CLERK and DEMO_REVIEWER); the
figures of an approved year are confirmed in one statement, then their headlines and the region summary are
refreshed. Applied after every demo load; a township-year that already has a submission or a reminder is left as
it is, so a second load changes nothing.
"""

from __future__ import annotations

from sqlalchemy import select, tuple_, update
from sqlalchemy.orm import Session

from store import submissions as sub
from store.access import Actor
from store.models import Observation, Region, Reminder, Submission
from store.regions import townships
from store.resolve import refresh_headlines_bulk
from store.summary import refresh_summary

DEMO_CLERK = Actor(name="演示填报员", role="clerk", paths=None)
DEMO_REVIEWER = Actor(name="演示审核员", role="reviewer", paths=None)
# The latest year's townships that are not approved yet, and where each stands.
SUBMITTED = ("石门镇", "松林乡")  # 已上报, waiting for the county
RETURNED = {"河口镇": "合村并组后行政村数与台账不一致，请核对后重新上报"}
DRAFT = ("凤鸣乡",)  # not submitted; the county sent a 催报


def settle_review(session: Session, county: Region) -> int:
    """Bring the demo county's township-years without a submission into the state above; returns how many
    township-years it moved."""
    towns = {t.id: t.name for t in townships(session, under=county)}
    held = select(Observation.region_id, Observation.year).where(  # the years reported (a plan's year is not)
        Observation.region_id.in_(towns), Observation.is_headline.is_(True), Observation.is_target.is_(False)
    )
    years = sorted({(town, year) for town, year in session.execute(held.distinct())})
    if not years:
        return 0
    latest = max(y for _, y in years)
    done = {  # a township-year that was submitted or reminded before: a second load leaves it as it is
        *session.execute(select(Submission.region_id, Submission.year).where(Submission.region_id.in_(towns))),
        *session.execute(select(Reminder.region_id, Reminder.year).where(Reminder.region_id.in_(towns))),
    }
    done = {(int(r), int(y)) for r, y in done}
    approved: list[tuple[int, int]] = []
    for region_id, year in years:
        if (region_id, year) in done:
            continue
        name = towns[region_id]
        if year == latest and name in DRAFT:
            sub.remind(session, DEMO_REVIEWER, region_id, year)
            continue
        sub.submit(session, DEMO_CLERK, region_id, year)
        if year == latest and name in SUBMITTED:
            continue
        if year == latest and name in RETURNED:
            sub.return_(session, DEMO_REVIEWER, region_id, year, RETURNED[name])
            continue
        sub.approve(session, DEMO_REVIEWER, region_id, year)
        approved.append((region_id, year))
    _confirm(session, approved)
    return len([y for y in years if y not in done])


def _confirm(session: Session, approved: list[tuple[int, int]]) -> None:
    """Confirm the unreviewed figures of the APPROVED township-years (held and conflicting ones stay queued)."""
    if not approved:
        return
    where = (
        tuple_(Observation.region_id, Observation.year).in_(approved),
        Observation.status == "extracted",
        Observation.conflict.is_(False),
    )
    keys = [
        (region, indicator, year)
        for region, indicator, year in session.execute(
            select(Observation.region_id, Observation.indicator_id, Observation.year).where(*where).distinct()
        )
    ]
    session.execute(
        update(Observation).where(*where).values(status="confirmed", confirmed_by=DEMO_REVIEWER.name),
        execution_options={"synchronize_session": False},
    )
    refresh_headlines_bulk(session, keys)
    refresh_summary(session, keys)
