"""The year a report covers, from its cleaned text (used by etl.reports.meta).

The title's year wins. Else, in a text that calls its own period 今年, a year is taken only where the text ties it to
that period (a date of the period, 'YYYY年以来', the year of the page's own stamp); else the latest data year
written outside the plan sections. Stamps (a site's 发布时间, a newspaper's page date), forecasts, history
(撤乡设镇, 历史沿革), honours (入选2019年…名单) and anniversaries are never the year.
"""

from __future__ import annotations

import re

from etl.reports.sparse import Sparse
from etl.reports.township import title_of

TITLE_YEAR = re.compile(r"((?:19[5-9]|20\d)\d)\s*(?:年度?|-(?:19|20)\d\d年)")
# 镇党委政府14年上半年工作总结: a title that writes its year with two digits before the period it reports
_TITLE_SHORT_YEAR = re.compile(r"(?<![\d.])(\d\d)\s*年(?=[上下]半年|度|全年|第?[一二三四]季度|工作)")
_SINCE_YEAR = re.compile(r"((?:19[5-9]|20\d)\d)\s*年(?:以来|度|全年|工作|上半年|1-\d+月)")
# 2022年以来 anywhere in a 今年 text: the start of the period the text reports on
_SINCE_ONLY = re.compile(r"((?:19[5-9]|20\d)\d)\s*年以来")
_MD = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
# Titles name other years; a full date (2024年1月10日, 2023年一月十二日) is when something happened, not what
# the report covers. (A year and month alone, 2017年8月 or 截止2010年11月底, dates the unit's own work: a data year.)
_DATE_OR_TITLE = Sparse(rf"《[^》]*》|(?:19|20)\d\d\s*年\s*{_MD}\s*月\s*{_MD}\s*日")
_FULL_DATE = re.compile(rf"((?:19|20)\d\d)\s*年\s*({_MD})\s*月\s*{_MD}\s*日")
# A date with its weekday (2020年10月23日 星期五) or its page (2022年08月27日 第04版, 第A3版, 版次:SA21,
# 《工人日报》(2022年09月08日06版)) or its clock time (2022年05月16日 19:21:42, a site's publishing time) is a
# newspaper's or site's stamp, never the period reported on.
_PAGE_STAMP = re.compile(
    rf"(?:19|20)\d\d\s*年\s*{_MD}\s*月\s*{_MD}\s*日"
    r"(?=\s*(?:星期|周[一二三四五六日天]|版次\s*[:：])|[\s:：]*第?\s*[A-Za-z]?\d{1,3}\s*版|\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?(?!\d))"
)
# A site's publishing stamp (发布时间:2022-09-13, 发文时间: | 2021-12-31): its year says which year 今年 is.
_STAMP_YEAR = re.compile(r"(?:日期|时间|发布|更新)[\s:：|]*((?:19|20)\d\d)\s*[-/.年]\s*\d")
# A dated text that dates its current events without a year (5月23日，…对记者说) writes the year only on earlier ones.
_YEARLESS_DATE = re.compile(rf"(?<![\d年\s]){_MD}\s*月\s*{_MD}\s*日")


def _month(s: str) -> int:
    if s.isdigit():
        return int(s)
    return 10 + "一二".find(s[-1]) + 1 if s.startswith("十") and len(s) > 1 else ("一二三四五六七八九十".index(s) + 1)


