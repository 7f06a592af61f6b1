"""The township and year of a page read the same whatever a real page puts around its text: no title line (an
encyclopedia entry's 释义 | …, a profile whose opening sentence names its subject), a site's breadcrumb, metadata or
date stamp above the title, a news agency's dateline, a credit line at the end (issue 11's invariance audit)."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text

REPORT = (
    "青山镇2023年党建工作总结\n"
    "2023年，青山镇党委坚持以党建引领发展，全镇共有党员520名，发展党员12名。镇党委组织培训6期。\n"
    "全镇12个行政村全部建成党群服务中心。\n"
)
TITLE, BODY = REPORT.split("\n", 1)


@pytest.mark.parametrize(
    "text, township",
    [
        # the subject of a profile's opening sentence, after a heading word and its address, is the township
        ("释义 | 南部县东坝镇位于县城东南部，距县城30公里。东与梅家乡接壤，南与马王乡交界。全镇辖20个村。", "东坝镇"),
        ("乡镇简介河南省平城乡位于杞县西北10公里，东临柿园乡，西与开封县接壤。全乡辖28个行政村。", "平城乡"),
        (
            "简介青泥洼桥街道地处市内最繁华的商贸、金融、旅游、信息中心区，东至民生街，西与西岗区接壤，南至五惠路，"
            "北到胜利桥，占地面积1.39平方公里。\n干部情况街道党工委书记一名。",
            "青泥洼桥街道",
        ),
        ("西乡乡隶属于四川省西昌市，距市区7公里，该乡下辖9个行政村。原西乡划入安宁镇。", "西乡乡"),
        ("概况巴中市巴州区九镇乡位于巴中西部，辖8个村，1个居委会。全乡国内生产总值4000万元。", "九镇乡"),
        # neighbours listed by direction (南邻龙湾乡, 北界拉烈乡) are no subject
        (
            "菁盛乡位于都安县的东部，东邻马山县金钗镇，南邻龙湾乡，西接澄江乡、古山乡，北界拉烈乡。全乡辖13个村。",
            "菁盛乡",
        ),
    ],
)
def test_profile_subject(text, township):
    assert extract_text(text)["township"] == township


# Variants of a page around the same report: each keeps its township and year
VARIANTS = {
    "plain": REPORT,
    "breadcrumb above": "首页 > 新闻中心 > 乡镇动态 > 正文\n" + REPORT,
    "breadcrumb below": f"{TITLE}\n当前位置：首页 > 乡镇动态\n{BODY}",
    "metadata line": f"{TITLE}\n发布时间：2024-01-15 09:30:12  来源：青山县融媒体中心  作者：王明  浏览：1024\n{BODY}",
    "stamp above title": "2024-01-15 09:30\n" + REPORT,
    "source above title": "来源：青山县融媒体中心\n" + REPORT,
    "stamp line": f"{TITLE}\n2024-01-15\n{BODY}",
    "本报讯": f"{TITLE}\n本报讯（记者 王明 通讯员 李华）{BODY}",
    "新华网 dateline": f"{TITLE}\n新华网北京1月15日电 {BODY}",
    "reporter": f"{TITLE}\n（记者 王明）{BODY}",
    "credit footer": REPORT + "（供稿：青山县委组织部）\n责任编辑：王明\n",
    "county source footer": REPORT + "来源：青山县融媒体中心\n",
}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_page_variants_keep_township_and_year(name):
    got = extract_text(VARIANTS[name])
    assert (got["township"], got["year"]) == ("青山镇", 2023)


@pytest.mark.parametrize(
    "text, township",
    [
        # a dateline's 日电 ends no name (电青山镇)
        ("新华网北京1月15日电 青山镇党委今年发展党员12名。青山镇共有党员520名。", "青山镇"),
        # a page without a title, its stamp and credits around the body
        ("2024-01-15 09:30\n青山镇党委今年发展党员12名，全镇共有党员520名。\n（供稿：青山县委组织部）\n", "青山镇"),
        # a township named only in the last line's credit, the body speaking as a township
        ("今年以来，镇党委发展党员12名，全镇共有党员520名。\n供稿：青山镇党委\n", "青山镇"),
    ],
)
def test_dateline_and_credit(text, township):
    assert extract_text(text)["township"] == township
