"""General township rules of issue 11 (heldout14): words before a name are no part of it."""

from __future__ import annotations

import pytest

from etl.reports.township import find_township, trim


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a time word before the name (下午建设街道) is not part of it; 建设街道 is a name though 建设 is a verb
        ("1月12日下午建设街道办事处召开了述职会议。会上,街道党工委书记作了点评。", "建设街道"),
        ("1月12日上午青山镇召开了述职会议。会上,镇党委书记作了点评。", "青山镇"),
    ],
)
def test_township_after_time_word(text: str, expected: str) -> None:
    assert find_township(text)[0] == expected


@pytest.mark.parametrize(
    ("name", "absent"),
    [
        ("下午建设街道", "下午建设街道"),
        ("晚上青山镇", "晚上青山镇"),
        ("属于跳蹬街道", "属于跳蹬街道"),
        ("隶属青山镇", "隶属青山镇"),
        ("全面总结街道", "面总结街道"),
    ],
)
def test_leading_words_cut(name: str, absent: str) -> None:
    assert absent not in trim(name, 2 if name.endswith("街道") else 1, 1)


def test_belonging_place_is_no_subject() -> None:
    text = "关家堰社区属于跳蹬街道。跳蹬社区属于跳蹬街道。青山镇党委召开会议,青山镇党委书记讲话。"
    assert find_township(text)[0] == "青山镇"
