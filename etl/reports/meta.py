"""Report metadata from cleaned text: township (with aliases), county, report year, document type, and
which parts of the report are plans (下一步 / 工作计划 sections) rather than achievements.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from etl.reports.firstchars import skip_ahead
from etl.reports.periods import title_period
from etl.reports.spans import char_positions
from etl.reports.sparse import Sparse
from etl.reports.township import LEADING, find_township, name_before, title_of, trim
from etl.reports.year import TITLE_YEAR, find_year

# (三江县农业局: a county's bureau names the county as an organisation too)
_COUNTY_ANCHOR = Sparse(r"(?:县|旗|区)(?=(委|人民政府|政府|纪委|组织部|[农林水财民商教卫]\w?局|\d{4}年|对口|境内))")
_PLACE_CONTEXT = re.compile(r"\d{4}年|对口|境内")
DOC_TYPES = (("述职", "述职报告"), ("汇报", "情况汇报"), ("总结", "工作总结"), ("报告", "工作报告"))
TARGET_HEADING = re.compile(
    r"下一步|下步|下阶段|下一阶段|下一年度|工作计划|工作打算|工作思路|今后工作|今后的工作|明年|来年|努力方向|工作设想|"
    r"工作安排|工作目标|工作展望|工作谋划|"
    r"((?:19[5-9]|20\d)\d)年(?:度)?(?:工作)?(?:主要|重点)?(?:工作)?(?:计划|打算|思路|安排|目标|重点|设想|展望|谋划)"
)
HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+是)"
)


@dataclass
class Meta:
    township: str | None = None
    aliases: list[str] = field(default_factory=list)
    county: str | None = None
    year: int | None = None
    doc_type: str | None = None
    # "县" (区/旗) when the document is about a county as a whole (its title names the county, not a township).
    own_level: str | None = None
    plans: list[tuple[int, int, int | None]] = field(default_factory=list)
    # A document about one village or community (该村…, 本社区…): its figures are that village's (no facts).
    village: bool = False
    # The part of a year the title names (上半年工作总结): a figure with no period cue of its own is of it.
    period: str | None = None
    # A page of no township listing townships as numbered entries (1、南木达镇 … 2、中壤塘镇 …): where the first entry
    # starts; from there each figure is its entry's township's, not the document's.
    entries_at: int | None = None


def _weight(cand: str, text: str, title: str) -> float:
    """How likely CAND is the county's name: its count, a bonus when the title has it, a malus when it starts
    with a verb or particle (实施丘北县)."""
    lead = cand.startswith(LEADING)
    return text.count(cand) + (0.5 if cand in title else 0) - (0.6 if lead else 0)


def find_county(text: str) -> str | None:
    """The county (区/县/旗) named as an organisation or place, if any."""
    counts: Counter[str] = Counter()
    for m in _COUNTY_ANCHOR.finditer(text):
        strong = _PLACE_CONTEXT.match(m.group(1)) is not None
        for cand in trim(name_before(text, m.start(), 6) + m.group(0)):
            if (text.count(cand) >= 2 or strong) and not cand.startswith(LEADING):
                counts[cand] = 0
    if not counts:
        return None
    title = title_of(text)
    # Among equally frequent forms the shortest is usually the name without a leading word (施丘北县).
    return max(counts, key=lambda c: (_weight(c, text, title), -len(c)))


def find_doc_type(text: str) -> str | None:
    """工作报告 / 述职报告 / 情况汇报 / 工作总结, from the title, else the opening lines."""
    for scope in (title_of(text), text[:400], text):
        for word, kind in DOC_TYPES:
            if word in scope:
                return kind
    return None


# A plan for the rest of the report's own year (下半年工作打算): its section year is SAME_YEAR.
SAME_YEAR = 0
_REST_OF_YEAR = re.compile(r"下半年|第?四季度")
_TOP_NUMBER = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")
_SUMMARY_BEFORE = re.compile(r"(?:总结|汇报|述职|报告)[^，。]{0,3}(?:及|和|与|暨)")


_FIRST_LINE = re.compile(r"\s*([^\n]*)\n")


def _contents_end(text: str) -> int:
    """Where the text starts after a table of contents at its top: the first line is a numbered heading (一、前期工作
    复盘…) written again further down; 0 when there is none."""
    m = _FIRST_LINE.match(text)
    first = m.group(1).strip() if m else ""
    if len(first) < 4 or _TOP_NUMBER.match(first) is None:
        return 0
    again = text.find(first, text.find(first) + len(first))
    return max(again, 0)


def plan_sections(text: str) -> list[tuple[int, int, int | None]]:
    """(start, end, year named in the heading) of each plan section: from a heading such as
    '三、下一步工作打算' or '2024年工作计划' to the next top-level heading that is not a plan."""
    out: list[tuple[int, int, int | None]] = []
    current: tuple[int, int | None] | None = None
    pos, toc_end = 0, _contents_end(text)
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        numbered = _TOP_NUMBER.match(stripped) is not None
        if numbered and (len(stripped) > 40 or stripped.endswith("。")):
            # an inline heading: 四、下一步工作计划。力争… (the heading is the part before the first 。 or ：)
            stripped = re.split(r"[。：:]", stripped, maxsplit=1)[0]
            numbered = len(stripped) <= 24
        is_heading = (
            bool(stripped)
            and (HEADING.match(stripped) is not None or len(stripped) <= 24)
            and len(stripped) <= 40
            and not stripped.endswith("。")
        )
        top = is_heading and numbered
        plan = TARGET_HEADING.search(stripped) if is_heading else None
        if plan and _SUMMARY_BEFORE.search(stripped, 0, plan.start()):
            plan = None  # 2005年工作总结及2006年工作计划: a title naming both parts opens no plan section
        elif plan and (pos < toc_end or (len(stripped) >= 4 and text.find(stripped, pos + len(line)) >= 0)):
            plan = None  # a table of contents before the text: the heading comes again where its section starts
        if plan and (top or current is None):
            if current is not None:
                out.append((current[0], pos, current[1]))
            year = int(plan.group(1)) if plan.group(1) else (SAME_YEAR if _REST_OF_YEAR.search(stripped) else None)
            current = (pos, year)
        elif top and current is not None:
            out.append((current[0], pos, current[1]))
            current = None
        pos += len(line)
    if current is not None:
        out.append((current[0], len(text), current[1]))
    return out


# A plan document (XX镇2024年党建工作要点): every figure in it is a goal for the year it names.
_PLAN_TITLE = re.compile(r"要点|工作计划|工作安排|工作思路|实施方案|工作方案|行动方案|任务清单")
_NOT_PLAN_TITLE = re.compile(r"总结|报告|汇报|述职|情况|成效")
# 四、2019年主要工作 in a 2018 report: a section about a later year than the report's is a plan.
_YEAR_HEADING = re.compile(
    r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*((?:19|20)\d\d)年度?的?(?:主要|重点)?(?:工作|任务)(?:任务|要点|重点|措施)?\s*$"
)


def year_headings(text: str) -> list[tuple[int, int, int]]:
    """(start, end, year) of each top-level section headed only by a year's work (四、2019年主要工作), in the
    second half of the text after another top-level section (the first section is what was done)."""
    out: list[tuple[int, int, int]] = []
    current: tuple[int, int] | None = None
    pos = tops = 0
    for line in text.splitlines(keepends=True):
        top = _TOP_NUMBER.match(line) is not None
        if top and current is not None:
            out.append((current[0], pos, current[1]))
            current = None
        m = _YEAR_HEADING.match(line) if top and tops and pos > len(text) // 2 else None
        if m:
            current = (pos, int(m.group(1)))
        tops += top
        pos += len(line)
    if current is not None:
        out.append((current[0], len(text), current[1]))
    return out


# (the characters above a list's first entry that are only its title)
_LIST_TITLE = 80


def extract_meta(text: str) -> Meta:
    """All report-level metadata of cleaned TEXT."""
    township, aliases = find_township(text)
    plans = plan_sections(text)
    starts = [s for s, _, _ in plans]
    year = find_year(text, starts)
    title = title_of(text)
    if _PLAN_TITLE.search(title) and not _NOT_PLAN_TITLE.search(title):
        plans = [(0, len(text), SAME_YEAR)]
    elif "年" in text and (later := year_headings(text)):
        if not TITLE_YEAR.search(title):
            # the year is read from the text before the sections of a later year, when there is any
            year = find_year(text, sorted(starts + [s for s, _, _ in later])) or year
        plans = sorted(plans + [p for p in later if year and p[2] > year and not _within(p[0], plans)])
    county = find_county(text)
    entries = township_entries(text)
    if entries is not None:
        # a page of numbered entries headed by different townships (641、三溪镇 … 642、三圣街道) is no one
        # township's; its year is the one of the text above the entries, none when that is a title only
        # (2012—2013年度国家级生态乡镇)
        township, aliases = None, []
        year = find_year(text[:entries], []) if entries > _LIST_TITLE else None
    village = is_village_document(text)
    if township is None and village and (crumb := _BREADCRUMB.search(text, 0, _CRUMB_REACH)) is not None:
        township = crumb.group(1)  # (a village's or community's page: its seat, as the site's navigation names it)
    return Meta(
        plans=plans,
        township=township,
        aliases=aliases,
        county=county,
        year=year,
        doc_type=find_doc_type(text),
        own_level=_own_level(text, title, township, county),
        village=village,
        period=title_period(title),
        entries_at=entries,
    )


# 导航: 首页 浙江 台州 玉环县 玉城街道 西门社区: a site's navigation line, county, township, then the page's village
_BREADCRUMB = re.compile(
    r"(?m)^(?:导航|当前位置|您的位置|位置)[:：]?[^\n]*?[县市区旗][ \t]*[>›»/]?[ \t]*"
    r"([\u4e00-\u9fff]{2,8}?(?:乡|镇|街道|苏木))[ \t]*[>›»/]?[ \t]*[\u4e00-\u9fff]{1,8}(?:社区|村|嘎查)[ \t]*$"
)
_CRUMB_REACH = 300

# 1、南木达镇 壤塘县南木达镇位于… / 2、中壤塘镇: a numbered entry headed by a township's name at a line's start
# (the cleaned text may join the heading to its first sentence: 1、南木达镇壤塘县南木达镇位于…)
_ENTRY = re.compile(
    r"[ \t]*(?:\d{1,3}|[一二三四五六七八九十]{1,3})[、.．][ \t]*([\u4e00-\u9fff]{2,6}?(?:镇|乡|街道|苏木))"
)


def township_entries(text: str) -> int | None:
    """Where the first of at least two numbered entries headed by different townships starts, or None: each heading a
    name (etl.reports.township.trim keeps it whole) written again in the text."""
    first, names, pos = None, set(), 0
    while pos >= 0:
        m = _ENTRY.match(text, pos)
        name = m.group(1) if m else ""
        if m and name in trim(name, 2 if name.endswith(("街道", "苏木")) else 1) and text.count(name) >= 2:
            first = pos if first is None else first
            names.add(name)
        pos = text.find("\n", pos)
        pos = pos + 1 if pos >= 0 else -1
    return first if len(names) >= 2 else None


# (各乡镇党委 / 本乡镇户籍: the townships of a county's text, not the writer's own)
_TOWN_SELF = skip_ahead(r"[全我本该](?:镇|乡(?!镇)|街道|苏木)|(?<!乡)[镇乡]党委|街道党工委")
_COUNTY_SELF = re.compile(r"全(?:县|区|旗)|该(?:县|区)|我们?(?:县|区)")
# (全省排名上升3位, 全市首家, 全国第一: a rank within the wider unit, not the writer's own scope)
_RANK = r"(?!排名|排位|排第|排在|首|唯一|最|第[一二三四五六七八九十\d]+(?:名|位))"
_CITY_SELF = re.compile(r"(?:全市|该市|我市|全州(?!县)|我州|该州)" + _RANK)
_PROVINCE_SELF = re.compile(r"(?:全省|该省|我省)" + _RANK)
_NATION_SELF = re.compile(r"(?:全国|全党)" + _RANK)


_COUNTY_NAME = re.compile(r"([\u4e00-\u9fa5]{2})县")


def _repeated_county(text: str) -> bool:
    """One county name (two characters and 县) written at least three times."""
    counts = Counter(_COUNTY_NAME.findall(text))
    return bool(counts) and max(counts.values()) >= 3


def _own_level(text: str, title: str, township: str | None, county: str | None) -> str | None:
    """ "县" (区/旗) when the document is the county's own: its title names the county and not a township, or (no
    title, no township) it speaks of 全县/该县 as its own unit at least twice; "市" likewise for a city's own
    summary that names no county."""
    if not county:
        # a city's own summary (全市党员总数为47.6万名 … 我市): 全市 is its own scope
        if township is None and len(_CITY_SELF.findall(text)) >= 2:
            return "市"
        # a province's own paper (截至去年底，全省农村培养入党积极分子12.6万人 … 我省): 全省 is its own scope
        if township is None and len(_PROVINCE_SELF.findall(text)) >= 2 and not _CITY_SELF.search(text):
            return "省"
        # the party's national statistics (全国共设立基层党委24.9万个 … 全党): 全国 is its own scope
        # (the wider scopes are searched only for a text with no township: two scans of the text saved per report)
        lower = township is None and (_CITY_SELF.search(text) or _PROVINCE_SELF.search(text))
        if township is None and len(_NATION_SELF.findall(text)) >= 2 and not lower:
            return "国"
        # 我县是一个农业县。全县共有344个行政村: a county's own paper that never names the county (and no township's)
        if township is None and (own := _COUNTY_SELF.findall(text)) and not _TOWN_SELF.search(text):
            # 庆城县党员干部…分赴全县153个行政村: one 全县 in a paper that names one county again and again
            if len(own) >= 2 or _repeated_county(text):
                return own[0][-1]
        return None
    if county in title and not (township and township in title):
        return county[-1]
    if township is None and len(_COUNTY_SELF.findall(text)) >= 2:
        return county[-1]
    return None


# How a text names its own unit: a village's or community's (全村, 该社区 …) or a township's or wider (全镇, 镇党委 …).
# (嘎查 is the village of Inner Mongolia's pastoral areas)
# 西郊社区地处德清县乾元镇, 上郭村委会位于马冈镇东北面 (a profile that opens on the unit's place),
# …，社区将9个大网格细化为38个小网格 (the bare word as the subject of a clause)
# A place-name page's label line (行政级别:村) says the page is about a village; a masked name (**社区先后获得…)
# is the writer's own community as much as the bare word is.
_VILLAGE_SELF = skip_ahead(
    r"全村|我村|本村|该村|全社区|本社区|该社区|我社区|社区党委|社区党总支|全嘎查|该嘎查|本嘎查|我嘎查|"
    r"(?:社区|村|嘎查)(?:委会|民委员会|居委会)?(?:地处|位于|坐落)|行政级别[:：]\s*(?:村|社区|嘎查)|"
    r"(?:(?<=[，,。；;\n])|[*＊]+)社区(?=将|还|已|先后|积极|始终|坚持|通过|成立|建立|把|以|未)"
)
# (苏木 is the township of Inner Mongolia's pastoral areas: 全苏木, 苏木驻地; 街道工委 is 街道党工委 shortened)
# (绿林镇各村(社区)…: the township over all its villages, after an article centred on one of them)
# (全市首家农民夜校——清源镇六合村农民夜校: a rank within the city, not the city as the writer's unit)
# (镇上成立了信息指挥中心, 镇上要求每名网格员…: the town as the actor, in the spoken 镇上; 到镇上 is a place)
_TOWNSHIP_SELF = skip_ahead(
    r"全镇|全乡|我镇|我乡|本镇|本乡|该镇|该乡|[镇乡]各(?:行政)?村|全街道|我街道|本街道|街道党?工委|镇党委|乡党委|全区|全县|该县|该区|"
    r"[镇乡]上(?<![到去在回进][镇乡]上)(?=成立|要求|为每|组织|统一|抽选|制定|建立|召开|安排)|"
    r"全市(?!首|第一|唯一|最)|"
    r"[全该本我]苏木|苏木(?:党委|驻地)"
)

# 杨屯镇坚持党建引领，…: a sentence whose subject is a township, named, and a verb of its own policy
_TOWNSHIP_SUBJECT = re.compile(
    r"(?:^|(?<=[\n。！？]))(?![全该我本各])[\u4e00-\u9fff]{1,6}?[镇乡](?:党委)?"
    r"(?=坚持|积极|大力|始终|着力|通过|把|将|以|充分|围绕|聚焦)",
    re.M,
)


def _township_subjects(text: str) -> int:
    """len(_TOWNSHIP_SUBJECT.findall(text)), the pattern tried only where a line or sentence starts (the text's start
    and after each \\n。！？, from the text's one scan of its marks: etl.reports.spans) instead of at every position,
    where re starts it (its start is no character to skip to). A match is Chinese characters only: it holds no mark,
    so none hides the next."""
    return sum(1 for s in (0, *(p + 1 for p in char_positions(text, "\n。！？"))) if _TOWNSHIP_SUBJECT.match(text, s))


# (社区, 小区, 园区, 城区, 片区, 辖区, 景区: areas within a town, not a county or district)
_NOT_AREA = r"(?<![社小园城片辖景街厂矿校营山]区)"
# 近年来，原州区通过…, 在原州区，像…, 原州区在深化…: a county or district named as the subject of its own work (its
# article may open with one village's story and its secretary's words, 我们村…)
_WIDER_NAME = r"(?![全该本我各])[\u4e00-\u9fff]{2,5}[区县旗]" + _NOT_AREA
_WIDER_SUBJECT = re.compile(
    r"(?:(?<=[\n。！？，,])|^)" + _WIDER_NAME + r"(?=通过|在|坚持|积极|大力|始终|着力|充分|围绕|聚焦|深化|加大|持续)"
    r"|(?<=在)" + _WIDER_NAME + r"(?=[，,])",
    re.M,
)


def _wider_subjects(text: str) -> int:
    """len(_WIDER_SUBJECT.findall(text)), the pattern tried only where a match may start (the text's start, after
    \\n。！？，, or 在: one scan of those characters) instead of at every position, where re starts it. Matches are
    Chinese characters only: one may hold a later 在 (the place after it is then skipped, as findall skips it)."""
    count, end = 0, 0
    for s in (0, *(p + 1 for p in char_positions(text, "\n。！？，,在"))):
        if s >= end and (m := _WIDER_SUBJECT.match(text, s)) is not None:
            count, end = count + 1, m.end()
    return count


_LED_BY = re.compile(r"[^，。；;\n]{0,12}?的?(?:正确|坚强|大力)?(?:领导|指导|关心|支持)下")


# 按照街道党工委的部署，我社区…: the township's orders followed
# 紧紧围绕镇党委政府的中心工作: the township's work the unit serves
# 落实了全县社区建设工作会议精神: the county's meeting's spirit carried out
_FOLLOWS = re.compile(r"(?:按照|根据|遵照|落实|贯彻|围绕)了?$")
_ORDERS = re.compile(r"[^，。；;\n]{0,8}?的?(?:统一)?(?:部署|要求|安排|中心工作|精神)")


def _led_by(text: str, start: int, end: int) -> bool:
    if _LED_BY.match(text, end) is not None:
        return True
    return _FOLLOWS.search(text, max(0, start - 3), start) is not None and _ORDERS.match(text, end) is not None


# 村软弱涣散党组织整顿工作开展情况总结 / 社区2017年工作总结: a title that opens with the bare unit word, its name left
# out, is a village's or community's own report (村级…, 村务…, 村民… are kinds of work, not the writer)
_VILLAGE_TITLE = re.compile(r"\s*(?:村|社区)(?![民委级组务])[^\n。]{2,40}?(?:总结|报告|汇报)[^\n。]{0,12}\n")


def is_village_document(text: str) -> bool:
    """A village's or community's own document: it speaks of its own unit (全村, 本社区, a title 村…总结) and not of a
    township's (全镇, 镇党委), or far more often of the village's than of the township's."""
    v = len(_VILLAGE_SELF.findall(text)) + (2 if _VILLAGE_TITLE.match(text) else 0)
    if not v:
        return False
    # 在街道党工委、办事处的领导下，我社区…: the township named as the one that leads is not the writer's unit
    tw = sum(1 for m in _TOWNSHIP_SELF.finditer(text) if not _led_by(text, m.start(), m.end()))
    tw += _township_subjects(text) + _wider_subjects(text)
    return tw == 0 or (v >= 2 and v > 2 * tw)


def _within(pos: int, plans: list[tuple[int, int, int | None]]) -> bool:
    return any(s <= pos < e for s, e, _ in plans)
