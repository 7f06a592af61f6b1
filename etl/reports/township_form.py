"""A page's title, and which written form of the chosen township is its name (etl.reports.township.find_township
picks the township)."""

from __future__ import annotations

import re
from collections import Counter

from store.regions import base_name


def written_form(text: str, title: str, best: str, written: Counter[str]) -> tuple[str, list[str]]:
    """The name and its other forms (aliases): the form the title writes (敖寨侗族乡 as its heading, 敖寨乡 in
    passing); else an ethnic township's full name when it is the first form written (10月21日，富禄苗族乡召开…，
    富禄乡将…: the full name first, shortened after; or the short form never written as a name, only inside a phrase:
    1949年，改称雾溪乡 … 雾溪畲族乡辖…); else the base form when it is written; else the commonest."""
    titled = [f for f in written if f in title and base_name(f) == best]
    first = min(written, key=lambda f: _at(text, f))
    if titled:
        name = max(titled, key=len)
    elif "族" in first and first != best and (_at(text, first) < _at(text, best) or best not in written):
        name = first
    elif best in written or text.count(best):
        name = best
    else:
        name = written.most_common(1)[0][0]
    aliases = sorted(f for f in written if f != name)
    if text.count(best) and best not in written and best != name:
        aliases.append(best)
    return name, aliases


def _at(text: str, form: str) -> int:
    at = text.find(form)
    return at if at >= 0 else len(text)


# A disclosure page's metadata field naming who published it (发布机构 | 大满镇)
_PUBLISHER = re.compile(r"发布机构|发文机关|发布单位|信息来源")
# A title naming a county-level unit (甘州区村级干部管理办法): a district's or county's own document (社区, 园区, 辖区
# are no districts)
_COUNTY_TITLE = re.compile(r"[\u4e00-\u9fff]{2,}(?<![社小园景辖城片])[区县旗]")


def publisher_only(text: str, title: str, written: Counter[str]) -> bool:
    """A township written only in the publisher's field of a page whose title is a county's or district's document
    (甘州区村级干部管理办法 … 发布机构 | 大满镇): the town posted it, the document is not its own."""
    if not _COUNTY_TITLE.search(title) or any(f in title for f in written):
        return False
    for form in written:
        at = text.find(form)
        while at >= 0:
            line = text[text.rfind("\n", 0, at) + 1 : at]
            if not _PUBLISHER.search(line):
                return False
            at = text.find(form, at + 1)
    return True


# The opening sentence of a place's profile (东坝镇位于县城东南部, 魏家桥乡，位于…, 西乡乡隶属于…, 青泥洼桥街道地处…):
# its subject is the township the page is about, even where no title names it (an encyclopedia entry's 释义 | …)
_PROFILE_VERB = re.compile(r"[,，]?\s*(?:位于|位於|地处|坐落|隶属|下辖|辖|是|地理位置)")
# What may stand before that subject in its sentence: a heading word (简介, 概况) and its address (河南省, 巴中市巴州区)
_PROFILE_LEAD = re.compile(r"(?:[^\n。]{0,6}?(?:简介|概况|概述|简况|释义))?(?:[\u4e00-\u9fff]{1,8}?[省市县区州旗盟])*")
_SENTENCE_START = "\n。|:：；; \t"
# An encyclopedia entry's field of its name, on a line of its own (- 中文名称：河镇彝族苗族乡)
_NAME_FIELD = re.compile(r"^[-·•\s]*(?:中文名称|中文名|名称)\s*[:：]\s*(\S{2,12}?(?:乡|镇|街道|苏木))\s*$", re.M)


