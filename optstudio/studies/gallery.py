"""The scenario gallery: ready sessions under resources/presets, each with a title, a short
explanation for the audience and a thumbnail. `build_presets()` writes them from PRESETS, the
one place they are defined (run `python -m optstudio.studies.gallery` after changing one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..io.session import Session, load_session, save_session
from ..resource_files import CHECKOUT, resource_folder
from ..speed_scale import nearest_speed
from .landscape import LandscapeStudy
from .model import ModelStudy
from .tuned_scenario import ScenarioTuning, tuned_session


def presets_folder() -> Path:
    """resources/presets in a source checkout, or the copy installed with the package."""
    return resource_folder("presets")


PLAY_SECONDS = 10


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    explanation: str
    loss: str
    runs: tuple[dict[str, Any], ...]
    max_steps: int
    start: tuple[float, float] | None = None
    loss_params: dict[str, Any] = field(default_factory=dict)

    @property
    def speed(self) -> float:
        """The pace a scenario plays at: its whole race in about PLAY_SECONDS, on a speed the
        speed control has, so an audience sees it unfold."""
        return nearest_speed(self.max_steps / PLAY_SECONDS)

    def session(self) -> Session:
        state = LandscapeStudy(
            loss=self.loss,
            loss_params=dict(self.loss_params),
            max_steps=self.max_steps,
            start=self.start,
            speed=self.speed,
        )
        for run in self.runs:
            run = dict(run)
            state.add_run(run.pop("optimizer"), **run)
        return Session(state, title=self.title, explanation=self.explanation)


@dataclass(frozen=True)
class ModelPreset:
    """A scenario of the model lab: a network on a data set and the runs racing on it."""

    name: str
    title: str
    explanation: str
    study: dict[str, Any]
    """`ModelStudy` settings: dataset, data_params, hidden, activation, regularization ..."""
    runs: tuple[dict[str, Any], ...]
    max_steps: int
    tuning: ScenarioTuning | None = None
    """A study whose best trials race first (`tuned_scenario`), run when the file is built."""

    @property
    def speed(self) -> float:
        """The pace a scenario plays at: its whole race in about PLAY_SECONDS (a 3,000-step
        race at full speed was over in a second or two)."""
        return nearest_speed(self.max_steps / PLAY_SECONDS)

    def session(self) -> Session:
        study = ModelStudy(max_steps=self.max_steps, speed=self.speed, **self.study)
        for run in self.runs:
            run = dict(run)
            study.add_run(run.pop("optimizer"), **run)
        study.check()
        return Session(study, title=self.title, explanation=self.explanation)


DIGITS_NET = {
    "dataset": "digits",
    "data_params": {"test_fraction": 0.2},
    "hidden": (32,),
    "activation": "relu",
}


def _stroke(start: tuple[float, float], end: tuple[float, float], n: int, label: int) -> list:
    """n points of a class along a line, as a drag in the draw bar leaves them."""
    (x0, y0), (x1, y1) = start, end
    return [
        [round(x0 + (x1 - x0) * i / (n - 1), 2), round(y0 + (y1 - y0) * i / (n - 1), 2), label]
        for i in range(n)
    ]


DRAWN_STROKES = [
    *_stroke((-4.5, -4.0), (-2.5, 4.5), 9, 1),
    *_stroke((-2.0, -4.5), (-1.0, 4.0), 9, 1),
    *_stroke((-5.0, 1.0), (-3.0, -3.0), 5, 1),
    *_stroke((4.5, 4.0), (2.5, -4.5), 9, 0),
    *_stroke((2.0, 4.5), (1.0, -4.0), 9, 0),
    *_stroke((5.0, -1.0), (3.0, 3.0), 5, 0),
]
"""Blue strokes on the left of the plane, orange on the right."""
WRONG_SIDE_CLICKS = [
    [3.5, 1.0, 1], [2.0, -2.5, 1], [4.0, -3.0, 1], [1.5, 2.5, 1],
    [-3.5, -1.0, 0], [-2.0, 2.5, 0], [-4.0, 3.0, 0], [-1.5, -2.5, 0],
]  # fmt: skip
"""Eight clicks on the wrong side: four blue points among the orange, four orange among the
blue."""

MODEL_PRESETS = (
    ModelPreset(
        "model-overfitting-l2",
        "Overfitting, and L2 against it",
        "A network of two layers of 8 learns 60 noisy points of the circle. Plain Adam drives "
        "its training loss to zero while its test loss (dashed) turns up after a few dozen "
        "steps: it learns the noise. Adam with weight decay 0.01, that run's own setting "
        "(the gradient of an L2 penalty 0.005·‖w‖²; the Model panel's regularisation would "
        "put one on every run), keeps its weights small and its test loss near its best.",
        {
            "dataset": "circle",
            "data_params": {"noise": 0.35, "n_samples": 120},
            "hidden": (8, 8),
        },
        (
            {"optimizer": "adam", "name": "Adam", "hyper": {"lr": 0.03}},
            {
                "optimizer": "adam",
                "name": "Adam, weight decay 0.01",
                "hyper": {"lr": 0.03, "weight_decay": 0.01},
            },
        ),
        3000,
    ),
    ModelPreset(
        "model-spiral-depth",
        "A spiral needs depth",
        "From x1 and x2 alone, the two arms of the spiral take several layers to tell "
        "apart. This network has three hidden layers of 8: Adam winds its boundary along the "
        "arms to about 98% test accuracy, plain SGD stays near 76%. Remove layers in the "
        "Model panel and watch the boundary give up.",
        {"dataset": "spiral", "hidden": (8, 8, 8)},
        (
            {"optimizer": "adam", "hyper": {"lr": 0.01}},
            {"optimizer": "sgd", "hyper": {"lr": 0.1}},
        ),
        3000,
    ),
    ModelPreset(
        "model-xor-sgd-vs-adam",
        "SGD against Adam on xor",
        "The Playground's first network (4 and 2 units) on exclusive or. With the same "
        "learning rate, Adam classifies every test point within 1,000 steps while SGD, whose "
        "steps shrink with the small gradients of the saturated units, is still near 91%.",
        {"dataset": "xor", "hidden": (4, 2)},
        (
            {"optimizer": "sgd", "hyper": {"lr": 0.03}},
            {"optimizer": "adam", "hyper": {"lr": 0.03}},
        ),
        1000,
    ),
    ModelPreset(
        "model-digits-batch-size",
        "Batch size on a real network",
        "SGD trains a 64-32-10 network on 1,437 images of handwritten digits with the whole "
        "set, batches of 64 and batches of 8 per step. Step for step they reach about the "
        "same accuracy (94 to 96%), although a step on a batch of 8 costs a 180th of the "
        "work of a step on the full set.",
        DIGITS_NET,
        (
            {"optimizer": "sgd", "name": "full batch", "hyper": {"lr": 0.1}},
            {"optimizer": "sgd", "name": "batch 64", "hyper": {"lr": 0.1}, "batch_size": 64},
            {"optimizer": "sgd", "name": "batch 8", "hyper": {"lr": 0.1}, "batch_size": 8},
        ),
        500,
    ),
    ModelPreset(
        "model-muon-vs-adamw",
        "Muon against AdamW on digits",
        "Muon orthogonalises each weight matrix's step (Newton-Schulz), so every direction "
        "of the matrix moves at the same rate. It fits the training images (loss below 0.1) "
        "by step 170, where AdamW at its usual rate is still on its way; both end near 98% "
        "test accuracy.",
        DIGITS_NET,
        (
            {"optimizer": "muon", "hyper": {"lr": 0.02}},
            {"optimizer": "adamw", "hyper": {"lr": 0.001}},
        ),
        500,
    ),
    ModelPreset(
        "model-digits-tuned-fairly",
        "Tune every optimizer before the race",
        "At their default learning rates SGD, heavy-ball momentum and Adam end 500 steps on "
        "the digits far apart: about 10%, 61% and 95% test accuracy. Tuned with the same "
        "budget of 15 learning rates on 3 seeds each (Tune… shows the study), all three reach "
        "97 to 99%: much of a race between optimizers is a race between their defaults.",
        DIGITS_NET,
        ({"optimizer": "sgd", "name": "SGD, default lr", "batch_size": 64},),
        500,
        ScenarioTuning(
            optimizers=("sgd", "momentum", "adam"),
            space="lr=1e-4:3:log",
            trials=15,
            seeds=3,
            metric="final_test_accuracy",
            batch_size=64,
        ),
    ),
    ModelPreset(
        "model-hidden-units",
        "What a hidden unit learns",
        "One hidden layer of three tanh units on the circle; a unit can only split the plane "
        "along a straight line, so in the Network tab its map is orange on one side and blue "
        "on the other. Training moves the three lines round the blue disc, each about two "
        "units from its centre, and the output, blue inside all three, is a triangle that "
        "holds the disc: both runs classify over 95% of the test points. With two units (the "
        "Model panel's −) two lines cannot enclose the disc, and both stop near 84%.",
        {"dataset": "circle", "data_params": {"noise": 0.1}, "hidden": (3,)},
        (
            {"optimizer": "adam", "hyper": {"lr": 0.03}, "batch_size": 10},
            {"optimizer": "sgd", "hyper": {"lr": 0.03}, "batch_size": 10},
        ),
        2000,
    ),
    ModelPreset(
        "model-features-trick",
        "The features trick: a circle with no hidden layer",
        "No hidden layer at all: the output is a weighted sum of the inputs. Given x1² and "
        "x2² instead of x1 and x2, that sum is the equation of a circle, so a single unit "
        "separates the disc from the ring: both runs pass 97% test accuracy within 200 "
        "steps. Swap the features back to x1 and x2 in the Model panel: the same network can "
        "only draw a straight line, and stays under 70%.",
        {
            "dataset": "circle",
            "data_params": {"noise": 0.1, "features": ["x1^2", "x2^2"]},
            "hidden": (),
        },
        (
            {"optimizer": "sgd", "hyper": {"lr": 0.1}, "batch_size": 10},
            {"optimizer": "adam", "hyper": {"lr": 0.03}, "batch_size": 10},
        ),
        1000,
    ),
    ModelPreset(
        "model-drawn-overfitting",
        "Points drawn by hand, learned by heart",
        "These 54 points were drawn by hand: strokes of blue on the left, of orange on the "
        "right, and eight clicks on the wrong side. A network of 8 and 8 units fits every "
        "training point, the wrong ones included, while its test loss, lowest in the first 40 "
        "steps, climbs past 2 and its test accuracy falls from 85% to about half: it learned "
        "the points, not the rule. Erase the eight wrong-side points (Erase, above the "
        "plane) and both runs classify every test point.",
        {
            "dataset": "drawn",
            "data_params": {"points": [*DRAWN_STROKES, *WRONG_SIDE_CLICKS]},
            "hidden": (8, 8),
        },
        (
            {"optimizer": "adam", "hyper": {"lr": 0.03}},
            {"optimizer": "sgd", "hyper": {"lr": 0.1}},
        ),
        3000,
    ),
    ModelPreset(
        "model-relu-then-tanh",
        "An activation per layer: relu, then tanh",
        "Relu in the first hidden layer cuts the plane into straight-edged pieces; tanh in "
        "the second bends and bounds what they make. On the spiral this network of 16 and "
        "8 units, relu then tanh, lets Adam classify every test point. Set both layers to "
        "tanh in the Model panel (each layer) and it ends near 90%; both to relu, near 97%, "
        "with a test loss seven times as large.",
        {"dataset": "spiral", "hidden": (16, 8), "activation": ("relu", "tanh")},
        ({"optimizer": "adam", "hyper": {"lr": 0.01}, "batch_size": 10},),
        3000,
    ),
    ModelPreset(
        "model-learning-rate-too-large",
        "A learning rate too large, on a network",
        "The same SGD on the circle with two learning rates. At 3 it settles near 99% test "
        "accuracy. At 30 every step overshoots: the loss leaps to more than ten times where "
        "it began, the boundary flips about, and the accuracy stays near a coin toss.",
        {"dataset": "circle", "data_params": {"noise": 0.1}, "hidden": (4, 2)},
        (
            {"optimizer": "sgd", "name": "lr 3", "hyper": {"lr": 3.0}},
            {"optimizer": "sgd", "name": "lr 30", "hyper": {"lr": 30.0}},
        ),
        1000,
    ),
)

PRESETS: tuple[Preset | ModelPreset, ...] = (
    Preset(
        "momentum-valley",
        "Momentum in a narrow valley",
        "In a long, narrow valley plain gradient descent zig-zags between the steep walls "
        "and crawls along the floor. Momentum averages the zig-zag away and builds up speed "
        "along the valley.",
        "quadratic",
        (
            {"optimizer": "gd", "hyper": {"lr": 0.035}},
            {"optimizer": "momentum", "hyper": {"lr": 0.035, "beta": 0.7}},
        ),
        300,
        loss_params={"condition": 50},
    ),
    Preset(
        "learning-rate-too-large",
        "A learning rate too large",
        "Both runs are plain gradient descent on the same bowl. Beyond 2 divided by the "
        "largest curvature (here 2/10 = 0.2), every step overshoots more than the last and "
        "the run diverges; just below it, the run converges.",
        "quadratic",
        (
            {"optimizer": "gd", "name": "lr 0.21", "hyper": {"lr": 0.21}},
            {"optimizer": "gd", "name": "lr 0.1", "hyper": {"lr": 0.1}},
        ),
        300,
    ),
    Preset(
        "adam-vs-sgd-rosenbrock",
        "Adam against SGD on Rosenbrock",
        "SGD's step is proportional to the gradient, tiny on the flat valley floor. Adam "
        "divides by the gradient's recent size, so it keeps moving along the floor to the "
        "minimum at (1, 1).",
        "rosenbrock",
        (
            {"optimizer": "adam", "hyper": {"lr": 0.02}},
            {"optimizer": "sgd", "hyper": {"lr": 0.001}},
        ),
        3000,
    ),
    Preset(
        "saddle-escape",
        "Escaping a saddle point",
        "Started a hair's breadth off the ridge line, every run first slides towards the "
        "saddle, where the gradient vanishes, then slowly peels away downhill. Momentum "
        "builds up speed in the escaping direction and gets away about three times sooner "
        "than plain gradient descent.",
        "saddle",
        (
            {"optimizer": "gd", "hyper": {"lr": 0.05}},
            {"optimizer": "momentum", "hyper": {"lr": 0.05, "beta": 0.9}},
        ),
        600,
        start=(-1.5, 1e-4),
    ),
    Preset(
        "himmelblau-basins",
        "Four minima: which one?",
        "Himmelblau's function has four minima of equal depth. From the same start, Adam and "
        "the heavy ball end in different ones: the path, not just the landscape, decides.",
        "himmelblau",
        (
            {"optimizer": "adam", "hyper": {"lr": 0.01}},
            {"optimizer": "momentum", "hyper": {"lr": 0.01}},
        ),
        2000,
        start=(0.0, 0.0),
    ),
    Preset(
        "batch-sizes",
        "Batch, mini-batch and stochastic",
        "The same SGD (lr 0.05) on linear regression with one sample, a mini-batch of 8 and "
        "the whole data set per step. The full batch settles in the minimum; smaller batches "
        "are cheaper per step but noisier, so they reach it about as soon and then jitter "
        "round it, single samples the most.",
        "linreg",
        (  # drawn in this order: the widest jitter underneath, the full batch on top
            {"optimizer": "sgd", "name": "stochastic", "hyper": {"lr": 0.05}, "batch_size": 1},
            {"optimizer": "sgd", "name": "mini-batch 8", "hyper": {"lr": 0.05}, "batch_size": 8},
            {"optimizer": "sgd", "name": "full batch", "hyper": {"lr": 0.05}},
        ),
        600,
    ),
    Preset(
        "adagrad-vs-rmsprop",
        "Adagrad's shrinking steps",
        "Adagrad divides by the sum of all past squared gradients, so its steps only ever "
        "shrink and it stalls on the long valley. RMSprop forgets old gradients and keeps "
        "its pace.",
        "rosenbrock",
        (
            {"optimizer": "adagrad", "hyper": {"lr": 0.1}},
            {"optimizer": "rmsprop", "hyper": {"lr": 0.01}},
        ),
        3000,
    ),
    Preset(
        "schedules",
        "Learning-rate schedules compared",
        "The same Adam with a constant rate, cosine annealing and a step decay. On "
        "Rosenbrock's long valley a decay that starts early slows the walk along the floor: "
        "schedules help where noise, not distance, limits progress.",
        "rosenbrock",
        (
            {"optimizer": "adam", "name": "constant", "hyper": {"lr": 0.05}},
            {"optimizer": "adam", "name": "cosine", "hyper": {"lr": 0.05}, "schedule": "cosine"},
            {
                "optimizer": "adam",
                "name": "step decay",
                "hyper": {"lr": 0.05},
                "schedule": "step:step_size=500,gamma=0.3",
            },
        ),
        2000,
    ),
    Preset(
        "rastrigin-local-minima",
        "Stuck in a local minimum",
        "Rastrigin's bowl is covered in ripples, each a local minimum. Gradient descent "
        "stops in the first one it meets, far from the global minimum at the origin.",
        "rastrigin",
        ({"optimizer": "gd", "hyper": {"lr": 0.001}},),
        1000,
    ),
    Preset(
        "heavy-ball-vs-nesterov",
        "Heavy ball against Nesterov",
        "Both carry 90% of the previous step. Nesterov takes its gradient where the momentum "
        "is about to carry it, which damps the overshoot: on this ill-conditioned bowl it "
        "settles a hundred times lower in the same steps.",
        "quadratic",
        (
            {"optimizer": "momentum", "hyper": {"lr": 0.01, "beta": 0.9}},
            {"optimizer": "nesterov", "hyper": {"lr": 0.01, "beta": 0.9}},
        ),
        200,
        loss_params={"condition": 100},
    ),
    Preset(
        "first-vs-second-order",
        "First order against Newton's method",
        "Newton's method divides the gradient by the curvature and jumps to the minimum of "
        "the local quadratic model. On Rosenbrock it is done in a handful of steps, while "
        "gradient descent has barely started.",
        "rosenbrock",
        ({"optimizer": "newton"}, {"optimizer": "gd", "hyper": {"lr": 0.001}}),
        50,
    ),
    Preset(
        "adam-beta2",
        "What beta2 does in Adam",
        "beta2 sets how long Adam remembers squared gradients. With 0.9 its step sizes "
        "follow the curving valley quickly; with the default 0.999 they lag behind, and the "
        "run is slower to reach the minimum.",
        "rosenbrock",
        (
            {"optimizer": "adam", "name": "beta2 0.999", "hyper": {"lr": 0.02, "beta2": 0.999}},
            {"optimizer": "adam", "name": "beta2 0.9", "hyper": {"lr": 0.02, "beta2": 0.9}},
        ),
        1500,
    ),
    *MODEL_PRESETS,
)


def build_presets(folder: Path | None = None, *, tuned: bool = True) -> list[Path]:
    """Write every scenario's file; `tuned=False` leaves out the ones that run a tuning study
    (a minute of every core)."""
    target = folder or CHECKOUT / "presets"
    target.mkdir(parents=True, exist_ok=True)
    written = [
        save_session(p.session(), target / f"{p.name}.optstudio")
        for p in PRESETS
        if getattr(p, "tuning", None) is None
    ]
    studies = [p for p in PRESETS if getattr(p, "tuning", None) is not None]
    if tuned and studies:
        from ..tuning.study import dask_client

        with dask_client() as client:
            for p in studies:
                session = tuned_session(p.session(), p.tuning, client)
                written.append(save_session(session, target / f"{p.name}.optstudio"))
    return written


def preset_names() -> list[str]:
    return [p.name for p in PRESETS]


def load_preset(name: str) -> Session:
    """A scenario by name; ValueError names the choices."""
    if name not in preset_names():
        from ..engine.specs import unknown_name

        raise unknown_name("preset", name, preset_names())
    return load_session(presets_folder() / f"{name}.optstudio")


if __name__ == "__main__":
    for path in build_presets():
        print(path)
