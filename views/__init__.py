"""The app's pages, one module each. Importing this package imports them all, and each
registers its page function with ui.navigation; app.py then chooses per role."""

from views import account, console, help, history, participant, projector, sign_in

__all__ = ["account", "console", "help", "history", "participant", "projector", "sign_in"]
