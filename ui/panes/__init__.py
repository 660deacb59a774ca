"""Dockable views of the shared BriefingModel; each pane is a thin adapter over ui/plots builders."""
