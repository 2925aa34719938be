"""Random command lines and schedules: every one ends with a result (exit 0) or one line on
stderr and exit 2; none raises, prints a traceback or runs without bound."""

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optstudio.cli import main
from optstudio.engine.schedules import SCHEDULES, parse_schedule

from .cost_bound import hang_guard
from .profile import examples

SECONDS_PER_CASE = 30
"""A case taking longer than this is a hang (the cost bound), not a slow machine."""


ODD_NUMBERS = st.sampled_from(
    [
        *("0", "-1", "1", "3", "1e3", "1e12", "10^12", "inf", "-inf", "nan", "1e308", "0.5"),
        *("", "x", "18446744073709551616", "2147483648", "-0", "1_000", "0x10"),
    ]
)
NAMES = st.sampled_from(["lr", "beta1", "momentum", "eps", "a", "grad_noise", "noise", "x"])
SCHEDULE_TEXT = st.one_of(
    st.sampled_from([f"{name}:" for name in SCHEDULES] + ["cosine:T_max=(3", "step:gamma=0.5)"]),
    st.text(alphabet="cosinetpamulxT_=:,.[]()0123456789-e", max_size=30),
)


MODEL_OPTIONS = {
    "--hidden": st.sampled_from(["8,8", "", "0", "1000", "3,x", "64,64,64,64,64,64,64", "-2"]),
    "--activation": st.sampled_from(["tanh", "relu", "gelu", ""]),
    "--regularization": st.sampled_from(["l1", "l2", "none", "l3"]),
    "--reg-rate": ODD_NUMBERS,
    "--grad-noise": ODD_NUMBERS,
    "--samples": ODD_NUMBERS,
    "--noise": ODD_NUMBERS,
    "--test-fraction": ODD_NUMBERS,
    "--data-seed": ODD_NUMBERS,
    "--features": st.sampled_from(["x1,x2", "x1^2", "x3", "", ",,"]),
    "--batch-size": ODD_NUMBERS,
    "--steps": st.sampled_from(["0", "1", "50", "1_000", "2147483648", "x"]),
    "--set": st.sampled_from(["lr=0.1", "lr=-1", "lr=nan", "noise=1", "beta1=2", "x"]),
    "--record-every": ODD_NUMBERS,
    "--out": st.sampled_from(["", "out.csv", "out.json", "out.npz", "out.xlsx", "/"]),
}


@st.composite
def train_command_lines(draw):
    argv = [
        "train",
        draw(st.sampled_from(["circle", "spiral", "gaussians", "digits", "nope", "csv:/none"])),
        draw(st.sampled_from(["adam", "sgd", "newton", "lion", "nope"])),
    ]
    for _ in range(draw(st.integers(0, 4))):
        option = draw(st.sampled_from(sorted(MODEL_OPTIONS)))
        argv += [option, draw(MODEL_OPTIONS[option])]
    return argv


@st.composite
def run_command_lines(draw):
    argv = [
        draw(st.sampled_from(["run", "sweep", "basins", "code"])),
        draw(st.sampled_from(["rosenbrock", "linreg", "expr:log(x) + y", "nope", "quadratic"])),
        draw(st.sampled_from(["adam", "sgd", "newton", "lion", "nope"])),
    ]
    for _ in range(draw(st.integers(0, 4))):
        option = draw(
            st.sampled_from(
                [
                    *("--steps", "--start", "--seed", "--batch-size", "--schedule"),
                    *("--record-every", "--tol", "--set", "--out"),
                ]
            )
        )
        if option == "--start":
            argv += [option, draw(ODD_NUMBERS), draw(ODD_NUMBERS)]
        elif option == "--set":
            argv += [option, f"{draw(NAMES)}={draw(ODD_NUMBERS)}"]
        elif option == "--schedule":
            argv += [option, draw(SCHEDULE_TEXT)]
        elif option == "--out":
            argv += [option, draw(st.sampled_from(["", "out.csv", "out.npz", "out.xlsx", "/"]))]
        else:
            argv += [option, draw(ODD_NUMBERS)]
    if argv[0] == "sweep":
        argv += ["--grid", draw(st.sampled_from(["lr=1e-3:1e-1:4", "lr=0:inf:3", "lr=(", "x"]))]
    if argv[0] in ("sweep", "basins") and "--out" not in argv:
        argv += ["--out", "out.npz"]
    if argv[0] == "basins":
        argv += ["--resolution", draw(st.sampled_from(["4", "0", "100000", "x"]))]
    if argv[0] == "code":
        argv += ["--framework", "torch"]
    return argv


@settings(
    max_examples=examples(quick=50, thorough=300),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(argv=st.one_of(run_command_lines(), train_command_lines()))
def test_any_command_line_gives_a_result_or_one_line(capsys, tmp_path, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    with hang_guard(SECONDS_PER_CASE, "one command line"):
        try:
            status = main(argv)
        except SystemExit as stop:  # argparse's own exit (--help is not generated here)
            status = stop.code
    _, err = capsys.readouterr()
    assert status in (0, 2), (argv, err)
    if status == 2:
        assert err.startswith("optstudio: error: ") and err.count("\n") == 1, (argv, err)
        assert "Traceback" not in err


@settings(max_examples=500, deadline=None)
@given(SCHEDULE_TEXT)
def test_any_schedule_text_parses_or_says_why(text):
    with hang_guard(10, "one schedule"), contextlib.suppress(ValueError):
        parse_schedule(text, steps=1000)
