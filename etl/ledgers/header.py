"""A ledger table's header band: the rows of header cells (merged group cells filled in, a row of units under
the names) and what each column's header parts say (etl.ledgers.table.detect_table chooses among the bands)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from etl.ledgers.columns import Column
from etl.ledgers.dates import dated_year, day_of
from etl.ledgers.furniture import row_measure
from etl.ledgers.labels import match_key
from etl.ledgers.match import IndicatorMatcher, Match, unit_fits
from etl.ledgers.periods import (
    ANNUAL,
    CARRIED,
    CUMULATIVE,
    DECEMBER,
    NO_FIGURE,
    THIS_YEAR,
    TO_DATE_PREFIX,
    december,
    period_of,
)
from etl.ledgers.read import cell_name
from etl.ledgers.spans import header_span
from etl.ledgers.text import (
    IGNORED,
    INDICATOR,
    KEYWORDS,
    PART_MARK,
    REPORTING_UNIT,
    SERIAL,
    TOTAL,
    TOTAL_WORDS,
    TOWNSHIP,
    UNIT,
    UNITS,
    VALUE,
    YEAR,
    YEAR_IN_TEXT,
    YEAR_ONLY,
    chinese_lines,
    header_text,
    is_total_label,
    label_and_figure,
    paired_label,
    split_unit,
    squash,
    text_of,
    year_of_text,
)


def _is_numberish(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return not YEAR_ONLY.match(text_of(value))
    t = text_of(value)
    return bool(re.fullmatch(r"[-+]?[\d,]+(\.\d+)?%?", t)) and not YEAR_ONLY.match(t)


# The end of a table's title (…统计表, …台账, …情况汇总): a line naming the table, not a column group.
_TITLE_END = re.compile(r"(?:表|台账|汇总|情况|统计)$")


def header_like(row: Sequence[Any]) -> bool:
    texts = {text_of(v) for v in row} - {""}
    cards = any(label_and_figure(t) for t in texts)  # 党员总数：412人 is a figure, not a header
    cards = cards or any(paired_label(text_of(v), row[c + 1]) for c, v in enumerate(row[:-1]))  # 党员总数： | 412人
    unit_line = any(REPORTING_UNIT.match(t) for t in texts)  # 填报单位：东风镇党委 | 2023年: above a header
    undated = {text_of(v) for v in row if day_of(v) is None} - {""}
    if undated != texts and len(undated) == 1 and _TITLE_END.search(next(iter(undated))):
        return False  # 2023年度…统计表 | 2024年1月8日: a title and the form's date on its row, not a header row
    measures = len(texts) == 1 and row_measure(next(iter(texts))) and sum(bool(text_of(v)) for v in row) >= 2
    return (
        (len(texts) >= 2 or bool(measures))  # 数量 | 数量 | 数量 under the townships across is a header row too
        and not cards
        and not unit_line
        and not any(_is_numberish(v) for v in row)
        and unit_row(row) is None
    )


def index_names_row(rows: Sequence[Sequence[Any]], top: int, depth: int) -> bool:
    """True when the last row of the band TOP..TOP+DEPTH-1 holds only row-label headers (乡镇, 年度, 序号) in columns
    the rows above leave blank: pandas writes a two-level header's index names on a row of their own."""
    if depth < 2:
        return False
    texts = {c: squash(text_of(v)) for c, v in enumerate(rows[top + depth - 1]) if text_of(v)}
    labels = KEYWORDS[TOWNSHIP] | KEYWORDS[YEAR] | KEYWORDS[SERIAL]

    def blank_above(c: int) -> bool:
        return not any(c < len(r) and text_of(r[c]) for r in rows[top : top + depth - 1])

    return bool(texts) and all(t in labels and blank_above(c) for c, t in texts.items())


_UNIT_LABELS = {"单位", "计量单位", "甲", "乙", "丙"}


# A template's notes row under its header: 单位：元，填整数 | 填写乡镇全称 | 如：2023.
_NOTE_UNIT = re.compile(r"^单位[:：]\s*([^，,；;。\s]+)")
_INSTRUCTION = re.compile(r"^(?:填|请|如|例|按|格式|可|须|必须|只能|下拉)")