# A year as data years are written (2023年; a half or quarter with the 年 left out: 开展了2023上半年…拉练), not an age
# (2005年龄), a decade or the bound of an earlier state (2005年以前，全镇…都存在…)
_DATA_YEAR = Sparse(r"(?<!\d)((?:19[5-9]|20\d)\d)\s*(?:年(?!龄|代|以前|之前)|(?=[上下]半年|第?[一二三四]季度))")
# 街道工作总结及2023年工作思路: the title's year after 总结及 is the plan's; the summary's year is in the body
_PLAN_AFTER_SUMMARY = re.compile(r"(?:总结|汇报|报告)[^，。\d]{0,3}(?:及|和|与|暨)\s*\Z")
# Forecasts and goals name a later year (预计2022年项目营业额可达…): not the year reported on. (1996至1998年 is a
# range of data years: 至 after a digit.) 入选2019年全国…名单, 获评2018年度…: an honour's name, not a data year.
# 早在2019年，…就出台了: as early as — history told before the period reported on. 有待在2019年的工作中…完善:
# what is left to a later year.
_FUTURE_YEAR = re.compile(
    r"(?:预计|力争|计划|争取|预期|提前做好|谋划|入选|获评|评为|荣获|列入|早在|布置了?|部署了?|有待在?)\s*$"
)
# 希望各村在2018年…, 期待全镇在2025年…: a wish for a later year
# 根据区委部署要求，2020年实现全乡30%的村集体经济超过10万元: a year the instruction sets a goal for
_REQUIRED_BEFORE = re.compile(r"要求[，,]\s*$")
_GOAL_AFTER = re.compile(r"(?:底|末)?(?:前)?(?:要|将|力争)?(?:实现|达到|确保)")
_WISH_BEFORE = re.compile(r"(?:希望|期望|期待|寄语|号召|勉励)[^。；;，,\n“”]{0,8}?[在于到]\s*$")
# 成立于2011年, 始建于1958年: a founding year, the unit's history (成立于2020年1月, with its month, dates its own work)
_FOUNDED_BEFORE = re.compile(r"(?:成立|建立|始建|创建|组建|设立|创办|建成)于\s*$")
# 到2025年, 至2020年: a goal's year; (2015年至2018年 is a range of data years, as 1996至1998年 is)
# 到2016年6月底 (a month after it) is the date a figure was reached
_UNTIL = re.compile(r"(?<![截\d])(?<!\d年)[到至]\s*$")
_MONTH_AFTER = re.compile(r"\s*\d{1,2}\s*月")
# 至2007年底，发展新党员5690人: the end of a year a figure was reached, when no goal word follows in its sentence
_REACHED = re.compile(r"\s*[底末]\s*[，,](?![^。；;\n]{0,40}?(?:力争|确保|争取|将|要|计划|目标|预计|努力|有望|可达))")
# An honour and its date (于2022年10月被授予…, 2013年2月被…评为) or a year inside an honour's quoted name
# (“2019-2021年度…先进个人”): when the unit was honoured, not a year of its figures
_HONOURED_AFTER = re.compile(
    r"(?:\d{1,2}月)?[，,]?[^。；;\n，,]{0,14}?(?:被[^。；;\n，,]{0,14}?(?:授予|评为|命名|表彰|聘为|聘任|确定为|列为|认定为)"
    r"|获得|荣获|授予[^。；;\n]{0,30}?称号|名单(?:出炉|公布|揭晓)[^。；;\n]{0,16}?上榜"
    # (他于2020年12月当选为蔡川村“两委”负责人: one person's election or appointment, not a year of the figures)
    r"|当选为|被?任命为"
    r"|绩优)"  # (法务部105年度绩优乡镇市调解委员会评核: an evaluation's honour for the year before)
    r"|度?[^。；;\n，,“”]{0,16}?称号"  # (…授予新华镇2012—2013年度国家级生态乡镇称号: the honour's own name)
)
# 2019年7月24日,新发镇入选2019年全国农业产业强镇建设名单: the day an honour was given
_HONOURED_ON = re.compile(
    r"\s*[，,]?[^。；;\n，,]{0,12}?(?:入选|获评|当选为|被?任命为|荣获|获得|被[^。；;\n，,]{0,14}?(?:授予|评为|命名|表彰|列为|认定为|列入))"
)
_QUOTED_BEFORE = re.compile(r"[“\"](?:(?:19|20)\d\d\s*[-—–~至到]\s*)?\Z")
_HONOUR_NAME = re.compile(r"[^”\"\n]{0,30}?(?:先进|优秀|模范|标兵|能手|十佳|十大)[^”\"\n]{0,12}[”\"]")
# 清华大学…研究中心2022年报告指出 / 中国社区发展协会2023年调研数据显示: another body's publication cited
_CITED_BY = re.compile(r"(?:中心|协会|学会|大学|学院|研究院|研究所|研究会|基金会|统计局)\s*\Z")
_CITATION_AFTER = re.compile(r"度?[^。；;\n，,]{0,6}?(?:报告|数据|调查|研究|白皮书)")
# 自2012年以来，…，四年共开展扶持项目14个: the years since counted (四年共, 3年来, 五年间): a span, no one year
_YEARS_COUNTED = re.compile(r"[^。；;\n]{0,80}?[两二三四五六七八九十\d]\s*年(?:来|间|共|累计|中|里)")
# 这是自2024年底…推行…以来: the start of a scheme the text looks back from, not a year of its figures
_SINCE_START = re.compile(r"自\s*$")
_SINCE_END = re.compile(r"[^。；;\n]{0,60}?以来")
# A data year in brackets (总人口24614人(2017)) or one whose 年 the site dropped at a sentence start (。2010农村…).
# A flattened statistical table's header of year columns (Item 2005 2010 2013, 指标 2021 2022): its latest column
_YEAR_COLUMNS = re.compile(r"^[^\d\n]{0,30}?((?:19|20)\d\d(?:[ \t]+(?:19|20)\d\d)+)[ \t]*$", re.M)
# 2015—2017三年间: a range of data years counted in years, its 年 written after the count only: its last year
_COUNTED_RANGE = re.compile(
    r"(?<!\d)(?:19|20)\d\d\s*[-—–~至到]\s*((?:19|20)\d\d)(?=\s*[两二三四五六七八九十]\s*年(?:间|来|中|里|内|时间))"
)
_BRACKET_YEAR = re.compile(r"[（(]((?:19[5-9]|20\d)\d)[)）]")
_BARE_YEAR = re.compile(
    r"(?:^|(?<=[。；;\n]))((?:19[5-9]|20[0-4])\d)(?=[\u4e00-\u9fa5])(?![人名个户元万亿次件项场期家所条位年卷])", re.M
)
# A year of the 1980s or 1990s written with two digits at a clause's start (。98年粮食产量…, 全乡97年被…命名为), in a
# text with no year of four digits; not a span (80年代, 90年来) or an age
_SHORT_YEAR = re.compile(
    r"(?:^|(?<=[。；;，,\n])|(?<=全乡|全镇))([89]\d)年(?![代来以间多余前后内龄])(?=[\u4e00-\u9fa5])", re.M
)
# (2010卷: a yearbook's volume, published the year after the one it reports)
_TITLE_BARE_YEAR = re.compile(r"^((?:19[5-9]|20[0-4])\d)(?=[\u4e00-\u9fa5])(?![人名个户元万亿次件项场期家所条位卷])")
# The report speaks of its own year as 今年 (今年以来, 今年3月, 今年第一季度, 今年，…): a year written beside it is an
# earlier one.
_THIS_YEAR = re.compile(
    r"今年(?:以来|来|初|上半年|前三季度|第?[一二三四1-4]季度|\d{1,2}月|[一二三四五六七八九十]{1,2}月|元月|正月)"
    r"|今年(?:年底|底)|在今年|今年(?:与|和|比)去年|今年\d{1,2}\s*(?:至|到|-|—|－)\s*\d{1,2}月|今年第?[一二三四1-4]季"
)
# 2011年以来，相继在广东、长沙等地成立…: events one after another over a span of years
_ONE_AFTER_ANOTHER = re.compile(r"\s*[，,]?[^。；;，,]{0,6}?(?:相继|先后|陆续)")
_STAMP = re.compile(r"(?:日期|发布|时间|来源|更新)[:：]?\s*$")
# An official document's own number on its own line (青夏街〔2022〕41号): the year it was issued.
_DOC_NUMBER = re.compile(r"^[^\n〔]{1,12}[〔\[［]((?:19|20)\d\d)[〕\]］]\s*\d{1,4}\s*号\s*$", re.M)
# An event's dates on their own line under its title, as training classes and meetings print them:
# 第7期全国民族乡镇党政领导干部培训班 / (2011.11.11—11.25)
_TITLE_PERIOD = re.compile(
    r"^\s*[（(]\s*((?:19|20)\d\d)[.．]\d{1,2}[.．]\d{1,2}\s*[—－–~～-]+\s*[\d.．]+\s*[)）]\s*$", re.M
)
# A profile's history section (历史沿革:) lists the unit's past, not the years of its figures.
_HISTORY_HEADING = re.compile(r"^\s*(?:历史沿革|建置沿革|沿革|历史)\s*[:：]?\s*$", re.M)
# A profile's heading line: a few characters alone on their line (组成, 经济, 党的建设)
_SHORT_HEADING = re.compile(r"^[ \t]*[\u4e00-\u9fff]{2,6}[ \t]*[:：]?[ \t]*$", re.M)


