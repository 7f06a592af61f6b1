"""Ledger text vocabulary: cell text normalisation, column role keywords, total / note / township shapes,
units in headers and years in titles. Pure functions over strings, shared by table detection and validation; an
indicator label's normalisation for matching is etl.ledgers.labels.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from etl.ledgers.numfmt import UNITS, YearDate

TOWNSHIP, YEAR, INDICATOR, UNIT, SERIAL, NOTE, VALUE, TOTAL, IGNORED, VILLAGE = (
    "township",
    "year",
    "indicator",
    "unit",
    "serial",
    "note",
    "value",
    "total",
    "ignored",
    "village",
)
ROLE_ZH = {
    TOWNSHIP: "乡镇名称",
    YEAR: "年份",
    INDICATOR: "指标名称",
    UNIT: "计量单位",
    SERIAL: "序号",
    NOTE: "备注",
    VALUE: "数值",
    TOTAL: "合计列",
    IGNORED: "忽略",
    VILLAGE: "村（社区）",
}
# Headers of a column of cut-off dates (统计截止日期 2023-12-31, 统计时间 2023.12.31): each row's year
# (etl.ledgers.dates).
CUTOFF_HEADERS = {
    "统计截止日期",
    "截止日期",
    "截至日期",
    "统计截止时间",
    "截止时间",
    "统计时点",
    "数据截止日期",
    "统计时间",
    "统计日期",
    "数据时间",
    "数据日期",
    "截止时点",
}
KEYWORDS: dict[str, set[str]] = {
    SERIAL: {"序号", "编号", "序", "no", "no.", "行次", "排序"},
    TOWNSHIP: {
        "乡镇",
        "乡镇名称",
        "乡镇街道",
        "乡镇名",
        "所属乡镇",
        "单位名称",
        "地区",
        "区域",
        "名称",
        "乡镇场",
        "乡镇党委",
        "乡镇单位",
        "乡镇(街道)名称",
        "乡镇街道名称",
        "地区名称",
        "乡镇区域",
        "党组织名称",  # a system export: 中共东风镇委员会 rows, each followed by its village branches
        "组织名称",
    },
    YEAR: {"年份", "年度", "年", "统计年度", "统计年份", "时间", "年度年", "报告期", *CUTOFF_HEADERS},
    INDICATOR: {"指标", "指标名称", "项目", "统计项目", "指标项", "考核指标", "内容", "项目名称", "统计指标"},
    UNIT: {"单位", "计量单位", "指标单位"},
    # Villages under the townships (not 行政村, which names the count of villages).
    VILLAGE: {
        "村",
        "村名",
        "村名称",
        "村社区",
        "村居",
        "社区",
        "村社区名称",
        "村居名称",
        "所属村",
        "所属村社区",
        "所属村居",
        "所属社区",
        # grids under the townships (综治 网格 registers, a row per grid): units below the township, as villages
        "网格名称",
        "网格名",
        "所属网格",
        "村委会",
        "村别",
        "村组",
        # a township's own branches (长城村党支部, 机关党支部): rows under the township, never townships
        "党支部名称",
        "支部名称",
    },
    NOTE: {"备注", "说明", "数据来源", "填报人", "联系电话", "来源", "备考"},
    VALUE: {
        "数值",
        "数量",
        "数据",
        "指标值",
        "完成数",
        "完成值",
        "值",
        "数",
        "填报数",
        "统计数",
        "实际完成",
        "完成情况",
        "情况",
        "基本情况",
    },
}
# 汇总: the totals row of an Excel 表格 (套用表格格式) and of many county summaries (全县汇总).
TOTAL_WORDS = {"合计", "总计", "小计", "共计", "总数", "计", "全县", "全区", "全市", "全乡", "全镇", "全县合计", "汇总"}
_TOTAL_RE = re.compile(r"^(合计|总计|小计|共计|全县|全区|全市|全旗)|(合计|总计|小计|汇总)$")
NOTE_PREFIXES = (
    "填表人",
    "填报人",
    "审核人",
    "制表人",
    "制表",
    "负责人",
    "单位负责人",
    "统计人",
    "联系电话",
    "联系人",
    "填报日期",
    "填表日期",
    "报送日期",
    "注:",
    "注：",
    "备注:",
    "备注：",
    "说明:",
    "说明：",
    "附注",
    "填报说明",
    "填表说明",
    "(注:",  # （注：…） a note in brackets
    "(说明:",
)
# The 栏次 row of a report form under its header: 甲 | 乙 | 1 | 2 …, or 栏次 | 1 | 2 ….
COLUMN_LABELS = set("甲乙丙丁戊己庚辛壬癸") | {"栏次", "行次", "列次", "栏号"}
# … or a row of the form's item codes (农经: 代码 | 1 | 2 | 22 … 28, in the order of the columns, not a run).
CODE_LABELS = {"代码", "指标代码", "编码", "栏次", "栏号", "行次", "列次"}
_UNIT_ALT = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
_UNIT_IN_BRACKETS = re.compile(rf"[(\[【]\s*(?:单位[:：]?)?\s*({_UNIT_ALT})\s*[)\]】]")
_UNIT_SUFFIX = re.compile(rf"(?:[/／]|单位[:：])\s*({_UNIT_ALT})$")
YEAR_MONTH = re.compile(r"^((?:19|20)\d{2})[.\-/](?:0?[1-9]|1[0-2])$")  # a sheet a month: 2023.01, 2023-12
YEAR_ONLY = re.compile(r"^((?:19|20)\d{2})(?:\.0)?\s*(?:年度?|年)?$")
YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?:度|底|末)?")  # 2023年底党员数: the year's end
_BRACKET_YEAR = re.compile(r"[(（]\s*((?:19|20)\d{2})\s*[)）]")  # 长城乡（2023）: a sheet named with its year
# A system export's cut-off date written as a date (统计截止日期：2023-12-31): the year-end names the data year.
# Templates ask for dates as eight digits (20231231).
_CUTOFF_DATE = re.compile(r"(?:统计|截止|截至)[^\d]{0,6}((?:19|20)\d{2})(?:[-/.]12[-/.]|12)31(?!\d)")
# A year in Chinese numerals (二〇二三年度 in a formal title).
_CN_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})(?=\s*年)")
_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
MONEY_UNIT_ROW = re.compile(r"(?:金额|货币|数据)?单位[:：]\s*(万元|亿元|千元|元)")
_TOWNSHIP_SHAPE = re.compile(
    r"^[\u4e00-\u9fff]{1,12}(?:乡|镇|街道|街道办事处|办事处|苏木|民族乡|农场)(?:党委|党总支|人民政府|政府)?$"
)
_NON_TOWNSHIPS = {"乡镇", "各乡镇", "全乡", "全镇", "乡", "镇", "街道", "城镇", "村镇", "集镇", "全县乡镇"}
# The township's own organs name it: 中共东风镇委员会, 长城乡党委, 东风镇人民政府, 长城乡人民调解委员会 (a 调解
# platform's rows), 东风镇综治中心 → 东风镇 / 长城乡.
ORG_PREFIX = re.compile(r"^(?:中共|中国共产党)")
ORG_SUFFIX = re.compile(
    r"(?<=[乡镇道木场])(党工委|党委|党总支|党支部|人民政府|政府|办事处|委员会|党委员会|纪委|纪工委|纪律检查委员会|监察办公室"
    r"|人民调解委员会|调解委员会|调委会|综治中心|综治办|司法所|工委|委)$"
)
# A county (city, district, banner) written in front of a township: 宁远县长城乡 → 长城乡.
_COUNTY_PREFIX = re.compile(
    r"^[\u4e00-\u9fff]{2,8}?(?:自治县|县|市|区|旗)(?=[\u4e00-\u9fff]{2,10}(?:乡|镇|街道|苏木)$)"
)
# A county organ's Party organisation listed beside the townships (县教育局党委, 县直机关工委, 县人民医院党总支).
_COUNTY_ORGAN = re.compile(
    r"(?:局|委|办|院|校|所|站|中心|公司|机关|部门|大队|工委|党组|协会|商会|联合会|纪检监察组|纪检组|监察组)"
    r"(?:党委|党总支|党支部|党组|工委|党工委)?$"
)
_VILLAGE_ORGAN = re.compile(r"(?:村|社区|居委会|居)(?:党)?(?:总支部|总支|支部)(?:委员会)?$")
_VILLAGE_NAME = re.compile(r"^[\u4e00-\u9fff]{1,12}(?:村|社区|居委会|村委会|村民委员会|居民委员会)$")
# ① … ⑳ number items (③集体收益10万元以上的村); NFKC would make them digits run into the label (3集体…).
_CIRCLED: dict[int, str | None] = {0x2460 + i: f"({i + 1})" for i in range(20)}
# Zero-width characters pasted with text from web pages and systems (U+200B before a figure): no part of a cell.
_CIRCLED.update(dict.fromkeys((0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)))
# A footnote mark closing a header (党支部（个）③, 党员总数¹): it points to a note under the table.
_HEADER_MARK = re.compile(r"(?<=\S)\s*[\u2460-\u2473\u2474-\u2487\u2776-\u277f\u00b9\u00b2\u00b3\u2070-\u2079※]$")


def header_text(value: Any) -> str:
    """A header cell's text (text_of) without a footnote mark after it."""
    return text_of(_HEADER_MARK.sub("", value) if isinstance(value, str) else value)