def unit_row(row: Sequence[Any]) -> dict[int, str] | None:
    """A row of bare units under the header (个 | 人 | 万元 | （%）), or an import template's notes row stating them
    (单位：元，填整数 | 填写乡镇全称) → column → unit; None for any other row."""
    out: dict[int, str] = {}
    for c, v in enumerate(row):
        t = text_of(v)
        if not t:
            continue
        bare = re.sub(r"^单位[:：]|[()\[\]【】\s]", "", t)
        noted = _NOTE_UNIT.match(t)
        if bare in UNITS:
            out[c] = "%" if bare in ("百分比", "百分率") else bare
        elif noted and noted.group(1) in UNITS:
            out[c] = "%" if noted.group(1) in ("百分比", "百分率") else noted.group(1)
        elif bare not in _UNIT_LABELS and not _INSTRUCTION.match(t):
            return None
    return out or None


def _merge_lookup(
    merged: Sequence[tuple[int, int, int, int]], top: int, bottom: int
) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) inside a merged range in rows TOP..BOTTOM → the range's top-left cell."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for r1, c1, r2, c2 in merged:
        if r2 < top or r1 > bottom or (c2 - c1 + 1) * (min(r2, bottom) - max(r1, top) + 1) > 20_000:
            continue
        for r in range(max(r1, top), min(r2, bottom) + 1):
            for c in range(c1, c2 + 1):
                out[(r, c)] = (r1, c1)
    return out


# A system's field key with the column's Chinese name in brackets: dyzs(党员总数), town_name（乡镇名称）.
_FIELD_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*\s*[(（]\s*([^()（）]*[\u4e00-\u9fff][^()（）]*)[)）]$")


def field_name(text: str) -> str:
    """A header written as a field key and its Chinese name in brackets → the name (dyzs(党员总数) → 党员总数); a unit
    in brackets after an acronym (GDP(亿元)) stays."""
    m = _FIELD_KEY.match(text) if text[:1].isascii() else None
    return m.group(1).strip() if m and m.group(1).strip() not in UNITS else text


def flatten_header(
    rows: Sequence[Sequence[Any]], top: int, depth: int, merged: Sequence[tuple[int, int, int, int]] = ()
) -> list[list[tuple[str, int]]]:
    """Per column, the distinct header texts of rows TOP..TOP+DEPTH-1 from the top, each with its row.

    Merged cells give their text to every cell they cover. Without merge information (CSV, or a group
    title that was only centred), an empty upper cell over a sub-header takes the group text to its left.
    """
    bottom = top + depth - 1
    width = max((len(rows[r]) for r in range(top, bottom + 1)), default=0)
    covered = _merge_lookup(merged, top, bottom)

    def at(r: int, c: int) -> str:
        src = covered.get((r, c), (r, c))
        row = rows[src[0]] if src[0] < len(rows) else []
        return chinese_lines(field_name(header_text(row[src[1]]))) if src[1] < len(row) else ""

    grid = [[at(r, c) for c in range(width)] for r in range(top, bottom + 1)]
    for i in range(depth - 1):
        has_below = [any(grid[j][c] for j in range(i + 1, depth)) for c in range(width)]
        for c in range(1, width):
            if grid[i][c] or (top + i, c) in covered or not has_below[c]:
                continue
            left = c - 1
            while left >= 0 and not grid[i][left]:
                left -= 1
            if left >= 0 and has_below[left] and (top + i, left) not in covered:
                grid[i][c] = grid[i][left]
    out: list[list[tuple[str, int]]] = []
    for c in range(width):
        parts: list[tuple[str, int]] = []
        for i in range(depth):
            for t in joined_parts(grid[i][c]):
                if t and (not parts or parts[-1][0] != t):
                    parts.append((t, top + i))
        out.append(parts)
    return out


def joined_parts(text: str) -> list[str]:
    """The levels of a header flattened into one cell, top first; [TEXT] for any other header. Exports and pandas
    users join them with underscores (2022年_党员情况_党员总数（人）) or dots (2023年.党员.人数: not numbering 1.党支部
    nor a number 12.5); a slash joins levels when one of them is a year (2022年/党员情况/党员总数), else it is part of
    a name (党委会/班子会次数) or puts the unit after it (党员总数/人)."""
    for sep in ("_", "."):
        pieces = [p.strip() for p in text.split(sep)]
        if len(pieces) > 1 and all(pieces) and not (sep == "." and _NUMBERED_DOT.search(text)):
            return pieces
    pieces = [p.strip() for p in re.split(r"[/／]", text)]
    if len(pieces) > 1 and all(pieces) and any(YEAR_ONLY.match(p) for p in pieces):
        return pieces
    return [text]


