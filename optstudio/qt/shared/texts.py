"""Translated texts that come from the engine's specs and the scenarios (Qt-free data).

The interface's own strings go through `self.tr`; the texts below are data of the engine
(optimizer and loss descriptions, hyperparameter meanings, the words of a step's explanation)
and of the scenarios, translated where they are shown, each kind in its own context of the
translation file (resources/i18n/optstudio_zh_CN.ts).
"""

from __future__ import annotations

import ast
import inspect
import re

from PySide6.QtCore import QCoreApplication

SCENARIO_TEXTS = "scenarios"
OPTIMIZER_TEXTS = "optimizers"
LOSS_TEXTS = "losses"
HYPERPARAMETER_TEXTS = "hyperparameters"
EXPLAIN_TEXTS = "explain"


def translated(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text) if text else text


def domain_messages() -> dict[str, list[str]]:
    """Every engine and scenario text that the interface shows, by context: what the
    translation file must hold (the maintainers' update script and the tests read this)."""
    from ...engine import explain
    from ...engine.hyperparam_kinds import COMMON_HYPERPARAMS
    from ...engine.losses import LOSSES as LOSS_SPECS
    from ...engine.optimizers import OPTIMIZERS as OPTIMIZER_SPECS
    from ...studies.gallery import PRESETS

    messages: dict[str, list[str]] = {
        SCENARIO_TEXTS: [t for p in PRESETS for t in (p.title, p.explanation)],
        OPTIMIZER_TEXTS: [
            t for s in OPTIMIZER_SPECS.values() for t in (s.display_name, s.description)
        ],
        LOSS_TEXTS: [t for s in LOSS_SPECS.values() for t in (s.display_name, s.description)],
        HYPERPARAMETER_TEXTS: [p.meaning for s in OPTIMIZER_SPECS.values() for p in s.hyperparams]
        + [p.meaning for s in LOSS_SPECS.values() for p in s.params]
        + [p.meaning for p in COMMON_HYPERPARAMS],
        EXPLAIN_TEXTS: _explain_words(inspect.getsource(explain)),
    }
    return {context: list(dict.fromkeys(t for t in ts if t)) for context, ts in messages.items()}


FORMULA_WORDS = {"max", "min", "sign", "clip", "det", "decay", "prev", "step"}


def _has_words(text: str) -> bool:
    """Words to translate, beyond the names that formulas use."""
    tokens = re.findall(r"[A-Za-z]{3,}", text)
    return any(token.lower() not in FORMULA_WORDS for token in tokens)


def _explain_words(source: str) -> list[str]:
    """The rule and meaning strings of `rule.add(symbol, rule, value, meaning)` calls that
    contain words (pure formulas need no translation)."""
    words = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add":
            for index in (1, 3):
                if index < len(node.args) and isinstance(node.args[index], ast.Constant):
                    text = node.args[index].value
                    if isinstance(text, str) and _has_words(text):
                        words.append(text)
    return words
