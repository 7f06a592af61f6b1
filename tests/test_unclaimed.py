"""Every number accounted for: the quantities no fact claimed, the phrase around each, suggested indicators,
the 数字核对 tally, learned phrasings applied after the catalog rules, and `extract --unclaimed`."""

from __future__ import annotations

import json

import pytest

from etl.cli import main
from etl.reports.extract import extract
from etl.reports.learned import clause_of, phrase_at
from etl.reports.patterns import load_rules
from etl.reports.scan import scan_mentions
from etl.reports.unclaimed import Tally, suggest, tally, unclaimed
from store.catalog import parse_catalog
from store.learned import Phrasing, add_phrasings


def _phrase(text: str, number: str):  # type: ignore[no-untyped-def]
    pos = text.index(number)
    prev = 0
    for m in scan_mentions(text):
        if m.start == pos:
            return phrase_at(text, m, clause_of(text, pos), prev)
        prev = m.end
    raise AssertionError(f"{number} is not a quantity in {text}")


@pytest.mark.parametrize(
    ("text", "number", "expected"),
    [
        ("镇党委下设23个支部，", "23个", ("after", "支部", "个")),
        ("其中女党员62名，预备党员18名。", "62名", ("before", "其中女党员", "名")),
        ("其中女党员62名，预备党员18名。", "18名", ("before", "预备党员", "名")),
        ("新增项目累计42个。", "42个", ("before", "新增项目", "个")),
        ("开展志愿服务活动共56场次。", "56场次", ("before", "志愿服务活动", "场次")),
        ("有4940个农户，", "4940个", ("after", "农户", "个")),
        ("3万元以下的3个。", "3个", None),
    ],
)
def test_phrase_is_the_counted_noun_or_the_trigger(text: str, number: str, expected: tuple | None) -> None:
    p = _phrase(text, number)
    assert (None if p is None else (p.side, p.word, p.unit)) == expected


def test_quantities_no_fact_claimed_are_listed_with_their_clause() -> None:
    text = "2023年，全镇共有党员991名，其中预备党员62名。开展第三次“三会一课”检查，辖8个村民小组。"
    ex = extract(text)
    assert [(f["indicator"], f["value"]) for f in ex.facts] == [("party_members_total", 991)]
    items = unclaimed(ex)
    assert [(it.text, it.value, it.unit) for it in items] == [("62名", 62, "名"), ("8个", 8, "个")]
    first = items[0]
    assert text[first.span[0] : first.span[1]] == "62名"
    assert first.clause == "其中预备党员62名。"
    assert first.year == 2023 and not first.target


@pytest.mark.parametrize(
    ("clause", "unit", "first"),
    [
        ("机关支部4个，", "个", "party_branches"),
        ("下设12个支部，", "个", "party_branches"),
        ("培训党员干部560人次，", "人次", "training_participants"),
        ("召开专题会议2场次，", "场次", "party_committee_meetings"),
        ("工作组深入9个村，", "个", "administrative_villages"),
    ],
)
def test_suggestions_rank_catalog_words_and_nouns(clause: str, unit: str, first: str) -> None:
    rules = load_rules()
    m = next(m for m in scan_mentions(clause) if m.unit == unit)
    got = suggest(clause, phrase_at(clause, m), unit, rules)
    assert got and got[0] == first
    assert all(unit in rules.rules[k].units for k in got)


def test_earlier_assignments_come_first() -> None:
    rules, clause = load_rules(), "开设远程教育播放站点4个，"
    m = scan_mentions(clause)[0]
    phrase = phrase_at(clause, m)
    assert phrase is not None and "administrative_villages" not in suggest(clause, phrase, "个", rules)
    taught = [Phrasing(1, "administrative_villages", "before", phrase.word, "个")]
    assert suggest(clause, phrase, "个", rules, taught)[0] == "administrative_villages"


@pytest.mark.parametrize(
    ("facts", "decided", "expected", "done"),
    [
        (3, {}, Tally(3, 2, 0), False),
        (3, {0: "party_branches"}, Tally(4, 1, 0), False),
        (3, {0: "party_branches", 1: ""}, Tally(4, 0, 1), True),
    ],
)
def test_tally(facts: int, decided: dict[int, str], expected: Tally, done: bool) -> None:
    items = unclaimed(extract("其中预备党员62名，下设12个网吧。"))
    assert tally(facts, items, decided) == expected
    assert expected.done is done
    assert expected.zh().startswith(f"数字核对：已提取 {expected.extracted}，待确认 {expected.pending}")
    assert ("核对完成" in expected.zh()) is done


BRANCHES = Phrasing(7, "party_branches", "after", "支委", "个", "pending")
NOT_ONE = Phrasing(8, None, "before", "其中预备党员", "名", "pending")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全乡下设12个支委。", [("party_branches", 12, {}, 0.5)]),
        ("全乡下设12个非公企业支委。", [("party_branches", 12, {"type": "非公"}, 0.5)]),
        ("全乡下设12个机关支委。", [("party_branches", 12, {"type": "机关"}, 0.5)]),
        ("全乡下设12个支委委员。", []),
        ("全乡下设12名支委。", []),
    ],
)
def test_learned_phrasing_reads_what_the_rules_left(text: str, expected: list) -> None:
    ex = extract(text, learned=[BRANCHES])
    got = [(f["indicator"], f["value"], f["attrs"], f["confidence"]) for f in ex.facts if f.get("origin")]
    assert got == expected
    assert all(f["phrasing"] == 7 for f in ex.facts if f.get("origin"))


