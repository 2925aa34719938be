"""The colours of a basin map, shared by its PNG file and its overlay on the studio's map: a
colour per minimum reached, darker the more steps it took; grey where runs did not converge,
dark red where they diverged."""

from __future__ import annotations

import numpy as np

BASIN_COLOURS = np.array(
    [
        [251, 180, 174],
        [179, 205, 227],
        [204, 235, 197],
        [222, 203, 228],
        [254, 217, 166],
        [255, 255, 204],
        [229, 216, 189],
        [253, 218, 236],
    ],
    dtype=float,
)
"""ColorBrewer's Pastel1: light, so that the runs' paths (the saturated colours of
`model.PALETTE`) stand out on them and no basin takes a run's colour."""
NOT_CONVERGED_COLOUR = np.array([96.0, 96.0, 96.0])
DIVERGED_COLOUR = np.array([40.0, 0.0, 0.0])


def basin_rgb(labels: np.ndarray, steps: np.ndarray, total_steps: int) -> np.ndarray:
    """RGB bytes in the grid's order (its first row is the lowest y)."""
    colours = np.empty((*labels.shape, 3))
    for index in np.unique(labels):
        colours[labels == index] = (
            DIVERGED_COLOUR
            if index == -2
            else NOT_CONVERGED_COLOUR
            if index == -1
            else BASIN_COLOURS[index % len(BASIN_COLOURS)]
        )
    fraction = np.log1p(steps) / np.log1p(max(total_steps, 1))
    shade = 1.0 - 0.6 * np.clip(fraction, 0.0, 1.0)
    return (colours * shade[..., None]).clip(0, 255).astype(np.uint8)
