"""What every table of one ledger file shares while it is validated: the options, the township lookup (aliases,
长城乡党委 → 长城乡, unknown names reported once with the closest known ones), the parsed-cell cache, and the
errors and warnings collected so far (each naming its cell, never raised)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from etl.ledgers.cells import Parsed, parse_cell
from etl.ledgers.figures import ObsStore
from etl.ledgers.labels import without_numbering
from etl.ledgers.match import IndicatorMatcher
from etl.ledgers.text import (
    is_county_name,
    is_county_organ,
    is_total_label,
    is_village_organ,
    joint_townships,
    looks_like_township,
    summary_row_label,
    township_of_organ,
    township_of_part,
)

_NOTE = re.compile(r"[(（][^)）]*[)）]")
# A template's example row left in: a placeholder name (XX乡, ××镇, 某某乡, XXX) or a name marked 示例 / 样例.
_EXAMPLE = re.compile(r"^(?:[xX×]{1,4}|某{1,2})(?:乡|镇|乡镇|街道)?$|^(?:示例|样例|例)\s*[:：]|[(（](?:示例|样例)[)）]")
# The 序号 cell of a template's example row (示例 | 长城乡 | 100 …): it marks the row whatever township it names.
_EXAMPLE_MARK = re.compile(r"(?:填写|填报)?(?:示例|样例|范例|举例|例)\s*[:：]?\s*\d{0,2}")


def is_example_mark(text: str) -> bool:
    """True for a 序号 cell marking its row as the template's example (示例, 样例, 例, 填写示例：)."""
    return bool(text) and _EXAMPLE_MARK.fullmatch(text.strip()) is not None


def _cell_name(cell: str | Callable[[], str]) -> str:
    """CELL, or the name its function makes (made only when a message needs it)."""
    return cell if isinstance(cell, str) else cell()


def _ambiguous(stem: str, towns: set[str]) -> str:
    """The error of a short name (东风) that more than one township (东风乡, 东风镇) may be."""
    return f"“{stem}”可能是{'、'.join(sorted(towns))}中的任何一个：请写乡镇全称"


# A township cell's item number set off by a space only (5 白沙乡); 1.长城乡, （三）青石镇 are text.without_numbering's.
_SPACED_NUMBER = re.compile(r"^\s*\d{1,3}\s+(?=\D)")
# A name that may be a township's without its 乡 / 镇 (长城 for 长城乡): two to four characters ending in no level word.
_STEM = re.compile(r"[\u4e00-\u9fff]{1,3}[^\W\d乡镇村县市区街道社居组队场]")


# The same words whether the name is unknown or outside the account's regions (no region outside the grants is
# ever named); a page's clerk ticks the box, the command line takes the flag.
UNKNOWN_TOWNSHIP_HINT = (
    "请核对名称，或确认该乡镇在本账号的管辖范围内；"
    "确需新建的，勾选“新建地区列表中没有的乡镇”（命令行加 --create-townships）"
)


@dataclass(frozen=True)
class Issue:
    cell: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"cell": self.cell, "message": self.message}


@dataclass
class TownshipNames:
    """Township lookup for validation: find(name) → the stored name (aliases, 长城彝族乡 = 长城乡) or None."""

    find: Callable[[str], str | None]
    closest: Callable[[str], list[str]] = lambda _name: []


