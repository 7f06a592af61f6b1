"""Generated report paragraphs (综述) for a township or a county and year.

    narrative = generate(engine, SYSTEM, "长城乡", 2023)
    for p in narrative.paragraphs: print(p.title, p.text)

facts.py gathers the figures (the only IO), analysis.py computes changes, ranks and totals, compose.py and
county.py turn them into sentences from templates/*.yaml, export.py writes .docx and .txt, trace.py lists
where each number came from.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from narrative.compose import Paragraph, township_kinds, township_paragraphs
from narrative.county import county_kinds, county_paragraphs
from narrative.facts import CountyYear, NarrativeError, RegionRef, gather
from narrative.templates import Templates, load_templates
from store.access import Actor

__all__ = ["Narrative", "NarrativeError", "Paragraph", "compose_for", "generate", "generate_county_set", "kinds_for"]


@dataclass(frozen=True)
class Narrative:
    """The paragraphs for one region and year, with the figures they were built from (for tracing)."""

    region: RegionRef
    year: int
    paragraphs: tuple[Paragraph, ...]
    data: CountyYear

    @property
    def title(self) -> str:
        return f"{self.region.name}{self.year}年党建工作综述"

    @property
    def text(self) -> str:
        """All paragraphs as plain text, one per line."""
        return "\n".join(p.text for p in self.paragraphs)


def kinds_for(level: str, templates: Templates | None = None) -> list[str]:
    """The paragraph kinds offered for a region level ('township' or 'county'), in order."""
    t = templates or load_templates()
    return township_kinds(t) if level == "township" else county_kinds(t)


def compose_for(
    ref: RegionRef, data: CountyYear, templates: Templates | None = None, kinds: list[str] | None = None
) -> list[Paragraph]:
    """Pure: the paragraphs for REF from already gathered DATA."""
    t = templates or load_templates()
    if ref.level == "township":
        return township_paragraphs(data, t, ref.name, kinds)
    return county_paragraphs(data, t, kinds)


def generate(
    engine: Engine,
    actor: Actor,
    region: str | int,
    year: int,
    kinds: list[str] | None = None,
    templates: Templates | None = None,
) -> Narrative:
    """Paragraphs for REGION (name or id; a county or a township) and YEAR, from ACTOR's regions only;
    NarrativeError when impossible."""
    ref, data = gather(engine, actor, region, year)
    return Narrative(ref, year, tuple(compose_for(ref, data, templates, kinds)), data)


def generate_county_set(
    engine: Engine, actor: Actor, county: str | int, year: int, templates: Templates | None = None
) -> list[Narrative]:
    """The county's narrative followed by every reporting township's, from one query (for exports, benchmarks)."""
    ref, data = gather(engine, actor, county, year)
    if ref.level != "county":
        raise NarrativeError(f"“{ref.name}”不是县（区），请给出县名")
    t = templates or load_templates()
    out = [Narrative(ref, year, tuple(county_paragraphs(data, t)), data)]
    for town in data.reported:
        town_ref = RegionRef(-1, town, "township", "", ref.name, ref.path)
        out.append(Narrative(town_ref, year, tuple(township_paragraphs(data, t, town)), data))
    return out