# 1992年撤、并、建 / 1940年设二道乡 / 从1997年始 / 2019年进行了调整 / 1958年9月,并入青山公社: a year of the unit's
# history, not of its figures; “2025年，锦界镇将继续…”: a year of plans; 针对2020年度查摆的问题: an earlier review
_EVENT_OR_PLAN_AFTER = re.compile(
    r"[^。；;\n]{0,14}?(?:撤|建镇|建乡|设立|建制|区划|进行了调整|更名|划归|改名|改称|复归|恢复[乡镇区县]|划入|并入|入选)"
    r"|始[，,]|设[^。，,；]{1,4}[乡镇]"
    r"|[，,]?[^。；;\n，,]{0,5}将(?!近)|度?(?:查摆|查找|排查出|巡察反馈|反馈)的"
    r"|[^。；;\n，,]{0,12}?(?:进行了?|作了|作出了?|做出了?)(?:安排)?部署"
    r"|度?(?:各项)?工作(?:思路|计划|打算|要点)"  # (汇报2022年工作成效、2023年工作思路: the plan's year)
    r"|度?(?:财政)?预算[(（]草案"  # (2019年财政预算(草案): the budget drafted for the coming year)
    # 2009年，在…的背景下，…福保街道正式成立: the sentence that founds the unit, however long its preamble
    r"|[，,][^。；;\n]{0,50}?(?:街道|镇|乡)(?:办事处)?正式(?:挂牌)?成立[，,。]"
    # 2001年1月成立居委会, 在2003年6月江城居民委员会…的一部分合并而成卫星社区居民委员会: a community's or village's
    # founding and merger, its history
    r"|(?:\d{1,2}月)?[，,]?成立(?:了)?(?:居委会|村委会|居民委员会|村民委员会|社区)"
    r"|[^。；;\n]{0,40}?合并(?:而成|组建|成立)"
)


