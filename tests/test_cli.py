"""The command line as a user types it: output, files, exit statuses and one-line errors."""

import csv
import io
import json
import subprocess
import sys

import numpy as np
import pytest

import optstudio
from optstudio.cli import main
from optstudio.engine.losses import LOSSES
from optstudio.engine.optimizers import OPTIMIZERS
from optstudio.engine.schedules import SCHEDULES
from optstudio.io.export import read_npz_run


def run_cli(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_list_names_every_loss_optimizer_hyperparameter_and_schedule(capsys):
    status, out, _ = run_cli(capsys, "list")
    assert status == 0
    for name in [*LOSSES, *OPTIMIZERS, *SCHEDULES]:
        assert f"  {name}: " in out
    assert "beta1                      0.9        [0, 1)" in out
    status, out, _ = run_cli(capsys, "list", "--json")
    data = json.loads(out)
    adam = {p["name"]: p for p in data["optimizers"]["adam"]["hyperparameters"]}
    assert adam["lr"]["default"] == 1e-3 and adam["lr"]["scale"] == "log"
    assert set(data["losses"]) == set(LOSSES)


def test_run_prints_csv_identical_to_simulate(capsys):
    status, out, err = run_cli(
        capsys,
        "run",
        "rosenbrock",
        "adam",
        "--steps",
        "40",
        "--set",
        "lr=0.01",
        "--set",
        "beta2=0.99",
        "--start",
        "0",
        "2",
    )
    assert status == 0 and err == ""
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["step", "x", "y", "loss", "grad_norm", "lr"]
    table = np.array(rows[1:], dtype=float)
    run = optstudio.simulate("rosenbrock", "adam", steps=40, lr=0.01, beta2=0.99, start=(0, 2))
    np.testing.assert_array_equal(table[:, 1:3], run.path)
    np.testing.assert_array_equal(table[:, 3], run.loss_values)
    np.testing.assert_array_equal(table[:, 0], run.steps)


def test_run_options_reach_the_engine(capsys):
    status, out, _ = run_cli(
        capsys,
        "run",
        "linreg",
        "sgd",
        "--steps",
        "100",
        "--batch-size",
        "5",
        "--seed",
        "3",
        "--record-every",
        "10",
        "--schedule",
        "step:step_size=50,gamma=0.5",
        "--set",
        "lr=0.01",
        "--set",
        "noise=1.0",
    )
    assert status == 0
    table = np.loadtxt(io.StringIO(out), delimiter=",", skiprows=1)
    run = optstudio.simulate(
        "linreg",
        "sgd",
        steps=100,
        batch_size=5,
        seed=3,
        record_every=10,
        schedule="step:step_size=50,gamma=0.5",
        lr=0.01,
        loss_params={"noise": 1.0},
    )
    np.testing.assert_array_equal(table[:, 1:3], run.path)
    assert table[:, 0].tolist() == list(range(0, 101, 10))
    assert table[-1, 5] == 0.0025


@pytest.mark.parametrize("extension", ["csv", "json", "npz"])
def test_run_writes_files_that_carry_their_config(capsys, tmp_path, extension):
    target = tmp_path / f"run.{extension}"
    status, out, err = run_cli(
        capsys, "run", "himmelblau", "rmsprop", "--steps", "25", "--out", str(target)
    )
    assert status == 0 and out == "" and "wrote 26 rows" in err
    run = optstudio.simulate("himmelblau", "rmsprop", steps=25)
    if extension == "csv":
        table = np.loadtxt(target, delimiter=",", skiprows=1)
        np.testing.assert_array_equal(table[:, 1:3], run.path)
    elif extension == "json":
        data = json.loads(target.read_text())
        assert data["format"] == "optstudio-run" and data["status"] == "max_steps"
        replay = optstudio.simulate(**data["config"])
        assert data["columns"]["x"] == replay.path[:, 0].tolist()
    else:
        meta, columns = read_npz_run(target)
        np.testing.assert_array_equal(columns["loss"], run.loss_values)
        assert optstudio.simulate(**meta["config"]).path.tolist() == run.path.tolist()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "rosenbrok", "adam"], "unknown loss 'rosenbrok' (did you mean 'rosenbrock'?)"),
        (["run", "rosenbrock", "adamm"], "unknown optimizer 'adamm'"),
        (["run", "rosenbrock", "adam", "--set", "lr=-1"], "adam: lr must be in [0, inf)"),
        (["run", "rosenbrock", "adam", "--set", "beta1=1.5"], "beta1 must be in [0, 1)"),
        (["run", "rosenbrock", "adam", "--set", "lr"], "--set takes NAME=VALUE"),
        (["run", "rosenbrock", "adam", "--set", "momentum=0.9"], "neither a hyperparameter"),
        (["run", "rosenbrock", "adam", "--steps", "ten"], "invalid int value: 'ten'"),
        (["run", "rosenbrock", "adam", "--steps", "-5"], "steps must be a whole number"),
        (["run", "rosenbrock", "adam", "--start", "1"], "expected 2 arguments"),
        (["run", "linreg", "sgd", "--batch-size", "0"], "batch_size must be a whole number"),
        (["run", "rosenbrock", "adam", "--schedule", "cosine:T_max=0"], "T_max must be"),
        (["run", "rosenbrock", "adam", "--out", "run.xlsx"], "cannot tell the format"),
        (["run", "rosenbrock", "adam", "--out", "/no/such/dir/run.csv"], "cannot write"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["run", "rosenbrock", "adam", "--set", "lr=inf"], "adam: lr must be in [0, inf)"),
        (["run", "rosenbrock", "adam", "--schedule", "cosine:T_max=(3"], "bracket never closed"),
        (["run", "rosenbrock", "adam", "--schedule", "step:gamma=0.5)"], "bracket never opened"),
        (["run", "rosenbrock", "adam", "--out", ""], "--out needs a file name"),
        (["run", "rosenbrock", "adam", "--steps", "1000000000000"], "[0, 2,000,000,000]"),
        (
            [
                "sweep",
                "rosenbrock",
                "adam",
                "--grid",
                "lr=1e-4:1:256",
                "--steps",
                "200000000",
                "--out",
                "s.csv",
            ],
            "more than a sweep takes",
        ),
        (
            [
                "code",
                "resources/presets/schedules.optstudio",
                "--steps",
                "5",
                "--framework",
                "torch",
            ],
            "--steps does not apply to a session file",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, argv, message):
    status, out, err = run_cli(capsys, *argv)
    assert status == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1 and err.startswith("optstudio: error: ")