# A dot that numbers an item (1.党支部) or sits in a number (12.5, 2023.12): no level join.
_NUMBERED_DOT = re.compile(r"(?:^|\D)\d+\.|\d\.\d")


def classify(parts: Sequence[str], matcher: IndicatorMatcher, known_township: Callable[[str], bool]) -> Column:
    """Role, indicator, year, unit and township of one column from its header parts (top → leaf)."""
    col = Column(index=-1, header="/".join(parts), role=IGNORED)
    texts: list[str] = []
    for p in parts:
        y = YEAR_ONLY.match(p)
        stripped, unit = split_unit(p)
        dated = dated_year(p)  # a date cell over the columns (2023-12-31): the year it ends
        if dated is not None and dated[1]:
            col.year = dated[0]
        elif y:
            col.year = int(y.group(1))
        elif unit and not match_key(stripped):
            col.unit = unit  # a unit-only header cell, e.g. a row of units under the names
        else:
            span = header_span(stripped)  # 截至2023年12月31日党员总数: the period before the name
            if span is not None:
                stripped, col.year = span[0], span[1] or col.year
                col.period = col.period if span[2] else NO_FIGURE
            year = year_of_text(stripped)
            if year and YEAR_IN_TEXT.search(stripped):
                col.year = year
                stripped = YEAR_IN_TEXT.sub("", stripped).strip()
                if december(stripped):  # 2023年12月 over 党员总数 | 新发展党员
                    col.period, stripped = DECEMBER, ""
            col.unit = unit or col.unit
            period = period_of(stripped) if stripped else None
            if period is None and TO_DATE_PREFIX.match(squash(stripped)):  # 本年累计调解成功: the name stays
                col.period = THIS_YEAR
            if period is not None:
                col.period, col.leaf = period, stripped  # 全年 / 一季度 / 年末数 under the indicator
            elif stripped:
                texts.append(stripped)
    if not texts:
        # 指标 | 本年 | 上年: the year's column is a long table's value column.
        col.role = VALUE if col.year or col.period in (ANNUAL, THIS_YEAR) else IGNORED
        return col
    leaf = texts[-1]
    col.leaf = leaf
    if len(texts) > 1 and row_measure(leaf) == "count" and known_township(texts[-2]):
        col.role, col.township = VALUE, re.sub(r"\s+", "", texts[-2])  # 长城乡 over 数量 / 人数: its figures
        return col
    for role, words in KEYWORDS.items():
        if squash(leaf) in words:
            col.role = role
            return col
    if is_total_label(leaf) and len(texts) == 1:
        col.role = TOTAL
        return col
    found = _match_parts(texts, matcher)
    if found is not None and not unit_fits(col.unit, matcher.indicators[found.key]):
        found = None  # 大专及以上学历（人） under 书记: a count of people is not the share the catalog keeps
    if found is not None:
        how = found.how if found.score == 100 else f"模糊 {found.score:g}"
        col.role, col.indicator, col.how, col.threshold = VALUE, found.key, how, found.threshold
        return col
    if known_township(leaf):
        col.role, col.township = VALUE, re.sub(r"\s+", "", leaf)
    return col


# The words of a group title besides its subject: 党员情况, 党员队伍情况, 党组织基本情况.
_GROUP_WORDS = re.compile(r"(?:队伍|基本)?(?:情况|状况)$")
# A group of the year's changes to a stock (本年增加党员, 本年减少党员, 减少): its leaves name flows of the subject.
_CHANGE_GROUP = re.compile(r"^(?:本年度?|当年|全年)?(?:增加|减少|增减|新增)(?:的)?")


def _match_parts(texts: Sequence[str], matcher: IndicatorMatcher) -> Match | None:
    leaf = texts[-1]
    candidates = [leaf]
    if len(texts) > 1:
        group = texts[-2]
        if squash(leaf) in TOTAL_WORDS or squash(leaf) in KEYWORDS[VALUE]:
            candidates = [group]  # 党员数 over 合计 | 其中：女 → the 合计 column is 党员数 itself
            subject = _GROUP_WORDS.sub("", group)  # 党员情况 over 总数 | 女: 党员总数
            if subject != group and squash(leaf) in TOTAL_WORDS:
                candidates += [subject + leaf, subject + "总数"]  # 党员基本情况 over 合计: 党员总数
        elif not PART_MARK.match(leaf):
            candidates += [group + leaf, leaf + group]  # 党员 over 总数 | 农村 | 流动: 党员总数, 农村党员 …
            subject = _CHANGE_GROUP.sub("", group)  # 本年增加党员 over 发展 | 转入: 发展党员, 转入党员
            if subject != group and len(subject) >= 2:
                candidates += [leaf + subject, subject + leaf]
        else:  # 党员数 over 其中：女 → 女党员数, a part the catalog counts of its own
            candidates.append(PART_MARK.sub("", leaf) + group)
    for cand in candidates:
        found = matcher.match(cand)
        if found is not None:
            return found
    return None


