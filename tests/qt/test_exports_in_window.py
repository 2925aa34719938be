"""Figures and runs exported from the window, read back and checked."""

import json
import xml.etree.ElementTree as ElementTree

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

import optstudio
from optstudio.io.export import read_npz_run
from optstudio.studies.landscape import LandscapeStudy

from .test_landscape_window import wait_for_steps


@pytest.fixture
def finished(qtbot, make_window):
    state = LandscapeStudy(loss="himmelblau", max_steps=200)
    state.add_run("adam", hyper={"lr": 0.05})
    state.add_run("momentum", hyper={"lr": 0.002, "beta": 0.8})
    window = make_window(state)
    window.resize(1400, 900)
    qtbot.waitUntil(lambda: window.map.grid_ready, timeout=20_000)
    window.controls.play_action.trigger()
    wait_for_steps(qtbot, window, 200)
    qtbot.wait(100)
    return window


@pytest.mark.parametrize("scale", [1, 2, 4])
def test_png_at_each_scale_has_that_many_pixels(finished, tmp_path, scale):
    path = tmp_path / f"map{scale}.png"
    assert finished.exports.export_figure(path, "map", scale)
    image = QImage(str(path))
    assert image.width() == finished.map.width() * scale
    assert image.height() == finished.map.height() * scale


def test_both_side_by_side_and_transparent(finished, tmp_path):
    path = tmp_path / "both.png"
    assert finished.exports.export_figure(path, "both", 1, transparent=True)
    image = QImage(str(path))
    beside = max(finished.curves.width(), int(0.6 * finished.map.width()))
    assert image.width() == finished.map.width() + beside
    assert image.height() == finished.map.height()
    assert image.hasAlphaChannel()
    assert image.pixelColor(2, 2).alpha() == 0
    solid = tmp_path / "solid.png"
    finished.exports.export_figure(solid, "both", 1)
    assert QImage(str(solid)).pixelColor(2, 2).alpha() == 255


def test_svg_is_xml_with_the_paths_and_the_legend(finished, tmp_path):
    path = tmp_path / "map.svg"
    assert finished.exports.export_figure(path, "map")
    root = ElementTree.parse(path).getroot()
    assert root.tag.endswith("svg")
    text = path.read_text()
    assert "Adam (lr=0.05)" in text
    assert "Momentum (heavy ball) (lr=0.002, beta=0.8)" in text
    assert text.count("<path") + text.count("<polyline") > 10


def test_a_bad_figure_target_warns_and_writes_nothing(finished, tmp_path):
    assert not finished.exports.export_figure(tmp_path / "map.jpg")
    assert "use .png or .svg" in finished.messages[-1]
    assert not finished.exports.export_figure(tmp_path / "no" / "such" / "map.png")
    assert "cannot write" in finished.messages[-1]


def test_copy_figure_puts_an_image_on_the_clipboard(finished):
    finished.exports.copy_figure()
    image = QApplication.clipboard().image()
    assert image.width() == 2 * (finished.map.width() + finished.curves.width())


@pytest.mark.parametrize("extension", ["csv", "json", "npz"])
def test_runs_export_one_file_each_that_recreates_the_run(qtbot, finished, tmp_path, extension):
    finished.exports.export_runs(tmp_path / f"race.{extension}")
    qtbot.waitUntil(lambda: len(finished.exports.last_export) == 2, timeout=10_000)
    names = sorted(p.split("/")[-1] for p in finished.exports.last_export)
    assert names == [f"race-Adam.{extension}", f"race-Momentum_heavy_ball.{extension}"]
    expected = optstudio.simulate("himmelblau", "adam", steps=200, lr=0.05)
    adam = tmp_path / f"race-Adam.{extension}"
    if extension == "csv":
        table = np.loadtxt(adam, delimiter=",", skiprows=1)
        np.testing.assert_array_equal(table[:, 1:3], expected.path)
    elif extension == "json":
        data = json.loads(adam.read_text())
        np.testing.assert_array_equal(optstudio.simulate(**data["config"]).path, expected.path)
    else:
        meta, columns = read_npz_run(adam)
        np.testing.assert_array_equal(columns["x"], expected.path[:, 0])
        assert meta["config"]["lr"] == 0.05


