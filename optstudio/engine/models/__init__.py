"""The model engine: small neural networks on data sets, trained by the studio's optimizers.

`datasets` makes the data (TensorFlow Playground's six sets, and tables such as the digits or
a user's CSV, read by `optstudio.io.datasets`). No Qt and no files here.
"""
