"""Animations of a race: the paths grow over the map and the curves beside it, as GIF or MP4.

Frames are drawn by the window's own plots from the runs' recorded rows and painted offscreen:
frame k shows every run at the same step, from the start (frame 0, step 0) to the longest
run's last step, evenly; a run that ended earlier stays as it ended. MP4 frames stream to
ffmpeg. A GIF has one palette for the whole animation, applied without dithering: the colours
of the runs and of the landscape's marks are reserved entries of it, exact, and the rest is
made from the last frame (where every path and curve is drawn). A palette made from the last
frame alone turned vermilion into ochre like another run and sky blue into teal; per-frame
palettes turned orange into yellow; dithered noise made a 6-second GIF 16 MB. GIF frames are
kept as 8-bit palette images (a byte a pixel) until Pillow writes them.
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
RESERVED_COLOURS = ("#ff5050", "#ffffff", "#000000")
"""Exact in every GIF besides the runs' colours: the minima's stars, the start, outlines."""
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

    steps = frame_steps(snapshots, frames)

    def draw(k: int) -> np.ndarray:
        window.show_at_step(snapshots, steps[k])
        return _frame_array(render_image(widgets, 1, False))

    def frame(k: int) -> np.ndarray:
        if progress is not None and progress(k, frames) is False:
            raise _Cancelled
        return draw(k)

    try:
        if suffix == ".gif":
            reserved = [*window.run_colours().values(), *RESERVED_COLOURS]
            _write_gif(partial, frame, draw(frames - 1), frames, fps, reserved)
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
        window.show_at_step(snapshots, max(steps))
        window.after_animation()
    return target


def frame_steps(snapshots: dict, frames: int) -> list[int]:
    """The step each frame shows: 0, then evenly to the longest run's last step."""
    last = max((int(snap.step) for snap in snapshots.values()), default=0)
    return [round(last * k / (frames - 1)) for k in range(frames)]


def gif_palette(last: np.ndarray, reserved: list[str]) -> list[int]:
    """255 RGB colours (flat): the `reserved` colours exactly, first, then the last frame's
    other colours by median cut; the 256th entry is the transparent "unchanged"."""
    from PIL import Image

    exact: list[tuple[int, int, int]] = []
    for colour in reserved:
        rgb = _rgb(colour)
        if rgb not in exact:
            exact.append(rgb)
    exact = exact[: UNCHANGED // 2]
    rest = Image.fromarray(last).quantize(
        colors=UNCHANGED - len(exact), method=Image.Quantize.MEDIANCUT
    )
    others = rest.getpalette()[: 3 * (UNCHANGED - len(exact))]
    flat = [value for rgb in exact for value in rgb] + others
    flat += flat[:3] * (UNCHANGED - len(flat) // 3)  # unused entries repeat the first colour
    return flat[: 3 * UNCHANGED]


def _rgb(colour: str) -> tuple[int, int, int]:
    text = colour.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def _write_gif(
    path: Path,
    frame: Callable[[int], np.ndarray],
    last: np.ndarray,
    frames: int,
    fps: int,
    reserved: list[str],
) -> None:
    """Frames on one palette of 255 colours; after the first, a pixel that did not change is
    the transparent 256th colour, so each frame stores little more than what moved."""
    from PIL import Image

    used = gif_palette(last, reserved)
    palette = Image.new("P", (1, 1))
    palette.putpalette(used + used[:3])  # "unchanged" is never the nearest colour of a pixel
    colours = [*used, 0, 0, 0]
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