# A page's own stamp near its top: 发布时间:2018-05-11, or the date and time alone on a line (2018-05-11 14:58:05)
_STAMP_LINE = re.compile(
    r"^[ \t]*((?:19|20)\d\d)[-/.]\d{1,2}[-/.]\d{1,2}(?:[ \t]*\d{1,2}:\d{2}(?::\d{2})?)?[ \t]*$", re.M
)


# 从2012年的5947万元上升到2015年的…: the later year of a rise told from one year to another is a data year
_FROM_YEAR = re.compile(r"从\s*(?:19|20)\d\d\s*年[^。；;\n]{0,30}?[到至]\s*$")


def _line_end(text: str, d: re.Match[str]) -> bool:
    """The date D ends its line (a signature's date, 2022年1月5日 under the report)."""
    end = text.find("\n", d.end())
    return not text[d.end() : len(text) if end < 0 else end].strip()


def _page_stamp_year(text: str) -> int | None:
    """The year of the page's own stamp within its first 300 characters, if any."""
    m = _STAMP_YEAR.search(text, 0, 300) or _STAMP_LINE.search(text, 0, 300)
    return int(m.group(1)) if m else None


# 开展2019年度村社主职干部述职, 2022年度民主生活会: a review of a year
_YEAR_REVIEW = re.compile(r"(?:19|20)\d\d\s*年度[^。；;，,\n]{0,14}?(?:述职|考核|考评|评议|民主生活会)")


# A newspaper's page: its issue date stands alone on a line above the article (本报讯, 记者…)
_NEWSPAPER = re.compile(r"本报讯|本报记者|日报|晚报|报社|刊号")


