"""Sweeps, fair races and basin maps in the studio (the engine's `sweep` module, in a tab)."""
