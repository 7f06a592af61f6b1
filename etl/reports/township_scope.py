"""Whether a document that names a township is above it: a city's or county's piece that names the township only as
the post of one of its people or the address of a village it tells of (used by etl.reports.township.find_township).
"""

from __future__ import annotations

import re
from collections import Counter

# A news title headed by its place and a colon (湖北十堰：党员干部“户户走到”…)
_TITLE_HEAD = re.compile(r"\s*([\u4e00-\u9fff]{2,8})\s*[:：]")
_ABOVE_SUFFIXES = "市县区州旗省盟"
# 张家楼镇党委委员、副镇长李守晟, 窑淮镇党委书记杨奎: a person's post; 窑淮镇东沟村第一书记: a village's address
_POST_OR_VILLAGE = re.compile(
    r"(?:党委|党工委|人民政府|政府)?(?:委员|副?书记|副?镇长|副?乡长|副?主任)|[\u4e00-\u9fff]{1,4}村(?!民|级|镇|干部)"
)


def own_organs(text: str, forms: Counter[str]) -> int:
    """How often the township's own name stands before its organ (张家楼镇党委委员…): counted among the self-words
    (镇党委) though it names the unit rather than speaking as it."""
    n = 0
    for form in forms:
        organ = "党工委" if form.endswith("街道") else "党委"
        n += text.count(form + organ)
    return n


def _addresses_only(text: str, forms: Counter[str]) -> bool:
    """Every time TEXT writes the township, a person's post or a village's name follows it."""
    for form in forms:
        at = text.find(form)
        while at >= 0:
            if _POST_OR_VILLAGE.match(text, at + len(form)) is None:
                return False
            at = text.find(form, at + 1)
    return True


def _head_above(text: str, title: str, forms: Counter[str]) -> bool:
    """TITLE is headed by a place and a colon (湖北十堰：…) that TEXT writes as a city, county or province (十堰市)."""
    head = _TITLE_HEAD.match(title)
    if head is None or any(f[:2] in head.group(1) for f in forms):
        return False
    name = head.group(1)
    return any(name[-k:] + s in text for k in (2, 3) if len(name) >= k for s in _ABOVE_SUFFIXES)


# 遂溪县各镇胜利召开…: a title that names a county (city, district) and then its townships as a whole
_TITLE_EACH = re.compile(r"[\u4e00-\u9fff]{1,6}[市县区旗]各(?:乡镇|镇|乡|街道|苏木)")


def above_township(text: str, title: str, forms: Counter[str], town_self: int, above_self: int) -> bool:
    """A city's or county's piece (我市 and 全市 twice or more: ABOVE_SELF; or a title headed by the city, 湖北十堰：…)
    that never speaks as the township (its 镇党委 written after its name aside) and names it only by its people's
    posts and its villages (张家楼镇党委委员、副镇长…担任纪家店子村第一书记; 房县窑淮镇东沟村第一书记…): the township is
    an example, not the document's unit. (A village's own page, 项城市丁集镇东街行政村党支部书记刘俊华…, names the
    city once and keeps its township as its seat.)"""
    if _TITLE_EACH.search(title):
        return True  # (a county's page on all its townships names some of them in turn; none is its unit)
    if town_self - own_organs(text, forms) > 0 or not _addresses_only(text, forms):
        return False
    return above_self >= 2 or _head_above(text, title, forms)
