"""PySide6 widgets, table models, dialogs and the task runner. The only Qt package besides app.py."""