PUNCT = re.compile(r"[\s、，,。.:：;；·/／\\\-—_'\"“”‘’]+")


def text_of(value: Any) -> str:
    """A cell as trimmed NFKC text ("" for empty; 2023.0 → "2023")."""
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value.translate(_CIRCLED)).strip() if value else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, YearDate):
        return f"{value.year}年"  # shown yyyy"年": the cell reads as its year
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return unicodedata.normalize("NFKC", str(value)).strip()


_CJK = re.compile(r"[\u4e00-\u9fff]")


# An import template's marks on a column it requires: 乡镇名称(必填), *党员总数, 党员总数＊.
_REQUIRED = re.compile(r"[(（\[【]\s*(?:必填|必填项|必录|选填|非必填|可选)\s*[)）\]】]|^\s*[*＊]+\s*|\s*[*＊]+\s*$")


def chinese_lines(text: str) -> str:
    """A header cell without its English lines (统计年鉴: `党员总数（人）⏎Party Members (person)` → `党员总数（人）`)
    nor a template's required mark (`乡镇名称(必填)`, `*党员总数`); an English-only header stays what it is."""
    if "*" in text or "＊" in text or "填" in text:
        text = _REQUIRED.sub("", text)
    if not _CJK.search(text):
        return text
    lines = [_without_english_tail(line) for line in text.split("\n")]  # 乡镇 Township: the English after it
    return "\n".join(line for line in lines if _CJK.search(line) or not re.search(r"[A-Za-z]", line))


