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
from dataclasses import replace
from typing import Any

from etl.ledgers.columns import Column, Table
from etl.ledgers.dates import YEAR_MONTH, day_of, year_month, year_period
from etl.ledgers.furniture import heading_township, measure_column, serial_beside_names, subtotal_heading
from etl.ledgers.header import (
    band_columns,
    corner_roles,
    flatten_header,
    header_like,
    index_names_row,
    unit_row,
)
from etl.ledgers.labels import match_key, split_threshold
from etl.ledgers.match import IndicatorMatcher, Match, unit_fits
from etl.ledgers.periods import (
    ANNUAL,
    CUMULATIVE,
    NO_FIGURE,
    THIS_YEAR,
    TO_DATE_PREFIX,
    WHY_NOT,
    part_in_title,
    period_column,
    period_end,
    rank,
    to_date,
)
from etl.ledgers.read import cell_name
from etl.ledgers.text import (
    COLUMN_LABELS,
    IGNORED,
    INDICATOR,
    MONEY_UNIT_ROW,
    NOTE,
    ORG_PREFIX,
    ROLE_ZH,
    TOTAL,
    TOTAL_WORDS,
    TOWNSHIP,
    UNIT,
    VALUE,
    VILLAGE,
    YEAR,
    is_note_row,
    is_note_text,
    is_total_label,
    looks_like_township,
    squash,
    text_of,
    without_year,
    year_of_text,
)

MAX_HEADER_ROWS = 3
SCAN_ROWS = 40

__all__ = ["SCAN_ROWS", "Column", "Table", "apply_overrides", "corner_roles", "detect_table", "flatten_header"]


def _score(cols: Sequence[Column], table_township: str | None, headed: bool = False) -> int:
    """Number of recognised columns, or 0 when the band cannot be a ledger header."""
    values = [c for c in cols if c.role == VALUE]
    roles = {c.role for c in cols}
    has_indicator = any(c.indicator for c in values) or INDICATOR in roles
    has_township = TOWNSHIP in roles or any(c.township for c in values) or table_township is not None or headed
    if not values or not has_indicator or not has_township:
        return 0
    # Two columns mapped to one figure mean the band was cut too early (党员数 over 合计 | 其中：女).
    keys = {(c.indicator, c.threshold, c.year, c.township) for c in values}
    return len(keys) + sum(c.role not in (IGNORED, VALUE, TOTAL) for c in cols)


def detect_table(
    sheet: str,
    rows: Sequence[Sequence[Any]],
    matcher: IndicatorMatcher,
    merged: Sequence[tuple[int, int, int, int]] = (),
    known_township: Callable[[str], bool] = looks_like_township,
    start: int = 0,
    scan: int = SCAN_ROWS,
    cover: Sequence[str] = (),  # a cover sheet's title and 填报单位 lines (etl.ledgers.cover)
) -> Table | None:
    """The ledger table in rows START.. of SHEET (absolute rows from row 0), its header within SCAN rows, or None when
    there is none.

    START > 0 looks for a second table below the first (a 2022 table over a 2023 one); a larger SCAN, a table under a
    long block of 填报说明 above it."""
    limit = min(len(rows), start + scan)
    # Best band by (recognised columns, right above the data, group headers, fewer rows, higher up).
    best: tuple[tuple[int, int, int, int, int], list[Column]] | None = None
    for top in range(start, limit):
        if not header_like(rows[top]) or is_note_row([text_of(v) for v in rows[top]]):
            continue
        for depth in range(1, MAX_HEADER_ROWS + 2):
            last = rows[top + depth - 1] if top + depth <= limit else ()
            names_row = top + depth <= limit and index_names_row(rows, top, depth)
            if top + depth > limit or (depth > 1 and not (header_like(last) or names_row)):
                break
            if depth > MAX_HEADER_ROWS and not names_row:
                break  # three header rows at most, and pandas' row of index names under them
            cols = band_columns(rows, top, depth, merged, matcher, known_township)
            titles = _title_texts(rows, top, start)
            _indicator_from_names(cols, [sheet, *titles[:2]], matcher)
            _generic_from_subject(cols, [*titles[:2], sheet], matcher)
            _grade_from_subject(cols, [*titles[:2], sheet], matcher)
            context_township = township_in_titles(sheet, titles, known_township) or township_in_titles(
                "", cover, known_township
            )
            if not any(c.role == TOWNSHIP or c.township for c in cols) and context_township is None:
                _township_from_data(cols, rows[top + depth : top + depth + 30], known_township)
            headed = context_township is None and _headed(cols, rows[top + depth : top + depth + 30], known_township)
            score = _score(cols, context_township, headed)
            # The leaf row sits right above the data: a band followed by another header-like row is cut short.
            adjacent = int(top + depth >= len(rows) or not header_like(rows[top + depth]))
            if not adjacent and _named_below(cols, rows[top + depth]):
                continue  # 党员（人） over 网格员: the band names a group, not the figure under it
            rank = (score, adjacent, _groups(cols), -depth, -top)
            if score and (best is None or rank > best[0]):
                best = (rank, cols)
    if best is None:
        return None
    (_n, _a, _g, depth, top), cols = best
    depth, top = -depth, -top
    return _make_table(sheet, rows, top, depth, cols, known_township, matcher, start, cover)