def band_columns(
    rows: Sequence[Sequence[Any]],
    top: int,
    depth: int,
    merged: Sequence[tuple[int, int, int, int]],
    matcher: IndicatorMatcher,
    known_township: Callable[[str], bool],
) -> list[Column]:
    cols: list[Column] = []
    for c, parts in enumerate(flatten_header(rows, top, depth, merged)):
        if not parts:
            continue
        col = classify([p for p, _ in parts], matcher, known_township)
        col.index = c
        col.header_cell = cell_name(parts[-1][1], c)
        cols.append(col)
    _resolve_corner(cols)
    _carried_totals(cols)
    _shares(cols, matcher)
    _member_parts(cols, matcher)
    _kinds_of_group(cols, matcher)
    _party_kinds(cols, matcher)
    _value_unit_pairs(cols, matcher)
    return cols


def _value_unit_pairs(cols: list[Column], matcher: IndicatorMatcher) -> None:
    """An indicator over `数值 | 单位`: the 数值 column is its figure, the 单位 column beside it each row's unit (人,
    万元 on one row, 元 on the next), no figure and no long table's unit column."""
    by_index = {c.index: c for c in cols}
    for col in cols:
        group, _, leaf = col.header.rpartition("/")
        if col.role != VALUE or col.indicator or not group or squash(leaf) not in KEYWORDS[VALUE]:
            continue
        found = matcher.match(split_unit(group.rsplit("/", 1)[-1])[0])
        unit_col = by_index.get(col.index + 1)
        if found is None or unit_col is None or unit_col.role != UNIT or unit_col.header.rpartition("/")[0] != group:
            continue
        col.indicator, col.how, col.threshold = found.key, "数值 | 单位", found.threshold
        unit_col.role, col.units_at = IGNORED, unit_col.index


def _party_kinds(cols: list[Column], matcher: IndicatorMatcher) -> None:
    """党内统计 counts organisations by kind without saying 党 in each leaf: 基层党组织（个） over 合计 | 基层党委 |
    总支部 | 支部. Under a group of 党组织, a leaf that 党 + the leaf names exactly (支部 → 党支部) names it; so does a
    one-level header counting 个 (支部（个）, as the bulletins write 支部405.2万个)."""
    for col in cols:
        parts = col.header.split("/")
        leaf, unit = split_unit(parts[-1])
        grouped = len(parts) >= 2 and "党组织" in parts[-2]
        if col.indicator or col.role != IGNORED or not (grouped or len(parts) == 1 and unit == "个"):
            continue
        leaf = PART_MARK.sub("", leaf)
        found = matcher.exact("党" + leaf) if leaf and not leaf.startswith("党") else None
        if found is not None:
            col.role, col.indicator, col.how, col.threshold = VALUE, found.key, "党组织的一类", found.threshold


def _carried_totals(cols: list[Column]) -> None:
    """立案（件） over 上年结转 | 本年立案 | 合计: the group's 合计 adds in what was carried over from earlier years, so
    it is no year's figure (as 历年累计); the year's column beside it is."""
    carried = {c.header.rsplit("/", 1)[0] for c in cols if squash(c.header.rsplit("/", 1)[-1]) in CARRIED}
    for col in cols:
        group, _, leaf = col.header.rpartition("/")
        if group in carried and squash(leaf) in TOTAL_WORDS:
            col.period = CUMULATIVE


def _kinds_of_group(cols: list[Column], matcher: IndicatorMatcher) -> None:
    """A leaf naming a kind of its group's indicator with the group's noun left out: 流动党员 over 合计 | 流出 | 流入
    → 流出党员, 流入党员 (the leaf joined to an end of the group names a catalog indicator as written, and the catalog
    counts it a part of the group's: extract parents / part_of). 流动党员 / 女 is not 女党员 (a part of 党员总数)."""
    for col in cols:
        parts = col.header.split("/")
        if col.indicator or col.role != IGNORED or len(parts) < 2 or not col.leaf:
            continue
        group = matcher.match(split_unit(parts[-2])[0])
        leaf = PART_MARK.sub("", split_unit(col.leaf)[0])
        if group is None or not leaf:
            continue
        name = match_key(parts[-2])
        for end in (name[i:] for i in range(1, len(name) - 1)):
            found = matcher.exact(leaf + end)
            if found is not None and group.key in matcher.indicators[found.key].parents:
                col.role, col.indicator, col.how, col.threshold = VALUE, found.key, "分组的一类", found.threshold
                break