def test_no_traceback_from_the_installed_command(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "optstudio", "run", "rosenbrock", "adam", "--set", "eps=x"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == "optstudio: error: adam: eps must be a number, got 'x'\n"


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"optstudio {optstudio.__version__}"


def test_a_bad_session_file_on_the_command_line_exits_2_before_any_window(capsys, tmp_path):
    bad = tmp_path / "bad.optstudio"
    bad.write_text("{")
    status, out, err = run_cli(capsys, str(bad))
    assert out == ""
    assert status == 2
    assert err.startswith("optstudio: error: cannot open 'bad.optstudio': not valid JSON")
    assert err.count("\n") == 1


def run_command(tmp_path, *argv):
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "optstudio", *argv],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
        timeout=300,
    )


def test_plot_renders_a_png_and_an_svg_with_no_display(tmp_path):
    result = run_command(
        tmp_path,
        "plot",
        "himmelblau",
        "adam",
        "momentum",
        "--steps",
        "300",
        "--set",
        "lr=0.01",
        "--out",
        "race.png",
        "--scale",
        "2",
    )
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(tmp_path / "race.png"))
    assert image.width() > 1000 and image.height() > 1000
    result = run_command(tmp_path, "plot", "rosenbrock", "gd", "--out", "map.svg", "--part", "both")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "map.svg").read_text()
    assert text.lstrip().startswith("<?xml") and "Gradient descent (lr=0.001)" in text


def test_plot_a_session_file(tmp_path):
    from optstudio.io.session import Session, save_session
    from optstudio.studies.landscape import LandscapeStudy

    state = LandscapeStudy(loss="booth", max_steps=200)
    state.add_run("rmsprop", hyper={"lr": 0.1})
    save_session(Session(state), tmp_path / "lecture.optstudio")
    result = run_command(tmp_path, "plot", "lecture.optstudio", "--out", "lecture.png")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "lecture.png").stat().st_size > 10_000


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["plot", "rosenbrock", "--out", "x.png"], "name at least one optimizer"),
        (["plot", "rosenbrock", "adam", "--out", "x.gif"], "use .png or .svg"),
        (
            ["plot", "rosenbrock", "adam", "--set", "beta1=2", "--out", "x.png"],
            "beta1 must be in [0, 1)",
        ),
        (
            ["plot", "rosenbrock", "adam", "--set", "foo=1", "--out", "x.png"],
            "'foo' is not a hyperparameter",
        ),
        (["plot", "missing.optstudio", "--out", "x.png"], "cannot open 'missing.optstudio'"),
        (["plot", "rosenbrock", "adam"], "the following arguments are required: --out"),
    ],
)
def test_plot_bad_input_exits_2_with_one_line(tmp_path, argv, message):
    result = run_command(tmp_path, *argv)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if "propagateSizeHints" not in line]
    assert len(errors) == 1 and message in errors[0], result.stderr


def test_animate_writes_an_mp4_with_fps_times_seconds_frames(tmp_path):
    import imageio.v2 as imageio

    result = run_command(
        tmp_path,
        "animate",
        "rosenbrock",
        "gd",
        "adam",
        "--steps",
        "300",
        "--fps",
        "8",
        "--seconds",
        "1",
        "--out",
        "race.mp4",
    )
    assert result.returncode == 0, result.stderr
    with imageio.get_reader(tmp_path / "race.mp4") as reader:
        assert reader.count_frames() == 8
    bad = run_command(tmp_path, "animate", "rosenbrock", "gd", "--fps", "0", "--out", "x.gif")
    assert bad.returncode == 2 and "fps must be in [1, 60], got 0" in bad.stderr
    assert not (tmp_path / "x.gif").exists()


