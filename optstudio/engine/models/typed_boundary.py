"""A data set whose boundary the user types (Playground issue 252): points spread over the
Playground's square, of class 1 (blue) where a formula in the plane's coordinates is positive,
`y > sin(x)` or `x^2 + y^2 < 9` or `g(x, y)` itself, of class 0 (orange) elsewhere.

The formula goes through the studio's safe formula parser (the one typed losses use: a
whitelist of the syntax, bounds on what can cost, one-line messages that say where), in x and y
(or x1 and x2) over [-6, 6]². Noise moves each point after its class is drawn, as the
Playground's noise does.
"""

from __future__ import annotations

import re

import numpy as np

DEFAULT_BOUNDARY = "y > sin(2*x)"
"""What the typed set starts with: a wave the Playground's straight features cannot follow."""
RADIUS = 6.0
_COMPARISON = re.compile(r"(<=|>=|<|>)")


def boundary_function(text: str) -> str:
    """The formula g(x, y) whose sign is the class, from `text`: "A > B" is A - B, "A < B" is
    B - A, anything else is g itself (ValueError, one line, for a formula refused)."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("the boundary is a formula in x and y, for example y > sin(2*x)")
    text = re.sub(r"\bx1\b", "x", re.sub(r"\bx2\b", "y", text))
    parts = _COMPARISON.split(text)
    if len(parts) == 1:
        return text.strip()
    if len(parts) != 3:
        raise ValueError("the boundary compares two sides once, for example y > sin(2*x)")
    left, sign, right = (part.strip() for part in parts)
    if not left or not right:
        raise ValueError(f"the boundary needs a formula on both sides of {sign}")
    return f"({left}) - ({right})" if sign.startswith(">") else f"({right}) - ({left})"


def typed_points(
    text: str, n: int, noise: float, seed: int, draws
) -> tuple[np.ndarray, np.ndarray]:
    """n points over the square with their classes by the typed boundary."""
    from ..losses import make_loss

    function = boundary_function(text)
    try:
        loss = make_loss(f"expr:{function}")
    except ValueError as error:
        # a column would count in the rewritten "(A) - (B)", not in the text typed
        message = re.sub(r"^column \d+: ", "", str(error))
        raise ValueError(f"the boundary: {message}") from None
    u = draws(seed, n, 4, -RADIUS, RADIUS)
    points = u[:, :2]
    values = np.array([loss.value_grad(px, py)[0] for px, py in points])
    if not np.all(np.isfinite(values)):
        raise ValueError("the boundary's formula is not a number everywhere in [-6, 6]²")
    labels = (values > 0).astype(np.float64)
    shifted = points + u[:, 2:4] * noise
    return shifted, labels
