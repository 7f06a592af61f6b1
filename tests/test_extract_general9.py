"""Classes of rules from the real sets heldout6 and dev2 (issue #11, round 9), each a table of short phrasings in the
way real reports write them, with the negatives that keep the rule from reaching too far (the sets' scores are
pinned in tests/test_extract_real.py)."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text
from etl.reports.meta import find_year
from etl.reports.textclean import clean_text
from tests.test_extract_general8 import values_of


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the attempts, then the successful ones: the resolved count is the second
        ("全镇各级调解组织共调解民间纠纷412件，调解成功405起，调解率达100%。", "disputes_resolved", {405}),
        ("全镇化解矛盾纠纷30件，成功化解28件。", "disputes_resolved", {28}),
        ("全镇化解矛盾纠纷30件，其中成功化解28件。", "disputes_resolved", {28}),
        ("化解矛盾纠纷30件，成功调处信访案件8件。", "disputes_resolved", {30}),
        ("化解矛盾纠纷30件，调解率达100%。", "disputes_resolved", {30}),
        # prevented from escalating is not resolved
        ("防止民间纠纷激化15起，制止群体性械斗4起。", "disputes_resolved", set()),
        ("调解矛盾纠纷15起。", "disputes_resolved", {15}),
        # service points set up in the grids are not grids
        ("打造各类网格党群服务点120个。", "grids_total", set()),
        ("全镇共划分网格120个。", "grids_total", {120}),
        # 7个行政村86个自然组: the second figure counts the natural groups
        ("深入全镇7个行政村86个自然组，指导春耕生产。", "administrative_villages", {7}),
        ("全镇辖7个行政村、86个自然村。", "administrative_villages", {7}),
    ],
)
def test_disputes_grids_and_groups(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the township's party committee (乡委员会) is not a branch committee member
        ("团结乡委员会共有16个党支部，47个党小组。", "party_branches", {16}),
        ("全镇18个党支部书记、委员参加了培训。", "party_branches", set()),
        ("各村支部委员、组织委员共36人。", "party_branches", set()),
        # branches set up under a programme (建立…网格支部N个) are not the stock, nor grids
        ("全区共划分1022个综合网格，建立红网格支部719个、网格党小组2449个。", "party_branches", set()),
        ("全区共划分1022个综合网格，建立红网格支部719个、网格党小组2449个。", "grids_total", {1022}),
        ("全镇共有党支部28个，党员916名。", "party_branches", {28}),
        # 我乡有三个村上了程控电话: some of the villages did something; a bare statement of them is all of them
        ("我乡有三个村上了程控电话，三个村安装了闭路电视。", "administrative_villages", set()),
        ("全镇有12个行政村、3个社区。", "administrative_villages", {12}),
        ("我镇有12个村。", "administrative_villages", {12}),
        # (a wide gap between two Chinese words is the column gap of a flattened page)
        ("是两乡的交界河。有 8 个村委会                中小学“营养餐”全覆盖。", "administrative_villages", {8}),
        ("交界河。有8个行政村通了油路。", "administrative_villages", set()),
    ],
)
def test_branch_committees_setups_and_village_subsets(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # practical and technical training the township runs counts (realdev NOTES); jobs skills training does not
        ("全镇举办农村实用技术培训班12场次，受训群众达800余人次。", "training_sessions", {12}),
        ("组织开展果树种植、畜禽养殖技术培训6期，培训党员群众320人次。", "training_participants", {320}),
        ("举办就业技能培训班3期，培训外出务工人员120人。", "training_sessions", set()),
        ("举办就业技能培训班3期，培训外出务工人员120人。", "training_participants", set()),
        # a total stated as a sum, then its breakdown by kind in the sentences after it
        (
            "全年共举办各级培训班64期，培训党员干部5200人次。举办种养技术培训班30期，培训2100人次；举办电商培训班"
            "12期，培训800人次。",
            "training_sessions",
            {64},
        ),
        (
            "全年共举办各级培训班64期，培训党员干部5200人次，其中培训村干部1200人次。举办种养技术培训班30期，培训"
            "2100人次；举办电商培训班12期，培训800人次。",
            "training_participants",
            {5200},
        ),
        # separate trainings, no sum: each stands
        (
            "开展培训班2期，培训党员438人次；开展发展对象培训班2期，培训20余人次；创建示范点，培训群众100余人。",
            "training_participants",
            {438, 20, 100},
        ),
        ("开展中心组学习12次、党纪学习教育培训12次、村干部业务培训班2期、培训班2期。", "training_sessions", {12, 2}),
    ],
)
def test_practical_training_and_breakdowns(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


def test_county_bureau_names_the_county() -> None:
    text = "广西三江县农业局开展技术培训\n今年以来，三江县农业局在全县15个乡镇举办技术培训班244期，培训农民10590人次。"
    out = extract_text(text)
    assert out["township"] is None and out["county"] == "三江县"
    assert {(f["indicator"], f["value"]) for f in out["facts"]} == {
        ("training_sessions", 244),
        ("training_participants", 10590),
    }


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the trainees of a class, in tens with 几, or as the first of two groups with no total
        ("来自全镇32个党组织的六十几名入党积极分子参加了现场培训。", "training_participants", {60}),
        ("各支部上报的24名发展对象和2名预备党员参加了集中培训。", "training_participants", {24, 2}),
        ("各支部上报的24名发展对象和2名预备党员到红色教育基地参观。", "training_participants", set()),
        # members that modify a longer noun (…党员干部远程教育站点) are not counted
        ("建设了86个农村党员干部现代远程教育终端接受站点。", "party_members_rural", set()),
        ("保证全镇27个农村党员全覆盖。", "party_members_rural", {27}),
    ],
)
def test_trainee_groups_and_modifiers(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, township",
    [
        # a verb before 镇 (听取镇包队领导, 全面压实镇委) makes no township name
        ("通过听取镇包队领导、驻村干部的意见，逐村排查。", None),
        ("三是要全面压实镇委推进整顿工作的责任。", None),
        ("青山镇党委召开会议，听取青山镇各村汇报。", "青山镇"),
    ],
)
def test_verbs_before_a_township_word(text: str, township: str | None) -> None:
    assert extract_text(text)["township"] == township


COUNTY_LISTING = (
    "阳西县委组织部：乡村治理示范创建\n阳西县委组织部介绍，全县共有行政村160个。\n"
    "织贡镇镇域面积331平方公里，下辖27个村、10个社区。织贡镇先后获评广东省卫生镇。\n"
    "上洋镇镇域面积171平方公里，管辖18个村委会和1个居民委员会。上洋镇全面部署。\n"
    "溪头镇镇域面积100平方公里，下辖12个村。溪头镇先后获评。"
)
PASSING = (
    "古田县推进党支部领办合作社\n去年，卓洋乡党委书记带队考察。凤都镇一位党员说，合作社带来了收入。"
    "城东街道也组织了观摩。"
)


@pytest.mark.parametrize(
    "text, township, facts",
    [
        # a county's piece listing townships: no township of its own, their figures are theirs, the county's stay
        (COUNTY_LISTING, None, {("administrative_villages", 160)}),
        # several townships named once each, none standing out: no township
        (PASSING, None, set()),
        # one township named, its figures: that township's
        (
            "张家畈镇畜牧兽医服务中心主任受到处分。镇纪委对2人给予党内严重警告处分。",
            "张家畈镇",
            {("discipline_warnings", 2)},
        ),
    ],
)
def test_county_pieces_naming_townships(text: str, township: str | None, facts: set[tuple[str, float]]) -> None:
    out = extract_text(text)
    assert out["township"] == township
    assert {(f["indicator"], f["value"]) for f in out["facts"]} == facts


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the central group named in the sentence before, with no figure of its own: its 集中学习 counts
        (
            "我镇始终把党委理论学习中心组学习作为重要抓手，建立“\n第一议题\n”\n制度。2025年全年共组织集中学习18次。",
            "central_group_study",
            {18},
        ),
        (
            "我镇始终把党委理论学习中心组学习作为重要抓手，建立“\n第一议题\n”\n制度。2025年全年共组织集中学习18次。",
            "training_sessions",
            set(),
        ),
        # the central group had its own figure: the next sentence's 集中学习 is another body's
        (
            "开展理论中心组学习8次，交流研讨8次。坚持全体干部职工集中学习制度，开展12期集中学习。",
            "central_group_study",
            {8},
        ),
        (
            "开展理论中心组学习8次，交流研讨8次。坚持全体干部职工集中学习制度，开展12期集中学习。",
            "training_sessions",
            {12},
        ),
    ],
)
def test_central_group_named_before(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, year",
    [
        # 今年元月以来 is the text's own period: the year before it is an earlier one
        ("2008年制定了班子成员承诺。今年元月以来，对10名干部进行了诫勉谈话。", None),
        # a span of years whose events came one after another is no one year
        ("今年以来，该镇党委结对联系流动党员。2011年以来，相继在广东、长沙等地成立流动党员党支部。", None),
        ("今年以来，该镇纪委加强监督。“2022年以来，我们运用第一种形态处置苗头问题。”", 2022),
        ("2022年以来，该镇新建党群服务中心3个。今年3月，又新建1个。", 2022),
    ],
)
def test_spans_beside_this_year(text: str, year: int | None) -> None:
    assert find_year(clean_text(text).text, []) == year


DISTRICT = (
    "湾里区举行党组织领办合作社分红大会\n2022年，湾里区党组织领办合作社试点村集体经济收入共1280.5万元，同比增长15%。"
    "全区48个村经营性收入达3120.46万元，同比增长12%，村均经营性收入65万元。\n"
    "目前，全区共成立合作社31个，其中区级联合社1个，镇级联合社4个，村级合作社26个。全区共有党员12000名。"
)


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # a district's own figures: all its villages, their operating income (a bare 达 before a figure no one sets as a
        # bar is a total), the cooperatives set up in all; the pilot villages' subtotal and the 其中 tiers are not
        (DISTRICT, "administrative_villages", {48}),
        (DISTRICT, "collective_income_total", {3120.46}),
        (DISTRICT, "villages_income_above", set()),
        (DISTRICT, "cooperatives", {31}),
        ("全镇8个村集体经济收入达10万元以上。", "villages_income_above", {8}),
        ("全镇8个村集体经济收入达10万元。", "villages_income_above", {8}),
        ("全镇今年新成立合作社5个。", "cooperatives", set()),
        # a province's own paper: 全省 is its own scope
        ("截至去年底，全省农村培养入党积极分子12.6万人。我省将继续实施先锋工程。", "party_activists", {126000}),
        ("截至去年底，全省农村培养入党积极分子12.6万人。全镇共有党员520名。", "party_activists", set()),
    ],
)
def test_district_and_province_own_figures(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # cadres sent to a training, each group its own figure; cadres at one lecture together; a class's trainees
        ("选派2名处级干部、5名科级干部到省委党校进行集中培训。", "training_participants", {2, 5}),
        ("选派5名科级干部到红色教育基地参观。", "training_participants", set()),
        ("3000名乡镇干部同上一堂课，在该市属于首次。", "training_participants", {3000}),
        ("培训对象\n福建、湖北等7个省的民族乡镇党政领导干部86人。", "training_participants", {86}),
        ("培训人数占科级干部人数的40%。", "training_coverage_rate", {40}),
        # the members grown to a new level are the current figure
        ("据统计，全系统党员增加到1120人，党员队伍进一步壮大。", "party_members_total", {1120}),
        ("全镇党员增加了12人。", "party_members_total", set()),
        # a paragraph headed by a village's name is that village's profile
        (
            "一、基本情况\n东湾村：自然村5个，143户468人。村党支部下设4个党小组，现有党员21名。",
            "party_members_total",
            set(),
        ),
        ("一、基本情况\n全镇：辖7个村，现有党员421名。", "party_members_total", {421}),
        # branches that run cooperatives count the cooperatives
        ("成立了果蔬、粮食等生产经营型为主的312家党支部领办专业合作社。", "party_branches", set()),
    ],
)
def test_trainees_sent_levels_and_village_profiles(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the central group had its own figure: the cadres' 集中学习 after it is a training session
        ("今年以来，召开街道党工委中心组学习16次，干部集中学习5次。", "central_group_study", {16}),
        ("今年以来，召开街道党工委中心组学习16次，干部集中学习5次。", "training_sessions", {5}),
        ("党委中心组开展集中学习12次。", "central_group_study", {12}),
        # 我镇有8个村委会: the township's village committees stated bare
        ("我镇有8个村委会，1个居委会。", "administrative_villages", {8}),
    ],
)
def test_central_group_figures_and_committees(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, facts",
    [
        # villages listed by name, then counted, are several; a deadline to meet (确保在7月底前) is a goal
        ("确保在7月底前对东湾村、西岭村2个软弱涣散村党组织进行顺利转化。", {("party_orgs_weak_rectified", 2, True)}),
        ("全镇对东湾村、西岭村2个软弱涣散村党组织进行了整顿转化。", {("party_orgs_weak_rectified", 2, False)}),
        ("东湾村、西岭村两个软弱涣散基层党组织以前存在班子软、工作散等问题。", set()),
        ("卜戛村2个村民小组完成换届，选出党员3名。", set()),
    ],
)
def test_listed_villages_and_deadlines(text: str, facts: set[tuple[str, float, bool]]) -> None:
    assert {(f["indicator"], f["value"], f["target"]) for f in extract_text(text)["facts"]} == facts


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # the sessions counted first, then the topics; the people the training reached, two groups with no total
        ("组织了20多场农技、电商等专题培训，覆盖了150多名村干部及2600人次的农民。", "training_sessions", {20}),
        (
            "组织了20多场农技、电商等专题培训，覆盖了150多名村干部及2600人次的农民。",
            "training_participants",
            {150, 2600},
        ),
        ("组织了20多场招聘、就业等专场活动。", "training_sessions", set()),
        # the sessions, a long description ending in 的…培训班, and the groups who attended it
        (
            "共举办了3期由镇领导亲自授课，80余名村主要干部和40余名站所干部参加的综合理论培训班。",
            "training_sessions",
            {3},
        ),
        (
            "共举办了3期由镇领导亲自授课，80余名村主要干部和40余名站所干部参加的综合理论培训班。",
            "training_participants",
            {80, 40},
        ),
    ],
)
def test_topics_and_described_classes(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected


@pytest.mark.parametrize(
    "text, indicator, expected",
    [
        # branches named, then counted with 等, are some of them
        ("习字、二龙、瓦孜寺等五个农村党支部作为总党支部，对两个落后村进行了专项整治。", "party_branches", set()),
        ("全镇共有五个农村党支部。", "party_branches", {5}),
        # the village kind of a weak word, with its context before it
        ("全镇共整顿后进村党支部14个。", "party_orgs_weak_rectified", {14}),
    ],
)
def test_named_branches_and_village_kinds(text: str, indicator: str, expected: set[float]) -> None:
    assert values_of(text, indicator) == expected
