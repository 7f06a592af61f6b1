"""The demo county's narrative reports and their gold facts.

`build_reports(county)` is pure: it composes one report per township-year from the phrasing templates
in data/demo_phrases.yaml, and because every template marks the clause that states a fact
(`[indicator|clause]`), the gold facts (evidence, span, value as written) fall out of the composition.
`report_bytes` / `gold_json` turn a Report into file contents; writing them is the caller's business.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from etl.demo.ooxml import docx_bytes
from etl.demo.text import ORDINALS, Builder, Piece, to_chinese
from etl.demo.values import County, Township, Value, attrs_text, rng_for
from store.catalog import catalog_by_key

PHRASES_PATH = Path(__file__).resolve().parents[2] / "data" / "demo_phrases.yaml"
MIN_CHARS, MAX_CHARS = 3000, 7000

_MARK = re.compile(r"\[([a-z_]+)([^|\]]*)\|([^\]]*)\]")
_SLOT = re.compile(r"\{([A-Za-z]+)(?::([^}]*))?\}")
_ATTR_KEYS = ("type", "level", "severity", "threshold")
# Facts a report may state twice (basic situation and again in the body); others are stated once.
_REPEATABLE = {"administrative_villages", "party_branches", "party_members_total"}
_MASKS = {"X": ("X", "XX"), "*": ("*", "**", "***"), "×": ("×", "××")}
DOC_TYPES = ("党委工作报告", "党建工作述职报告", "情况汇报", "工作总结")


@dataclass(frozen=True)
class Report:
    township: str  # the region's name (马鞍彝族乡), whatever the text calls it
    year: int
    doc_type: str
    ext: str  # txt | docx
    stem: str  # file name without extension, e.g. 2023_青石镇_党建工作述职报告
    named: str | None  # the township as the text names it; None when the name is masked
    text: str
    facts: tuple[dict[str, Any], ...]

    @property
    def filename(self) -> str:
        return f"{self.stem}.{self.ext}"

    def gold(self) -> dict[str, Any]:
        """The answer sheet in the format of shared/spec/extraction.md (for the .txt file)."""
        return {"source": f"{self.stem}.txt", "township": self.named, "year": self.year, "facts": list(self.facts)}


@dataclass(frozen=True)
class _Fact:
    indicator: str
    attrs: dict[str, Any]
    year: int
    target: bool
    qualifier: str
    stated: int | float
    masked: bool
    threshold_masked: bool
    chinese_ok: bool

    @property
    def key(self) -> tuple[str, str, int, bool]:
        return self.indicator, attrs_text(self.attrs), self.year, self.target


@lru_cache(maxsize=2)
def load_phrases(path: Path = PHRASES_PATH) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def rounded(value: float, qualifier: str) -> int | None:
    """The figure a writer would give with 余 (floor) or 约 (nearest); None when too small to round."""
    step = 10 if value < 300 else 100 if value < 5000 else 1000
    r = (value // step) * step if qualifier == "over" else round(value / step) * step
    return int(r) if r >= 10 else None


def build_reports(county: County, phrases: dict[str, Any] | None = None) -> list[Report]:
    """One report per township-year that reported, in county order."""
    phrases = phrases or load_phrases()
    lookup = county.lookup()
    units = {k: s.unit for k, s in catalog_by_key().items()}
    out = []
    for i, town in enumerate(county.townships, start=1):
        for year in (y for y in county.years if town.reports(year=y)):
            for attempt in range(6):  # rarely a draw comes out too short or too long: draw again
                report = _Composer(county, i, town, year, phrases, lookup, units, attempt).compose()
                if MIN_CHARS <= len(report.text) <= MAX_CHARS:
                    break
            out.append(report)
    return out


class _Composer:
    def __init__(
        self,
        county: County,
        index: int,
        town: Township,
        year: int,
        phrases: dict[str, Any],
        lookup: dict[tuple[str, int, str, str, bool], Value],
        units: dict[str, str],
        attempt: int = 0,
    ):
        self.county, self.town, self.year, self.ph, self.lookup, self.units = county, town, year, phrases, lookup, units
        self.rng = rng = rng_for(county.seed, "report", town.name, year, *([attempt] if attempt else []))
        preferred = rng_for(county.seed, "doctype", town.name).choice(DOC_TYPES)
        self.doc_type = preferred if rng.random() < 0.7 else rng.choice(DOC_TYPES)
        self.ext = "docx" if rng.random() < 0.28 else "txt"
        masked_name = rng.random() < 0.07
        self.mask_style = rng.choice(sorted(_MASKS))
        if masked_name:
            self.named: str | None = None
            self.T = rng.choice(_MASKS[self.mask_style][1:] or _MASKS[self.mask_style]) + town.kind
            self.mask_rate = rng.uniform(0.6, 0.95)
            file_name = f"某{town.kind}{index:02d}"
        else:
            self.named = town.aliases[0] if town.aliases and rng.random() < 0.6 else town.name
            self.T = self.named
            self.mask_rate = rng.uniform(0.15, 0.5) if rng.random() < 0.3 else 0.0
            file_name = self.named
        self.stem = f"{year}_{file_name}_{self.doc_type}"
        self.richness = rng.uniform(0.55, 0.95)
        self.target_len = rng.randint(3500, 6600) + 300 * attempt
        self.indent = "\u3000\u3000" if rng.random() < 0.4 else ""
        self.inline_heads = rng.random() < 0.7
        villages = int(lookup[(town.name, year, "administrative_villages", "", False)].value)
        self.villages = town.villages[:villages]
        self.used: set[tuple[str, str, int, bool]] = set()
        self.traps_masked = False

    # --- rendering one template -------------------------------------------------------------
    def render(self, template: str) -> Piece | None:
        """TEMPLATE with its slots filled, or None when a fact it states is unknown, zero or used."""
        template = self._expand_picks(template)
        # A writer who hides numbers hides all of a sentence's side figures, not one digit of 7.3%.
        self.traps_masked = self.rng.random() < self.mask_rate
        marks = list(_MARK.finditer(template))
        facts = [self._resolve(m.group(1), m.group(2)) for m in marks]
        if any(f is None for f in facts):
            return None
        keys = [f.key for f in facts if f]
        if len(set(keys)) < len(keys) or any(
            f and f.key in self.used and f.indicator not in _REPEATABLE for f in facts
        ):
            return None
        piece, pos = Piece(""), 0
        for m, f in zip(marks, facts, strict=True):
            assert f is not None
            piece.text += self._fill(template[pos : m.start()])
            evidence = self._fill(m.group(3), f)
            start = len(piece.text)
            piece.facts.append(self._gold(f, evidence, start))
            piece.text += evidence
            pos = m.end()
            self.used.add(f.key)
        piece.text += self._fill(template[pos:])
        return piece

    def _expand_picks(self, text: str) -> str:
        while (i := text.find("{pick:")) >= 0:
            depth = 0
            for j in range(i, len(text)):
                depth += {"{": 1, "}": -1}.get(text[j], 0)
                if depth == 0:
                    break
            text = text[:i] + self.rng.choice(text[i + 6 : j].split("|")) + text[j + 1 :]
        return text

    def _resolve(self, indicator: str, options: str) -> _Fact | None:
        opts: dict[str, str] = {}
        flags: set[str] = set()
        for tok in options.split():
            if "=" in tok:
                k, v = tok.split("=", 1)
                opts[k] = v
            else:
                flags.add(tok)
        attrs: dict[str, Any] = {k: int(v) if v.isdigit() else v for k, v in opts.items() if k in _ATTR_KEYS}
        target = "target" in flags
        year = self.year + 1 if target else self.year + int(opts.get("y", "0"))
        value = self.lookup.get((self.town.name, year, indicator, attrs_text(attrs), target))
        qualifier = opts.get("q", "exact")
        if value is None or (target and value.qualifier != qualifier) or (not target and not value.value):
            return None
        stated: int | float = value.value
        if "round" in flags:
            approx = rounded(value.value, qualifier)
            if approx is None:
                return None
            stated = approx
        masked = self.rng.random() < self.mask_rate
        t_masked = masked and "threshold" in attrs and self.rng.random() < 0.5
        return _Fact(indicator, attrs, year, target, qualifier, stated, masked, t_masked, "cn" in flags)

    def _gold(self, f: _Fact, evidence: str, start: int) -> dict[str, Any]:
        value = None if f.masked else (int(f.stated) if float(f.stated).is_integer() else f.stated)
        attrs = dict(f.attrs)
        if f.threshold_masked:
            attrs["threshold"] = None
        return {
            "indicator": f.indicator,
            "value": value,
            "unit": self.units[f.indicator],
            "qualifier": f.qualifier,
            "masked": f.masked,
            "attrs": attrs,
            "year": f.year,
            "target": f.target,
            "evidence": evidence,
            "span": [start, start + len(evidence)],
        }

    def _fill(self, text: str, fact: _Fact | None = None) -> str:
        return _SLOT.sub(lambda m: self._slot(m.group(1), m.group(2), fact), text)

    def _mask(self) -> str:
        return self.rng.choice(_MASKS[self.mask_style])

    def _slot(self, name: str, arg: str | None, f: _Fact | None) -> str:
        y = self.year
        simple = {
            "T": self.T,
            "U": self.town.kind,
            "Y": str(y),
            "Yp": str(y - 1),
            "Yn": str(y + 1),
            "county": self.county.county,
            "city": self.county.city,
            "congress": "二十大" if y >= 2022 else "十九大",
        }
        if name in simple:
            return simple[name]
        if name == "pop":
            return self._mask() if self.named is None else str(self.town.population)
        if name == "V":
            return "XX村" if self.named is None else self.rng.choice(self.villages)
        if name == "date":
            return f"{self.rng.randint(1, 12)}月{self.rng.randint(1, 28)}日"
        if name in ("r", "cn"):
            lo, hi = (int(x) for x in (arg or "").split("-"))
            n = self.rng.randint(lo, hi)
            if self.traps_masked:
                return self._mask()
            return to_chinese(n) if name == "cn" else str(n)
        if f is None:
            raise ValueError(f"slot {{{name}}} outside a fact marker")
        return self._number(name, f)

    def _number(self, name: str, f: _Fact) -> str:
        rng = self.rng
        if name == "t":
            return self._mask() if f.threshold_masked else str(f.attrs["threshold"])
        if f.masked:
            return self._mask() + ("%" if name == "pct" else "")
        v = int(f.stated) if float(f.stated).is_integer() else f.stated
        if name == "yuan":
            yuan = round(f.stated * 10000)
            return f"{yuan:,}" if rng.random() < 0.5 else str(yuan)
        if name == "pct":
            if isinstance(v, int) and rng.random() < 0.2:
                return "百分之" + to_chinese(v)
            return f"{v}{rng.choice('%％')}"
        if isinstance(v, int) and f.chinese_ok and v <= 99 and rng.random() < 0.35:
            return "两" if v == 2 and rng.random() < 0.5 else to_chinese(v)
        if isinstance(v, int) and v >= 10000 and rng.random() < 0.3:
            return f"{v:,}"
        return str(v)

    # --- composing the document ---------------------------------------------------------------
    def _pieces(self, templates: list[str]) -> list[Piece]:
        out = []
        for t in templates:
            piece = self.render(t)
            if piece is not None:
                out.append(piece)
        return out

    def _items(self, items: list[list[str]], chance: float) -> list[Piece]:
        """For each item (a list of variants) taken with CHANCE, the first variant that can be stated."""
        out = []
        for variants in items:
            if self.rng.random() >= chance:
                continue
            for v in self.rng.sample(variants, len(variants)):
                piece = self.render(v)
                if piece is not None:
                    out.append(piece)
                    break
        return out

    def _shuffled(self, xs: list[str]) -> list[str]:
        return self.rng.sample(xs, len(xs))

    def compose(self) -> Report:
        ph, rng = self.ph, self.rng
        dt = ph["doc_types"][self.doc_type]
        title = self._fill(self._expand_picks(rng.choice(dt["titles"])))
        opening = self.render(rng.choice(dt["openings"]))
        heads = {k: self._fill(rng.choice(v)) for k, v in dt["heads"].items()}

        basic = self._items(ph["basic"]["items"], min(1.0, self.richness + 0.2))
        basic_fill = self._shuffled(ph["basic"]["fillers"])
        if self.town.profile == "ethnic":
            basic_fill = ph["basic"]["ethnic_fillers"] + basic_fill
        basic += self._pieces(basic_fill[: 1 + (self.town.profile == "ethnic")])

        sections = [s for s in ph["sections"] if rng.random() < 0.88] or ph["sections"]
        body: list[tuple[str, list[Piece], list[str]]] = []
        for sec in sections:
            leads, fillers = self._shuffled(sec["leads"]), self._shuffled(sec["fillers"])
            sentences = self._pieces(leads[:1]) + self._items(sec["items"], self.richness)
            sentences += self._pieces(fillers[:1])
            body.append((rng.choice(sec["headings"]), sentences, self._shuffled(leads[1:] + fillers[1:])))

        problems = rng.sample(ph["problems"], rng.randint(2, 4))
        plans = self._plans()
        closing = self.render(rng.choice(dt["closings"]))
        self._grow(
            body,
            len(title)
            + sum(len(p.text) + 1 for p in [opening, closing, *basic] if p)
            + sum(len(s.text) + 3 for _, ss, _ in body for s in ss)
            + sum(len(p) + 4 for p in problems)
            + sum(len(s.text) + 1 for _, ss in plans for s in ss)
            + 40 * (len(body) + len(plans)),
        )

        doc = Builder(self.indent)
        doc.line(title)
        doc.line("")
        doc.para([opening] if opening else [])
        top = 0
        if "basic" in heads:
            top += 1
            doc.line(f"{ORDINALS[top - 1]}、{heads['basic']}")
        doc.section(None, [basic], ordinals=False)
        top += 1
        doc.line(f"{ORDINALS[top - 1]}、{heads['work']}")
        for i, (heading, sentences, _) in enumerate(body):
            doc.section(
                f"（{ORDINALS[i]}）{heading}",
                self._chunks(sentences),
                ordinals=rng.random() < 0.5,
                inline=self.inline_heads,
            )
        top += 1
        doc.line(f"{ORDINALS[top - 1]}、{heads['problems']}")
        for i, text in enumerate(problems):
            doc.para([Piece(f"（{ORDINALS[i]}）{text}")])
        top += 1
        doc.line(f"{ORDINALS[top - 1]}、{heads['plans']}")
        for i, (heading, sentences) in enumerate(plans):
            doc.section(f"（{ORDINALS[i]}）{heading}", [sentences], ordinals=False, inline=self.inline_heads)
        doc.para([closing] if closing else [])
        if self.doc_type in ("党委工作报告", "工作总结") and rng.random() < 0.5:
            doc.line("")
            doc.line(f"中共{self.T}委员会")
            doc.line(f"{self.year + 1}年1月{rng.randint(5, 28)}日")
        facts = tuple(sorted(doc.facts, key=lambda f: f["span"][0]))
        return Report(self.town.name, self.year, self.doc_type, self.ext, self.stem, self.named, doc.text, facts)

    def _plans(self) -> list[tuple[str, list[Piece]]]:
        """The 下一步 section: every goal of this township-year, spread over 2–4 headed paragraphs."""
        goals = sorted(
            v.indicator
            for v in self.lookup.values()
            if v.target and v.township == self.town.name and v.year == self.year + 1
        )
        stated = []
        for ind in goals:
            piece = next((p for v in self._shuffled(self.ph["plans"]["items"][ind]) if (p := self.render(v))), None)
            if piece is None:
                raise ValueError(f"no plan phrasing fits {ind} (check demo_phrases.yaml)")
            stated.append(piece)
        n = self.rng.randint(2, min(4, max(2, len(stated))))
        headings = self.rng.sample(self.ph["plans"]["headings"], n)
        fillers = self._pieces(self._shuffled(self.ph["plans"]["fillers"])[: 2 * n])
        groups: list[list[Piece]] = [fillers[i : i + 1 + (self.target_len > 5000)] for i in range(0, 2 * n, 2)]
        for i, piece in enumerate(stated):
            groups[i % n].append(piece)
        return list(zip(headings, groups, strict=True))

    def _chunks(self, pieces: list[Piece]) -> list[list[Piece]]:
        """A long subsection is written as several lines of 2–4 sentences."""
        if len(pieces) <= 5:
            return [pieces]
        out: list[list[Piece]] = []
        while pieces:
            size = self.rng.randint(2, 4)
            out.append(pieces[:size])
            pieces = pieces[size:]
        return out

    def _grow(self, body: list[tuple[str, list[Piece], list[str]]], length: int) -> None:
        """Add reserve sentences round-robin until the report is about its target length."""
        while length < self.target_len and any(r for _, _, r in body):
            for _, sentences, reserve in body:
                if reserve and length < self.target_len:
                    piece = self.render(reserve.pop(0))
                    if piece is not None:
                        sentences.insert(self.rng.randint(1, len(sentences)), piece)
                        length += len(piece.text) + 1


def gold_json(report: Report) -> str:
    return json.dumps(report.gold(), ensure_ascii=False, indent=1) + "\n"


def report_bytes(report: Report) -> bytes:
    """The file's contents: UTF-8 text, or a Word document dated January of the following year."""
    if report.ext == "txt":
        return report.text.encode("utf-8")
    return docx_bytes(report.text, datetime(report.year + 1, 1, 15, 9, 0))
