"""Curation: forms to add, edit and delete facts (each with its source), undo/redo, claims, audit, conflicts.

Views only: every change goes through the model's curation commands (models.curation), wrapped in one
QUndoStack (ui.curation.undo) so Edit > Undo/Redo reverts them with one change notification each.
"""