def test_gif_animation_lasts_its_seconds_and_grows(finished, tmp_path):
    from PIL import Image

    path = tmp_path / "race.gif"
    assert finished.exports.export_animation(path, fps=10, seconds=1.5, part="map")
    # Pillow merges identical frames (both runs have converged before the end) and adds up
    # their durations: the animation still lasts fps * seconds frames of 100 ms. Frames are
    # read as a viewer shows them (each over the one before: unchanged pixels are
    # transparent).
    frames = []
    with Image.open(path) as gif:
        total = 0
        for index in range(gif.n_frames):
            gif.seek(index)
            total += gif.info["duration"]
            frames.append(np.asarray(gif.convert("RGB")))
    assert total == 1500
    assert 2 <= len(frames) <= 15
    assert frames[0].shape[:2] == (finished.map.height() // 2 * 2, finished.map.width() // 2 * 2)
    assert not np.array_equal(frames[0], frames[-1])
    x, _ = finished.map.path_items()[1].getData()
    snapshot = finished.engine.snapshots()[1]
    assert len(x) == len(snapshot.path)  # the whole paths are shown again afterwards


def test_mp4_animation_frame_count(finished, tmp_path):
    import imageio.v2 as imageio

    path = tmp_path / "race.mp4"
    assert finished.exports.export_animation(path, fps=12, seconds=1.0)
    with imageio.get_reader(path) as reader:
        assert reader.count_frames() == 12


def test_cancelling_an_animation_leaves_no_file(finished, tmp_path):
    path = tmp_path / "cancelled.gif"
    seen = []
    assert not finished.exports.export_animation(
        path, fps=10, seconds=2, progress=lambda done, total: seen.append(done) or done < 3
    )
    assert seen[-1] == 3
    assert list(tmp_path.iterdir()) == []


def test_the_selected_run_alone_is_written_to_the_chosen_file(qtbot, finished, tmp_path):
    finished.exports.export_runs(tmp_path / "one.csv", [2])
    qtbot.waitUntil(lambda: len(finished.exports.last_export) == 1, timeout=10_000)
    assert [p.name for p in tmp_path.iterdir()] == ["one.csv"]
    assert finished.exports.figure_action in finished.controls.actions()


def test_map_and_curves_fill_the_figure_with_no_empty_block(finished, tmp_path):
    """The curves column kept the window's narrow width and left a black block where the
    standings table sits; beside the map it now takes the map's height."""
    path = tmp_path / "both.png"
    assert finished.exports.export_figure(path, "both", 1)
    image = QImage(str(path))
    left = finished.map.width()
    background = image.pixelColor(image.width() - 2, 2).name()
    drawn_rows = [
        y
        for y in range(image.height())
        if any(image.pixelColor(x, y).name() != background for x in range(left, image.width(), 3))
    ]
    # the curves' step axis sits at the bottom of the figure, as the map's x axis does
    assert max(drawn_rows) > image.height() - 25


def test_a_2x_png_scales_the_legend_with_the_plot(finished, tmp_path):
    one, two = tmp_path / "one.png", tmp_path / "two.png"
    finished.exports.export_figure(one, "map", 1)
    finished.exports.export_figure(two, "map", 2)
    small, large = QImage(str(one)), QImage(str(two))
    legend = finished.map.legend.sceneBoundingRect()
    # A pixel inside the legend's bottom-right corner is inside it at 2x too (the legend
    # ignored the painter's scale and came out half as large as the text around it).
    x, y = int(legend.right() - 4), int(legend.bottom() - 4)
    inside, scaled = small.pixelColor(x, y), large.pixelColor(2 * x, 2 * y)
    assert abs(inside.red() - scaled.red()) + abs(inside.green() - scaled.green()) < 12


def test_svg_text_is_drawn_at_the_plots_scale(finished, tmp_path):
    """At QSvgGenerator's default 72 dpi the axes came out at 75 % and off the data."""
    import re

    path = tmp_path / "map.svg"
    assert finished.exports.export_figure(path, "map")
    text = path.read_text()
    box = [float(v) for v in re.search(r'viewBox="([0-9. ]+)"', text).group(1).split()]
    assert box[2:] == [finished.map.viewport().width(), finished.map.viewport().height()]
    width_mm = float(re.search(r'<svg width="([0-9.]+)mm"', text).group(1))
    dpi = finished.map.logicalDpiX()
    assert width_mm == pytest.approx(box[2] / dpi * 25.4, rel=0.01)


def test_gif_keeps_the_run_colours_and_stays_small(finished, tmp_path):
    """Per-frame palettes made orange yellow and a 6-second GIF 16 MB."""
    from PIL import Image

    path = tmp_path / "race.gif"
    assert finished.exports.export_animation(path, fps=10, seconds=3, part="both")
    size = path.stat().st_size
    with Image.open(path) as gif:
        gif.seek(gif.n_frames - 1)
        colours = {tuple(c[1]) for c in gif.convert("RGB").getcolors(1 << 20)}
    for wanted in ("#e69f00", "#56b4e9"):  # the two runs' colours
        r, g, b = (int(wanted[i : i + 2], 16) for i in (1, 3, 5))
        nearest = min(abs(r - c[0]) + abs(g - c[1]) + abs(b - c[2]) for c in colours)
        assert nearest <= 24, wanted
    pixels = finished.map.width() * finished.map.height() * 30
    assert size < pixels / 8, f"{size:,} bytes for 30 frames"


def test_files_get_the_users_permissions(finished, tmp_path):
    import os

    old = os.umask(0o022)
    try:
        figure = tmp_path / "map.png"
        finished.exports.export_figure(figure, "map")
        gif = tmp_path / "race.gif"
        finished.exports.export_animation(gif, fps=5, seconds=1, part="map")
    finally:
        os.umask(old)
    assert figure.stat().st_mode & 0o777 == 0o644
    assert gif.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.png", "race.gif"]


def test_a_gif_that_would_not_fit_in_memory_is_refused_before_it_starts(finished, tmp_path):
    path = tmp_path / "long.gif"
    assert not finished.exports.export_animation(path, fps=60, seconds=120, part="both")
    assert "export MP4, which streams" in finished.messages[-1]
    assert list(tmp_path.iterdir()) == []


def test_an_animation_draws_the_paths_on_the_screen_cut_at_each_frames_step(
    finished, tmp_path, monkeypatch
):
    """Each frame of an animation draws the paths of the screen's snapshots cut at that
    frame's step (with the same breaks), and the last frame is the screen itself."""
    from optstudio.live.snapshots import at_step
    from optstudio.qt.export import animation

    snapshots = dict(finished.engine.snapshots())
    frames: list[dict[int, tuple]] = []
    original = animation.render_image

    def record(widgets, scale, transparent):
        items = finished.map.path_items()
        frames.append({k: (items[k].getData(), items[k].opts["connect"]) for k in snapshots})
        return original(widgets, scale, transparent)

    monkeypatch.setattr(animation, "render_image", record)
    animation.write_animation(finished, tmp_path / "race.gif", fps=4, seconds=1.0)
    assert len(frames) == 5  # the last frame first (the palette), then frames 1 to 4
    steps = animation.frame_steps(snapshots, 4)
    for k, frame in enumerate(frames[1:]):
        for run_id, snap in snapshots.items():
            cut = at_step(snap, steps[k])
            (x, y), connect = frame[run_id]
            np.testing.assert_array_equal(np.column_stack([x, y]), cut.path)
            np.testing.assert_array_equal(connect, cut.connect())
    for run_id, snap in snapshots.items():
        x, y = finished.map.path_items()[run_id].getData()
        np.testing.assert_array_equal(np.column_stack([x, y]), snap.path)


def test_gif_frames_show_every_run_at_one_step_from_the_start_in_exact_colours(
    qtbot, make_window, tmp_path
):
    """Seen: each run cut at its own fraction of its steps, frame 0 not the start, and one
    palette from the last frame that made vermilion ochre and sky blue teal."""
    from PIL import Image

    state = LandscapeStudy(loss="himmelblau", max_steps=200)
    for optimizer in ("adam", "momentum", "gd", "rmsprop", "nesterov"):
        state.add_run(optimizer, hyper={"lr": 0.01})
    window = make_window(state)
    window.resize(1400, 900)
    qtbot.waitUntil(lambda: window.map.grid_ready, timeout=20_000)
    window.controls.play_action.trigger()
    wait_for_steps(qtbot, window, 200)
    shown = []
    original = window.show_at_step

    def spy(snapshots, step):
        original(snapshots, step)
        ends = {
            run_id: int(window.curves.curve_items(run_id)[0].getData()[0][-1])
            for run_id in snapshots
        }
        shown.append((step, ends))

    window.show_at_step = spy
    path = tmp_path / "race.gif"
    assert window.exports.export_animation(path, fps=5, seconds=2, part="both")
    shown = shown[1:-1]  # the palette is made from the last frame first; the whole runs after
    steps = [step for step, _ in shown]
    assert steps[0] == 0 and steps[-1] == 200 and steps == sorted(steps) and len(set(steps)) == 10
    for step, ends in shown:
        assert set(ends.values()) == {step}, "every run at the frame's own step"
    with Image.open(path) as gif:
        gif.seek(gif.n_frames - 1)
        counts = {tuple(c[1]): c[0] for c in gif.convert("RGB").getcolors(1 << 22)}
    for colour in window.run_colours().values():
        rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert counts.get(rgb, 0) >= 20, f"{colour} is not in the GIF as itself"


def _svg_polylines(path):
    """(stroke colour, points in the figure's coordinates) of every polyline of an SVG."""
    import re

    root = ElementTree.parse(path).getroot()
    found = []

    def walk(element, matrix, stroke):
        transform = element.get("transform", "")
        numbers = re.findall(r"matrix\(([^)]*)\)", transform)
        if numbers:
            a, b, c, d, e, f = (float(v) for v in numbers[0].split(","))
            m = np.array([[a, c, e], [b, d, f], [0, 0, 1]])
            matrix = matrix @ m
        stroke = element.get("stroke", stroke)
        if element.tag.endswith("polyline"):
            pairs = [p.split(",") for p in element.get("points").split()]
            points = np.array([[float(x), float(y), 1.0] for x, y in pairs])
            found.append((stroke, (matrix @ points.T).T[:, :2]))
        for child in element:
            walk(child, matrix, stroke)

    walk(root, np.eye(3), None)
    return found


def test_an_svgs_paths_stay_inside_the_plot_frame(finished, tmp_path):
    """Qt's SVG writer does not clip: zoomed in, paths ran over the axes and margins."""
    view = finished.map.getViewBox()
    view.setRange(xRange=(2.0, 3.5), yRange=(1.5, 2.5), padding=0)  # the paths leave it
    QApplication.processEvents()
    path = tmp_path / "zoomed.svg"
    assert finished.exports.export_figure(path, "map")
    frame = view.sceneBoundingRect()
    colours = {c.lower() for c in finished.run_colours().values()}
    checked = 0
    for stroke, points in _svg_polylines(path):
        if stroke is None or stroke.lower() not in colours:
            continue
        checked += len(points)
        assert points[:, 0].min() >= frame.left() - 1 and points[:, 0].max() <= frame.right() + 1
        assert points[:, 1].min() >= frame.top() - 1 and points[:, 1].max() <= frame.bottom() + 1
    assert checked > 0, "the runs' paths are in the SVG"
    x, _ = finished.map.path_items()[1].getData()
    assert len(x) > 0  # the window's own paths are whole again


def test_a_2x_png_has_2x_lines_and_markers_in_the_runs_exact_colours(finished, tmp_path):
    """Text grew with the scale and lines and markers did not (cosmetic pens)."""
    counts = {}
    for scale in (1, 2):
        path = tmp_path / f"map{scale}.png"
        assert finished.exports.export_figure(path, "map", scale)
        image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
        pixels = (
            np.frombuffer(image.constBits(), np.uint8)
            .reshape(image.height(), image.bytesPerLine())[:, : image.width() * 3]
            .reshape(image.height(), image.width(), 3)
        )
        for run_id, colour in finished.run_colours().items():
            rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
            counts[scale, run_id] = int(np.all(pixels == rgb, axis=2).sum())
    for run_id in finished.run_colours():
        assert counts[1, run_id] > 20, "the run's colour is in the figure exactly"
        ratio = counts[2, run_id] / counts[1, run_id]
        assert 3.0 < ratio < 5.5, f"a 2x figure's lines cover 4x the pixels, got {ratio:.2f}"


def test_the_export_dialogs_remember_the_folder_the_type_and_the_figure_options(
    qtbot, make_window, tmp_path, monkeypatch
):
    """A lecturer exporting figures for slides chose SVG in a folder of theirs: the next
    export starts there, with SVG, and the figure options as they were."""
    from PySide6.QtWidgets import QDialog, QFileDialog

    from optstudio.qt.export import export_actions

    window = make_window()
    slides = tmp_path / "slides"
    slides.mkdir()
    asked: list[tuple] = []

    def answer(parent, title, suggested, filters, chosen):
        asked.append((suggested, chosen))
        return str(slides / "first.svg"), "SVG drawing (*.svg)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    accepted = QDialog.DialogCode.Accepted

    def choose_both_at_2x(dialog):
        dialog.part.setCurrentIndex(dialog.part.findData("both"))
        dialog.scale.setCurrentIndex(dialog.scale.findData(2))
        return accepted

    monkeypatch.setattr(export_actions.FigureOptions, "exec", choose_both_at_2x)
    window.exports.figure_dialog()
    assert (slides / "first.svg").exists()
    seen: list[tuple] = []
    monkeypatch.setattr(
        export_actions.FigureOptions,
        "exec",
        lambda dialog: (
            seen.append((dialog.part.currentData(), dialog.scale.currentData())) or accepted
        ),
    )
    window.exports.figure_dialog()
    assert seen == [("both", 2)]
    suggested, chosen = asked[-1]
    assert suggested == str(slides / "optstudio.svg") and chosen == "SVG drawing (*.svg)"
    # other kinds of file keep their own type, in the same folder
    window.exports.runs_dialog()
    suggested, chosen = asked[-1]
    assert suggested == str(slides / "runs.csv") and chosen == "CSV (*.csv)"