# The words of a breakdown group besides its subject: 按年龄分, 党员学历, 其中, 党员年龄结构.
_DIMENSION = re.compile(r"按|分|其中|学历|文化程度|年龄|性别|民族|结构|队伍|基本|情况|构成|分布|[:：\s]")


def _member_parts(cols: list[Column], matcher: IndicatorMatcher) -> None:
    """A breakdown of party members under a group that does not say 党员 in each leaf: 党员总数 | 其中 / 女 | 少数民族,
    按年龄分 / 35岁及以下 … 61岁及以上, 党员学历 / 大专及以上 …. When the group
    is 党员 (党员学历, 党员年龄结构) or only a dimension (其中, 按年龄分) right of 党员总数, the leaf + 党员 naming a
    catalog indicator exactly (女党员, 35岁及以下党员) is that column's; 新发展党员 / 其中：女 stays unread."""
    left: Column | None = None
    for col in cols:
        if col.indicator:
            left = col
            continue
        if col.role != IGNORED or "/" not in col.header or not col.leaf:
            continue
        group = _DIMENSION.sub("", re.sub(r"[(（][^)）]*[)）]", "", col.header.split("/")[-2]))
        whole = left is not None and re.sub(r"总?数$", "", matcher.indicators[left.indicator].name) == "党员"  # type: ignore[index]
        members = group == "党员" or (not group and whole)  # not 新发展党员 / 其中：女 (new members' women)
        leaf = PART_MARK.sub("", split_unit(col.leaf)[0])
        found = matcher.match(leaf + "党员") if members and leaf and "党员" not in leaf else None
        if found is not None and found.score == 100 and matcher.indicators[found.key].unit != "%":
            col.role, col.indicator, col.how, col.threshold = VALUE, found.key, "党员的其中项", found.threshold


# A share column after the count it is the share of: 大专及以上学历（人） | 占比（%）.
_SHARE_WORDS = {"占比", "比例", "所占比例", "占比例", "比重", "占比率"}


def _shares(cols: list[Column], matcher: IndicatorMatcher) -> None:
    """占比（%） right after a count column is that count's share: the count's header (group and leaf, units and years
    left out) + 占比 names a percent indicator (村（社区）党组织书记 / 大专及以上学历（人） | 占比 →
    书记大专及以上学历占比)."""
    for left, col in zip(cols, cols[1:], strict=False):
        if col.indicator or left.index != col.index - 1 or squash(split_unit(col.leaf or "")[0]) not in _SHARE_WORDS:
            continue
        words = [split_unit(p)[0] for p in left.header.split("/")]
        subject = "".join(w for w in words if w and not YEAR_ONLY.match(w))
        found = matcher.match(subject + "占比")
        if found is not None and matcher.indicators[found.key].unit == "%":
            col.role, col.indicator, col.how, col.threshold = VALUE, found.key, "左列的占比", found.threshold
            col.unit = col.unit or "%"


# A 斜线表头 corner cell names the rows and the columns at once: 项目\乡镇, "乡镇⏎项目" (diagonal border).
_CORNER_SPLIT = re.compile(r"[\s\\/／＼|]+")


def corner_roles(text: str) -> set[str]:
    r"""{township, indicator} when TEXT is a corner cell naming both (项目\乡镇, 乡镇 项目); else empty."""
    parts = [squash(p) for p in _CORNER_SPLIT.split(text) if p]
    if len(parts) != 2:
        return set()
    roles = {role for p in parts for role in (TOWNSHIP, INDICATOR) if p in KEYWORDS[role]}
    return roles if len(roles) == 2 and all(any(p in KEYWORDS[r] for r in roles) for p in parts) else set()


def _resolve_corner(cols: list[Column]) -> None:
    """The corner column holds whatever the other headers do not: indicators when townships stand across the
    top (a transposed table), townships when the indicators do."""
    for col in cols:
        if col.role == IGNORED and corner_roles(col.leaf or col.header):
            across_townships = any(c.township for c in cols)
            col.role = INDICATOR if across_townships else TOWNSHIP
            col.how = "斜线表头"
