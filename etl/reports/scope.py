"""Whose figure is it: the township's, or a single village's (卜戛村…, 该村…), or a wider area's (全县…)?
And is a bare word such as 党员 used on its own, or modified (女党员, 预备党员)?"""

from __future__ import annotations

import re
from functools import lru_cache

from etl.reports.firstchars import skip_ahead
from etl.reports.spans import SHORT, best_match, contains_any, word_alternation
from store.regions import base_name

VILLAGE_GENERIC = set("农乡全各每本该行贫示空重后先软薄脱强一个余多美和宜进到驻包挂联在入下出镇边偏沿城村小两")
# (大学生村官: the village official, no village named; “智人献策、能人帮村”: a quoted slogan or title that ends in 村
# names no village)
VILLAGE_NAME = re.compile(
    r"(?:(?<=[，、；：。）)\s在对为把将了和与及使让帮是])|(?<=其中))([\u4e00-\u9fa5]{2,3}?|[Xx*×]{1,4})村(?![民级委干官”]|“?两委|组(?!织)|街道|镇|乡(?!村)|(?<=乡村)振兴)"
)
# Two-character words that stand before 村 without being a village's name (安排村干部…, 深入村组…).
NOT_VILLAGE_NAMES = set(
    "安排 深入 组织 指导 督促 帮助 推动 推进 带动 覆盖 实现 完成 开展 选派 联系 走访 进入 全体 "
    "各个 所有 部分 个别 其他 每个 相关 有关 贫困 重点 边远 偏远 薄弱 后进 先进 示范 试点 美丽 "
    "中心 行政 自然 城中 城郊 少数 多数 全部 确保 要求 聚焦 围绕 抓好 加强 支持 引导 鼓励 发动 "
    "动员 依托 利用 结合 按照 通过 全面 积极 持续 不断 驻村 包村 挂村 联村 进村 到村 深化 建设 "
    "发展 壮大 巩固 提升 乡镇 镇村 乡村 农村 全乡 全镇 各乡 脱贫 空白 软弱 涣散 集体 村级 本镇 "
    "本乡 我镇 我乡 全县 各镇 吸纳 培养 储备 配强 配齐 选优 建强 召开 带领 选拔 调整 培训 整顿 "
    "考核 表彰 评选 评定 创建 建立 健全 完善 规范 落实 发挥 新建 改造 建成 全市 各级 基层 所属 "
    "下属 涉及 包括 包含 辖区 全区 其余 剩余 多个 指派 派驻 下派 选聘 招录 激励 关爱 慰问 走进 "
    "服务 包保 结对 帮扶 对口 整合 合并 撤并 推行 实施 其中 共有 现有 设有 下设 下辖 所辖 以及 举办 举行 "
    "督导 督查 检查 巡查 调研 蹲点 进驻 换届 选举 推荐 观摩 参观 考察 评估 验收 宣讲 召集 动员 约谈 "
    # (创办村集体合作社, 协助村“两委”: a verb before the village's collective or committees)
    "创办 兴办 领办 成立 组建 设立 培育 扶持 协助 配合 壮大".split()
)
# A figure about a higher level (全县共有党员35,000名) is not the township's.
WIDER_SCOPE = re.compile(r"全(?:县|市|省|州|国|盟)")
# (咱村 / 咱们村: a villager speaking of his own village)
THIS_VILLAGE = re.compile(r"(?:该|本|此|这个|全|我们?|咱们?)村(?![民组级委干])")
TOWNSHIP_SCOPE = re.compile(r"全[乡镇县]|全街道|各村")
TOWNSHIP_SCOPE_WORDS = ("全乡", "全镇", "全县", "全街道", "各村")  # TOWNSHIP_SCOPE as words
word_alternation(TOWNSHIP_SCOPE_WORDS)  # (its regex for contains_any, compiled on import: not while a report is read)
# How far past its start an attempt of VILLAGE_NAME / THIS_VILLAGE reads (name, 村, one character of look-ahead).
REACH = 8
# Named villages summed up as a count of them (石板沟村、下马坊村等3个村): the count is the township's figure.
COUNT_OF_NAMED = re.compile(r"等(?:[\d一二两三四五六七八九十]+)个(?:行政)?村")
# 对伏三村、红卫村2个软弱涣散村党组织: villages listed by name, then counted (several villages, not one)
LISTED_VILLAGES = re.compile(r"村[、和及][\u4e00-\u9fa5]{1,4}村$")


