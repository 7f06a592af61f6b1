"""Report metadata from cleaned text: township (with aliases), county, report year, document type, and
which parts of the report are plans (下一步 / 工作计划 sections) rather than achievements.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from store.regions import base_name

HAN = r"[\u4e00-\u9fa5]"
# Characters that never occur inside a township or county name as written in reports.
_NOT_IN_NAME = set("省市县区州乡镇村年月日度的了与及在对是为将把被等各全本该我不委府")
# Characters that are in real names (和平乡, 太和镇) but also join words (镇党委和镇政府, 领导和镇干部):
# a candidate with one must occur twice or be in the title.
_JOINERS = set("和")
# Names are found from their anchors (乡党委, 县委 …) looking back, which is much faster than a regex
# that tries a name at every character.
_TOWNSHIP_ANCHOR = re.compile(r"(?:乡|镇|街道)(?=党委|党工委|人民政府|政府|委员会|纪委|党政)")
_HAN_TAIL = re.compile(rf"{HAN}+\Z")
_TOWNSHIP_LOOSE = re.compile(
    rf"(?:^|(?<=[\s，。、；：“”（）《》\d年]))({HAN}{{2,4}}(?:{HAN}{{1,3}}族)?(?:乡|镇|街道))(?![村长干])", re.M
)
_MASKED_TOWNSHIP = re.compile(r"(?:[Xx×*]{1,4}|某)[ \t]*(?:乡|镇|街道)")
_COUNTY_ANCHOR = re.compile(r"(?:县|旗|区)(?=(委|人民政府|政府|纪委|组织部|\d{4}年|对口|境内))")
_PLACE_CONTEXT = re.compile(r"\d{4}年|对口|境内")
# Words that stand before a name in running text (中共青山镇委员会, 实施丘北县…项目, 关于青山镇…的汇报).
_LEADING = tuple(
    "中共 关于 实施 开展 推进 位于 地处 对口 帮扶 一年来 年来 邀请 根据 围绕 配合 协助 落实 贯彻 参加 组织 上海 "
    "代表 受 加强 强化 健全 成立 召开 支持 在 对 为 是 和 与 及 由 向 到 从 了 的 将 把 被 全 据 按 经 来 以".split()
)
_LEADING_LONG = re.compile("|".join(w for w in _LEADING if len(w) > 1))
_NOT_NAMES = {
    "乡镇",
    "城乡",
    "村镇",
    "市镇",
    "集镇",
    "城镇",
    "本乡",
    "本镇",
    "我乡",
    "我镇",
    "该乡",
    "该镇",
    "各乡",
    "全乡",
    "全镇",
    "乡",
    "镇",
    "街道",
    "各乡镇",
    "全县",
    "本县",
    "我县",
    "该县",
    "各县",
    "区市县",
    "市县",
    "省市县",
    "县",
    "区",
    "市区",
    "县区",
    "城区",
    "社区",
    "州县",
    "乡村",
    "下乡",
    "老区",
    "山区",
    "景区",
    "园区",
    "片区",
    "辖区",
}
_TITLE_YEAR = re.compile(r"((?:19[5-9]|20\d)\d)\s*(?:年度?|-(?:19|20)\d\d年)")
_SINCE_YEAR = re.compile(r"((?:19[5-9]|20\d)\d)\s*年(?:以来|度|全年|工作|上半年|1-\d+月)")
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


def title_of(text: str) -> str:
    """The first non-empty line when it looks like a title (short, no sentence end inside)."""
    for line in text[:400].splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= 60 and "。" not in line[:-1] else ""
    return ""


@lru_cache(maxsize=2048)
def _trim(name: str, suffix_len: int = 1) -> tuple[str, ...]:
    """Candidate names from a match that may start with a verb or particle: 实施丘北县 → 丘北县, 北县 …"""
    # 中共青山镇, 关于青山镇: a word of two or more characters before the name is cut off
    for m in reversed(list(_LEADING_LONG.finditer(name))):
        if len(name) - m.end() >= 3:
            name = name[m.end() :]
            break
    out = []
    for i in range(len(name) - 1):
        cand = name[i:]
        core = base_name(cand)[:-suffix_len] if cand.endswith(("乡", "镇", "县", "区", "旗")) else cand
        if cand in _NOT_NAMES or len(core) < 2 or any(c in _NOT_IN_NAME for c in core):
            continue
        if cand[:-1].endswith("族") and base_name(cand) == cand:
            continue  # 彝族乡 alone is the ethnic part, not a name
        out.append(cand)
    return tuple(out)


def _weight(cand: str, text: str, title: str) -> float:
    """How likely CAND is the name: its count, a bonus when the title has it, a malus when it starts with
    a verb or particle (实施丘北县, 向阳镇 stays possible)."""
    lead = any(cand.startswith(w) for w in _LEADING)
    return text.count(cand) + (0.5 if cand in title else 0) - (0.6 if lead else 0)


def _name_before(text: str, pos: int, width: int) -> str:
    """The run of Chinese characters (at most WIDTH) ending at POS."""
    m = _HAN_TAIL.search(text, max(0, pos - width), pos)
    return m.group(0) if m else ""


def find_township(text: str) -> tuple[str | None, list[str]]:
    """The township the report is about and its other written forms; None when masked or absent."""
    counts: Counter[str] = Counter()
    for m in _TOWNSHIP_ANCHOR.finditer(text):
        name = _name_before(text, m.start(), 9) + m.group(0)
        for cand in _trim(name, 2 if name.endswith("街道") else 1):
            counts[cand] += 0  # a candidate; scored below by how often it occurs anywhere
    if not counts:
        for m in _TOWNSHIP_LOOSE.finditer(text):
            for cand in _trim(m.group(1), 2 if m.group(1).endswith("街道") else 1):
                counts[cand] += 0
    if not counts:
        return None, []
    title = title_of(text)
    by_base: dict[str, float] = {}
    forms: dict[str, Counter[str]] = {}
    for cand in counts:
        if _JOINERS.intersection(cand) and text.count(cand) < 2 and cand not in title:
            continue
        base = base_name(cand)
        by_base[base] = by_base.get(base, 0.0) + _weight(cand, text, title)
        forms.setdefault(base, Counter())[cand] = text.count(cand)
    # 城街道 only ever occurs inside 东城街道: a suffix with the same count is not a name of its own.
    for b in list(by_base):
        n = sum(forms[b].values())
        longer = [o for o in by_base if o != b and o.endswith(b) and not any(o.startswith(w) for w in _LEADING)]
        if any(sum(forms[o].values()) == n for o in longer):
            del by_base[b]
    if not by_base:
        return None, []
    best = max(by_base, key=lambda b: (by_base[b], -len(b)))
    masked = len(_MASKED_TOWNSHIP.findall(text))
    if masked >= sum(forms[best].values()):
        return None, []
    # Prefer the base form when it is written; aliases are the other forms (长城彝族乡).
    written = forms[best]
    name = best if best in written or text.count(best) else written.most_common(1)[0][0]
    aliases = sorted(f for f in written if f != name)
    if text.count(best) and best not in written and best != name:
        aliases.append(best)
    return name, aliases


def find_county(text: str) -> str | None:
    """The county (区/县/旗) named as an organisation or place, if any."""
    counts: Counter[str] = Counter()
    for m in _COUNTY_ANCHOR.finditer(text):
        strong = _PLACE_CONTEXT.match(m.group(1)) is not None
        for cand in _trim(_name_before(text, m.start(), 6) + m.group(0)):
            if (text.count(cand) >= 2 or strong) and not any(cand.startswith(w) for w in _LEADING):
                counts[cand] = 0
    if not counts:
        return None
    title = title_of(text)
    # Among equally frequent forms the shortest is usually the name without a leading word (施丘北县).
    return max(counts, key=lambda c: (_weight(c, text, title), -len(c)))


_MD = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
# Titles name other years; a date (2024年1月10日, 2023年一月十二日) is when something happened, not what
# the report covers.
_DATE_OR_TITLE = re.compile(rf"《[^》]*》|(?:19|20)\d\d\s*年\s*{_MD}\s*月(?:\s*{_MD}\s*日)?")
_FULL_DATE = re.compile(rf"((?:19|20)\d\d)\s*年\s*({_MD})\s*月\s*{_MD}\s*日")


def _month(s: str) -> int:
    if s.isdigit():
        return int(s)
    return 10 + "一二".find(s[-1]) + 1 if s.startswith("十") and len(s) > 1 else ("一二三四五六七八九十".index(s) + 1)


def find_year(text: str, plan_starts: list[int]) -> int | None:
    """The year the report covers: the title's year, 'YYYY年以来' near the start, else the latest year
    written outside the plan sections."""
    title = title_of(text)
    m = _TITLE_YEAR.search(title)
    if m:
        return int(m.group(1))
    m = _SINCE_YEAR.search(text[:200])
    if m:
        return int(m.group(1))
    first_plan = min(plan_starts) if plan_starts else len(text)
    body = _DATE_OR_TITLE.sub("", text[:first_plan])
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19[5-9]|20\d)\d)\s*年(?!龄|代)", body)]
    if years:
        return max(years)
    dates = _FULL_DATE.findall(text)
    if dates:  # only the date it was signed: early in a year, a report covers the year before
        y, month = int(dates[-1][0]), _month(dates[-1][1])
        return y - 1 if month <= 3 else y
    return None


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


def plan_sections(text: str) -> list[tuple[int, int, int | None]]:
    """(start, end, year named in the heading) of each plan section: from a heading such as
    '三、下一步工作打算' or '2024年工作计划' to the next top-level heading that is not a plan."""
    out: list[tuple[int, int, int | None]] = []
    current: tuple[int, int | None] | None = None
    pos = 0
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
        if not _TITLE_YEAR.search(title):
            # the year is read from the text before the sections of a later year, when there is any
            year = find_year(text, sorted(starts + [s for s, _, _ in later])) or year
        plans = sorted(plans + [p for p in later if year and p[2] > year and not _within(p[0], plans)])
    county = find_county(text)
    return Meta(
        plans=plans,
        township=township,
        aliases=aliases,
        county=county,
        year=year,
        doc_type=find_doc_type(text),
        own_level=county[-1] if county and county in title and not (township and township in title) else None,
    )


def _within(pos: int, plans: list[tuple[int, int, int | None]]) -> bool:
    return any(s <= pos < e for s, e, _ in plans)
