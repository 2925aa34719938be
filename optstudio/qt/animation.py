"""Animations of a race: the paths grow over the map and the curves beside it, as GIF or MP4.

Frames are drawn by the window's own plots from the runs' recorded rows (each frame shows every
run up to the same fraction of its steps), painted offscreen and streamed to imageio, so memory
stays at one frame whatever the length.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from .figures import render_image

FORMATS = (".gif", ".mp4")


def _frame_array(image) -> np.ndarray:
    """RGB array of a QImage, cropped to even sizes (video encoders need them)."""
    from PySide6.QtGui import QImage

    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height = rgb.width() // 2 * 2, rgb.height() // 2 * 2
    data = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=rgb.sizeInBytes())
    frame = data.reshape(rgb.height(), rgb.bytesPerLine())[:, : rgb.width() * 3]
    return frame.reshape(rgb.height(), rgb.width(), 3)[:height, :width].copy()


def write_animation(
    window,
    path: str | Path,
    *,
    fps: int = 25,
    seconds: float = 6.0,
    part: str = "both",
    progress: Callable[[int, int], bool] | None = None,
) -> Path | None:
    """Write the animation; `progress(done, total)` returning False cancels (returns None,
    and no partial file is left)."""
    import imageio.v2 as imageio

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot tell the format of '{target.name}': use .gif or .mp4")
    if not 1 <= fps <= 60:
        raise ValueError(f"fps must be in [1, 60], got {fps}")
    if not 0.5 <= seconds <= 120:
        raise ValueError(f"seconds must be in [0.5, 120], got {seconds}")
    frames = max(2, round(fps * seconds))
    snapshots = dict(window.engine.snapshots())
    widgets = window.exports.widgets(part)
    options = (
        {"fps": fps, "macro_block_size": 1}
        if suffix == ".mp4"
        else {"duration": 1000 / fps, "loop": 0}
    )
    partial = target.with_name(f".{target.name}.part{suffix}")
    try:
        with imageio.get_writer(partial, mode="I", **options) as writer:
            for k in range(frames):
                if progress is not None and progress(k, frames) is False:
                    raise _Cancelled
                window.show_partial(snapshots, (k + 1) / frames)
                writer.append_data(_frame_array(render_image(widgets, 1, False)))
        partial.replace(target)
    except _Cancelled:
        partial.unlink(missing_ok=True)
        return None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        window.show_partial(snapshots, 1.0)
    return target


class _Cancelled(Exception):
    pass
