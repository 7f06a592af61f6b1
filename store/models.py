"""SQLAlchemy 2 typed models. The schema itself is created by Alembic migrations (store/migrations)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

LEVELS = ("province", "city", "county", "township")
LEVEL_ZH = {"province": "省", "city": "市", "county": "县", "township": "乡镇"}
QUALIFIERS = ("exact", "over", "approx", "under")
# explain: 需说明, a continuity or balance check failed (store.checks); confirmed only with a written 说明.
STATUSES = ("extracted", "suspect", "explain", "confirmed", "corrected", "rejected", "superseded")
ACTIVE_STATUSES = ("extracted", "confirmed", "corrected")
SOURCE_KINDS = ("report", "ledger", "demo", "manual", "form")  # form: 在线填报
ROLES = ("viewer", "clerk", "reviewer", "admin")  # weakest first; powers in store.access
# How an observation came to be: read by the catalog rules, assigned by a clerk to a number the rules left,
# or read by a phrasing learned from such assignments (store.learned).
ORIGINS = ("extracted", "assigned", "learned")
PHRASING_STATUSES = ("pending", "approved", "suspended")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def attrs_key(attrs: dict[str, Any] | None) -> str:
    """Canonical text of an attrs dict, so it can take part in unique constraints ('' for none)."""
    if not attrs:
        return ""
    return json.dumps(attrs, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}


class Region(Base):
    __tablename__ = "region"
    __table_args__ = (UniqueConstraint("parent_id", "name", name="uq_region_parent_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    level: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"), index=True)
    # Materialised path "/1/5/17/" so a subtree is one indexed LIKE query at any depth.
    path: Mapped[str] = mapped_column(String(255), default="", index=True)
    aliases: Mapped[list[str]] = mapped_column(default=list)
    population: Mapped[int | None] = mapped_column(Integer)

    parent: Mapped[Region | None] = relationship(remote_side="Region.id")


class Indicator(Base):
    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(32), index=True)
    unit: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    higher_is_better: Mapped[bool | None] = mapped_column(Boolean)
    description: Mapped[str] = mapped_column(Text, default="")
    synonyms: Mapped[list[str]] = mapped_column(default=list)
    # How township values roll up to a county: sum (counts, money) or mean (rates, per-capita figures).
    aggregate: Mapped[str] = mapped_column(String(8), default="sum")
    # 口径 (store.catalog): 时点 / 年度 / 学年, the counting rule, the statistics system (党统, 农经, 政法, 纪委, 自定)
    # and the official name. Figures of different 口径 never meet in one sum, comparison or ranking.
    basis: Mapped[str] = mapped_column(String(8), default="年度", server_default="年度")
    counting_rule: Mapped[str] = mapped_column(Text, default="", server_default="")
    source_system: Mapped[str] = mapped_column(String(8), default="自定", server_default="自定")
    official_name: Mapped[str] = mapped_column(String(64), default="", server_default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Source(Base):
    __tablename__ = "source"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer, default=0)
    uploaded_by: Mapped[str | None] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"), index=True)
    year: Mapped[int | None] = mapped_column(Integer)
    doc_type: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str | None] = mapped_column(Text)
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)

    region: Mapped[Region | None] = relationship()


class Observation(Base):
    __tablename__ = "observation"
    __table_args__ = (
        # One row per figure per place in its source: loading a source twice cannot duplicate it.
        UniqueConstraint(
            "source_id",
            "region_id",
            "indicator_id",
            "year",
            "is_target",
            "attrs_key",
            "locator",
            name="uq_observation_source_key",
        ),
        # The dashboard reads headline values by indicator/year and region.
        Index("ix_obs_headline", "is_headline", "indicator_id", "year", "region_id"),
        Index("ix_obs_key", "region_id", "indicator_id", "year"),
        # year_bounds (min/max year, asked by every page's filters) without a full scan of the table.
        Index("ix_obs_year", "year"),
        # Only the figures a learned phrasing read (store.learned clears them by phrasing): a ledger's figures have
        # none, and 100,000 NULL entries cost a ledger's insert 0.04 s of CPU.
        Index(
            "ix_observation_phrasing_id",
            "phrasing_id",
            sqlite_where=text("phrasing_id IS NOT NULL"),
            postgresql_where=text("phrasing_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Float)
    masked: Mapped[bool] = mapped_column(Boolean, default=False)
    qualifier: Mapped[str] = mapped_column(String(8), default="exact")
    attrs: Mapped[dict[str, Any]] = mapped_column(default=dict)
    attrs_key: Mapped[str] = mapped_column(String(255), default="")
    is_target: Mapped[bool] = mapped_column(Boolean, default=False)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), index=True)
    # Where in the source: "span:120-131" for report text, "Sheet1!C5" for a ledger cell.
    locator: Mapped[str] = mapped_column(String(64), default="")
    evidence: Mapped[str | None] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="extracted")
    # The one value per (region, indicator, year, target, threshold, measure) the dashboard shows; see store.resolve.
    is_headline: Mapped[bool] = mapped_column(Boolean, default=False)
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    confirmed_by: Mapped[str | None] = mapped_column(String(64))
    # Bumped by every review action: a correction made against an older version is refused (store.review).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    origin: Mapped[str] = mapped_column(String(16), default="extracted", server_default="extracted")
    # The learned phrasing that read (or that a clerk's assignment taught) this figure; no foreign key, so an
    # administrator can remove a phrasing while its figures stay.
    phrasing_id: Mapped[int | None] = mapped_column(Integer)
    assigned_by: Mapped[str | None] = mapped_column(String(64))
    # Why the figure is 可疑 (status "suspect": outside its plausible range or above a related total of the same
    # report, etl.reports.plausible); it is no headline until a reviewer confirms it.
    review_note: Mapped[str | None] = mapped_column(Text)
    # The counting unit the source stated when the indicator accepts several (catalog counting_units: 党纪立案2件);
    # None for the indicator's own unit. The value is the same count either way; pages and paragraphs say it so.
    unit: Mapped[str | None] = mapped_column(String(8))
    # The reviewer's written 说明 that confirmed a figure held back as 需说明 (status "explain": a continuity or
    # balance check failed, store.checks); audited, shown with the evidence and offered to the narrative.
    explanation: Mapped[str | None] = mapped_column(Text)

    region: Mapped[Region] = relationship()
    indicator: Mapped[Indicator] = relationship()
    source: Mapped[Source] = relationship()


class LearnedPhrasing(Base):
    """The words around a number a clerk assigned to an indicator (indicator_key) or dismissed (None)."""

    __tablename__ = "learned_phrasing"
    __table_args__ = (UniqueConstraint("side", "word", "unit", name="uq_learned_phrasing"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_key: Mapped[str | None] = mapped_column(String(64), index=True)
    side: Mapped[str] = mapped_column(String(8))  # after: the counted noun after the unit; before: the trigger
    word: Mapped[str] = mapped_column(String(32))
    unit: Mapped[str] = mapped_column(String(8))
    attrs: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    uses: Mapped[int] = mapped_column(Integer, default=0)
    confirmations: Mapped[int] = mapped_column(Integer, default=0)
    corrections: Mapped[int] = mapped_column(Integer, default=0)
    example: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int | None] = mapped_column(Integer, index=True)
    old: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    new: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="viewer")
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Bumped whenever the user's rights change (role, grants, password, disabled): older sessions end at once.
    rights_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    grants: Mapped[list[UserGrant]] = relationship(cascade="all, delete-orphan", order_by="UserGrant.region")


class UserGrant(Base):
    """A region subtree a user may work in, named by its name chain ('青山省/临江市/宁远县'; '' = 全部地区).

    Names, not ids: clearing the data (python -m etl reset) deletes regions, and grants outlive it."""

    __tablename__ = "user_grant"
    __table_args__ = (UniqueConstraint("user_id", "region", name="uq_user_grant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    region: Mapped[str] = mapped_column(String(255))


class LoginThrottle(Base):
    """Failed logins per user name (known or not, so a lockout reveals nothing about which names exist)."""

    __tablename__ = "login_throttle"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_failure: Mapped[datetime | None] = mapped_column(DateTime)


class AppSession(Base):
    """A login: the browser keeps a random token, the database its sha256, the expiry and the rights version."""

    __tablename__ = "app_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    rights_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class Setting(Base):
    """Administrator settings (e.g. the region open to anonymous read-only viewing); absent = default."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON)