def _issue_date(text: str, d: re.Match[str]) -> bool:
    """The full date D is a newspaper's issue date: alone on its line near the top of a newspaper's page."""
    line = text.rfind("\n", 0, d.start()) + 1
    end = text.find("\n", d.end())
    alone = not text[line : d.start()].strip() and not text[d.end() : len(text) if end < 0 else end].strip()
    return alone and d.start() < 300 and _NEWSPAPER.search(text, 0, 600) is not None


def _quoted(text: str, at: int) -> bool:
    """AT stands inside a quotation opened earlier in its paragraph (“今年初,我们村…”): a speaker's words, whose 今年
    is the speaker's year, not the text's own period."""
    line = text.rfind("\n", 0, at) + 1
    return text.rfind("“", line, at) > text.rfind("”", line, at)


def _honour_name(text: str, start: int, end: int) -> bool:
    """The year at [START, END) stands inside an honour's quoted name (“2019-2021年度…先进个人”)."""
    return (
        _QUOTED_BEFORE.search(text, max(0, start - 8), start) is not None and _HONOUR_NAME.match(text, end) is not None
    )


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


# 全县…总收入以2013年为基数翻一番: a sentence that sets a baseline year states goals; none of its years is reported on
_BASELINE = re.compile(r"以\s*(?:19|20)\d\d\s*年(?:底|末)?(?:为|作为)(?:基数|基础|基期|基准)")


# 今后，嘎查将…在2012年开展…: a sentence of plans names their years
# (…围绕2015年…进行了述职，随后，…要求把今后的工作做得更好: an exhortation, no plan of its own)
_PLAN_SENTENCE = re.compile(r"(?<!把)今后|下一步|下阶段|下一阶段|明年")
# A site's list of other articles after the text (相关阅读, 推荐阅读): their titles' years are not the text's
_RELATED = re.compile(
    r"^\s*(?:相关阅读|相关新闻|相关文章|相关链接|推荐阅读|延伸阅读|热点推荐|热门推荐)\s*[:：]?\s*$", re.M
)


def _without_goals(body: str) -> str:
    """BODY with each sentence that sets a baseline year or speaks of plans blanked."""
    for m in [*_BASELINE.finditer(body), *_PLAN_SENTENCE.finditer(body)]:
        # (a line of an outline, (二)下一步工作计划, ends at its line break)
        lo = max(body.rfind("。", 0, m.start()), body.rfind("\n", 0, m.start())) + 1
        hi = min((i for i in (body.find("。", m.end()), body.find("\n", m.end())) if i >= 0), default=len(body))
        body = body[:lo] + " " * (hi - lo) + body[hi:]
    return body