def _counted_after(t: str, hi: int) -> bool:
    return hi > 0 and (
        COUNT_OF_NAMED.match(t, hi - 1) is not None or LISTED_VILLAGES.search(t, max(0, hi - 10), hi) is not None
    )


def wider_scope(t: str, lo: int, hi: int, own_level: str | None = None) -> bool:
    """全县/全市/… between LO and HI: the figure is about a higher level than the document's own (a township's,
    or, for a county's own summary, OWN_LEVEL such as "县": there 全县 is the document's own figure)."""
    if t.find("全", lo, hi) < 0:
        return False  # most clauses: no 全 at all, no regex scan
    # (全州 in a prefecture's own paper: an autonomous prefecture is a city's level, own level 市)
    return any(
        m.group()[1] != own_level and not (own_level == "市" and m.group()[1] == "州")
        for m in WIDER_SCOPE.finditer(t, lo, hi)
    )


def unmodified(t: str, pos: int, context: tuple[str, ...]) -> bool:
    """The word at POS stands alone: after punctuation, a conjunction or a context word (共有党支部12个、党员356名),
    not after a modifier (女党员, 预备党员)."""
    # 年总收入 (a year's total) is the word itself, not a kind of it
    return pos == 0 or t[pos - 1] in "、，,；：和及与（( \n年" or t.endswith(context, 0, pos)


def _not_name3(name: str) -> bool:
    """A three-character name (托万克村) whose words are not a verb phrase (推动全村, 组织到村)."""
    return len(name) == 3 and (
        bool(VILLAGE_GENERIC.intersection(name[1:])) or name[:2] in NOT_VILLAGE_NAMES or name[1:] in NOT_VILLAGE_NAMES
    )


TWO_VILLAGES = re.compile(r"[\u4e00-\u9fa5]{2}村、[\u4e00-\u9fa5]{2,3}村(?![民组级委干])")


def single_village(t: str, lo: int, hi: int) -> bool:
    """A named village (卜戛村, XX村, 该村) earlier in the sentence, with no 全乡/全镇 after it: the figure is
    that village's, not the township's."""
    if t.find("村", max(lo, 1) - 1, hi) < 0:
        return False  # no 村 before the figure: no village named (both regexes need one), no scan
    if t.find("村、", lo, hi) >= 0 and TWO_VILLAGES.search(t, lo, hi):
        return False  # 在桐照村、栖凤村党委下分别设立…: two villages named together, not one village's figure
    if hi - lo > SHORT:
        return single_village_long(t, lo, hi)
    last = -1
    found = list(VILLAGE_NAME.finditer(t, lo - 1, hi)) if lo > 0 else list(VILLAGE_NAME.finditer("。" + t[:hi], 0))
    for m in found:
        if _is_village_name(m.group(1)):
            last = m.end() - (0 if lo > 0 else 1)
    for m in THIS_VILLAGE.finditer(t, lo, hi):
        last = max(last, m.end())
    if last < 0 or _counted_after(t, hi):
        return False
    if t.endswith("等", 0, hi) and t.find("、", max(lo, last - 10), hi) >= 0:
        # 高桥村党支部、小西关社区党支部等8个基层党组织 / 对白沙镇、东山村等5名责任人: the village one of the
        # listed examples
        return False
    return TOWNSHIP_SCOPE.search(t, last, hi) is None


# 李华台村：自然村5个，143户468人…现有党员21名: a paragraph headed by a village's name is that village's profile
VILLAGE_HEADING = re.compile(r"[ \t　]*([\u4e00-\u9fa5]{2,4})村[:：]")


def village_paragraph(t: str, pos: int) -> bool:
    """POS stands in a paragraph headed by a village's name and a colon, with no 全乡/全镇 after the heading."""
    line = t.rfind("\n", 0, pos) + 1
    if t.find("村", line, pos) < 0:
        return False  # a heading needs its 村
    m = VILLAGE_HEADING.match(t, line, pos)
    return m is not None and _is_village_name(m.group(1)) and TOWNSHIP_SCOPE.search(t, m.end(), pos) is None


def _is_village_name(name: str) -> bool:
    # (四星级村党组织, 市级村: a rating or a level, never a name)
    if name[0] in VILLAGE_GENERIC or name[1] in "个余多" or "级" in name:
        return False
    return not (name in NOT_VILLAGE_NAMES or _not_name3(name))


def _village_end(m: re.Match[str]) -> int:
    return m.end() if _is_village_name(m.group(1)) else -1


