"""Finding the table in a ledger sheet: header band, merged group headers, layout, header → indicator.

Pure functions over the first rows of a sheet (lists of raw cells) and its merged ranges. A table is a
band of one to three header rows; each column's header parts (group over leaf, merged cells filled in)
classify it as an identity column (乡镇, 年份, 指标, 单位, 序号, 备注) or a value column that carries
some of (indicator, year, township). That one model covers every layout clerks use:

- wide: 乡镇 | 党员总数（人） | 集体经济收入（万元） …, the year from a column, a header, the title or the sheet
- long: 乡镇 | 年份 | 指标 | 数值 (| 单位)
- years as columns: 乡镇 | 指标 | 2022年 | 2023年
- transposed: 指标 | 长城乡 | 东风镇 … (townships across the top)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from etl.ledgers.match import IndicatorMatcher, Match
from etl.ledgers.periods import ANNUAL, THIS_YEAR, WHY_NOT, period_of, rank
from etl.ledgers.read import cell_name, column_letter
from etl.ledgers.text import (
    IGNORED,
    INDICATOR,
    KEYWORDS,
    MONEY_UNIT_ROW,
    NOTE,
    ORG_PREFIX,
    ROLE_ZH,
    TOTAL,
    TOTAL_WORDS,
    TOWNSHIP,
    UNIT,
    UNITS,
    VALUE,
    YEAR_IN_TEXT,
    YEAR_ONLY,
    is_note_row,
    is_note_text,
    is_total_label,
    looks_like_township,
    match_key,
    split_threshold,
    split_unit,
    squash,
    text_of,
    without_year,
    year_of_text,
)

MAX_HEADER_ROWS = 3
SCAN_ROWS = 40


@dataclass
class Column:
    """One column of the table as recognised (or as the clerk fixed it)."""

    index: int
    header: str  # flattened: "党员情况/党员总数（人）"
    role: str
    header_cell: str = ""  # "C3"
    indicator: str | None = None
    year: int | None = None
    township: str | None = None
    unit: str | None = None
    how: str = ""  # 名称 / 同义词 / 模糊 92 / 手动
    leaf: str = ""
    duplicate_of: str = ""  # letter of an earlier column mapped to the same figure
    period: str = ""  # 全年 / 本年 / 年末 / 新增 / 累计 / 不取 (etl.ledgers.periods) from a header part
    why: str = ""  # why a value-shaped column gives no figure (a quarter, 本年新增 of a stock …)
    threshold: float | None = None  # 万元, the threshold its header states (集体经济收入10万元以上村数)

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass
class Table:
    """A table found in a sheet: where its header is, what each column holds, table-wide context."""

    sheet: str
    header_top: int
    header_bottom: int
    columns: list[Column]
    title: str = ""
    year: int | None = None  # from the title or the sheet name
    year_from: str = ""
    money_unit: str | None = None  # "金额单位：元" above the header
    township: str | None = None  # a sheet per township: from the sheet name or the title
    notes: list[str] = field(default_factory=list)

    @property
    def first_data_row(self) -> int:
        return self.header_bottom + 1

    def column(self, role: str) -> Column | None:
        return next((c for c in self.columns if c.role == role), None)

    @property
    def value_columns(self) -> list[Column]:
        return [c for c in self.columns if c.role == VALUE]

    @property
    def layout(self) -> str:
        """wide | long | years-as-columns | transposed (for the preview)."""
        vals = self.value_columns
        if any(c.township for c in vals):
            return "transposed"
        if self.column(INDICATOR) is not None:
            return "years-as-columns" if any(c.year for c in vals) else "long"
        return "wide"


def _is_numberish(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return not YEAR_ONLY.match(text_of(value))
    t = text_of(value)
    return bool(re.fullmatch(r"[-+]?[\d,]+(\.\d+)?%?", t)) and not YEAR_ONLY.match(t)


def _header_like(row: Sequence[Any]) -> bool:
    texts = {text_of(v) for v in row} - {""}
    return len(texts) >= 2 and not any(_is_numberish(v) for v in row) and unit_row(row) is None


_UNIT_LABELS = {"单位", "计量单位", "甲", "乙", "丙"}


def unit_row(row: Sequence[Any]) -> dict[int, str] | None:
    """A row of bare units under the header (个 | 人 | 万元 | （%）) → column → unit; None for any other row."""
    out: dict[int, str] = {}
    for c, v in enumerate(row):
        t = text_of(v)
        if not t:
            continue
        bare = re.sub(r"^单位[:：]|[()\[\]【】\s]", "", t)
        if bare in UNITS:
            out[c] = "%" if bare in ("百分比", "百分率") else bare
        elif bare not in _UNIT_LABELS:
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
        return text_of(row[src[1]]) if src[1] < len(row) else ""

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
            t = grid[i][c]
            if t and (not parts or parts[-1][0] != t):
                parts.append((t, top + i))
        out.append(parts)
    return out


def classify(parts: Sequence[str], matcher: IndicatorMatcher, known_township: Callable[[str], bool]) -> Column:
    """Role, indicator, year, unit and township of one column from its header parts (top → leaf)."""
    col = Column(index=-1, header="/".join(parts), role=IGNORED)
    texts: list[str] = []
    for p in parts:
        y = YEAR_ONLY.match(p)
        stripped, unit = split_unit(p)
        if y:
            col.year = int(y.group(1))
        elif unit and not match_key(stripped):
            col.unit = unit  # a unit-only header cell, e.g. a row of units under the names
        else:
            year = year_of_text(stripped)
            if year and YEAR_IN_TEXT.search(stripped):
                col.year = year
                stripped = YEAR_IN_TEXT.sub("", stripped).strip()
            col.unit = unit or col.unit
            period = period_of(stripped) if stripped else None
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
    for role, words in KEYWORDS.items():
        if squash(leaf) in words:
            col.role = role
            return col
    if is_total_label(leaf) and len(texts) == 1:
        col.role = TOTAL
        return col
    found = _match_parts(texts, matcher)
    if found is not None:
        how = found.how if found.score == 100 else f"模糊 {found.score:g}"
        col.role, col.indicator, col.how, col.threshold = VALUE, found.key, how, found.threshold
        return col
    if known_township(leaf):
        col.role, col.township = VALUE, re.sub(r"\s+", "", leaf)
    return col


def _match_parts(texts: Sequence[str], matcher: IndicatorMatcher) -> Match | None:
    leaf = texts[-1]
    candidates = [leaf]
    if len(texts) > 1:
        group = texts[-2]
        if squash(leaf) in TOTAL_WORDS or squash(leaf) in KEYWORDS[VALUE]:
            candidates = [group]  # 党员数 over 合计 | 其中：女 → the 合计 column is 党员数 itself
        elif not re.match(r"^其中", leaf):
            candidates += [group + leaf, leaf + group]  # 党员 over 总数 | 农村 | 流动: 党员总数, 农村党员 …
        else:  # 党员数 over 其中：女 → 女党员数, a part the catalog counts of its own
            candidates.append(re.sub(r"^其中[:：]?", "", leaf) + group)
    for cand in candidates:
        found = matcher.match(cand)
        if found is not None:
            return found
    return None


def _band_columns(
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
    return cols


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


def _score(cols: Sequence[Column], table_township: str | None) -> int:
    """Number of recognised columns, or 0 when the band cannot be a ledger header."""
    values = [c for c in cols if c.role == VALUE]
    roles = {c.role for c in cols}
    has_indicator = any(c.indicator for c in values) or INDICATOR in roles
    has_township = TOWNSHIP in roles or any(c.township for c in values) or table_township is not None
    if not values or not has_indicator or not has_township:
        return 0
    # Two columns mapped to one figure mean the band was cut too early (党员数 over 合计 | 其中：女).
    keys = {(c.indicator, c.threshold, c.year, c.township) for c in values}
    return len(keys) + sum(c.role not in (IGNORED, VALUE) for c in cols)


def detect_table(
    sheet: str,
    rows: Sequence[Sequence[Any]],
    matcher: IndicatorMatcher,
    merged: Sequence[tuple[int, int, int, int]] = (),
    known_township: Callable[[str], bool] = looks_like_township,
    start: int = 0,
) -> Table | None:
    """The ledger table in rows START.. of SHEET (absolute rows from row 0), or None when there is none.

    START > 0 looks for a second table below the first (a 2022 table over a 2023 one)."""
    limit = min(len(rows), start + SCAN_ROWS)
    # Best band by (recognised columns, right above the data, group headers, fewer rows, higher up).
    best: tuple[tuple[int, int, int, int, int], list[Column]] | None = None
    for top in range(start, limit):
        if not _header_like(rows[top]) or is_note_row([text_of(v) for v in rows[top]]):
            continue
        for depth in range(1, MAX_HEADER_ROWS + 1):
            if top + depth > limit or (depth > 1 and not _header_like(rows[top + depth - 1])):
                break
            cols = _band_columns(rows, top, depth, merged, matcher, known_township)
            context_township = _table_township(sheet, _title_texts(rows, top, start), known_township)
            if not any(c.role == TOWNSHIP or c.township for c in cols) and context_township is None:
                _township_from_data(cols, rows[top + depth : top + depth + 30], known_township)
            score = _score(cols, context_township)
            # The leaf row sits right above the data: a band followed by another header-like row is cut short.
            adjacent = int(top + depth >= len(rows) or not _header_like(rows[top + depth]))
            if not adjacent and _named_below(cols, rows[top + depth]):
                continue  # 党员（人） over 网格员: the band names a group, not the figure under it
            rank = (score, adjacent, _groups(cols), -depth, -top)
            if score and (best is None or rank > best[0]):
                best = (rank, cols)
    if best is None:
        return None
    (_n, _a, _g, depth, top), cols = best
    depth, top = -depth, -top
    return _make_table(sheet, rows, top, depth, cols, known_township, matcher, start)


def _named_below(cols: Sequence[Column], below: Sequence[Any]) -> bool:
    """True when the header-like row under a band names something under its indicator columns and nothing in its
    township column (长城乡 | 暂无 | — is a data row of text)."""
    texts = {i: text_of(v) for i, v in enumerate(below)}
    town = any(c.role == TOWNSHIP and texts.get(c.index) for c in cols)
    return not town and any(c.indicator and texts.get(c.index) for c in cols)


def _groups(cols: Sequence[Column]) -> int:
    """Columns under a group header (党员情况 over 党员总数 …); "填报单位：…" rows above are not groups."""
    return sum(1 for c in cols if "/" in c.header and not re.search("[:：]", c.header.rsplit("/", 1)[0]))


def _township_from_data(
    cols: list[Column], sample: Sequence[Sequence[Any]], known_township: Callable[[str], bool]
) -> None:
    """No 乡镇 header: the column whose values mostly look like township names is the township column."""
    for col in cols:
        if col.role not in (IGNORED, UNIT, NOTE):
            continue
        values = [text_of(r[col.index]) for r in sample if col.index < len(r) and text_of(r[col.index])]
        values = [v for v in values if not is_total_label(v)]
        if values and sum(map(known_township, values)) >= 0.6 * len(values):  # one township's row too
            col.role, col.how = TOWNSHIP, "按内容"
            return


def _title_texts(rows: Sequence[Sequence[Any]], top: int, start: int = 0) -> list[str]:
    return [t for r in rows[start:top] for t in (text_of(v) for v in r) if t]


# "填报单位（盖章）：青石镇党委" names the township the sheet is about.
_REPORTING_UNIT = re.compile(r"^(?:填报|填表|报送)?单位(?:名称)?(?:\(盖章\))?[:：]")
_REPORT_DATE = re.compile(r"(?:填报|填表|报送|制表|打印|上报)(?:日期|时间)")  # the report's date, not the data's


def _table_township(sheet: str, titles: Sequence[str], known_township: Callable[[str], bool]) -> str | None:
    if (name := without_year(sheet)) and known_township(name):  # 长城乡, 长城乡（2023）, 东风镇2023年
        return name
    for t in titles[:4]:
        t = re.sub(r"\s+", "", t)
        named = _REPORTING_UNIT.sub("", t)
        if named == t and t not in titles[:2]:
            continue
        named = ORG_PREFIX.sub("", named)  # 中共白沙彝族乡委员会
        m = re.match(r"^([\u4e00-\u9fff]{1,10}?(?:乡|镇|街道|苏木))(?![镇村])", named)
        if m and known_township(m.group(1)) and "各" not in m.group(1):
            return m.group(1)
    return None


def _make_table(
    sheet: str,
    rows: Sequence[Sequence[Any]],
    top: int,
    depth: int,
    cols: list[Column],
    known_township: Callable[[str], bool],
    matcher: IndicatorMatcher,
    start: int = 0,
) -> Table:
    titles = _title_texts(rows, top, start)
    table = Table(
        sheet=sheet, header_top=top, header_bottom=top + depth - 1, columns=cols, title=titles[0] if titles else ""
    )
    for t in titles:
        m = MONEY_UNIT_ROW.search(t)
        if m:
            table.money_unit = m.group(1)
    dated = [t for t in titles if not (is_note_text(t) or _REPORT_DATE.search(t))]
    title_years = {y for y in map(year_of_text, dated) if y}
    if len(title_years) == 1:
        table.year, table.year_from = title_years.pop(), "标题"
    elif year_of_text(sheet):
        table.year, table.year_from = year_of_text(sheet), "工作表名"
    if not any(c.role == TOWNSHIP or c.township for c in cols):
        table.township = _table_township(sheet, titles, known_township)
    units = unit_row(rows[top + depth]) if top + depth < len(rows) else None
    if units:  # 个 | 人 | 万元 under the names
        table.header_bottom += 1
        for col in cols:
            col.unit = units.get(col.index, col.unit)
    _resolve_unit_column(table)
    _choose_periods(table, matcher)
    _drop_duplicate_columns(table)
    return table


def _choose_periods(table: Table, matcher: IndicatorMatcher) -> None:
    """Of an indicator's columns split by period (一季度 … 全年, 本年 | 历年累计, 本年新增 | 年末数) only the
    one giving the year's figure is read; the others are ignored, each with the reason."""
    best: dict[tuple[str | None, float | None, int | None, str | None], int] = {}
    cols = [c for c in table.value_columns if c.indicator and c.period]
    for col in cols:
        stock = matcher.indicators[col.indicator].measure == "stock"  # type: ignore[index]
        key = (col.indicator, col.threshold, col.year, col.township)
        best[key] = max(best.get(key, 0), rank(col.period, stock))
    for col in cols:
        stock = matcher.indicators[col.indicator].measure == "stock"  # type: ignore[index]
        r = rank(col.period, stock)
        if r == 0 or r < best[(col.indicator, col.threshold, col.year, col.township)]:
            col.role, col.how = IGNORED, "期间"
            col.why = WHY_NOT.get(col.period, "不是全年（年末）的数，同组有更合适的列")