def find_year(text: str, plan_starts: list[int]) -> int | None:
    """The year the report covers: the title's year, 'YYYY年以来' near the start; in a text that calls its
    period 今年, the year of a date in it, of 'YYYY年以来' or of its own stamp (else none: its other years are
    earlier ones); else the latest data year written outside the plan sections and its history section, a
    forecast's year left out; else the year of its document number."""
    text = _PAGE_STAMP.sub(_blank, text)  # a newspaper's page header: 2020年10月23日 星期五, 2022年08月27日 第04版
    title = title_of(text)
    m = TITLE_YEAR.search(title) or _TITLE_BARE_YEAR.match(title)
    if m and _PLAN_AFTER_SUMMARY.search(title, 0, m.start()):  # the plan's year is not the summary's
        at = text.find(title)
        text = text[: at + m.start()] + " " * (m.end() - m.start()) + text[at + m.end() :] if at >= 0 else text
        m = None
    m = m or _TITLE_PERIOD.search(text, 0, 300)
    if m:
        return int(m.group(1))
    short = _TITLE_SHORT_YEAR.search(title) if "年" in title else None
    if short:
        yy = int(short.group(1))
        return 2000 + yy if yy <= 49 else 1900 + yy
    first_plan = min(plan_starts) if plan_starts else len(text)
    history = _HISTORY_HEADING.search(text, 0, first_plan)
    # (the history section ends at the profile's next heading, 组成 / 党建: what follows it is the profile's again)
    after = _SHORT_HEADING.search(text, history.end(), first_plan) if history else None
    if history and after:
        text = text[: history.start()] + " " * (after.start() - history.start()) + text[after.start() :]
    for end in (None if after else history, _RELATED.search(text, 0, first_plan)):
        first_plan = end.start() if end else first_plan
    # (2019年7月24日,新发镇入选…名单: the day of an honour, not a date of the unit's figures)
    dates = [
        d
        for d in _FULL_DATE.finditer(text)
        if not _STAMP.search(text, max(0, d.start() - 8), d.start())
        and not _issue_date(text, d)
        and not _HONOURED_ON.match(text, d.end())
    ]
    # (a speaker's quoted 今年 at a year's review, 开展2019年度…述职, is the year reviewed)
    review = _YEAR_REVIEW.search(text, 0, first_plan) is not None
    this_year = any(not (review and _quoted(text, t.start())) for t in _THIS_YEAR.finditer(text, 0, first_plan))
    if this_year and dates and not _YEARLESS_DATE.search(_FULL_DATE.sub(_blank, text)):
        return _dated(text, dates[-1])
    body = _without_goals(_DATE_OR_TITLE.sub(_blank, text[:first_plan]))
    # (2005年以前，全镇…都存在…: the bound of an earlier state, no data year)
    years = [
        int(y.group(1))
        for y in _DATA_YEAR.finditer(body)
        if not _FUTURE_YEAR.search(body, max(0, y.start() - 5), y.start())
        and not (
            _UNTIL.search(body, max(0, y.start() - 3), y.start())
            and not _MONTH_AFTER.match(body, y.end())
            and not _REACHED.match(body, y.end())
            and not _FROM_YEAR.search(body, max(0, y.start() - 40), y.start())
        )
        and not _EVENT_OR_PLAN_AFTER.match(body, y.end())
        and not _HONOURED_AFTER.match(body, y.end())
        and not _honour_name(body, y.start(), y.end())
        and not (_CITED_BY.search(body, max(0, y.start() - 4), y.start()) and _CITATION_AFTER.match(body, y.end()))
        and not (_SINCE_START.search(body, max(0, y.start() - 2), y.start()) and _SINCE_END.match(body, y.end()))
        and not _WISH_BEFORE.search(body, max(0, y.start() - 14), y.start())
        and not (_REQUIRED_BEFORE.search(body, max(0, y.start() - 4), y.start()) and _GOAL_AFTER.match(body, y.end()))
        and not (
            _FOUNDED_BEFORE.search(body, max(0, y.start() - 4), y.start()) and not _MONTH_AFTER.match(body, y.end())
        )
    ]
    m = _SINCE_YEAR.search(text, 0, min(200, first_plan))
    # (2021年度表彰大会 beside 今年 is an earlier event, 针对2020年度查摆的问题 an earlier review; 2011年以来 opens a
    # review of several years when the text goes on to a later data year: 到2016年6月底…达7520万元)
    earlier = m is not None and (
        _EVENT_OR_PLAN_AFTER.match(text, text.index("年", m.start()) + 1) is not None
        or _honour_name(text, m.start(1), m.end(1) + 1)
        or _HONOURED_AFTER.match(text, text.index("年", m.start()) + 1) is not None
        or _FUTURE_YEAR.search(text, max(0, m.start() - 5), m.start()) is not None
        # (自2012年以来，该中心…结对帮扶…，四年共开展…项目14个: the start of a span the text counts in years)
        or (m.group(0).endswith("以来") and _YEARS_COUNTED.match(text, m.end()) is not None)
        or (m.group(0).endswith("以来") and _ONE_AFTER_ANOTHER.match(text, m.end()) is not None)
    )
    since = m is not None and m.group(0).endswith("以来") and not this_year
    span = since and max(years, default=0) > int(m.group(1))  # type: ignore[union-attr]
    # (2024年以来，…。2025年2月13日，…居民小马…: an event dated later within the period the text opened)
    opened = None if this_year or not dates else _SINCE_ONLY.search(body)
    later = [y for d in dates if opened and (y := int(d.group(1))) > int(opened.group(1)) and not _line_end(text, d)]
    span = span or (since and bool(later))
    # (12月22日，…开展了2021年度…培训: a year's own event late in that year, not an earlier one beside 今年)
    year_end = _LATE_IN_YEAR.search(text, max(0, m.start() - 30), m.start()) if m else None
    if m and not (this_year and m.group(0).endswith("度") and not year_end) and not earlier and not span:
        return int(m.group(1))
    if this_year:
        return _this_year(text, body, years)
    years += later
    years += [int(y) for y in _BRACKET_YEAR.findall(body)]
    years += [int(y) for y in _COUNTED_RANGE.findall(body)]
    years += [max(int(y) for y in c.split()) for c in _YEAR_COLUMNS.findall(body)]
    stamp = _page_stamp_year(text)
    if stamp:  # (a page of 2018 that names 2019 and 2020 speaks of plans)
        years = [y for y in years if y <= stamp]
    if years:
        return max(years)
    bare = _BARE_YEAR.findall(body) or [f"19{y}" for y in _SHORT_YEAR.findall(body)]
    if bare:
        return max(int(y) for y in bare)
    if dates:  # (a date in a news lede, 2022年1月4日，刚参加完…, is the event's, not a signature's)
        return _dated(text, dates[-1], signed=dates[-1].start() > len(text) * 0.6)
    number = _DOC_NUMBER.search(text)
    return int(number.group(1)) if number else None