# What a sheet name or a title says around the indicator it is about: 各乡镇党员总数（单位：人）, 新发展党员情况统计表,
# 各乡镇历年党员总数.
_AROUND_SUBJECT = (
    re.compile(r"[(（][^)）]*[)）]|\s+"),
    re.compile(r"^(?:历年|近[两三五十]年|全县|各乡镇|各乡\(镇\)|各)+"),  # 各乡镇历年…, 历年各乡镇…
    re.compile(r"(?:情况)?(?:汇总表|汇总|统计表|统计|一览表|台账|表)?$"),
)
# Leaves that name a measure, not what is measured: the subject stands in a group above them or in the title
# (党员教育培训 / 合计 / 期数, 2023年三会一课落实情况 over 落实率（%）, 村集体经济组织收益分配… over 一、总收入).
_GENERIC_LEAVES = {"总收入", "落实率", "执行率", "开展率", "覆盖率", "期数", "人次", "场次"}


def _generic_from_subject(cols: list[Column], names: Sequence[str], matcher: IndicatorMatcher) -> None:
    """A column whose leaf names only a measure takes the subject from the header level above it (the group, or the
    group over a 合计) or, for a one-level header, from the sheet name or title: a start or an end of the subject
    joined to the leaf must be a catalog name or synonym as it stands (培训 + 期数, 三会一课 + 落实率, 村集体经济 +
    总收入; not 党员 + 期数, which the matcher would read as 党员数).
    The same leaf under several groups (县级示范培训 / 期数, 乡镇党委培训 / 期数) gives each group's part: not read.
    """
    groups: dict[str, set[str]] = {}
    for col in cols:
        parts = col.header.split("/")
        if len(parts) > 1:
            groups.setdefault(match_key(parts[-1]), set()).add(parts[-2])
    for col in cols:
        parts = col.header.split("/")
        leaf = match_key(parts[-1])
        if col.indicator or col.role not in (IGNORED, VALUE) or leaf not in _GENERIC_LEAVES:
            continue
        total = len(parts) > 1 and squash(parts[-2]) in TOTAL_WORDS
        if len(parts) == 1:
            subjects = list(names)
        elif (len(parts) == 2 and len(groups[leaf]) == 1) or total:
            subjects = [parts[-2] if len(parts) == 2 else parts[-3]]
        else:
            continue
        found = next((f for f in (_subject_match(n, parts[-1], matcher) for n in subjects) if f), None)
        if found is not None and unit_fits(col.unit, matcher.indicators[found.key]):
            col.role, col.indicator, col.how, col.threshold = VALUE, found.key, "表头上一层或标题", found.threshold


# A leaf naming only a grade (五星级, 四星, 三星级) under a group or title naming what was graded (星级评定 over 五星级,
# 2023年…星级党支部评定结果): the graded organisations are the words after 星级 there.
_GRADE_LEAF = re.compile(r"^[一二三四五六七八九十]星级?$")
_GRADED = re.compile(r"星级?(.+)")


