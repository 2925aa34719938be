"""Animations of a race: the paths grow over the map and the curves beside it, as GIF or MP4.

Frames are drawn by the window's own plots from the runs' recorded rows (each frame shows every
run up to the same fraction of its steps) and painted offscreen. MP4 frames stream to ffmpeg.
A GIF has one palette for the whole animation, made from its last frame (where every path and
curve is drawn) and applied without dithering: per-frame palettes turned orange into yellow and
red stars white, and dithered noise made a 6-second GIF 16 MB. GIF frames are kept as 8-bit
palette images (a byte a pixel) until Pillow writes them, each as the rectangle that changed.
The step arrows belong to one step, so they are hidden while the frames are drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from ...io.atomic import file_mode
from .figures import figure_size, render_image

FORMATS = (".gif", ".mp4")
UNCHANGED = 255
"""The palette index of "as in the frame before" (transparent over the kept frame)."""
MAX_GIF_BYTES = 3 * 2**30 // 2
"""GIF frames are held as palette images (a byte a pixel) until Pillow writes them."""


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
    if suffix == ".gif":
        size = figure_size(widgets)
        needed = frames * size.width() * size.height()
        if needed > MAX_GIF_BYTES:
            raise ValueError(
                f"a GIF of {frames:,} frames of {size.width()}×{size.height()} needs about "
                f"{needed / 2**30:.1f} GB while it is written (at most "
                f"{MAX_GIF_BYTES / 2**30:.1f}); make it shorter or slower, or export MP4, "
                "which streams"
            )
    options = {"fps": fps, "macro_block_size": 1}
    partial = target.with_name(f".{target.name}.part{suffix}")
    window.before_animation()

    def draw(k: int) -> np.ndarray:
        window.show_partial(snapshots, (k + 1) / frames)
        return _frame_array(render_image(widgets, 1, False))

    def frame(k: int) -> np.ndarray:
        if progress is not None and progress(k, frames) is False:
            raise _Cancelled
        return draw(k)

    try:
        if suffix == ".gif":
            _write_gif(partial, frame, draw(frames - 1), frames, fps)
        else:
            with imageio.get_writer(partial, mode="I", **options) as writer:
                for k in range(frames):
                    writer.append_data(frame(k))
        partial.chmod(file_mode(target))
        partial.replace(target)
    except _Cancelled:
        partial.unlink(missing_ok=True)
        return None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        window.show_partial(snapshots, 1.0)
        window.after_animation()
    return target


def _write_gif(
    path: Path, frame: Callable[[int], np.ndarray], last: np.ndarray, frames: int, fps: int
) -> None:
    """Frames on one palette of 255 colours; after the first, a pixel that did not change is
    the transparent 256th colour, so each frame stores little more than what moved."""
    from PIL import Image

    palette = Image.fromarray(last).quantize(colors=255, method=Image.Quantize.MEDIANCUT)
    used = palette.getpalette()[: 3 * UNCHANGED]
    colours = [*used, *[0] * (3 * UNCHANGED - len(used)), 0, 0, 0]
    pictures = []
    previous: np.ndarray | None = None
    for k in range(frames):
        indices = np.asarray(
            Image.fromarray(frame(k)).quantize(palette=palette, dither=Image.Dither.NONE)
        )
        shown = indices.copy()
        if previous is not None:
            shown[indices == previous] = UNCHANGED
        previous = indices
        picture = Image.fromarray(shown, mode="P")
        picture.putpalette(colours)
        pictures.append(picture)
    pictures[0].save(
        path,
        format="GIF",
        save_all=True,
        append_images=pictures[1:],
        duration=round(1000 / fps),
        loop=0,
        optimize=False,
        disposal=1,
        transparency=UNCHANGED,
    )


class _Cancelled(Exception):
    pass