def _this_year(text: str, body: str, years: list[int]) -> int | None:
    """The year of a text that calls its period 今年: the year its body opens with (2022年，东港街道…。现将我街道今年
    工作总结如下), where 'YYYY年以来' opens the period, or where the page's own stamp names the same year as a data year
    of the text (2022年已常态化开展… under 发布时间:2022-09-13)."""
    opening = _OPENING_YEAR.match(body)
    if opening:
        return int(opening.group(1))
    since = _SINCE_ONLY.search(body)
    # (今年以来，…。2011年以来，相继在…成立: a span of years whose events came one after another is no one year)
    if since and _ONE_AFTER_ANOTHER.match(body, since.end()) is None:
        return int(since.group(1))
    stamp = _STAMP_YEAR.search(text)
    if stamp and int(stamp.group(1)) in years:
        return int(stamp.group(1))
    # (今年以来…。2023年全镇共评出…: the year of the whole unit's tally, the only year the text writes)
    tally = _TALLY_YEAR.search(body)
    if tally and set(years) == {int(tally.group(1))}:
        return int(tally.group(1))
    own = _OWN_TASK.search(body) or _DOC_NUMBER.search(text)  # (长委〔2011〕44号 … 决定于今年8月: the notice's year)
    return int(own.group(1)) if own else None


# A body that opens with its year (a title line before it at most): 2022年，东港街道坚决贯彻…
_OPENING_YEAR = re.compile(r"\s*(?:[^\n]{0,60}\n\s*)?((?:19|20)\d\d)\s*年\s*[，,]")
# A date without its year in the last quarter (10月…12月)
_LATE_IN_YEAR = re.compile(r"(?<![\d年])(?:1[0-2]|十[一二]?)\s*月\s*\d{0,2}\s*日?")

# 2023年全镇共评出…, 2022年,全乡共发展党员…: a year's tally of the whole unit
_TALLY_YEAR = re.compile(r"((?:19|20)\d\d)\s*年\s*[，,]?\s*全(?:镇|乡|街道|区|县|市)[^。；;，,\n]{0,6}?共")

# 今年以来…完成2016年清洁乡村考核任务: the year's own task names the year the text calls 今年
_OWN_TASK = re.compile(r"(?:完成|落实|抓好|做好)((?:19[5-9]|20\d)\d)\s*年[^。；;，,\n]{0,12}?(?:任务|目标任务)")


def _dated(text: str, d: re.Match[str], signed: bool = False) -> int:
    """The year of a date; a report signed early in a year (the date alone on its line, or the only year the
    text has) covers the year before."""
    y, month = int(d.group(1)), _month(d.group(2))
    alone = not text[text.rfind("\n", 0, d.start()) + 1 : d.start()].strip()
    return y - 1 if month <= 3 and (signed or alone) else y
