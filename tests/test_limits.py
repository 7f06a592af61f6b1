"""Report files over a limit are refused with the limit named; long sentences cost linear time and get the
same answers as short ones (the window helpers equal the plain slicing they replace)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.reports import limits
from etl.reports.readers import ReadError, read_document
from etl.reports.spans import char_positions, contains_any, last_of, next_of


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _infos(members: dict[str, bytes]) -> list[zipfile.ZipInfo]:
    return zipfile.ZipFile(io.BytesIO(_zip(members))).infolist()


SMALL = limits.Limits(max_entries=3, max_expanded_bytes=10_000, max_ratio=20, ratio_floor=1000)


@pytest.mark.parametrize(
    ("members", "named"),
    [
        ({f"f{i}.xml": b"x" for i in range(4)}, "超过上限 3 个"),
        ({"a.xml": bytes(range(256)) * 50}, "解压后大小上限"),
        ({"word/document.xml": b" " * 5000}, "压缩比上限 20 倍"),
    ],
)
def test_zip_limits_name_the_limit(members, named):
    with pytest.raises(limits.LimitError, match=named):
        limits.check_zip("r.docx", _infos(members), SMALL)


def test_zip_within_limits_passes():
    limits.check_zip("r.docx", _infos({"a.xml": bytes(range(256)) * 4}), SMALL)


def test_a_docx_bomb_is_refused_before_it_is_inflated():
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:t>" + b"1" * 3_000_000})
    assert len(bomb) < 20_000
    with pytest.raises(ReadError, match="压缩比上限"):
        read_document("炸弹.docx", bomb)


@pytest.mark.parametrize(
    ("env", "data", "named"),
    [
        ({"REPORT_MAX_MB": "0.001"}, "青石镇党员120名。".encode() * 200, "报告文件上限"),
        ({"REPORT_MAX_TEXT_CHARS": "100"}, "青石镇党员120名。".encode() * 20, "正文长度上限"),
        ({}, ("，".join(str(i) for i in range(20_001))).encode(), "数字个数上限"),
    ],
)
def test_text_limits_name_the_limit(monkeypatch, env, data, named):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ReadError, match=named) as err:
        read_document("报告.txt", data)
    assert str(err.value).startswith("报告.txt：")


def test_names_lose_control_characters_and_length():
    assert limits.display_name("\x1b[31m红色\x1b[0m.docx") == "[31m红色[0m.docx"
    assert limits.display_name("a\u202egpj.exe") == "agpj.exe"
    assert len(limits.display_name("长" * 500)) == limits.MAX_NAME_CHARS


_ALPHABET = "村镇乡全各该本这个党员，。、；\n12"
_TEXTS = st.text(alphabet=_ALPHABET, min_size=0, max_size=700)


@settings(max_examples=150, deadline=None)
@given(_TEXTS, st.data())
def test_window_helpers_equal_plain_slicing(t, data):
    lo = data.draw(st.integers(0, len(t)))
    hi = data.draw(st.integers(lo, len(t) + 3))
    words = tuple(data.draw(st.lists(st.sampled_from(["全镇", "党员", "村", "各村", "镇党员"]), max_size=3)))
    assert contains_any(t, words, lo, hi) == any(w in t[lo:hi] for w in words)
    assert last_of(t, "。；\n", lo, hi) == max(t.rfind(ch, lo, hi) for ch in "。；\n")
    plain = re.compile("[。；\n]").search(t, lo)
    assert next_of(t, "。；\n", lo) == (plain.start() if plain else -1)
    # the sentence marks come from one scan of the text, the others from a scan of their own
    for chars in ("。；\n", "。！？!?；;\n", "；", "，。"):
        assert char_positions(t, chars) == [m.start() for m in re.finditer("[" + re.escape(chars) + "]", t)]


_SENTENCE = st.lists(
    st.sampled_from(["，", "、", "在", "石板村", "该村", "全镇", "各村", "党员12名", "上坝村", "其中", "村民", "。"]),
    min_size=0,
    max_size=160,
)


@settings(max_examples=150, deadline=None)
@given(_SENTENCE, st.data())
def test_long_sentence_village_scope_equals_the_short_rule(parts, data):
    t = "".join(parts)
    lo = data.draw(st.integers(0, len(t)))
    # every figure of a sentence asks with the same start: share the scan as the matcher does
    # (both through single_village, whose guards before the switch, 石板村、上坝村 named together, hold for both)
    for hi in sorted(data.draw(st.lists(st.integers(lo, len(t)), max_size=6))):
        assert _switched(t, lo, hi, 0) == _switched(t, lo, hi, 10**9)


def _switched(t: str, lo: int, hi: int, short: int) -> bool:
    """single_village with the long-window switch at SHORT (0: always the long rule, 10**9: never)."""
    import etl.reports.scope as scope

    saved = scope.SHORT
    scope.SHORT = short
    try:
        return scope.single_village(t, lo, hi)
    finally:
        scope.SHORT = saved
