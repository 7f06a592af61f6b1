"""Rules learnt from real public documents (shared/realdev, tests/corpus_real/dev): one case per class of rule,
written for this test (never copied from those documents), and the realdev score pinned."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from etl.reports.extract import extract_text
from etl.reports.meta import find_township, find_year
from etl.reports.textclean import clean_text
from tests.scoring import score_directory

REALDEV = Path(os.environ.get("REALDEV_DIR", "/work/shared/realdev"))
DEV = Path(__file__).resolve().parent / "corpus_real" / "dev"


def facts_of(text: str) -> set[tuple]:
    return {(f["indicator"], "masked" if f["masked"] else f["value"], f["target"]) for f in extract_text(text)["facts"]}


@pytest.mark.parametrize(
    "text, expected",
    [
        # a title naming the summary and the next year's plan opens no plan section
        ("2022年度工作总结及2023年工作计划\n今年发展党员12名。", {("party_members_new", 12, False)}),
        # a projection beside the achieved figure is its own target fact, in a clause or in brackets
        (
            "今年发展党员12名，预计年底达到20名。",
            {("party_members_new", 12, False), ("party_members_new", 20, True)},
        ),
        (
            "人均纯收入4000元（预计年底达到4500元）；",
            {("rural_income_per_capita", 4000, False), ("rural_income_per_capita", 4500, True)},
        ),
        (
            "年内发展党员*名,预计年底达到*名。",
            {("party_members_new", "masked", False), ("party_members_new", "masked", True)},
        ),
        # a village's own document yields no township facts; a township's keeps its own
        ("该村共有党员40名，全村培训党员45人次。", set()),
        ("社区党委共有党员90名，本社区开展志愿服务30场次。", set()),
        ("全镇共有党员500名。该村培训党员45人次。", {("party_members_total", 500, False)}),
        # members of the village branches are rural members; machine-branch members are not an indicator
        ("机关党支部党员80名，农村党支部党员500名。", {("party_members_rural", 500, False)}),
        (
            "下设16个支部，其中村党支部14个，党员666人。",
            {("party_branches", 16, False), ("party_branches", 14, False), ("party_members_rural", 666, False)},
        ),
        # the members closing a list of what the committee has, with the classifier 个
        (
            "镇党委下设3个党总支、60个党支部、2000个党员。",
            # the 党总支 are the organisations' level 党总支 (issue #18), never branches
            {("party_orgs_total", 3, False), ("party_branches", 60, False), ("party_members_total", 2000, False)},
        ),
        # a list of the township's units names its village committees
        ("有2个社区居委会，60个居民小组，20个村民委员会。", {("administrative_villages", 20, False)}),
        ("有10个行政村开展了评议。", set()),
        # what stands now (现已成立) is the stock; what was set up in the year is not
        ("现已成立养殖合作社13家。", {("cooperatives", 13, False)}),
        ("今年新成立合作社5家。", set()),
        # 调处 alone once the disputes are named; petitions are not disputes
        ("排查矛盾纠纷30件，调处28件；化解信访案件5件。", {("disputes_resolved", 28, False)}),
        # a stated breakdown in brackets: an item without a trigger word is a part of the figure before
        (
            "下设20个党支部(村党支部15个,机关事业单位5个)。",
            {("party_branches", 20, False), ("party_branches", 15, False), ("party_branches", 5, False)},
        ),
        # partial masks, the classifier 个 before members, and underscores where the number stands
        ("保证全镇xx5个农村党员全覆盖。", {("party_members_rural", "masked", False)}),
        ("参加理论中心组学__次。", {("central_group_study", "masked", False)}),
        # a condition (不足N人的…) is not a count; "once a month" is a rate
        ("党员人数不足3人的与邻近网格合编。", set()),
        ("坚持一月一次集中学习。", set()),
        # the members a measure touches, and a breakdown (X中有党员), are not the total
        ("成立网格党小组10个，涉及党员100多人。", set()),
        ("村干部中有党员40名。", set()),
        # 发展农村党员 counts new members; a quoted programme name is not the counted noun
        ("去年共发展农村党员30名。", {("party_members_new", 30, False)}),
        ("创建“农村党员示范户”示范点7个。", set()),
        # 总支部 is not 支部; production teams are not cooperatives
        # …it is the organisations' level 党总支, as 基层党委 is their level 党委 (issue #18)
        (
            "全区共设立基层党委10个、总支部20个、支部300个。",
            {("party_orgs_total", 10, False), ("party_orgs_total", 20, False), ("party_branches", 300, False)},
        ),
        ("下辖7个行政村,31个生产合作社。", {("administrative_villages", 7, False)}),
        # counts that mean every village of the township
        ("33个村全部进行了直接选举。", {("administrative_villages", 33, False)}),
        ("实现了50个行政村村村有新党员。", {("administrative_villages", 50, False)}),
        (
            "全镇20个行政村集体经济收入均突破10万元。",
            {("administrative_villages", 20, False), ("villages_income_above", 20, False)},
        ),
        ("全镇村集体经济收入稳步增长，年总收入突破900万元。", {("collective_income_total", 900, False)}),
        # study and education sessions are training sessions; exchanges are not; 参加学习 counts participants
        (
            "开展学习教育活动36场次，参加学习党员1000多人次。",
            {("training_sessions", 36, False), ("training_participants", 1000, False)},
        ),
        ("举办了廉政教育、业务学习两场学习教育活动。", {("training_sessions", 2, False)}),
        ("开展学习交流3次。", set()),
        ("30余名农村干部参加了农校大专班的学习。", {("training_participants", 30, False)}),
        # a county's own document (no township, 全县 as its unit) counts the county's figures; a township's does not
        (
            "中共平安县委调研组对平安县党建进行了调研。全县共有党员5000名，在全县200个村中开展评议。",
            {("party_members_total", 5000, False), ("administrative_villages", 200, False)},
        ),
        (
            "石桥镇2023年工作总结。全镇共有党员500名，全县共有党员5000名，在全县200个村中开展评议。",
            {("party_members_total", 500, False)},
        ),
        ("全区有7个村近三年未发展党员。", set()),  # some villages, not all
        ("为辖区10个村的党支部书记讲解政策。", set()),  # the secretaries of the villages
        ("该县12个乡镇共自办案件67件。", {("discipline_cases", 67, False)}),  # a county's figure in its document
        ("今年发展的115名党员中,35岁以下的51名。", {("party_members_new", 115, False)}),
        # 刚过 opens a threshold like 超过
        ("集体经济收入刚过5万元的村有3个。", {("villages_income_above", 3, False)}),
        # a figure summed over several townships, or of the district's own organ, is not the township's
        (
            "石桥镇纪委立案2件。今年以来，某某区纪委坚持重心下移，举办2次业务培训班。12个乡镇纪委共立案90件。",
            {("discipline_cases", 2, False)},
        ),
    ],
)
def test_general_rules_from_real_pages(text: str, expected: set[tuple]) -> None:
    assert facts_of(text) == expected


@pytest.mark.parametrize(
    "text, township",
    [
        ("新闻热点\n某报记者\n平江县石桥镇扎实推进党建工作，全镇面貌一新。", "石桥镇"),  # after its county
        ("近日，在利川市谋道镇举办的志愿服务大赛中，该镇各村同台竞技。", "谋道镇"),  # after a city
        ("我从青山乡调至白沙镇工作，到白沙镇后抓班子带队伍。", "白沙镇"),  # 从 X: where the writer came from
        ("东坡镇位于县城南部，东与梅岭乡接壤，南与柳溪乡交界。全镇辖9个村。", "东坡镇"),  # neighbours
        ("乐安县孔镇建起村级党群服务站，乐安县孔镇今年发展党员6名。", "孔镇"),  # one-character name after its county
        ("全县共有党员5000名。以东山乡、西山乡、南山乡为重点开展调研，县委研究部署。", None),  # a county document
        ("1、镇党委典型材料\n镇党委下设党支部20个，深入实施城镇化战略。", None),  # the name stripped
        ("本人自20__年起任__镇党委副书记、镇长。", None),  # underscores mask the name
        ("一是有些乡镇发展党员不及时。全区各乡镇要高度重视，区委将督查。", None),  # 乡镇 is not a name
    ],
)
def test_township_of_real_pages(text: str, township: str | None) -> None:
    assert find_township(clean_text(text).text)[0] == township


@pytest.mark.parametrize(
    "text, year",
    [
        ("2016发展村级集体经济工作报告\n全镇辖12个村。", 2016),  # a title year whose 年 the site dropped
        ("乡镇调研报告\n全乡辖10个村。2011农村经济总收入为3000万元。", 2011),  # a bare year at a sentence start
        ("今年3月，某镇举办大讲堂。该镇某村举办了2021年度表彰大会。", None),  # 今年 beside an earlier year
        ("发布日期：2023年9月20日\n今年以来，东荣镇化解矛盾纠纷12起。2023年9月13日，镇里召开会议。", 2023),
        ("2019年全乡集体收入××万元，预计2020年项目营业额可达××万元。", 2019),  # a forecast's year
        ("全乡总人口24614人(2015)。2008年农民人均纯收入4725元。", 2015),  # a bracketed data year
        ("某县调研报告\n中共某县委(二00九年十月二十日)\n全县共有党员名。", 2009),  # Chinese digits and 0s
        ("截至2023年底，全区共有党员3000名。", 2023),  # 截至 is not a forecast
        ("- 相关推荐\n2010年度工作总结\n今年以来，全镇发展党员5名。", 2010),  # a site's bullet line is not the title
    ],
)
def test_year_of_real_pages(text: str, year: int | None) -> None:
    assert find_year(clean_text(text).text, []) == year


@pytest.mark.parametrize(
    "text, cleaned",
    [
        ("共有16個(gè)黨支部", "共有16个党支部"),
        ("城關(guān)鎮(zhèn)開展排查", "城关镇开展排查"),
        ("党员(预备)12名", "党员（预备）12名"),  # a bracketed word is not pinyin
        ("女黨(dang) 員142.6萬(wan) 名", "女党员142.6万名"),  # untoned pinyin and the space after it
    ],
)
def test_pinyin_artefacts_are_removed(text: str, cleaned: str) -> None:
    assert clean_text(text).text == cleaned


@pytest.mark.parametrize(
    "text, expected",
    [
        ("全镇设1个总支、28个支部。", {("party_branches", 28, False)}),  # 支部 without 党
        ("机关支部5个，学校支部2个。", {("party_branches", 5, False), ("party_branches", 2, False)}),  # parts
        (
            "設26個支部,其中農村支部有20個、農村黨員900名。",
            {("party_branches", 26, False), ("party_branches", 20, False), ("party_members_rural", 900, False)},
        ),  # 其中 across units
        ("全年解决矛盾纠纷、信访积案41件。", {("disputes_resolved", 41, False)}),  # 解决…纠纷
        ("今年以来化解矛盾30余次。", {("disputes_resolved", 30, False)}),  # 化解矛盾 in 次
        ("2009年农民人均年纯收入3600元。", {("rural_income_per_capita", 3600, False)}),  # 人均年纯收入
        ("全镇人平纯收入4100元。", {("rural_income_per_capita", 4100, False)}),  # 人平
        ("支部书记会议召开5次。", set()),  # a branch secretary is not a branch
        ("全镇辖13个行政村,226个村民组。", {("administrative_villages", 13, False)}),  # an ASCII comma ends a clause
        ("全年培训党员1,960人次。", {("training_participants", 1960, False)}),  # …but not between digits
        (
            "今年已发展党员16名，预计年底发展党员40名。",
            {("party_members_new", 16, False), ("party_members_new", 40, True)},
        ),
        ("2025年,全镇农民人均纯收入预计达到29500元。", {("rural_income_per_capita", 29500, True)}),  # a projection
    ],
)
def test_catalog_words_of_real_text(text: str, expected: set[tuple]) -> None:
    assert facts_of(text) == expected


# Floors below the measured figures (see the commit log for each step); raise them as the rules improve.
REALDEV_BARS = {"f1": 0.98, "precision": 0.99, "township": 0.95, "year": 0.95}
DEV_BARS = {"f1": 0.965, "precision": 0.98, "township": 0.97, "year": 0.97}
# The held-out sets once scored (heldout, heldout3) and dev2 are development material now (issue 11, round 4).
OTHER_DEV_BARS = {
    "dev2": (27, {"f1": 0.95, "precision": 0.92, "township": 0.96, "year": 0.96}),
    "heldout": (22, {"f1": 0.91, "precision": 0.97, "township": 0.99, "year": 0.99}),
    "heldout3": (25, {"f1": 0.98, "precision": 0.97, "township": 0.99, "year": 0.99}),
    # scored once at first sight (F1 .720), development material since round 6 (tests/test_extract_general6.py)
    "heldout4": (35, {"f1": 0.98, "precision": 0.99, "township": 0.97, "year": 0.99}),
    # scored once at first sight (F1 .775), development material since (tests/test_extract_general6.py)
    "heldout5": (49, {"f1": 0.9, "precision": 0.94, "township": 0.95, "year": 0.97}),
    # labelled before the first run (F1 .754, first_run.txt), development material (tests/test_extract_general7.py)
    "dev3": (37, {"f1": 0.94, "precision": 0.97, "township": 0.95, "year": 0.95}),
    # scored once at first sight (F1 .641, first_run.txt), development material since (tests/test_extract_general8.py)
    "heldout6": (54, {"f1": 0.97, "precision": 0.98, "township": 0.94, "year": 0.90}),
    # scored once at first sight (F1 .652, first_run.txt), development material since (tests/test_extract_general10.py)
    "heldout7": (46, {"f1": 0.97, "precision": 0.97, "township": 0.99, "year": 0.97}),
    # scored once at first sight (F1 .742, first_run.txt), development material since (test_extract_general11/12.py)
    "heldout8": (44, {"f1": 0.98, "precision": 0.98, "township": 0.99, "year": 0.95}),
    # labelled before the first run (F1 .606, first_run.txt), development material (tests/test_extract_general13.py)
    "dev4": (40, {"f1": 0.92, "precision": 0.95, "township": 0.94, "year": 0.97}),
    # scored once at first sight (F1 .711, first_run.txt), development material since (tests/test_extract_general15.py)
    "heldout9": (41, {"f1": 0.92, "precision": 0.96, "township": 0.95, "year": 0.93}),
    # labelled before the first run (F1 .760, first_run.txt), development material (tests/test_extract_general14.py)
    "dev5": (40, {"f1": 0.89, "precision": 0.89, "township": 0.92, "year": 0.92}),
    # the later rounds' sets, each labelled before its first run (first_run.txt where it was held out), pinned at
    # stop 29 a little below the figures measured then (dev6 .928, dev7 1.000, heldout10 1.000, heldout11
    # 1.000, heldout12 1.000, heldout13 .896, heldout14 .958, heldout15 .970)
    "dev6": (41, {"f1": 0.91, "precision": 0.9, "township": 0.97, "year": 0.97}),
    "dev7": (25, {"f1": 0.98, "precision": 0.98, "township": 0.96, "year": 0.96}),
    "heldout10": (38, {"f1": 0.98, "precision": 0.98, "township": 0.97, "year": 0.95}),
    "heldout11": (32, {"f1": 0.98, "precision": 0.98, "township": 0.97, "year": 0.95}),
    "heldout12": (30, {"f1": 0.98, "precision": 0.98, "township": 0.96, "year": 0.96}),
    "heldout13": (30, {"f1": 0.88, "precision": 0.98, "township": 0.96, "year": 0.96}),
    "heldout14": (30, {"f1": 0.94, "precision": 0.93, "township": 0.93, "year": 0.96}),
    "heldout15": (30, {"f1": 0.95, "precision": 0.98, "township": 0.93, "year": 0.96}),
}


@pytest.mark.skipif(not (REALDEV / "gold").is_dir(), reason="shared/realdev is not on this machine")
def test_realdev_score_is_pinned() -> None:
    s = score_directory(REALDEV / "docs", REALDEV / "gold")
    print(f"realdev: {s.summary()}")
    assert s.docs == 23
    assert s.f1 >= REALDEV_BARS["f1"] and s.precision >= REALDEV_BARS["precision"], s.misses
    assert s.township_ok / s.docs >= REALDEV_BARS["township"] and s.year_ok / s.docs >= REALDEV_BARS["year"]


def test_real_dev_score_is_pinned() -> None:
    s = score_directory(DEV / "docs", DEV / "gold")
    print(f"corpus_real/dev: {s.summary()}")
    assert s.docs == 45
    assert s.f1 >= DEV_BARS["f1"] and s.precision >= DEV_BARS["precision"], s.misses
    assert s.township_ok / s.docs >= DEV_BARS["township"] and s.year_ok / s.docs >= DEV_BARS["year"]


@pytest.mark.parametrize("name", sorted(OTHER_DEV_BARS))
def test_promoted_real_sets_are_pinned(name: str) -> None:
    docs, bars = OTHER_DEV_BARS[name]
    d = DEV.parent / name
    s = score_directory(d / "docs", d / "gold")
    print(f"corpus_real/{name}: {s.summary()}")
    assert s.docs == docs
    assert s.f1 >= bars["f1"] and s.precision >= bars["precision"], s.misses
    assert s.township_ok / s.docs >= bars["township"] and s.year_ok / s.docs >= bars["year"]


KOUJING_DEV = Path(__file__).resolve().parent / "corpus_real" / "koujing_dev"


def test_koujing_dev_score_is_pinned() -> None:
    """The #18 indicators (党员结构, 流出/流入/失联, 党组织 by level, 书记学历占比, 经营性收入) on real pages labelled
    before the rules were written; the set labels those keys only, so the core keys' facts are left out."""
    s = score_directory(KOUJING_DEV / "docs", KOUJING_DEV / "gold", added=True)
    kept = score_directory(KOUJING_DEV / "docs", KOUJING_DEV / "gold")  # core keys alone: none labelled here
    print(f"corpus_real/koujing_dev: {s.summary()}")
    assert s.docs == 11
    assert s.fp - kept.fp == 0 and s.tp == 42 and s.fn == 0, s.misses
