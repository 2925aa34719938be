"""The landscape window's room: a loss of two parameters raced by optimizers. The window's
wiring (`landscape_window`) with its views beside it: the map, the curves, the data view, the
step arrows, the loss panel and the sweeps."""