def _end(m: re.Match[str]) -> int:
    return m.end()


@lru_cache(maxsize=4)
def _dotted(t: str) -> str:
    return "。" + t


def single_village_long(t: str, lo: int, hi: int) -> bool:
    """single_village for a long sentence, the same answer in time independent of the sentence's length: the
    scans from LO are shared by all figures of the sentence (see etl.reports.spans.best_match)."""
    if lo > 0:
        last = best_match(VILLAGE_NAME, t, lo - 1, hi, _village_end, REACH)
    else:
        last = best_match(VILLAGE_NAME, _dotted(t), 0, hi + 1, _village_end, REACH)
        last = last - 1 if last >= 0 else -1
    last = max(last, best_match(THIS_VILLAGE, t, lo, hi, _end, REACH))
    if last < 0 or _counted_after(t, hi):
        return False
    return not contains_any(t, TOWNSHIP_SCOPE_WORDS, last, hi)


# Another township as a clause's subject (长滩镇共有党员1,480名 in 龙江镇's report; 西岭乡党委同期发展党员9名):
# a name at the clause's start, after an optional time word, followed by what a subject is followed by.
_OTHER_SUBJECT = re.compile(
    r"\s*(?:(?:19|20)\d\d年(?:以来|度|底|末)?|同期|同时|此外|另外|其中|而)?[，,]?\s*"
    r"([\u4e00-\u9fa5]{2,4}(?:[\u4e00-\u9fa5]{1,3}族)?(?:乡|镇|街道))"
    r"(?=党委|党工委|人民政府|政府|纪委|共有|共计|现有|辖|全年|今年|年内|同期|先后|累计|集体经济|有\d|[乡镇]域|位于|地处)"
)
_NOT_IN_TOWNSHIP_NAME = set("省市县区州村年月日度的了与及在对是为将把被等各全本该我不委府这那其每新")
# Joint figures of several townships (三乡镇联合举办党员培训班2期) are no one township's.
# (in a township's document, 12个乡镇街道纪委共立案90件 sums several townships too; in a county's, 24个乡镇党委
# is a part of the county's own count)
_JOINT = skip_ahead(r"(?<![\d一二三四五六七八九十])[两三四五六七八九十](?:个)?乡镇")
_JOINT_COUNTED = re.compile(r"(?<![\d.])\d+个乡镇")
# The county's or district's own organ as a clause's subject (颍东区纪委举办2次业务培训班): its figures are wider.
# (邀请县委党校老师讲党课: the organ as an object of the township's verb is no subject; 该镇依托区委党校…: the report's
# own township, then its verb, is no name of a county)
_WIDER_SUBJECT = re.compile(
    r"\s*(?:今年以来|同时|此外|另外)?[，,]?\s*(?!邀请|请|配合|协助|协调|联系|会同|陪同|争取|依托|按照|根据|经|由|向|在)"
    r"(?:(?![该本我镇乡])[\u4e00-\u9fa5]){2,4}(?:区|县|市|旗)(?:委|纪委|委组织部|人民政府|政府)"
    r"(?!书记|副|的|[\u4e00-\u9fa5]{0,3}(?:正确|坚强|领导|统一|要求|部署))"
)
# A named county, district or city as a clause's subject (东河县共有党员3.2万名, 据统计，东河区全年化解矛盾纠纷2300件):
# in a township's report its figures are wider (社区, 小区, 园区 … are places within, not a county)
_WIDER_NAMED = re.compile(
    r"\s*(?:今年以来|同时|此外|另外|据统计|目前)?[，,]?\s*(?:(?![该本我镇乡全])[\u4e00-\u9fa5]){2,4}"
    r"(?:县|旗|(?<![社小园景辖城片街库山])区|(?<![超城])市)"
    r"(?=共有|共计|现有|辖|全年|今年|年内|同期|先后|累计|有\d)"
)
# An institution the report speaks of, referred to by 该, as a clause's subject (自2019年创建以来,该学院已为26个省份的
# 近8万名干部提供培训服务: the host academy's own record, not the district's figure); 该镇/该县 stay the report's own.
_THIRD_PARTY = re.compile(
    r"\s*(?:今年以来|目前|至今|同时|此外|另外)?[，,]?\s*该(?:学院|学校|大学|公司|企业|协会|商会|医院|银行)"
)
# A clause about the report's own township again (全镇…, 我镇…, 镇党委…) ends another township's scope.
_OWN_AGAIN = re.compile(
    r"\s*(?:(?:19|20)\d\d年\S{0,3}?)?(?:全|本|我|该)?(?:乡|镇|街道)(?:党委|党工委|政府|纪委)?|\s*全(?:乡|镇)|\s*我"
)
_SUFFIX = re.compile(r"(?:乡|镇|街道)$")


