"""The colours of a basin map, shared by its PNG file and its overlay on the studio's map: a
colour per minimum reached, darker the more steps it took; grey where runs did not converge,
dark red where they diverged."""

from __future__ import annotations

import numpy as np

BASIN_COLOURS = np.array(
    [
        [230, 159, 0],
        [86, 180, 233],
        [0, 158, 115],
        [204, 121, 167],
        [213, 94, 0],
        [240, 228, 66],
        [0, 114, 178],
        [150, 150, 255],
    ],
    dtype=float,
)
NOT_CONVERGED_COLOUR = np.array([128.0, 128.0, 128.0])
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