# English words after a Chinese header on its line: 党员总数（人） Party Members (person); not an acronym (使用APP).
_ENGLISH_TAIL = re.compile(r"(?<=[\u4e00-\u9fff)）])\s*[A-Za-z][A-Za-z\s()\-.,'&/]*[A-Za-z)]$")


def _without_english_tail(line: str) -> str:
    m = _ENGLISH_TAIL.search(line)
    return line[: m.start()] if m and re.search(r"[a-z]", m.group()) else line


# 其中 in front of a part (其中：女党员), or the yearbooks' mark for it (#女党员).
PART_MARK = re.compile(r"^(?:其中\s*[:：]?|[#＃]\s*)")


def township_of_part(label: str) -> str:
    """The row label a part mark leaves (其中：长城乡 → 长城乡, under a 全县 row: the county's first township); "" for a
    part that names no township (其中：长城村, #长城村: a part of the row above); LABEL itself when it has no mark."""
    if not PART_MARK.match(label):
        return label
    named = PART_MARK.sub("", label).strip()
    return named if looks_like_township(named) else ""


def squash(text: str) -> str:
    """Text for keyword comparison: no spaces, no brackets, lower case (乡（镇） → 乡镇)."""
    return re.sub(r"[\s()\[\]【】]", "", unicodedata.normalize("NFKC", text)).lower().rstrip(":：")


def looks_like_township(text: str) -> bool:
    """True for a name shaped like a township (…乡, …镇, …街道, …苏木) or its organ's (中共东风镇委员会)."""
    t = township_of_organ(text)
    return bool(_TOWNSHIP_SHAPE.match(t)) and t not in _NON_TOWNSHIPS and not _TOTAL_RE.search(t)


# Townships written together in one cell (东风镇、青石镇, 长城乡/河口镇): a joint figure.
_JOINED = re.compile(r"[、，,/／&＆+＋;；]")


def joint_townships(name: str) -> list[str]:
    """The townships a cell names together (东风镇、青石镇 → [东风镇, 青石镇]); [] for one name or anything else."""
    parts = [p.strip() for p in _JOINED.split(name)]
    return parts if len(parts) > 1 and all(p and looks_like_township(p) for p in parts) else []


# A 行政区划代码 written in the township's own cell, before or after its name (530123201长城乡, 530123202000-东风镇,
# 长城乡(530123201000)), as systems print 代码+名称 in one column: no part of the name.
_CODE_IN_NAME = re.compile(r"^\d{6,12}[-－—_:：]*(?=\D)|(?<=\D)[-－—_]*[(（]?\d{6,12}[)）]?$")
# A note mark after a name, as yearbooks print them (东风镇*, 青石镇※, 长城乡① — NFKC'd by text_of to 长城乡(1)).
_NAME_MARK = re.compile(r"(?<=[\u4e00-\u9fff])(?:[*＊※]+|[\u2460-\u2473\u00b9\u00b2\u00b3\u2070-\u2079]|\(\d{1,2}\))$")


