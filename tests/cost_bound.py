"""The cost bound of the fuzz tests: a case that runs past its time is a hang, and fails."""

import contextlib
import signal


@contextlib.contextmanager
def hang_guard(seconds: int, what: str = "one case"):
    """Fail, rather than stall the suite, if the block takes over `seconds` (main thread)."""

    def stop(*_):
        raise AssertionError(f"{what} took over {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
