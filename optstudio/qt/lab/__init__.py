"""The model lab's room of the window: a network trained on a data set, raced by optimizers."""
