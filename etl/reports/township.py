"""The township a report is about, from its cleaned text (used by etl.reports.meta).

A name is a run of Chinese characters before 乡 / 镇 / 街道. A candidate counts where it is written as a
name stands: at the start of a line or after punctuation or a digit (2023年,熊寨镇), after its county
(临颍县巨陵镇, 项城市丁集镇) or after a word that introduces a place (在, 位于, 调至). Places named as
neighbours (东与梅家乡接壤) or as where someone came from (从涧田乡调至…) do not count. A county or
district document that only mentions townships in passing has no township.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from etl.reports.firstchars import skip_ahead
from etl.reports.onepass import OnePass
from etl.reports.scope import VILLAGE_GENERIC
from etl.reports.sparse import Sparse
from etl.reports.township_form import (
    before_village,
    organ_uses,
    profile_subject,
    publisher_only,
    title_of,
    without_credits,
    written_form,
)
from etl.reports.township_scope import above_township
from store.regions import base_name

# (with the CJK extensions: 织𬕂镇 writes a rare character of Extension E)
HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]"
_HAN_CHAR = re.compile(HAN)
# Characters that never occur inside a township or county name as written in reports.
NOT_IN_NAME = set("省市县区州月日度的了与及在对是为将把被等各全本该我不委府第篇个")
# Characters that are in some real names (西乡乡, 万年埠街道) but usually end or join words: such a candidate
# must be written as a name at least twice, or be in the title.
_RARE_IN_NAME = set("乡镇年村")  # 吴村镇, but 该村镇干部
# Characters that are in real names (和平乡, 太和镇) but also join words (镇党委和镇政府, 领导和镇干部):
# a candidate with one must occur twice or be in the title.
_JOINERS = set("和")
# 苏木 is the township of Inner Mongolia's pastoral areas (乌盖苏木)
# (运用镇、村、组三级调解组织: the level word of a list, as 镇村)
# (锣场镇镇委 / 锣场镇镇党委: the name followed by its organ written with 镇 again)
# (反映乡科级干部: the rank 乡科级; 关闭两间镇属水泥厂: 镇属 is "the town's own", 镇属于 still a name's verb)
_SUFFIX = Sparse(
    r"(?:乡(?![亲愁音情贤]|科级)|(?<!乡)镇|街道|苏木)(?!(?!镇(?:委|党委|政府|人民政府))[镇村长干级域内外化]|、村|属(?!于))"
)
# Words that end in 乡 but are no place: 87人下乡, 返乡 (城乡 and 家乡 end real names: 长城乡, 何家乡); kinds of
# township, no names: 全面小康镇, 小城镇建设, 示范乡
_WORD_ENDS = (
    *("下乡", "回乡", "返乡", "故乡", "入乡", "进乡", "他乡", "异乡", "离乡", "驻乡"),
    *("小城镇", "小康镇", "小康乡", "示范镇", "示范乡", "重点镇", "卫生镇", "生态镇", "涉农街道"),
)
_ANCHORED = re.compile(r"党委|党工委|委员会|人民政府|政府|纪委|党政")
_HAN_TAIL = re.compile(rf"{HAN}+\Z")
_MASK_CHARS = frozenset("*＊Xx×")
_MASKED_TOWNSHIP = Sparse(r"(?:[Xx×*_]{1,4}|某)[ \t]*(?:乡|镇|街道)")
# Words that stand before a name in running text (中共青山镇委员会, 实施丘北县…项目, 关于青山镇…的汇报; a news
# agency's dateline, 新华网北京1月15日电 川石乡…; a time word, 下午建设街道; a verb of belonging, 属于跳蹬街道).
LEADING = tuple(
    "中共 关于 实施 开展 推进 位于 地处于 地处 处于 对口 帮扶 一年来 年来 邀请 根据 围绕 配合 协助 落实 贯彻 参加 "
    "组织 上海 代表 受 加强 强化 健全 成立 召开 支持 包括 调至 调任 在 对 为 是 和 与 及 由 向 到 至 从 了 的 将 把 "
    "被 全 据 按 经 来 以 实行 推行 坚持 建立 完善 深化 打造 建设 依托 通过 作为 督促 指导 要求 协调 带领 推动 "
    "制定 制订 结合 走进 来到 前往 深入 学习 其中 按照 对照 参照 依照 遵照 发挥 弘扬 所在地 驻地 距离 用于 听取 "
    "听到 前来 赶赴 奔赴 回到 返回 压实 夯实 做实 抓实 印发 下发 制发 出台 完成 担任 兼任 随着 随著 伴随着 "
    "欢迎 阅读 反映 日电 属于 隶属 全面 总结 上午 下午 晚上 中午 今天 昨天 当天 近日 日前".split()
)
# Single characters that start a phrase, never a name (以强镇富民, 为全镇); 向阳镇 and 和平乡 stay possible.
_FUNCTION_START = set("以在对为是与及由到至从了的将把被全据按经来受就")
# Characters that end a phrase before a bare 镇 (并由镇党委书记…讲党课, 及时向镇上报告): no name ends with them,
# nor with a word of LEADING (并通过镇上建立的…)
_FUNCTION_END = set("由向把被将对从到在据按")
_LEADING_1 = frozenset(w for w in LEADING if len(w) == 1)
_LEADING_2 = frozenset(w for w in LEADING if len(w) == 2)
_LEADING_WORDS = tuple(w for w in LEADING if len(w) > 1)  # for str.startswith: one call, not one per word
_LEADING_LONG = re.compile("|".join(_LEADING_WORDS))
_NAME_WORDS = frozenset({"建设"})
_COUNTY_END = set("县市区旗州")
# 距离旗政府所在地乌兰镇33公里: the county's seat named as a distance mark, not the document's township
_COUNTY_SEAT_BEFORE = re.compile(r"[县旗市区](?:人民政府|政府)?(?:所在地|驻地)\Z")
# (与龙泉镇并列全县第1位: a township tied with this one in a ranking is a peer, as a neighbour is)
_NEIGHBOUR = re.compile(r"[^，,。；;\n]{0,6}?(?:接壤|交界|相邻|毗邻|相连|连接|相望|为邻|并列)")
NOT_NAMES = {
    *"乡镇 城乡 村镇 市镇 集镇 城镇 本乡 本镇 我乡 我镇 该乡 该镇 各乡 全乡 全镇 乡 镇 街道 各乡镇 全县 本县 我县 该县 "
    "各县 区市县 市县 省市县 县 区 市区 县区 城区 社区 州县 乡村 下乡 老区 山区 景区 园区 片区 辖区 "
    "包乡 包镇".split(),  # (县领导包乡、乡干部包村: a duty, no place)
}
# How a document speaks of its own unit, a township's (not 8个镇党委换届: a county counting them), a county's or a
# city's (州: an autonomous prefecture, a city's level): counted in one scan of the text (etl.reports.onepass).
_SELF_WORDS = OnePass(
    {
        # (本乡镇, 全乡镇: each of a county's townships, all of them)
        "town": r"全乡(?!镇)|全镇|我乡(?!镇)|我镇|该乡(?!镇)|该镇|本乡(?!镇)|本镇|(?<![个\d各])[乡镇]党委|街道党工委"
        r"|[我该本全]街道",
        # (按照区委组织部的部署: the instruction of the county above, not the county speaking)
        "county": r"全县|我县|该县|本县|全区|我区|该区|本区|全旗|[县区](?<!按照.|根据.|遵照.)委|各乡镇|各镇",
        "city": r"全市|我市|该市|本市|全州(?!县)|我州|该州|本州",
    }
)


# Kinds of township and slogans, no names: 建设“经济强镇”, 富民强镇, 文化立镇、三产富镇、农业稳镇, 以工促农、以城带乡,
# 立足“农业大镇、蔬菜名镇” (济强镇, 化立镇, 业大镇 and 菜名镇 are no places)
_KIND_WORDS = skip_ahead(
    r"(?:经济|工业|农业|旅游|文化|商贸|富民|产业|科技|教育|体育|人才|资源|能源|特色|生态|三产|项目|招商|实业|民营"
    r"|蔬菜|粮食|畜牧|果业|林业|水果|茶叶|渔业|养殖|种植|商业|物流|人口|交通|历史|工贸|农贸)"
    r"[强富稳立兴活大名重](?:镇|乡)|以[\u4e00-\u9fff]{1,2}[带促兴强富稳立](?:镇|乡)"
    r"|[软弱穷难][乡镇](?=[弱穷难软差]村)"  # (软乡弱村集中整顿: kinds of township and village to be put right)
)
# A 街道办事处 is also written 菱北办事处 or 武当路街办: a 街道 by its office's name
_OFFICE = Sparse(r"(?<!街道)办事处|街办(?![事公])")
# A 兵团 regiment and its town are one unit (十二团塔南镇 is 塔南镇): the regiment's number is no part of the name
_REGIMENT = re.compile(r"(?<=[一二三四五六七八九十百零〇\d]团)(?=[\u4e00-\u9fff]{2,4}镇)")


# The character before the 镇/乡 that ends every _KIND_WORDS match (a new kind must add its own here)
_KIND_BEFORE = frozenset("强富稳立兴活大名重带促软弱穷难")


def _kind_word_ends(text: str) -> bool:
    """Whether some 镇/乡 of TEXT has a _KIND_WORDS character before it, as each match ends: found from the few places
    of 镇 and 乡 (str.find), not by the regex's scan of every character (it mostly finds none)."""
    for ch in "镇乡":
        i = text.find(ch, 1)
        while i >= 0:
            if text[i - 1] in _KIND_BEFORE:
                return True
            i = text.find(ch, i + 1)
    return False


