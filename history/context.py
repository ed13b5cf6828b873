"""How a change is being made (admin form, admin action, import of a dataset, command), for
the history entries written meanwhile.

Free of Django imports: manage.py names the running command before Django is set up.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_how = ContextVar("how", default=())


@contextmanager
def how(description):
    """Within this block, history entries say they were made by `description`; blocks nest,
    the innermost first ("import du jeu de données « … » · commande « import_places »")."""
    token = _how.set((str(description), *_how.get()))
    try:
        yield
    finally:
        _how.reset(token)


def current():
    return " · ".join(_how.get())