def _grade_from_subject(cols: list[Column], names: Sequence[str], matcher: IndicatorMatcher) -> None:
    """A grade leaf (五星级) takes the graded organisations from its group or else the title (…星级党支部评定…): the
    grade joined to a start of the words after 星级 must be a catalog name or synonym as written (五星级 + 党支部 →
    五星级党支部, 先进/示范党组织数); a grade the catalog does not name (四星级党支部) stays unread."""
    for col in cols:
        parts = col.header.split("/")
        if col.indicator or col.role not in (IGNORED, VALUE) or not _GRADE_LEAF.match(match_key(parts[-1])):
            continue
        for name in [*parts[:-1][::-1], *names]:
            graded = _GRADED.search(match_key(name))
            words = graded.group(1) if graded else ""
            found = next(
                (f for f in (matcher.exact(match_key(parts[-1]) + words[:i]) for i in range(len(words), 1, -1)) if f),
                None,
            )
            if found is not None:
                col.role, col.indicator, col.how, col.threshold = VALUE, found.key, "表头上一层或标题", found.threshold
                break


def _subject_match(name: str, leaf: str, matcher: IndicatorMatcher) -> Match | None:
    subject = without_year(name) or name
    for around in _AROUND_SUBJECT:
        subject = around.sub("", subject)
    leaf = match_key(leaf)
    pieces = [subject[:i] for i in range(len(subject), 1, -1)] + [subject[i:] for i in range(1, len(subject) - 1)]
    return next((f for f in (matcher.exact(piece + leaf) for piece in pieces) if f is not None), None)


def label_match(text: str, table: Table, matcher: IndicatorMatcher) -> Match | None:
    """The indicator a row label names (a transposed or long table): as written, or, for a label naming only a measure
    (一、总收入 in a 村集体经济组织收益分配统计表), joined to the subject its title or sheet name states, as a column's
    one-level header is (_generic_from_subject)."""
    found = matcher.match(text)
    if found is None and match_key(text) in _GENERIC_LEAVES:
        subjects = (_subject_match(n, text, matcher) for n in (table.title, table.sheet) if n)
        found = next((f for f in subjects if f), None)
    return found


def _indicator_from_names(cols: list[Column], names: Sequence[str], matcher: IndicatorMatcher) -> None:
    """A sheet per indicator: when the header names only years (乡镇 | 2021年 | 2022年), or only townships beside a
    year column (年度 | 长城乡 | 东风镇, the years down), the sheet name or the title above the table names the
    indicator of every such column."""
    years = [c for c in cols if c.role == VALUE and c.year and not c.indicator and not c.township]
    if not years and any(c.role == YEAR for c in cols):
        years = [c for c in cols if c.role == VALUE and c.township and not c.indicator and not c.year]
    if not years or any(c.indicator or c.role == INDICATOR for c in cols):
        return
    for name in names:
        subject = without_year(name) or name
        for around in _AROUND_SUBJECT:
            subject = around.sub("", subject)
        found = matcher.match(subject) if len(subject) >= 2 else None
        if found is not None:
            for col in years:
                col.indicator, col.how, col.threshold = found.key, "工作表名或标题", found.threshold
            return


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
    """No 乡镇 header: the column whose values mostly look like township names is the township column (read down
    to the notes below the table: a 填报说明 block is no data)."""
    end = next((i for i, r in enumerate(sample) if is_note_row([text_of(v) for v in r])), len(sample))
    for col in cols:
        if col.role not in (IGNORED, UNIT, NOTE):
            continue
        values = [text_of(r[col.index]) for r in sample[:end] if col.index < len(r) and text_of(r[col.index])]
        values = [v for v in values if not is_total_label(v) and v not in COLUMN_LABELS]  # 甲: the 栏次 row
        if values and sum(map(known_township, values)) >= 0.6 * len(values):  # one township's row too
            col.role, col.how = TOWNSHIP, "按内容"
            return


