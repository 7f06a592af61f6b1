"""The demo reports' text pieces: a rendered clause with its facts, the document builder that moves fact spans to
absolute offsets, and small counts spelled the way reports spell them (十二, 一百零五)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_DIGITS = "零一二三四五六七八九"
ORDINALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")


@dataclass
class Piece:
    """Rendered text with its facts; spans are relative to the piece."""

    text: str
    facts: list[dict[str, Any]] = field(default_factory=list)


def to_chinese(n: int) -> str:
    """12 → 十二, 105 → 一百零五 (0 < n < 10000), the way reports spell small counts."""
    if not 0 <= n < 10000:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    out, zero = "", False
    for size, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // size % 10
        if d:
            out += ("零" if zero else "") + _DIGITS[d] + name
            zero = False
        elif out:
            zero = True
    return out


class Builder:
    """Appends lines and sentences to the document text, moving fact spans to absolute offsets."""

    def __init__(self, indent: str):
        self.text = ""
        self.facts: list[dict[str, Any]] = []
        self.indent = indent

    def _add(self, piece: Piece) -> None:
        base = len(self.text)
        for f in piece.facts:
            self.facts.append({**f, "span": [f["span"][0] + base, f["span"][1] + base]})
        self.text += piece.text

    def line(self, text: str) -> None:
        self.text += text + "\n"

    def para(self, pieces: list[Piece]) -> None:
        if not pieces:
            return
        self.text += self.indent
        for p in pieces:
            self._add(p)
        self.text += "\n"

    def section(self, heading: str | None, chunks: list[list[Piece]], *, ordinals: bool, inline: bool = True) -> None:
        """A headed subsection: one line per chunk; 一是/二是 numbers chunks, or sentences of a lone chunk."""
        if heading and not inline:
            self.line(self.indent + heading)
        for c, pieces in enumerate(chunks):
            self.text += self.indent
            if c == 0 and heading and inline:
                self.text += heading + "。"
            if ordinals and len(chunks) > 1 and c < len(ORDINALS):
                self.text += f"{ORDINALS[c]}是"
            for i, p in enumerate(pieces):
                if ordinals and len(chunks) == 1 and len(pieces) >= 3 and 1 <= i <= len(ORDINALS):
                    self.text += f"{ORDINALS[i - 1]}是"
                self._add(p)
                self.text += "。"
            self.text += "\n"
