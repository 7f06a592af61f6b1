"""Classes of rules from heldout12's first run (F1 .780, township .900, year .900): each a table of short phrasings
in the way real reports write them, with the negatives that keep the rule from reaching too far."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text
from etl.reports.meta import find_year
from etl.reports.township import find_township
from tests.test_extract_general8 import values_of


@pytest.mark.parametrize(
    "text, township",
    [
        # a verb before the rank 乡科级 is no township (反映乡科级干部 is not 反映乡)
        ("从被反映人的职级来看，反映乡科级干部和农村干部的较为突出。反映乡科级117件、占27%。", None),
        # 镇属 is "the town's own": 两间镇属水泥厂 is two cement works, not a town 两间镇; the district masked, the
        # town in clear after it is the name
        (
            "近年来，*区新华镇党委坚持两手抓。彻底关闭在城区的两间镇属水泥厂。2002年新华镇被评为先进单位。",
            "新华镇",
        ),
        # 镇属于 is still a name and its verb
        ("红星镇属于丘陵地带。红星镇党委抓党建。", "红星镇"),
        # a city's paper (我市…全市) telling one village's story by its township's name
        (
            "我市严格落实联审机制，对全市村两委成员逐一排查。枣强县马屯镇沈家村原本以种植为主。"
            "“选对一个带头人。”马屯镇党委书记说。组织全市300个重点村的书记实训。全市共派出1001名干部。",
            None,
        ),
        # a township's own piece that names the city once stays the township's
        (
            "马屯镇党委坚持党建引领。全镇共有党员1200名。我市组织部到马屯镇调研。马屯镇各村集体经济收入均超过10万元。",
            "马屯镇",
        ),
    ],
)
def test_township_word_fragments_and_city_papers(text: str, township: str | None) -> None:
    assert find_township(text)[0] == township


@pytest.mark.parametrize(
    "text, year",
    [
        # the day of an honour is not a date of the unit's figures
        ("新发镇位于五大连池市区南部。2019年7月24日,新发镇入选2019年全国农业产业强镇建设名单。下辖10个行政村。", None),
        ("新发镇位于市区南部。2019年7月24日,新发镇被农业农村部评为全国农业产业强镇。", None),
        # a date of the unit's own work still dates it
        ("新发镇位于市区南部。2019年7月24日,新发镇召开党建工作会议。", 2019),
        # 自…以来 and then the years counted: a span, no one year
        ("燕门乡巴东村扶贫\n自2012年以来，该中心与燕门乡政府结对帮扶开展扶持项目，四年共开展扶持项目14个。", None),
        # 自…以来 as the only year, no span counted, stays the year (heldout5 s01)
        ("宁城县习字镇辖34个行政村。自2014年以来，党的群众路线教育实践活动被作为学习活动的载体。", 2014),
        # a title's year written with two digits before the period it reports
        ("镇党委政府14年上半年工作总结及下半年工作思路\n全镇66个村配备了计生专干。", 2014),
        ("镇党委98年度工作总结\n全镇党员1200名。", 1998),
        # two digits that are no year: a count of years
        ("镇党委10年来工作回顾\n全镇党员1200名。", None),
    ],
)
def test_honour_dates_spans_and_two_digit_titles(text: str, year: int | None) -> None:
    assert find_year(text, []) == year


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # a quoted chain of levels joined by dashes counts each level
        ("陶家镇重塑网格。形成“镇指挥中心—四大板块—30个村(社)网格—132个微网格”治理链条。", "grids_total", {132}),
        # a range inside quotes is still a name
        ("陶家镇推行“1—3个”工作法。", "grids_total", set()),
        # the households the grid workers cover (家庭户 are households)
        ("周王镇吸纳网格员145人、网格信息员151人,共联系5661家庭户。", "grid_households", {5661}),
        ("周王镇每名网格员联系30户。", "grid_households", set()),
        # 农村人均年收入 is the residents' income per head
        ("新华镇概况。2002年,财政收入2.77亿元,农村人均年收入8241元。", "rural_income_per_capita", {8241}),
        ("新华镇概况。城镇人均年收入18241元。", "rural_income_per_capita", set()),
        # 100% of the township's villages over a threshold: all of them, so also the villages
        ("和平镇全镇23个行政村100%实现经营性收入超20万元。", "administrative_villages", {23}),
        ("和平镇全镇23个行政村均实现经营性收入超20万元。", "administrative_villages", {23}),
        ("和平镇有5个行政村实现经营性收入超20万元。", "administrative_villages", set()),
        # the members working away, however the text names them
        (
            "高桥镇把辖区长期在外务工的311名“失联党员”组织起来加入“流动党支部”。",
            "party_members_floating",
            {311},
        ),
        ("高桥镇在外务工的45名党员建立微信群。", "party_members_floating", {45}),
        # unquoted, 失联党员 is the count of members out of contact, another indicator
        ("高桥镇在外务工的12名失联党员已全部找回。", "party_members_floating", set()),
        # after 其中, a group narrowed by a 的-phrase (the whole never counted) is some of them
        (
            "高桥镇取得了显著成效,其中以修脚产业为主的137名流动党员采取结对帮扶方式。",
            "party_members_floating",
            set(),
        ),
        ("高桥镇有流动党员137名。", "party_members_floating", {137}),
        # branches of a kind set up until the party's organisations cover every unit are all of that kind
        (
            "某市全域推行支部建在网格上,共建立网格党支部251个,党的组织和工作实现全覆盖。",
            "party_branches",
            {251},
        ),
        ("陶家镇同步建立网格党支部10个、网格党小组19个,实现网格党组织全覆盖。", "party_branches", {10}),
        # some branches set up (the members' management covered, or no coverage at all)
        ("在外出务工集中地设立党支部6个，实现流动党员管理全覆盖。", "party_branches", set()),
        ("某市共建立网格党支部251个。", "party_branches", set()),
        # a quoted name right after the word is what the figure counts
        ("某市建设网格“微阵地”217个。", "grids_total", set()),
        ("某镇划分“红色”网格120个。", "grids_total", {120}),
        # 集中培训 names its trainees as 培训 does
        ("我市陆续举办30期市级重点培训班,集中培训乡村基层干部2959人。", "training_participants", {2959}),
        ("我市陆续举办30期市级重点培训班,集中培训乡村基层干部2959人。", "training_sessions", {30}),
        ("某镇集中培训3期。", "training_participants", set()),
    ],
)
def test_heldout12_classes(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


def test_branches_of_a_grid_kind_are_a_part() -> None:
    facts = extract_text("某市共建立网格党支部251个,党的组织和工作实现全覆盖。")["facts"]
    assert [f["attrs"] for f in facts if f["indicator"] == "party_branches"] == [{"type": "网格"}]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a page listing townships as numbered entries: each entry's figures are its township's, none the page's
        (
            "1、南木达镇壤塘县南木达镇位于壤塘县北部,是则曲河五乡(镇)经济文化中心。全镇辖7个行政村,共有12个党支部200名党员。\n"
            "2、中壤塘镇中壤塘镇位于壤塘县北部,东连本县上壤塘乡,南接本县蒲西乡。全镇辖9个行政村。",
            [],
        ),
        # a township report's numbered items are no entries
        (
            "红星镇工作总结\n1、加强城镇建设。全镇辖7个行政村。\n2、推进集镇改造。红星镇党委抓党建。",
            [("administrative_villages", 7)],
        ),
    ],
)
def test_township_entries(text: str, expected: list[tuple[str, float]]) -> None:
    assert [(f["indicator"], f["value"]) for f in extract_text(text)["facts"]] == expected