def _headed(cols: Sequence[Column], sample: Sequence[Sequence[Any]], known_township: Callable[[str], bool]) -> bool:
    """Villages under township heading rows: a 村（社区） column, no 乡镇 column, and a row naming a township alone."""
    if not any(c.role == VILLAGE for c in cols) or any(c.role == TOWNSHIP or c.township for c in cols):
        return False
    return any(heading_township(r, known_township) or subtotal_heading(r, known_township) for r in sample)


def _title_texts(rows: Sequence[Sequence[Any]], top: int, start: int = 0) -> list[str]:
    """The texts above the header; a label ending with a colon is read with the cell after it (统计截止日期： |
    20231231, 填报单位： | 长城乡党委)."""
    out: list[str] = []
    for r in rows[start:top]:
        texts = [t for t in (text_of(v) for v in r) if t]
        for i, t in enumerate(texts):
            if i and texts[i - 1].endswith((":", "：")) and len(texts[i - 1]) <= 12:
                out[-1] += t
            else:
                out.append(t)
    return out


# "填报单位（盖章）：青石镇党委" names the township the sheet is about.
_REPORTING_UNIT = re.compile(r"^(?:填报|填表|报送)?单位(?:名称)?(?:\(盖章\))?[:：]")
_REPORT_DATE = re.compile(r"(?:填报|填表|报送|报出|制表|打印|上报)(?:日期|时间)")  # the report's date, not the data's


# A 行政区划代码 beside a township's name in a sheet name: 长城乡(530123201000), 530123201_长城乡, 长城乡-530123201.
_REGION_CODE = re.compile(r"^\d{6,12}[\s_\-－]*|[\s_\-－]*[(（]?\d{6,12}[)）]?$")


def township_in_titles(sheet: str, titles: Sequence[str], known_township: Callable[[str], bool]) -> str | None:
    name = without_year(_REGION_CODE.sub("", sheet))  # 长城乡, 长城乡（2023）, 东风镇2023年, 长城乡(530123201000)
    if name and known_township(name):
        return name
    for t in titles[:4]:
        t = re.sub(r"\s+", "", t)
        named = _REPORTING_UNIT.sub("", t)
        if named == t and t not in titles[:2]:
            continue
        named = ORG_PREFIX.sub("", re.sub(r"^(?:19|20)\d{2}年度?", "", named))  # 中共白沙彝族乡委员会, 2023年长城乡…
        m = re.match(r"^([\u4e00-\u9fff]{1,10}?(?:乡|镇|街道|苏木))(?![镇村])", named)
        if m and known_township(m.group(1)) and "各" not in m.group(1):
            return m.group(1)
    return None


def _units_across(above: Sequence[Sequence[Any]], cols: list[Column], known_township: Callable[[str], bool]) -> bool:
    """Forms of two townships side by side: 填报单位：长城乡党委 (or 长城乡 alone) over the left one, 填报单位：
    东风镇党委 over the right one. Each value column takes the township of the nearest such cell at or left of it;
    False (nothing set) unless the rows ABOVE the header name two townships so."""
    named: dict[int, str] = {}
    for row in above:
        for c, v in enumerate(row):
            t = re.sub(r"\s+", "", text_of(v))
            town = township_in_titles("", [t], known_township) if _REPORTING_UNIT.match(t) else None
            town = town or (t if t and known_township(t) else None)  # 长城乡 alone over its form
            if town:
                named[c] = town
    if len(set(named.values())) < 2:
        return False
    for col in cols:
        left = [c for c in named if c <= col.index]
        if col.role == VALUE and left:
            col.township = named[max(left)]
    return True