@dataclass
class Context:
    """State shared by every table of one file: options, lookups and what was found so far."""

    matcher: IndicatorMatcher
    townships: TownshipNames
    create_townships: bool = False
    year: int | None = None  # --year
    observations: ObsStore = field(default_factory=ObsStore)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    new_townships: list[str] = field(default_factory=list)
    towns: dict[str, str] = field(default_factory=dict)  # name as written → stored name
    parts_of_year: list[tuple[str, str]] = field(default_factory=list)  # (cell, 3月 / 上半年 …) of rows skipped
    parsed: dict[str, Parsed | str | None] = field(default_factory=dict)
    part_at: tuple[str, int] = ("", -1)  # (sheet, row) of the last row skipped as a 其中 part
    cover: list[str] = field(default_factory=list)  # a cover sheet's title and 填报单位 lines (etl.ledgers.cover)
    # 东风 → (东风镇, its first cell): a short name read as the one township it fitted so far
    stems: dict[str, tuple[str, str]] = field(default_factory=dict)

    def error(self, cell: str, message: str) -> None:
        self.errors.append(Issue(cell, message))

    def warn(self, cell: str, message: str) -> None:
        self.warnings.append(Issue(cell, message))

    def township(self, name: str, cell: str | Callable[[], str]) -> str:
        """The stored township for NAME; reports an unknown one once (error, or a note when creating).

        CELL (or a function making it) names the cell for that report."""
        found = self.towns.get(name)
        return found if found is not None else self._lookup(name, cell)

    def _lookup(self, name: str, cell: str | Callable[[], str]) -> str:
        written, name = name, re.sub(r"\s+", "", _SPACED_NUMBER.sub("", name))
        if name in self.towns:
            self.towns[written] = self.towns[name]
            return self.towns[name]
        found = self.townships.find(name)
        bare = township_of_organ(_NOTE.sub("", without_numbering(name)) or name)  # 长城乡（含原红星乡）, 1.长城乡
        if found is None and bare != name:  # 长城乡党委, 中共东风镇委员会, 东风镇人民政府 name the township
            found = self.towns.get(bare) or self.townships.find(bare)
            name = bare if found is None else name  # a new township is created without 党委 / 人民政府
        if found is None and name in self.towns:
            found = self.towns[name]
        hits = self.stem_hits(name) if found is None else set()  # 长城, 东风 under a 乡镇 header: 长城乡 / 东风镇
        if len(hits) > 1:  # 东风 where 东风乡 and 东风镇 are both known or named in this file
            self.error(_cell_name(cell), _ambiguous(name, hits))
            self.towns[name] = self.towns[written] = name
            return name
        if found is None and hits:
            found = hits.pop()
            self.stems[name] = (found, _cell_name(cell))
        if found is None:
            where = _cell_name(cell)
            if self.create_townships:
                found = name
                self.new_townships.append(name)
                self.warn(where, f"乡镇“{name}”不在地区列表中，将新建")
            else:
                near = self.townships.closest(name)
                hint = f"，最接近的有：{'、'.join(near)}" if near else ""
                self.error(where, f"找不到乡镇“{name}”{hint}。{UNKNOWN_TOWNSHIP_HINT}")
        self._unsettle_stem(found or name)
        # An unknown name still labels its figures in the output; the error keeps them from being stored.
        self.towns[name] = self.towns[written] = found or name
        return found or name

    def _unsettle_stem(self, town: str) -> None:
        """TOWN (东风乡) named after a short name (东风) was read as another township (东风镇): the short name was
        ambiguous, an error at the cell it was first read; later rows naming it are looked up again."""
        stem = town[:-1] if town[-1:] in ("乡", "镇") else ""
        read = self.stems.get(stem)
        if read is not None and read[0] != town:
            del self.stems[stem]
            self.towns.pop(stem, None)
            self.error(read[1], _ambiguous(stem, {read[0], town}))

    def stem_hits(self, name: str) -> set[str]:
        """The townships NAME may be without its 乡 / 镇 (长城 → 长城乡): known ones, and new ones this file named."""
        if not _STEM.fullmatch(name):
            return set()
        full = [name + level for level in "乡镇"]
        return {f for f in (self.townships.find(n) or (n if n in self.new_townships else None) for n in full) if f}

    def stem_township(self, name: str) -> str | None:
        """The one township NAME is without its 乡 / 镇 (长城 → 长城乡); None when there is none or two."""
        hits = self.stem_hits(name)
        return hits.pop() if len(hits) == 1 else None

    def known_township(self, name: str) -> bool:
        """True for a known township's name or alias, or one written without its 乡 / 镇 (长城)."""
        return self.townships.find(name) is not None or self.stem_township(name) is not None

    def unless_part(self, label: str, sheet: str, r: int) -> str:
        """The township a row label names, or "" for a part of the row above: a `其中：` row naming no township
        (其中：长城村; 其中：长城乡 is 长城乡) and the rows right after one carrying the breakdown on (其中：建制村 |
        机关事业单位: no township's name, known or shaped as one, and no total)."""
        town = township_of_part(label)
        goes_on = self.part_at == (sheet, r - 1) and town == label
        if not town or goes_on and not (self.known_township(town) or looks_like_township(town) or is_total_label(town)):
            self.part_at = (sheet, r)
            return ""
        return town

    def not_township(self, name: str, cell: str | Callable[[], str]) -> bool:
        """True when NAME is a county organ's Party committee (县教育局党委), a village or its branch (长城村,
        长城村支部委员会), not a township: its rows are skipped, never created; the row naming it (CELL, or a
        function making it; "" for the rest of its block) gets a warning."""
        joint = joint_townships(name)
        if joint:  # 东风镇、青石镇: a figure of two townships together is neither's
            if cell:
                where = _cell_name(cell)
                why = f"“{name}”是{len(joint)}个乡镇合填的一行，数值无法分到各乡镇，未导入"
                self.error(where, f"{why}；请按乡镇分别填写")
            return True
        why = "县直单位" if is_county_organ(name) else "村（社区）" if is_village_organ(name) else ""
        why = why or ("县（市）本级" if is_county_name(name) else "平均或其他行" if summary_row_label(name) else "")
        why = why or ("模板的填写示例" if _EXAMPLE.search(name) else "")
        if not why or self.townships.find(name) is not None:
            return False
        if cell:
            self.warn(_cell_name(cell), f"跳过“{name}”：{why}不是乡镇")
        return True

    def parse(self, raw: Any) -> Parsed | str | None:
        """parse_cell, remembered for text cells (ledgers repeat their texts)."""
        if not isinstance(raw, str):
            return parse_cell(raw)
        cache = self.parsed
        if raw not in cache:
            if len(cache) > 50_000:
                cache.clear()
            cache[raw] = parse_cell(raw)
        return cache[raw]