def _normalised(text: str) -> str:
    """TEXT with kinds of township blanked, 办事处/街办 read as 街道, and a regiment's number set apart."""
    if _kind_word_ends(text):
        text = _KIND_WORDS.sub(lambda m: " " * len(m.group()), text)
    text = _OFFICE.sub("街道", text)
    return _REGIMENT.sub(" ", text) if "团" in text else text


def name_before(text: str, pos: int, width: int) -> str:
    """The run of Chinese characters (at most WIDTH) ending at POS."""
    m = _HAN_TAIL.search(text, max(0, pos - width), pos)
    return m.group(0) if m else ""


# (words ending in 市 before 镇: 城市镇村, 超市镇上, 全市镇村干部)
_NOT_MARKET_TOWN = frozenset("城市 超市 都市 门市 上市 集市 全市 该市 我市 本市 各市 县市 省市 地市 夜市 菜市".split())


def _not_in_name(core: str) -> bool:
    """CORE has a character no name has; 月 starts a two-character name (月山镇), though (a date's 5月东山镇 still
    yields 东山镇 only), and 州 or 市 ends one (古州镇, 水市镇, 新市镇; 徐州某镇 still yields only 某镇)."""
    if len(core) == 2 and core[1] in "州市" and core not in _NOT_MARKET_TOWN:
        core = core[:1]
    return any(c in NOT_IN_NAME for c in (core[1:] if len(core) == 2 and core[0] == "月" else core))