def _drop_duplicate_columns(table: Table) -> None:
    """Of two columns mapped to the same figure only the first is read (the other is reported)."""
    seen: dict[tuple[str | None, float | None, int | None, str | None], str] = {}
    for col in table.value_columns:
        key = (col.indicator, col.threshold, col.year, col.township)
        if key in seen:
            col.role, col.duplicate_of = IGNORED, seen[key]
        else:
            seen[key] = col.letter


def _resolve_unit_column(table: Table) -> None:
    """单位 is the unit column in a long table; with no other township column it is the township name."""
    unit_cols = [c for c in table.columns if c.role == UNIT and squash(c.leaf) == "单位"]
    has_township = any(c.role == TOWNSHIP or c.township for c in table.columns) or table.township
    if unit_cols and not has_township and table.column(INDICATOR) is None:
        unit_cols[0].role = TOWNSHIP


def apply_overrides(table: Table, overrides: dict[str, str | None], matcher: IndicatorMatcher) -> Table:
    """The clerk's fixes: column letter → indicator key, a role name (township, year …) or None (ignore)."""
    cols = []
    for col in table.columns:
        if col.letter not in overrides:
            cols.append(col)
            continue
        choice = overrides[col.letter]
        if choice in matcher.indicators:
            threshold = split_threshold(col.header)[1] if matcher.indicators[choice].thresholds else None
            cols.append(replace(col, role=VALUE, indicator=choice, township=None, how="手动", threshold=threshold))
        elif choice in ROLE_ZH and choice != VALUE:
            cols.append(replace(col, role=choice, indicator=None, township=None, how="手动"))
        else:
            cols.append(replace(col, role=IGNORED, indicator=None, township=None, how="手动"))
    return replace(table, columns=cols)
