"""What both windows share: the window base (`studio_window`), the runs panel and its settings
form, the race table, the engine worker and its restarts, the controls, the code view, the
session actions and view menu, themes, language, icons and the small plotting helpers."""
