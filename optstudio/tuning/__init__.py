"""Tuning: the learning-rate range test, and tuning studies that compare optimizers fairly.

Qt-free, as the engine is: the lab and the command line drive what is here."""