def _phrase_end(core: str) -> bool:
    """CORE ends with a word that introduces a place (并由, 及时向, 并通过): a phrase before a bare 镇, no name."""
    return core[-1] in _FUNCTION_END or (len(core) > 2 and core[-2:] in _LEADING_2)


@lru_cache(maxsize=4096)
def trim(name: str, suffix_len: int = 1, min_core: int = 2) -> tuple[str, ...]:
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
        if len(core) >= 4 and cand[0] in "东南西北" and cand[1] in "邻临接界靠连":
            continue  # 南邻龙湾乡, 东临柿园乡: a neighbour in a profile's list of them (龙湾乡 is tried on its own)
        if cand.endswith(_WORD_ENDS) or (len(cand) >= 4 and cand.endswith(("城乡", "家乡"))):
            continue  # 87人下乡; 缩小城乡 and 看家乡 are words (长城乡 and 何家乡 are names)
        # (a long name may open with 镇 or 乡: 镇罗营镇, written after its county and twice, as rare names are)
        rare_start = core[0] in _RARE_IN_NAME and not (
            core[0] in "乡镇" and len(core) >= 3 and not _RARE_IN_NAME.intersection(core[1:]) and "街" not in core
        )
        # (陈仓区县功镇: a name may open with 县 when its district is written right before it; not 全区县乡镇 or
        # 该区县城镇: 县城, 县乡 and a district that is no name are words)
        county_start = (
            core[0] == "县"
            and i >= 3
            and name[i - 1] in "区市旗州"
            and name[i - 3] not in "全本该我各"
            and len(core) >= 2
            and core[1] not in "城乡镇村级直委区市"
        )
        if cand in NOT_NAMES or len(core) < min_core or rare_start:
            continue
        if _not_in_name(core[1:] if county_start else core):
            continue
        # (建设街道: a name that is a word of LEADING on its own)
        led = cand.startswith(_LEADING_WORDS) and cand[: len(cand) - suffix_len] not in _NAME_WORDS
        if cand[0] in _FUNCTION_START or _phrase_end(core) or led:
            continue
        if cand[:-1].endswith("族") and base_name(cand) == cand:
            continue  # 彝族乡 alone is the ethnic part, not a name
        out.append(cand)
    return tuple(out)


