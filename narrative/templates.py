"""Phrasing: YAML files of Jinja2 snippets (narrative/templates/*.yaml), several variants per sentence.

A variant is chosen by a stable hash of (region, year, indicator, sentence type), so a paragraph reads the
same every time it is generated while different townships and indicators read differently. Rendering
returns a Fragment: the text plus every Num placed in it, so each figure in a paragraph stays traceable.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import StrictUndefined, Template, TemplateError, meta
from jinja2.sandbox import SandboxedEnvironment

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Num:
    """One number as printed, with the value it stands for and where it came from.

    how: value (a stored figure) | previous | sum | mean | change | change_pct | rank | count | target_pct |
    target_gap | threshold | year. stated=True when the text states it as the indicator's quantity in a
    phrasing from the catalog (the round-trip test expects the extractor to read it back).
    """

    text: str
    value: float
    how: str
    observation_ids: tuple[int, ...] = ()
    indicator: str | None = None
    unit: str = ""
    threshold: float | None = None
    stated: bool = False

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Fragment:
    """Rendered text and the numbers in it, in order."""

    text: str
    numbers: tuple[Num, ...] = ()

    def __str__(self) -> str:
        return self.text

    def __add__(self, other: Fragment | str) -> Fragment:
        if isinstance(other, Fragment):
            return Fragment(self.text + other.text, self.numbers + other.numbers)
        return Fragment(self.text + other, self.numbers)

    def __radd__(self, other: str) -> Fragment:
        return Fragment(other + self.text, self.numbers)

    def __bool__(self) -> bool:
        return bool(self.text)


def join(parts: Iterable[Fragment | str], sep: str = "") -> Fragment:
    """Concatenate fragments with SEP, keeping their numbers."""
    out = Fragment("")
    for i, part in enumerate(parts):
        out = (out + sep + part) if i else out + part
    return out


class TemplateFileError(ValueError):
    """A template file is malformed; the message names the file, the entry and the variant."""


@dataclass(frozen=True)
class Variant:
    source: str
    template: Template
    names: tuple[str, ...]  # placeholders in order of first use


@dataclass(frozen=True)
class IndicatorWords:
    """How one indicator is said: label, unit word, rank/lead flags and phrasing variants."""

    label: str | None
    unit: str | None
    rank: bool
    lead: bool
    say: tuple[Variant, ...]
    say_total: tuple[Variant, ...]
    say_zero: tuple[Variant, ...] = ()


@dataclass
class Templates:
    """All phrasing, loaded from one folder; `say` renders a sentence type, `indicator` gives phrasings."""

    sentences: dict[str, tuple[Variant, ...]]
    indicators: dict[str, IndicatorWords]
    paragraphs: dict[str, Any]
    rules: dict[str, Any] = field(default_factory=dict)
    # The text being written (its region and year): an indicator is said one way throughout one text, so a reader
    # never meets 评定出66个先进党组织 and 全县创建示范型党组织66个 as if they were two figures; texts of other
    # townships still read differently. Empty: each phrasing chosen by its own seed.
    voice: tuple[object, ...] = ()

    def has(self, sentence: str) -> bool:
        return sentence in self.sentences

    def say(
        self, sentence: str, seed: Iterable[object], *, offset: int = 0, family: str | None = None, **ctx: Any
    ) -> Fragment:
        """Render one variant of SENTENCE, chosen by SEED, with CTX (Num, Fragment or str values).

        OFFSET moves to the next variant, so repeated sentences in one paragraph differ. FAMILY replaces the
        sentence's name in the choice: sentences of one family whose variants are listed in the same order
        (change_up, change_down: 较上年…/比上年…/同比…) then read alike under one seed.
        """
        try:
            variants = self.sentences[sentence]
        except KeyError:
            raise TemplateFileError(f"sentences.yaml 缺少句式 {sentence}，请补上后重试") from None
        return render(pick(variants, (family or sentence, *seed), offset), ctx)

    def is_key(self, key: str) -> bool:
        """True for indicators marked rank: true (重点指标: ranked, compared, checked for shortfalls)."""
        words = self.indicators.get(key)
        return bool(words and words.rank)

    def phrase(
        self, key: str, seed: Iterable[object], *, total: bool = False, plain: bool = False, **ctx: Any
    ) -> Fragment:
        """Render a phrasing of indicator KEY (the county total phrasing when TOTAL and one is given). PLAIN (a
        figure that fell, or one listed under 存在不足) says it with 为 where the phrasing has a word of
        achievement right before it (rules.plain_verbs: 覆盖率达到90% → 覆盖率为90%)."""
        words = self.indicators.get(key)
        if words is None:
            raise TemplateFileError(f"indicators.yaml 中没有指标 {key} 的说法，请补上后重试")
        variants = words.say_total if total and words.say_total else words.say
        n = ctx.get("n")
        if words.say_zero and isinstance(n, Num) and n.value == 0:
            variants = words.say_zero
        usable = fitting(variants, ctx)
        if not usable:
            missing = sorted(set(variants[0].names) - set(ctx))
            raise TemplateFileError(
                f"indicators.yaml 中指标 {key} 的说法都要用到 {'、'.join(missing)}，请补一种不用它的说法"
            )
        said = render(pick(usable, ("say", key, *(self.voice or tuple(seed)))), ctx)
        return self.plainly(said, n) if plain else said

    def plainly(self, said: Fragment, n: object) -> Fragment:
        """SAID with a word of achievement right before the figure N replaced by 为."""
        if not isinstance(n, Num):
            return said
        text = said.text
        for verb in sorted(self.rules.get("plain_verbs", ()), key=len, reverse=True):
            text = text.replace(f"{verb}{n.text}", f"为{n.text}")
        return Fragment(text, said.numbers)


def fitting(variants: tuple[Variant, ...], ctx: Mapping[str, Any]) -> tuple[Variant, ...]:
    """The variants CTX can fill that use the most of it (a figure without a threshold is said without one)."""
    usable = [v for v in variants if set(v.names) <= set(ctx)]
    most = max((len(set(v.names)) for v in usable), default=0)
    return tuple(v for v in usable if len(set(v.names)) == most)


def pick(variants: tuple[Variant, ...], seed: Iterable[object], offset: int = 0) -> Variant:
    """The variant for SEED: stable across runs and machines (md5, not Python's salted hash)."""
    digest = hashlib.md5("|".join(map(str, seed)).encode("utf-8")).digest()
    return variants[(int.from_bytes(digest[:4], "big") + offset) % len(variants)]


def render(variant: Variant, ctx: Mapping[str, Any]) -> Fragment:
    """Render VARIANT; its numbers are those of the Nums and Fragments it placed, in order."""
    text = variant.template.render(**ctx)
    numbers: list[Num] = []
    for name in variant.names:
        value = ctx[name]
        if isinstance(value, Num):
            numbers.append(value)
        elif isinstance(value, Fragment):
            numbers.extend(value.numbers)
    return Fragment(text, tuple(numbers))


_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


def compile_variant(source: str, where: str) -> Variant:
    """Compile one snippet; WHERE names it in error messages (file, entry, variant number)."""
    if not isinstance(source, str) or not source.strip():
        raise TemplateFileError(f"{where} 不是一段文字，请检查缩进和引号")
    try:
        ast = _ENV.parse(source)
        template = _ENV.from_string(source)
    except TemplateError as exc:
        raise TemplateFileError(f"{where} 写法有误（{exc}），占位符应写成 {{{{ n }}}} 这样") from None
    used = meta.find_undeclared_variables(ast)
    order = sorted(
        used, key=lambda n: m.start() if (m := re.search(r"\{\{\s*" + re.escape(n) + r"\b", source)) else len(source)
    )
    return Variant(source, template, tuple(order))


def _variants(raw: Any, where: str, allowed: set[str] | None = None) -> tuple[Variant, ...]:
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for i, item in enumerate(items, start=1):
        v = compile_variant(item, f"{where} 第{i}种说法")
        extra = set(v.names) - allowed if allowed is not None else set()
        if extra:
            raise TemplateFileError(
                f"{where} 第{i}种说法用了未知的占位符 {'、'.join(sorted(extra))}，"
                f"可用的有：{'、'.join(sorted(allowed or ())) or '无'}"
            )
        out.append(v)
    if not out:
        raise TemplateFileError(f"{where} 至少要有一种说法")
    return tuple(out)


def parse_templates(sentences: str, indicators: str, paragraphs: str) -> Templates:
    """Build Templates from the three YAML texts (sentences, indicators, paragraphs)."""
    s_doc = yaml.safe_load(sentences) or {}
    i_doc = yaml.safe_load(indicators) or {}
    p_doc = yaml.safe_load(paragraphs) or {}
    compiled = {name: _variants(raw, f"sentences.yaml 的 {name}") for name, raw in s_doc.items()}
    words: dict[str, IndicatorWords] = {}
    for key, raw in i_doc.items():
        where = f"indicators.yaml 的 {key}"
        if not isinstance(raw, dict) or "say" not in raw:
            raise TemplateFileError(f"{where} 缺少 say（至少一种说法）")
        allowed = {"n", "threshold"}
        words[key] = IndicatorWords(
            label=raw.get("label"),
            unit=raw.get("unit"),
            rank=bool(raw.get("rank")),
            lead=bool(raw.get("lead")),
            say=_variants(raw["say"], f"{where} 的 say", allowed),
            say_total=_variants(raw["say_total"], f"{where} 的 say_total", allowed) if raw.get("say_total") else (),
            say_zero=_variants(raw["say_zero"], f"{where} 的 say_zero", allowed) if raw.get("say_zero") else (),
        )
    return Templates(compiled, words, p_doc, dict(p_doc.get("rules") or {}))


def templates_stamp(folder: Path = TEMPLATE_DIR) -> tuple[float, ...]:
    """Modification times of the template files: part of cache keys, so an edit shows on the next run."""
    return tuple((folder / f"{name}.yaml").stat().st_mtime for name in _FILES)


def load_templates(folder: Path = TEMPLATE_DIR) -> Templates:
    """The templates in FOLDER, re-read when a file changed (a clerk's edit needs no restart)."""
    return _load(folder, templates_stamp(folder))


_FILES = ("sentences", "indicators", "paragraphs")


@lru_cache(maxsize=4)
def _load(folder: Path, _stamp: tuple[float, ...]) -> Templates:
    read = {name: (folder / f"{name}.yaml").read_text(encoding="utf-8") for name in _FILES}
    return parse_templates(read["sentences"], read["indicators"], read["paragraphs"])
