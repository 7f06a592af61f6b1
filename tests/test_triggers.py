"""etl.reports.triggers: the trigger words of the sentences that hold figures, found by a scan of those sentences
only, are exactly the words a scan of the whole text finds there."""

from __future__ import annotations

import pytest

from etl.reports.match import _by_sentence
from etl.reports.patterns import load_rules
from etl.reports.scan import scan_mentions
from etl.reports.triggers import sentence_runs, trigger_hits


@pytest.mark.parametrize(
    "text",
    [
        "镇党委坚持抓党建。全年发展党员12名，培训党员438人次；集中培训党员干部3期。\n严格落实三会一课制度。",
        "开展主题党日活动。评定出14个先进党组织，其中农村党支部8个。群众满意度持续提高",
        "全镇共有党员1236名\n集中培训覆盖率达到95%。召开党委会议研究党建工作21次！",
        "没有数字的一段话：党建引领，集中培训，党员教育。",
    ],
)
def test_hits_of_the_sentences_with_figures_are_those_of_the_whole_text(text: str) -> None:
    rules = load_rules()
    assert rules.trigger_in_sentence  # no catalog word holds a sentence mark
    runs = sentence_runs(_by_sentence(text, scan_mentions(text)))
    whole = trigger_hits(text, rules)
    inside = [h for h in whole if any(lo <= h[0] < hi for lo, hi in runs)]
    assert trigger_hits(text, rules, runs) == inside
    assert all(lo < hi and (k == 0 or runs[k - 1][1] < lo) for k, (lo, hi) in enumerate(runs))
