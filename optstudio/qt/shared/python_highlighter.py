"""Python syntax colours for the Code view: keywords, strings, comments, numbers, calls."""

from __future__ import annotations

import keyword
import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat


def _format(colour: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    style = QTextCharFormat()
    style.setForeground(QColor(colour))
    if bold:
        style.setFontWeight(QFont.Weight.Bold)
    style.setFontItalic(italic)
    return style


RULES = [
    (re.compile(r"\b(" + "|".join(keyword.kwlist) + r")\b"), _format("#c678dd", bold=True)),
    (re.compile(r"\b(True|False|None)\b"), _format("#d19a66")),
    (re.compile(r"\b[0-9][0-9_]*\.?[0-9]*(e[-+]?[0-9]+)?\b"), _format("#d19a66")),
    (re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*(?=\()"), _format("#61afef")),
    (re.compile(r"\b[A-Z][A-Z0-9_]+\b"), _format("#e5c07b")),
    (re.compile(r"'[^'\n]*'|\"[^\"\n]*\""), _format("#98c379")),
    (re.compile(r"#[^\n]*"), _format("#7f848e", italic=True)),
]
DOCSTRING = _format("#98c379", italic=True)


class PythonHighlighter(QSyntaxHighlighter):
    def highlightBlock(self, text: str) -> None:
        for pattern, style in RULES:
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), style)
        # triple-quoted strings span lines: state 1 means "inside one"
        self.setCurrentBlockState(0)
        start = 0 if self.previousBlockState() == 1 else text.find('"""')
        while start >= 0:
            end = text.find(
                '"""', start + (0 if self.previousBlockState() == 1 and start == 0 else 3)
            )
            if end < 0:
                self.setCurrentBlockState(1)
                self.setFormat(start, len(text) - start, DOCSTRING)
                break
            self.setFormat(start, end + 3 - start, DOCSTRING)
            start = text.find('"""', end + 3)