def _surname_village(core: str) -> str:
    """CORE without the 村 of a surname's village (陈村镇, 吴村镇), which is no rare character there; 农村镇 and 入村镇
    keep it."""
    return core[0] if len(core) == 2 and core[1] == "村" and core[0] not in VILLAGE_GENERIC else core


def _as_name(text: str, s: int) -> bool:
    """Whether the candidate starting at S is written where a name stands."""
    if s == 0 or not _HAN_CHAR.match(text, s - 1):
        return True
    if text[s - 1] == "从":
        return False  # 从涧田乡调至芙蓉镇: where the writer came from
    if s >= 2 and text[s - 2 : s] in ("属于", "隶属"):
        return False  # 关家堰社区属于跳蹬街道: where another unit belongs, as a neighbour
    if text[s - 1] in "年月日" and 2 <= s < LEDE and text[s - 2].isdigit():
        return True  # 2025年古州镇已完成…: the lede's date, then the name
    if text[s - 1] in _COUNTY_END and s >= 2 and (_HAN_CHAR.match(text, s - 2) or text[s - 2] in _MASK_CHARS):
        return True  # 临颍县巨陵镇; *区新华镇 (the district masked, the town in clear)
    # (a word of LEADING ending right before S, as text.endswith(w, s - 2, s) would find: one or two characters)
    return text[s - 1] in _LEADING_1 or (s >= 2 and text[s - 2 : s] in _LEADING_2)


def _score(cand: str, text: str, title: str) -> tuple[float, bool, int, int]:
    """How often CAND is written as a name (not as a neighbour), plus a bonus for the title and for
    being the seat of a township's organs (巨陵镇党委); whether it is once written after its county; how often it
    is written at all (text.count(cand), counted on the way); and where it is first written (len(text) if nowhere)."""
    n, after_county, written = 0.0, False, 0
    s = text.find(cand)  # CAND (two characters or more) at each of its places, not overlapping
    first = s if s >= 0 else len(text)
    while s >= 0:
        written += 1
        e = s + len(cand)
        if _as_name(text, s) and _NEIGHBOUR.match(text, e) is None and not _county_seat(text, s):
            n += 1.5 if _ANCHORED.match(text, e) else 1.0
            after_county = after_county or (s > 0 and text[s - 1] in _COUNTY_END)
        s = text.find(cand, e)
    return n + (1.0 if cand in title else 0.0) + (1.0 if _in_lede(text, cand) else 0.0), after_county, written, first


# 2016年9月28日下午,老城镇在…召开 / 2022年,东晓街道坚持…: the subject of a news lede, after its date
_DATELINE = re.compile(r"\d{1,4}[年月日](?:\d{1,2}[月日]){0,2}(?:上午|下午|晚上?|以来)?[,，]?\Z")
LEDE = 300


def _in_lede(text: str, cand: str) -> bool:
    """CAND first written within the first LEDE characters right after a date (the lede's subject)."""
    s = text.find(cand, 0, LEDE)
    return s > 0 and _DATELINE.search(text, max(0, s - 16), s) is not None


def _county_seat(text: str, s: int) -> bool:
    return _COUNTY_SEAT_BEFORE.search(text, max(0, s - 7), s) is not None


def _merge_county_prefixed(
    by_base: dict[str, float], forms: dict[str, Counter[str]], after: dict[str, bool], text: str
) -> None:
    """海陵华港镇 beside 海陵区华港镇: a name led by its county's short name is the township's name (华港镇)."""
    for long in list(by_base):
        for short in [o for o in by_base if o != long and long.endswith(o)]:
            county = long[: -len(short)]
            if any(f"{county}{end}{short}" in text for end in _COUNTY_END):
                by_base[short] += by_base.pop(long)
                forms[short].update(forms.pop(long))
                after[short] = True
                break


# a county written by name (东安县, 高县): one or two characters before 县 or 旗
_COUNTY_NAMED = Sparse(r"[县旗](?!域|级|城乡)")


