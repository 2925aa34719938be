"""precompile, which the desktop bundle ships the kernels of, covers every kernel a user meets."""

from optstudio.engine.models.optimizers import MODEL_OPTIMIZERS
from optstudio.engine.optimizers import OPTIMIZERS
from optstudio.engine.precompile import PARTS, precompile


def test_every_optimizer_trains_a_network_from_the_shipped_kernels() -> None:
    """Each optimizer is a kernel of its own: a bundle that shipped only Adam's network kernel
    (as it did) made a user's first lab with SGD or Lion compile for five seconds."""
    seconds = precompile(lambda _line: None, parts=("network",))
    assert {f"network {name}" for name in [*MODEL_OPTIMIZERS, *OPTIMIZERS]} <= set(seconds)
    assert "boundaries and plane" in seconds
    assert not any(part.startswith(("landscape", "sweep")) for part in seconds)


def test_the_halves_together_are_all_of_it() -> None:
    landscape = precompile(lambda _line: None, parts=("landscape",))
    assert {f"landscape {name}" for name in OPTIMIZERS} <= set(landscape)
    assert not any(part.startswith("network") for part in landscape)
    assert PARTS == ("landscape", "network")