def _make_table(
    sheet: str,
    rows: Sequence[Sequence[Any]],
    top: int,
    depth: int,
    cols: list[Column],
    known_township: Callable[[str], bool],
    matcher: IndicatorMatcher,
    start: int = 0,
    cover: Sequence[str] = (),
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
    if len(title_years) > 1:  # a bare day beside the title (2024年1月15日) is the form's date, not the data's year
        title_years = {y for y in map(year_of_text, (t for t in dated if day_of(t) is None)) if y} or title_years
    table.part = part_in_title(sheet, dated)
    if table.part:  # 2023年1-7月…统计表: where the title says it, for the refusal of a table with no year's figure
        said = (cell_name(r, c) for r in range(start, top) for c, v in enumerate(rows[r]) if table.part in text_of(v))
        table.part_cell = next(said, "")
    if len(title_years) == 1:
        table.year, table.year_from = title_years.pop(), "标题"
    elif year_of_text(sheet):
        table.year, table.year_from = year_of_text(sheet), "工作表名"
    elif cover and not title_years and year_of_text(cover[0]):
        table.year, table.year_from = year_of_text(cover[0]), "封面"
    if not any(c.role == TOWNSHIP or c.township for c in cols):
        table.township = township_in_titles(sheet, titles, known_township) or township_in_titles(
            "", cover, known_township
        )
        if _units_across(rows[start:top], cols, known_township):  # two townships' forms side by side
            table.township = None
        table.headings = table.township is None and _headed(cols, rows[top + depth : top + depth + 30], known_township)
    units = unit_row(rows[top + depth]) if top + depth < len(rows) else None
    if units:  # 个 | 人 | 万元 under the names
        table.header_bottom += 1
        for col in cols:
            col.unit = units.get(col.index, col.unit)
    _resolve_unit_column(table)
    serial_beside_names(cols, rows[top + depth : top + depth + 30])
    _year_months(table, rows[top + depth : top + depth + 30])
    measure_column(cols, rows[top + depth : top + depth + 30])  # 长城乡 | 人数 … / 占比（%） … under 类别
    if table.part:
        _year_to_date(table)
    _choose_periods(table, matcher)
    _drop_duplicate_columns(table)
    return table


def _year_months(table: Table, data: Sequence[Sequence[Any]]) -> None:
    """A platform's periodic export: a 统计月份 column of year-months (2023-11, 2023-12) and no year column. It tells
    each row's year and whether the row is the year's (December: its 本年累计 figures are the year's) or a part of
    it."""
    col = period_column(table.columns)
    if col is None or table.column(YEAR) is not None:
        return
    cells = [text_of(row[col.index]) for row in data if col.index < len(row) and text_of(row[col.index])]
    cells = [c for c in cells if not re.search("[:：]", c)]  # not a footer (导出时间：2024-01-03)
    months = [year_month(c) or year_period(c) for c in cells[:10]]  # or 2023年度, 2023.1-12, 2023年1-6月
    if months and all(months):
        col.role, col.how = YEAR, YEAR_MONTH


def _year_to_date(table: Table) -> None:
    """A periodic report (2023年第四季度…, 12月份…月报) splits an indicator into the period's figure and the figure
    since the year's start (本季 | 累计, 本月 | 本年累计): its bare 累计 is the year to date (本年累计), not 历年累计.
    When the period ends with the year, the year-to-date column is the year's figure and the table is no part of
    the year; otherwise (第二季度 | 累计: January to June) the title's refusal stands."""
    for col in table.value_columns:
        if col.indicator and col.period == CUMULATIVE and any(map(to_date, col.header.split("/"))):
            col.period = THIS_YEAR
    if period_end(table.part) == 12 and any(
        c.indicator and c.period in (ANNUAL, THIS_YEAR) for c in table.value_columns
    ):
        table.part = table.part_cell = ""


def _choose_periods(table: Table, matcher: IndicatorMatcher) -> None:
    """Of an indicator's columns split by period (一季度 … 全年, 本年 | 历年累计, 本年新增 | 年末数) only the
    one giving the year's figure is read; the others are ignored, each with the reason."""
    best: dict[tuple[str | None, float | None, int | None, str | None], int] = {}
    _period_own(table)
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


def _period_own(table: Table) -> None:
    """调解成功 beside 本年累计调解成功: the bare name is the report period's own figure (the month's), not the
    year's."""
    to_date = {
        (c.indicator, c.threshold, c.year, c.township)
        for c in table.value_columns
        if c.period == THIS_YEAR and TO_DATE_PREFIX.match(squash(c.header.split("/")[-1]))
    }
    for col in table.value_columns:
        if not col.period and (col.indicator, col.threshold, col.year, col.township) in to_date:
            col.period = NO_FIGURE


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