def profile_subject(text: str, cands: set[str], window: int, title: str) -> str | None:
    """The candidate name (its boundary that of a candidate, cut at the catalog's suffixes and leading words) that
    opens the first profile sentence within WINDOW characters: after a sentence's start and at most a heading word
    and an address, before 位于 / 地处 / 隶属 / 辖 / 是 (the shortest so written: 青泥洼桥街道, not
    简介青泥洼桥街道); None when the title names it already."""
    field = _NAME_FIELD.search(text, 0, window)
    if field and field.group(1) in cands:  # (an encyclopedia entry's 中文名称：河镇彝族苗族乡: the entry's own name)
        return field.group(1) if field.group(1) not in title else None
    best: tuple[int, int, str] | None = None
    for cand in cands:
        at = text.find(cand, 0, window)
        while at >= 0:
            if _PROFILE_VERB.match(text, at + len(cand)):
                lead = max(text.rfind(c, 0, at) for c in _SENTENCE_START) + 1
                if _PROFILE_LEAD.fullmatch(text, lead, at) and (best is None or (at + len(cand), len(cand)) < best[:2]):
                    best = (at + len(cand), len(cand), cand)
                break
            at = text.find(cand, at + 1, window)
    # (茶岭乡概况 over 茶岭布依族苗族乡位于…: the title names it already by its short name)
    return best[2] if best and best[2] not in title and base_name(best[2]) not in title else None


_ORGAN_AFTER = re.compile(r"党委|党工委|纪委|人民政府|政府|党政")
_VILLAGE_NEXT = re.compile(r"(?![各全该本每两几多])[\u4e00-\u9fff]{1,2}村")


def before_village(text: str, doubled: str) -> bool:
    """TEXT writes DOUBLED (庙镇镇) before a village's name from its last 镇 (镇东村), and elsewhere only before an
    organ (镇政府): a name, then the village's or the organ's 镇."""
    after = []
    at = text.find(doubled)
    while at >= 0:
        after.append(at + len(doubled))
        at = text.find(doubled, at + 1)
    village = [_VILLAGE_NEXT.match(text, i) is not None for i in after]
    return any(village) and all(v or _ORGAN_AFTER.match(text, i) for v, i in zip(village, after, strict=True))


def organ_uses(text: str, cand: str) -> int:
    """How often CAND opens a clause as the unit of its organs (，高镇纪委…; not 提高镇党委的…)."""
    n, at = 0, text.find(cand)
    while at >= 0:
        opens = at == 0 or not ("\u4e00" <= text[at - 1] <= "\u9fff")
        n += opens and _ORGAN_AFTER.match(text, at + len(cand)) is not None
        at = text.find(cand, at + len(cand))
    return n


# A credit or metadata field of a page (供稿：…县委组织部, 来源：…融媒体中心, 责任编辑：…): who wrote or posted
# it, whose 县委 is not the text speaking as a county
_CREDIT = re.compile(
    r"(?:供稿|稿件来源|信息来源|来源|作者|责任编辑|编辑|审核|通讯员|撰稿|供图|初审|终审)\s*[:：][^\n）)]*"
)


def without_credits(text: str) -> str:
    """TEXT with its credit fields blanked (the same length)."""
    return _CREDIT.sub(lambda m: " " * len(m.group()), text) if "：" in text or ":" in text else text


_BULLETS = "-·•»>"
_BULLET_ITEMS = ("- ", "· ", "• ")
# Lines above a page's title that are no title: a date stamp (2024-01-15 09:30), a site's metadata line (来源：…县融媒体
# 中心, 发布时间：…) or its breadcrumb (首页 > 新闻中心 > 乡镇动态)
_NOT_TITLE = re.compile(
    r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d\d(?:[:：]\d\d)?)?\Z"
    r"|(?:来源|发布时间|发布日期|发布者|作者|责任编辑|浏览次数|点击数|字号)\s*[:：]|(?:首页|当前位置)\s*[>›»/:：]"
)


def title_of(text: str) -> str:
    """The first non-empty line when it looks like a title (short, no sentence end inside); a site's list
    bullet or label line before it (- 相关推荐, 热点:) is passed over."""
    for line in text[:400].splitlines():
        line = line.strip()
        if line and (line[0] in _BULLETS or line.endswith((":", "："))) and len(line) <= 12:
            continue
        if line[:2] in _BULLET_ITEMS or _NOT_TITLE.match(line):
            continue  # - 1、本文档由用户上传…: a sharing site's list of notes, however long; a stamp (2024-01-15 09:30)
        if line:
            return line if len(line) <= 60 and "。" not in line[:-1] else ""
    return ""