class RegionVersion(Base):
    """One row whose token the database changes with every write to region (triggers, Alembic 0011): the
    region tree is cached per token (store.queries.region_tree)."""

    __tablename__ = "region_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[int] = mapped_column(BigInteger)


class RegionSummary(Base):
    """Headline township figures aggregated per region above township (county, city, province), indicator,
    variant, target flag and year; kept current by store.summary in every writer's transaction."""

    __tablename__ = "region_summary"
    __table_args__ = (Index("ix_region_summary_indicator_year", "indicator_id", "year"),)

    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), primary_key=True)
    attrs_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    is_target: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    total: Mapped[float | None] = mapped_column(Float)
    reporting: Mapped[int] = mapped_column(Integer)  # townships with a value (not masked)
    townships: Mapped[int] = mapped_column(Integer)  # townships with a headline row
    masked: Mapped[int] = mapped_column(Integer)
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)
    inexact: Mapped[int] = mapped_column(Integer, server_default="0")  # qualifier other than exact (余, 约)
    # Townships with an achieved value this year and the year before, and their sums in both years.
    paired: Mapped[int] = mapped_column(Integer, server_default="0")
    paired_total: Mapped[float | None] = mapped_column(Float)
    paired_prev: Mapped[float | None] = mapped_column(Float)
    # The counting units the townships stated (observation.unit): one shared unit names the total.
    unit_min: Mapped[str | None] = mapped_column(String(16))
    unit_max: Mapped[str | None] = mapped_column(String(16))
    unit_n: Mapped[int] = mapped_column(Integer, server_default="0")


class TownshipYear(Base):
    """A township that reported any achieved headline figure in a year (masked counts); kept by store.summary."""

    __tablename__ = "township_year"

    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)


SUBMISSION_STATES = ("draft", "submitted", "approved", "returned")  # 草稿 → 已上报 → 已审核 / 已退回


class Submission(Base):
    """A township's figures for a year on their way up (多级上报, store.submissions): confirmed by a 填报员 of
    the township, approved or returned by the county's 审核员. No row means 草稿. Approved figures are locked."""

    __tablename__ = "submission"
    __table_args__ = (UniqueConstraint("region_id", "year", name="uq_submission_region_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    figures: Mapped[int] = mapped_column(Integer, default=0)  # headline figures the clerk confirmed
    submitted_by: Mapped[str | None] = mapped_column(String(64))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    reviewed_by: Mapped[str | None] = mapped_column(String(64))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(Text)  # why it was returned
    version: Mapped[int] = mapped_column(Integer, default=1)


class Reminder(Base):
    """A 催报 the county sent a township for a year: shown in-app to its 填报员 until the year is submitted."""

    __tablename__ = "reminder"
    __table_args__ = (Index("ix_reminder_region_year", "region_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    year: Mapped[int] = mapped_column(Integer)
    sent_by: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
