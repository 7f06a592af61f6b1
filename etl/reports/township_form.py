"""Which written form of the chosen township is its name (etl.reports.township.find_township picks the township)."""

from __future__ import annotations

import re
from collections import Counter

from store.regions import base_name


def written_form(text: str, title: str, best: str, written: Counter[str]) -> tuple[str, list[str]]:
    """The name and its other forms (aliases): the form the title writes (敖寨侗族乡 as its heading, 敖寨乡 in
    passing); else an ethnic township's full name when it is the first form written (10月21日，富禄苗族乡召开…，
    富禄乡将…: the full name first, shortened after); else the base form when it is written; else the commonest."""
    titled = [f for f in written if f in title and base_name(f) == best]
    first = min(written, key=lambda f: _at(text, f))
    if titled:
        name = max(titled, key=len)
    elif "族" in first and first != best and _at(text, first) < _at(text, best):
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