def _path_township(t: str) -> str:
    """A platform's region path (宁远县/长城乡/长城村, 所属区域): its one township level under the county; T else."""
    parts = t.split("/") if "/" in t else t.split(">")
    towns = [p for p in parts if _TOWNSHIP_SHAPE.match(p)]
    return towns[0] if len(parts) > 1 and len(towns) == 1 and _COUNTY_NAME.match(parts[0]) else t


def township_of_organ(name: str) -> str:
    """The township an organ's name names (中共东风镇委员会 → 东风镇, 530123201长城乡 → 长城乡, 东风镇* → 东风镇,
    宁远县/长城乡/长城村 → 长城乡); NAME itself when it names no organ."""
    t = _path_township(re.sub(r"\s+", "", name))
    bare = ORG_SUFFIX.sub("", ORG_PREFIX.sub("", _CODE_IN_NAME.sub("", _NAME_MARK.sub("", t))))
    if _TOWNSHIP_SHAPE.match(bare):
        bare = _COUNTY_PREFIX.sub("", bare)
    return bare if bare != t and _TOWNSHIP_SHAPE.match(bare) else t


@lru_cache(maxsize=8192)
def is_village_organ(name: str) -> bool:
    """True for a village or community (长城村, 东风社区, 石门村委会) or its own Party branch (中共宁远县长城乡长城村
    支部委员会, 东风社区党支部): listed under its township (which carries the township's figures), it is no township."""
    t = re.sub(r"\s+", "", name)
    return bool(_VILLAGE_ORGAN.search(t) or _VILLAGE_NAME.match(t)) and not _TOWNSHIP_SHAPE.match(t)


# A county (county-level city, banner) by its own name (宁远县, 峨边彝族自治县): its row beside the townships is
# the county's figure, as a 全县 row is. Not …区: 开发区 / 工业园区 are township-level units.
_COUNTY_NAME = re.compile(r"^[\u4e00-\u9fff]{1,12}(?:自治县|县|自治旗|旗|市)(?:人民政府|委员会|党委)?$")


@lru_cache(maxsize=8192)  # asked for every row's township (etl.ledgers.context.not_township)
def is_county_name(name: str) -> bool:
    """True for a county's own name (宁远县, 中共宁远县委员会): a row of it is no township."""
    t = ORG_PREFIX.sub("", re.sub(r"\s+", "", name))
    return bool(_COUNTY_NAME.match(t)) and not looks_like_township(t)


# Rows of a table of townships that are no township: its averages (平均, 平均值, 全县平均) and what is left over
# (其他, 其它（县直单位）) — summary rows, never townships to create.
_SUMMARY_ROW = re.compile(r"^(?:全县|全乡|全镇|各乡镇)?(?:平均|平均值|平均数|均值)$|^(?:其他|其它)(?:单位|乡镇|部门)?$")


def summary_row_label(name: str) -> bool:
    """True for an average or a leftover row's label (平均, 其他（县直单位）): no township."""
    return bool(_SUMMARY_ROW.match(re.sub(r"[(（][^)）]*[)）]|\s+", "", name)))


@lru_cache(maxsize=8192)
def is_county_organ(name: str) -> bool:
    """True for a county organ's Party organisation (县教育局党委, 县直机关工委): a row of it is no township."""
    t = re.sub(r"\s+", "", name)
    return bool(_COUNTY_ORGAN.search(t)) and not _TOWNSHIP_SHAPE.match(township_of_organ(t)) and not is_total_label(t)


@lru_cache(maxsize=8192)
def is_total_label(text: str) -> bool:
    """合计 / 总计 / 小计 / 全县 … (spaces inside allowed: "合  计")."""
    t = re.sub(r"\s+", "", text)
    return bool(t) and (t in TOTAL_WORDS or bool(_TOTAL_RE.search(t)))


@lru_cache(maxsize=8192)
def is_note_text(text: str) -> bool:
    """Text that opens a notes row below the table: 填表人 / 审核人 / 注： …."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).startswith(NOTE_PREFIXES)


# Lines that open a form's footer below its table (填报单位（盖章）：… | 填报日期：…, 报出日期：…); above the
# header 填报单位 names the township instead (etl.ledgers.table.township_in_titles).
_FOOTER_PREFIXES = (
    "填报单位",
    "报送单位",
    "报出日期",
    "报出时间",
    "统计负责人",
    *(f"{what}{when}" for what in ("导出", "打印", "生成", "下载") for when in ("时间", "日期")),  # an export's footer
)


@lru_cache(maxsize=8192)
def is_footer_text(text: str) -> bool:
    """Text that opens a row below the table that is no data: a note (is_note_text) or a form's footer line."""
    return is_note_text(text) or re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).startswith(_FOOTER_PREFIXES)


