"""The lecture room: what a lecturer shows with the studio (the gallery of scenarios and its
thumbnails, the presentation view, the step explainer and its timeline, the theory view)."""