def own_names(township: str | None, aliases: list[str]) -> frozenset[str]:
    """The report's own township in every written form, as stems (长城彝族乡, 长城乡 → 长城)."""
    if not township:
        return frozenset()
    return frozenset(_SUFFIX.sub("", base_name(n)) for n in [township, *aliases])


# Every match of _OTHER_SUBJECT, _THIRD_PARTY, _WIDER_SUBJECT, _WIDER_NAMED, _JOINT and _JOINT_COUNTED holds one of
# these characters (乡/镇/街道, 该, 区/县/市/旗): a sentence or clause without any needs none of them tried. A new
# subject regex in foreign_clauses must add its own required character here.
SUBJECT_CHARS = "乡镇街区县市旗该"
_SUBJECT_CHAR = re.compile(f"[{SUBJECT_CHARS}]")


def foreign_clauses(t: str, start: int, end: int, own: frozenset[str], county_doc: bool = False) -> list[int]:
    """The starts of the clauses of the sentence START..END that are about another township than the report's
    (OWN, stems): their subject, or the subject carried from an earlier clause, is a different named 乡/镇/街道,
    or they give a joint figure of several townships (三乡镇联合举办培训班2期，培训党员300人次)."""
    sentence = t[start:end]
    if not any(ch in sentence for ch in SUBJECT_CHARS):
        return []
    out: list[int] = []
    other = False
    starts = [start] + [m.end() for m in _CLAUSE_START.finditer(t, start, end)]
    for s, e in zip(starts, [*starts[1:], end], strict=True):
        if _SUBJECT_CHAR.search(t, s, e) is None:
            # none of SUBJECT_CHARS in the clause: none of the subject regexes below can match; of _OWN_AGAIN only
            # a clause opening with 我 can (its other branches need 乡/镇/街道)
            if other and _ME.match(t, s, e):
                other = False
            if other:
                out.append(s)
            continue
        # (a document of no township, a county's piece listing townships: 织篢镇镇域面积…，下辖27个村 is that one's)
        m = _OTHER_SUBJECT.match(t, s, e)
        if m is None and _THIRD_PARTY.match(t, s, e):
            other = True
        elif own and m is None and (_WIDER_SUBJECT.match(t, s, e) or _WIDER_NAMED.match(t, s, e)):
            other = True
        elif m and "乡镇" in m.group(1):
            pass  # 培训乡镇街道纪委干部: townships in general, not a subject of their own
        elif m:
            stem = _SUFFIX.sub("", base_name(m.group(1)))
            # a name, not a verb before 镇党委 (督促镇纪委…): written more than once in the report
            other = not (
                _NOT_IN_TOWNSHIP_NAME.intersection(stem) or stem in own or stem[-1] in "乡镇" or t.count(m.group(1)) < 2
            ) and (bool(own) or _name_like(stem))
        elif _OWN_AGAIN.match(t, s, e) or (own and _opens_with(t, s, e, own)):
            other = False
        if _JOINT.search(t, s, e) or (own and not county_doc and _JOINT_COUNTED.search(t, s, e)):
            other = True
        if other:
            out.append(s)
    return out


def _opens_with(t: str, s: int, e: int, own: frozenset[str]) -> bool:
    """The clause S..E opens with the report's own township's name (…，石桥镇有党员856名: its own figure again)."""
    while s < e and t[s].isspace():
        s += 1
    return t.startswith(tuple(own), s, e)


# Characters that open or close a phrase before 镇党委 (并由镇党委牵头, 及时向镇上报告), never a name's
_PHRASE_START = frozenset("并由及和与在对为是将把被从到向据按经来以受就全各")
_PHRASE_END = frozenset("由向把被将对从到在据按")


def _name_like(stem: str) -> bool:
    """STEM reads as a township's name, not a phrase ending in 镇 (asked in a document of no township of its own)."""
    return stem[0] not in _PHRASE_START and stem[-1] not in _PHRASE_END


_ME = re.compile(r"\s*我")  # the one branch of _OWN_AGAIN without a character of SUBJECT_CHARS
_CLAUSE_START = re.compile(r"[，；;：:]|,(?!\d{3})")