def _county_names(text: str) -> list[str]:
    """The one or two Chinese characters before each 县/旗 (found from the 县, not tried at every character)."""
    out = []
    for m in _COUNTY_NAMED.finditer(text):
        s = m.start()
        two = s >= 2 and _HAN_CHAR.match(text, s - 2) is not None
        if s >= 1 and _HAN_CHAR.match(text, s - 1):
            out.append(text[s - 2 : s] if two else text[s - 1 : s])
    return out


# a county-level city written by name (武冈市, 涟源市委): two characters before 市, not a market, a resident or a level
_CITY_NAMED = Sparse(rf"(?<={HAN}{HAN})市(?!场|民|级|区|县|镇|乡|容|面|值|井|政(?!府))")  # (from each 市)
_NOT_CITY = frozenset(
    "城市 超市 门市 都市 上市 集市 街市 开市 夜市 黑市 菜市 股市 楼市 车市 早市 闹市 全市 该市 我市 本市 各市 省市 "
    "县市 地市 州市 坊市 互市 花市 灯市 书市 墟市 镇市".split()  # (乡镇市: Taiwan's 鄉鎮市, three kinds of unit)
)


# A city named as an address (甘肃省酒泉市肃州区), in a list, or as the giver of an honour (获安庆市首届十大感恩人物,
# 上海市文明社区) does not speak for itself
_CITY_ASIDE = re.compile(r"[\u4e00-\u9fff]{0,3}区|、|[^，,。；;、\n]{0,12}?(?:先进|示范|文明|模范|十大|称号|表彰|奖)")
_CITY_ASIDE_BEFORE = re.compile(r"(?:[省、]|(?:获|受到|荣获|评为|创成|创建成|命名为)[^，,。；;\n]{0,6})\s*\Z")


def _city_names(text: str) -> list[str]:
    """The two characters before each 市 that may name a county-level city (not 超市, 全市)."""
    return [
        text[m.start() - 2 : m.start()]
        for m in _CITY_NAMED.finditer(text)
        if text[m.start() - 1 : m.end()] not in _NOT_CITY
    ]


# A site's furniture lines (主办：…县人民政府 承办：…办公室, 版权所有, 发布机构 | …): the site's owner, not the piece's
_SITE = "主办|承办|版权所有|技术支持|网站标识码|ICP备|发布机构"
_SITE_WORDS = _SITE.split("|")  # (searched as substrings: a search each is cheaper than a regex scan of the text)
_SITE_LINE = re.compile(rf"^[^\n]*(?:{_SITE})[^\n]*$", re.M)


def _county_piece(text: str, best: str, town_total: int, county_self: int) -> bool:
    """A county's (or a county-level city's) own piece that tells a township's story as an example (东安县新圩江镇
    党委…。这是东安县创新…的一个实例。目前，东安县共有流动党员…; 武冈市提高流动党员参与率 … 武冈市荆竹铺镇…): the
    county most often named stands on its own (not as the township's prefix) at least twice, and it with 全县/该县
    (全市/该市) is written as often as the township with 全镇/镇党委."""
    text = _SITE_LINE.sub("", text) if any(w in text for w in _SITE_WORDS) else text  # (the site's owner)
    names = Counter(n for n in _county_names(text) if not _not_in_name(n) and n[0] not in _FUNCTION_START)
    suffix = "[县旗]"
    cities = Counter(n for n in _city_names(text) if not _not_in_name(n) and n[0] not in _FUNCTION_START)
    if cities and (not names or cities.most_common(1)[0][1] > names.most_common(1)[0][1]):
        names, suffix = cities, "市"
    if not names:
        return False
    name = names.most_common(1)[0][0]
    own = base_name(best)[:2]
    standing = 0
    for m in re.finditer(re.escape(name) + suffix, text):
        one_char_in_word = len(name) == 1 and m.start() > 0 and _HAN_CHAR.match(text, m.start() - 1)
        city_aside = suffix == "市" and (
            _CITY_ASIDE.match(text, m.end()) or _CITY_ASIDE_BEFORE.search(text, max(0, m.start() - 12), m.start())
        )
        if not one_char_in_word and own not in text[m.end() : m.end() + 8] and not city_aside:
            standing += 1
    return standing >= 2 and standing + county_self >= town_total


