"""PySide6 widgets, table models, dialogs and the task runner (Qt lives here and in app.py)."""
