"""The live engine: the runs the studio window shows, advanced in a process of their own.

`core.LiveEngine` owns every `Run` and applies the window's commands between chunks;
`process` runs it in a child process and speaks to it over a pipe; `snapshots` is what comes
back. No Qt here: the window's side is `optstudio.qt.shared.engine_worker`.
"""