# 蛟河市松江镇永兴村党组织书记徐伟代表学员发言: a township written only as the address of a village's person
_VILLAGE_AFTER = re.compile(rf"{HAN}{{1,4}}村(?!民|级|镇|干部)")
_VILLAGE_SELF = re.compile(r"[全该本我咱]村|我们村|村里|村党[支总]|村委")


def _prefer_whole_names(by_base: dict[str, float], forms: dict[str, Counter[str]], title: str) -> None:
    """A name with 镇 inside (滦镇街道, 九镇乡) is the unit, not the 镇 it starts with, when that 镇 is never written
    alone or the title writes the whole name."""
    for b in list(by_base):
        for o in [o for o in by_base if o != b and o.startswith(b)]:
            rest = o[len(b) :]
            # (好腰苏木镇: a 苏木 turned 镇 keeps its whole name where it is written whole at least as often as the
            # old 苏木's; the bare 苏木 is the place's name in its history)
            # (the bare name's count includes the whole name's)
            n_whole = sum(forms[o].values())
            whole_sumu = b.endswith("苏木") and rest == "镇" and 2 * n_whole >= sum(forms[b].values())
            if b in by_base and (
                whole_sumu
                or (rest in ("街道", "乡") and (sum(forms[o].values()) == sum(forms[b].values()) or o in title))
            ):
                by_base[o] += by_base.pop(b)


def _village_address_only(text: str, forms: Counter[str], town_self: int) -> bool:
    """A text that never speaks as a township or a village and writes its township only before a village's name
    (a training class's or a province's page naming a trainee by address): no township of its own."""
    if town_self or sum(forms.values()) > 1:
        return False
    form = next(iter(forms))
    at = text.find(form)
    return _VILLAGE_AFTER.match(text, at + len(form)) is not None and _VILLAGE_SELF.search(text) is None


# A news title headed by its township and a colon (来舟镇：发挥阵地效能…): the name, even when it opens with a character
# that elsewhere starts a phrase (来, 以, 在); not a phrase like 为全镇 or 在各乡
_HEADED = re.compile(r"\s*([\u4e00-\u9fff]{2,4}?(?:镇|乡|街道))\s*[:：]")
_NOT_SECOND = set("全各本该我这此每乡镇")


_INTRODUCING = ("位于", "地处", "地处于", "坐落于")  # words that introduce a place: 地处于潮格温都尔镇北部


