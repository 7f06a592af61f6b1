"""Classes of rules from the real sets heldout6 and dev2 (issue #11, round 9), each a table of short phrasings in the
way real reports write them, with the negatives that keep the rule from reaching too far (the sets' scores are
pinned in tests/test_extract_real.py)."""

from __future__ import annotations

import pytest

from etl.reports.extract import extract_text


def values_of(text: str, indicator: str) -> set[float]:
    return {f["value"] for f in extract_text(text)["facts"] if f["indicator"] == indicator}


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
