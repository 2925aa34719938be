"""The studies a user builds, as plain data (no Qt): a landscape study (`landscape`: a loss of
two parameters and its runs), a model study (`model`: a network on data and its runs), the
runs both keep (`runs`) and the gallery of ready scenarios (`gallery`). Sessions store them as
JSON through their `to_dict` / `from_dict`; the engine turns them into runs."""