def find_township(text: str) -> tuple[str | None, list[str]]:
    """The township the report is about and its other written forms; None when masked or absent."""
    text = _normalised(text)
    cands: set[str] = set()
    for m in _SUFFIX.finditer(text):
        suffix = m.group(0)
        cands.update(trim(name_before(text, m.start(), 9) + suffix, len(suffix), 1))
    title = title_of(text)
    subject = profile_subject(text, cands, LEDE, title)
    title = f"{title}\n{subject}" if subject else title  # (the profile's subject, as a title names it)
    headed = _HEADED.match(title)
    # (来舟镇：…: a name opening with 来, as a heading writes it)
    if headed and headed.group(1)[0] in _FUNCTION_START and headed.group(1)[1] not in _NOT_SECOND:
        cands.add(headed.group(1))
    # (庙镇镇东村: a name, then a village's name that opens with 镇; a one-character name written so is a name)
    # (乌镇镇, 古镇镇, 西乡乡 are names of their own: the doubled form is split only before a village's name each time)
    doubled = {c[:-1] for c in cands if c.endswith(("镇镇", "乡乡")) and before_village(text, c)}
    cands = {c[:-1] if c[:-1] in doubled and c.endswith(("镇镇", "乡乡")) else c for c in cands}
    if not cands:
        return None, []
    by_base: dict[str, float] = {}
    forms: dict[str, Counter[str]] = {}
    after: dict[str, bool] = {}
    # in order of first appearance, so that sums and ties never depend on the set's (hash-seeded) order
    scored = {c: _score(c, text, title) for c in cands}  # (each a search of the whole text: once per candidate)
    first_at = {c: v[3] for c, v in scored.items()}
    for cand in sorted(cands, key=lambda c: (first_at[c], c)):
        score, after_county, times, _ = scored[cand]
        score += 1.0 if cand == subject else 0.0
        core = base_name(cand)[:-2] if cand.endswith(("街道", "苏木")) else base_name(cand)[:-1]
        # a long core (工业经济迅猛增长镇政府) is usually a phrase: like a rare character, it must be written twice
        # (…嘎查地处于潮格温都尔镇北部: a long name right after a word that introduces a place is a name)
        long_core = len(core) > 4 and "族" not in core and not any(w + cand in text for w in _INTRODUCING)
        rare = _JOINERS.intersection(cand) or _RARE_IN_NAME.intersection(_surname_village(core)) or long_core
        if score <= 0 or (rare and score < 2 and cand not in title):
            continue
        # (孔镇 is a name only when written after its county (乐陵市孔镇) and more than once, or as the unit of its own
        # organs at a clause's start: 近日，高镇纪委在高镇…)
        if len(core) < 2 and not ((after_county or cand in doubled or organ_uses(text, cand)) and score >= 2):
            continue
        base = base_name(cand)
        by_base[base] = by_base.get(base, 0.0) + score
        after[base] = after.get(base, False) or after_county
        forms.setdefault(base, Counter())[cand] = times
    # 城街道 only ever occurs inside 东城街道: a suffix with the same count is not a name of its own.
    for b in list(by_base):
        n = sum(forms[b].values())
        longer = [o for o in by_base if o != b and o.endswith(b)]
        if any(sum(forms[o].values()) == n for o in longer):
            del by_base[b]
    _prefer_whole_names(by_base, forms, title)
    _merge_county_prefixed(by_base, forms, after, text)
    if not by_base:
        return None, []
    # ties: a name once written after its county (歙县溪头镇) wins, then the shorter, then the first in the text
    first = {b: min(first_at[f] for f in forms[b]) for b in by_base}
    best = max(by_base, key=lambda b: (by_base[b], after[b], -len(b), -first[b], b))
    # (XX镇人民政府关于… over 清水镇人民政府 on a line of its own: the issuer's name, masked once, written once)
    masked, named = len(_MASKED_TOWNSHIP.findall(text)), sum(forms[best].values())
    issuer = masked == named and any(f"\n{f}人民政府\n" in text or f"\n{f}党委\n" in text for f in forms[best])
    if masked >= named and not issuer:
        return None, []
    runner_up = max((v for b, v in by_base.items() if b != best), default=0.0)
    self_words = _SELF_WORDS.counts(without_credits(text))  # (供稿：…县委组织部: a credit, not the county speaking)
    town_self, county_self, city_self = self_words["town"], self_words["county"], self_words["city"]
    if county_self > town_self:
        # a county document naming townships in passing (以龙泉乡、北岭乡为重点): no one of them stands out; one that
        # speaks as a county again and again either never speaks as a township (我县召开现场会…前往南湾乡) or names
        # its township once only (该区白峰镇纪委查处了…, an example)
        often = county_self >= 3 and (not town_self or by_base[best] < 2)
        if often or by_base[best] < 1.5 or by_base[best] - runner_up < 1:
            return None, []
    if by_base[best] < 2 and len(by_base) >= 3 and runner_up >= by_base[best] - 0.5:
        return None, []  # several townships named in passing, none standing out (a county's or a training class's page)
    # (a gazetteer entry, 雾溪畲族乡位于…, names its county in its history and bounds: the entry's subject stands)
    if _county_piece(text, best, sum(forms[best].values()) + town_self, county_self + city_self) and not (
        not county_self and any(f"\n{f}位于" in text for f in forms[best])
    ):
        return None, []
    if not town_self and by_base[best] < 1.5 and not after[best] and city_self >= 2:
        return None, []  # a city's paper (我市开展了…) naming one township once, not after its county (昨悉，张沟镇…)
    if sum(forms[best].values()) == 1 and town_self <= 1 and city_self >= 3:
        return None, []  # a city's or prefecture's paper (我州…全州) naming a township once (a leader's visit)
    if city_self >= 3 and city_self > sum(forms[best].values()) + town_self:
        return None, []  # a city's paper (我市…全市) telling one village's story by its township's name (an example)
    if _village_address_only(text, forms[best], town_self) or publisher_only(text, title, forms[best]):
        return None, []
    if above_township(text, title, forms[best], town_self, city_self + county_self):
        return None, []
    name, aliases = written_form(text, title, best, forms[best])
    if name and name.endswith("苏木乡") and name[:-1] in text:
        return name[:-1], aliases  # (巴彦木仁苏木乡: a site's suffix 乡 on a 苏木 the text names as such)
    return name, aliases