def test_learned_phrasing_never_overrides_a_catalog_fact() -> None:
    claimed = Phrasing(9, "party_members_new", "before", "共有党员", "名", "approved")
    ex = extract("全镇共有党员991名。", learned=[claimed])
    assert [(f["indicator"], f.get("origin")) for f in ex.facts] == [("party_members_total", None)]


def test_suspended_phrasing_is_not_applied_and_dismissal_excludes() -> None:
    text = "全乡下设12个支委，其中预备党员62名。"
    ex = extract(text, learned=[Phrasing(7, "party_branches", "after", "支委", "个", "suspended"), NOT_ONE])
    assert not [f for f in ex.facts if f.get("origin")]
    items = unclaimed(ex, [NOT_ONE])
    assert [(it.text, it.dismissed_by) for it in items] == [("12个", None), ("62名", 8)]
    assert tally(len(ex.facts), items) == Tally(0, 1, 1)


def test_export_appends_phrasings_to_the_catalog_yaml() -> None:
    text = (
        "# comment kept\nindicators:\n- key: a\n  name: A\n  category: 党员队伍\n  unit: 个\n  kind: count\n"
        "  synonyms:\n  - 支部数\n  extract:\n    parts:\n    - attr: type\n"
        "- key: b\n  name: B\n  category: 党员队伍\n  unit: 人\n  kind: count\n  phrasings:\n  - 有N人\n"
    )
    out = add_phrasings(text, {"a": ["N个支部"], "b": ["有N人", "其中预备党员N名"]})
    assert out.startswith("# comment kept\n")
    specs = {s.key: s for s in parse_catalog(out)}
    assert specs["a"].phrasings == ("N个支部",) and specs["a"].synonyms == ("支部数",)
    assert specs["a"].extra["extract"]["parts"] == [{"attr": "type"}]
    assert specs["b"].phrasings == ("有N人", "其中预备党员N名")


def test_cli_extract_lists_unclaimed(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    doc = tmp_path / "r.txt"
    doc.write_text("2023年全镇共有党员991名，其中预备党员62名。", encoding="utf-8")
    assert main(["extract", str(doc), "--json", "--unclaimed"]) == 0
    out = json.loads(capsys.readouterr().out)[0]
    assert [f["value"] for f in out["facts"]] == [991]
    (u,) = out["unclaimed"]
    assert (u["text"], u["span"], u["value"], u["unit"]) == ("62名", [22, 25], 62, "名")
    assert u["suggested"][0].startswith("party_members")
    assert out["check"] == {"extracted": 1, "pending": 1, "excluded": 0}
    assert main(["extract", str(doc), "--json"]) == 0
    assert "unclaimed" not in json.loads(capsys.readouterr().out)[0]


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        ("总人口24614人(2017)。", ["24614人"]),
        ("政府驻桃园西路5号，辖5个村。", ["5个"]),
        ("2023年5月召开会议3次，电话0871-1234567。", ["3次"]),
        ("面积413平方公里，耕地1.38万亩。", ["413平方公里", "1.38万亩"]),
    ],
)
def test_quantities_leave_out_years_dates_addresses_and_phones(text: str, listed: list[str]) -> None:
    from etl.reports.learned import quantities

    assert [text[m.start : m.end] for m in quantities(text)] == listed


def test_full_text_marks_unclaimed_numbers_escaped() -> None:
    from etl.reports.review import clause_html, highlight_html

    text = "共有党员991名，<b>其中</b>预备党员62名。"
    ex = extract(text)
    items = unclaimed(ex)
    page = highlight_html(text, ex.facts, {"party_members_total": "党员总数"}, [it.span for it in items])
    assert page.count('<mark style="background:#ffe58f"') == 1 and page.count('<mark style="background:#ffd6d6"') == 1
    assert "&lt;b&gt;" in page and "<b>" not in page
    assert ">62名<sup>?1</sup></mark>" in page
    (it,) = items
    assert clause_html(it.clause, it.clause_span[0], it.span).startswith("&lt;b&gt;其中&lt;/b&gt;预备党员<mark")


@pytest.mark.parametrize(
    ("text", "indicator", "hint"),
    [
        ("下设1个机关支委，", "party_branches", "机关"),
        ("下设3个村支委，", "party_branches", "农村"),
        ("下设3个支委，", "party_branches", None),
        ("下设1个机关支委，", "administrative_villages", None),
    ],
)
def test_type_hint_from_the_words_before_the_noun(text: str, indicator: str, hint: str | None) -> None:
    from etl.reports.unclaimed import type_hint

    (it,) = unclaimed(extract(text, learned=[]))
    assert type_hint(it, indicator) == hint