def test_a_formula_loss_from_the_command_line(capsys):
    status, out, _ = run_cli(
        capsys, "run", "expr:x**2 + 3*y**2", "adam", "--steps", "5", "--start", "1", "1"
    )
    assert status == 0 and out.splitlines()[1] == "0,1.0,1.0,4.0,6.324555320336759,0.001"
    status, out, err = run_cli(capsys, "run", "expr:x + os.getcwd()", "adam")
    assert status == 2 and out == ""
    assert err == "optstudio: error: column 5: attributes (a.b) are not allowed in a formula\n"


def test_an_unknown_preset_exits_2_naming_the_choices(capsys):
    status, out, err = run_cli(capsys, "--preset", "nope")
    assert status == 2 and out == ""
    assert err.startswith("optstudio: error: unknown preset 'nope'; choose one of: ")
    status, out, _ = run_cli(capsys, "list")
    assert "  saddle-escape: Escaping a saddle point" in out


def test_a_start_where_the_loss_is_not_finite_is_row_0(capsys):
    status, out, _ = run_cli(capsys, "run", "expr:log(x) + y", "adam", "--start", "-1", "1")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1 and rows[0]["step"] == "0"
    assert (float(rows[0]["x"]), float(rows[0]["y"])) == (-1.0, 1.0)
    assert rows[0]["loss"] == "nan"


def test_a_full_disk_keeps_the_old_file_and_says_so_in_one_line(capsys, tmp_path, monkeypatch):
    import errno
    import os

    target = tmp_path / "run.csv"
    target.write_text("the old run\n")

    def full(_fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    status, _, err = run_cli(capsys, "run", "rosenbrock", "adam", "--out", str(target))
    assert status == 2
    assert err == f"optstudio: error: cannot write '{target}': No space left on device\n"
    assert target.read_text() == "the old run\n"
    assert [p.name for p in tmp_path.iterdir()] == ["run.csv"]


def test_plot_prints_one_line_and_no_qt_notice(tmp_path):
    """Seen: 'This plugin does not support propagateSizeHints()' before every plot's line."""
    result = run_command(tmp_path, "plot", "booth", "adam", "--steps", "20", "--out", "f.png")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines() == [f"wrote {tmp_path / 'f.png'}"] or (
        result.stderr.strip().splitlines() == ["wrote f.png"]
    )


def test_animate_into_a_missing_folder_is_refused_before_any_frame(tmp_path):
    """Seen: 150 frames rendered, then an error naming '.x.gif.part.gif'."""
    result = run_command(tmp_path, "animate", "booth", "adam", "--out", "none/x.gif")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "optstudio: error: cannot write 'none/x.gif': the folder 'none' does not exist"
    ]


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "rosenbrock", "adam", "--steps", "10"],
        ["list"],
        ["code", "rosenbrock", "adam", "--framework", "torch"],
    ],
)
def test_a_full_standard_output_is_one_line_not_a_traceback(tmp_path, argv):
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "optstudio", *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            timeout=120,
        )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "optstudio: error: cannot write the output: No space left on device"
    ]


def test_out_through_a_symbolic_link_writes_the_file_it_points_to(capsys, tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert main(["run", "rosenbrock", "adam", "--steps", "3", "--out", str(link)]) == 0
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text().startswith("step,x,y,loss")


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ("step:step_size=1e30", "step_size must be a whole number in [1, 1e+12]"),
        ("cosine:T_max=1e19", "T_max must be a whole number in [1, 1e+12]"),
        ("onecycle:total_steps=1e300", "total_steps must be a whole number"),
        ("multistep:milestones=1e30", "milestones must hold lists of integers"),
    ],
)
def test_schedule_arguments_too_large_are_one_line(capsys, schedule, message):
    code = main(["run", "rosenbrock", "adam", "--steps", "5", "--schedule", schedule])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and message in err and len(err.strip().splitlines()) == 1
    code = main(["sweep", "rosenbrock", "adam", "--schedule", schedule, "--grid", "lr=0.001:0.1:3",
                 "--out", "x.csv"])  # fmt: skip
    _, err = capsys.readouterr()
    assert code == 2 and message in err


@pytest.mark.parametrize("formula", ["1" * 400 + "*x+y", "-" * 495 + "x+y", "-" * 300 + "x"])
def test_huge_numbers_and_deep_formulas_are_one_line(capsys, formula):
    code = main(["run", f"expr:{formula}", "adam", "--steps", "5"])
    _, err = capsys.readouterr()
    assert code == 2 and err.startswith("optstudio: error:") and len(err.strip().splitlines()) == 1
    with pytest.raises(ValueError):
        optstudio.simulate(f"expr:{formula}", "adam", steps=3)
