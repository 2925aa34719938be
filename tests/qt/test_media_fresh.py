"""The pictures committed with the studio are what the studio draws now: a change to a view or
a scenario that changes its thumbnail fails here until the thumbnail is made again
(`python -m optstudio.qt.lecture.thumbnails`). Twelve of them were found stale."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from optstudio.studies.gallery import PRESETS, presets_folder

from ..profile import THOROUGH

pytestmark = pytest.mark.skipif(
    not THOROUGH, reason="renders every thumbnail (a minute): OPTSTUDIO_TESTS=thorough runs it"
)

MEAN_DIFFERENCE = 1.5
"""Mean absolute difference (of 255) allowed: anti-aliasing, not a changed picture (a stale
thumbnail differed by 13 to 27)."""


def _pixels(path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB")).astype(np.int16)


@pytest.mark.parametrize("name", [p.name for p in PRESETS])
def test_each_scenarios_thumbnail_is_the_one_the_studio_draws_now(qtbot, tmp_path, name):
    from optstudio.qt.lecture.thumbnails import render_thumbnail
    from optstudio.studies.gallery import load_preset

    fresh = render_thumbnail(load_preset(name), tmp_path / f"{name}.png")
    committed = _pixels(presets_folder() / f"{name}.png")
    drawn = _pixels(fresh)
    assert drawn.shape == committed.shape
    difference = float(np.abs(drawn - committed).mean())
    assert difference < MEAN_DIFFERENCE, (
        f"{name}.png is stale (mean difference {difference:.1f}): "
        "python -m optstudio.qt.lecture.thumbnails"
    )