# 填报单位（盖章）：东风镇党委 / 单位名称：长城乡人民政府: the unit a form is filled in for.
REPORTING_UNIT = re.compile(r"^(?:填报|填表|报送)?单位(?:名称)?(?:\(盖章\))?[:：]")


def unit_line_township(text: str) -> str | None:
    """The township a reporting-unit line names (填报单位：东风镇党委 → 东风镇); None for any other text."""
    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if not REPORTING_UNIT.match(t):
        return None
    named = township_of_organ(re.sub(r"\((?:加?盖|签)?公?章\)$", "", REPORTING_UNIT.sub("", t)))  # …人民政府（盖章）
    return named if looks_like_township(named) else None


def is_note_row(texts: Sequence[str]) -> bool:
    """A notes row below the table: its first text starts with 填表人 / 审核人 / 注： …."""
    return is_note_text(next((t for t in texts if t), ""))


# A card cell: a label, a colon and a figure (党员总数：412人, 新发展党员：无, 流动党员：—); never a header cell.
# A label holds no digit but an age bound in front (35岁及以下党员, 61周岁及以上党员).
_CARD = re.compile(r"^(?P<label>(?:\d{1,3}周?岁)?[^:：\d]{2,24}?)\s*[:：]\s*(?P<value>[^:：]{1,24})$")
_CARD_FIGURE = re.compile(r"^(?:约|近|超|逾)?\s*[-+]?\d|^(?:无|没有|零|—+|－|-+|/|暂无|不适用)$")


def label_and_figure(text: str) -> tuple[str, str] | None:
    """(label, figure) of a `label：figure` cell (not a note: 注：…, 填报人：…); None for any other text."""
    m = _CARD.match(text)
    if m is None or is_note_text(text):
        return None
    label, value = m.group("label").strip(), m.group("value").strip()
    return (label, value) if _CARD_FIGURE.match(value) else None


_LABEL_CELL = re.compile(r"^(?P<label>[^:：]{2,24}?)\s*[:：]$")


def paired_label(text: str, right: Any) -> str | None:
    """The label of a card written over two cells (`党员总数（人）：` | 412, `新发展党员：` | 无): TEXT ends with a
    colon (not a note: 填报人：…) and the cell on its RIGHT holds a figure; None otherwise."""
    m = _LABEL_CELL.match(text)
    if m is None or right is None or isinstance(right, bool) or is_note_text(text):
        return None
    label = m.group("label").strip()
    figure = isinstance(right, int | float) or label_and_figure(f"{label}：{text_of(right)}") is not None
    return label if figure else None


def year_of_text(text: str) -> int | None:
    """The one year named in TEXT ("2023年XX县…台账" → 2023); None when there is none or several."""
    text = _CN_YEAR.sub(lambda m: m.group(1).translate(_CN_DIGITS), text) if "年" in text else text
    years = {int(y) for y in YEAR_IN_TEXT.findall(text)} | {int(y) for y in _BRACKET_YEAR.findall(text)}
    years |= {int(y) for y in _CUTOFF_DATE.findall(text)}
    m = YEAR_ONLY.match(text.strip()) or YEAR_MONTH.match(text.strip())
    if m:
        years.add(int(m.group(1)))
    return years.pop() if len(years) == 1 else None


_SHEET_YEAR = re.compile(r"[(（]?\s*(?:19|20)\d{2}\s*(?:年度?)?\s*[)）]?|\s+")


def without_year(name: str) -> str:
    """A sheet name without the year it carries (长城乡（2023）, 东风镇2023年 → 长城乡, 东风镇)."""
    return _SHEET_YEAR.sub("", name)


def split_unit(text: str) -> tuple[str, str | None]:
    """("党员总数（人）" → ("党员总数", "人")); the unit in brackets, after "/" or after "单位："."""
    t = unicodedata.normalize("NFKC", text)
    m = _UNIT_IN_BRACKETS.search(t) or _UNIT_SUFFIX.search(t)
    if not m:
        return t.strip(), None
    unit = "%" if m.group(1) in ("百分比", "百分率") else m.group(1)
    return (t[: m.start()] + t[m.end() :]).strip(), unit
