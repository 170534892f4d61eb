"""The demo's registry: each app registers the function that seeds its part of the demo
season from its ``AppConfig.ready()``; ``manage.py seed_demo`` runs them in the order of
``INSTALLED_APPS`` (members first: the others build on its people and seasons).

A seeder is ``seed(*, scale: int, stdout) -> None`` and does nothing when its data is already
there, so a second run changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

Seeder = Callable[..., None]

_SEEDERS: dict[str, Seeder] = {}


def register(app: str, seed: Seeder) -> None:
    _SEEDERS[app] = seed


def seeders(apps: Collection[str] | None = None) -> list[Seeder]:
    """The seeders in order; only those of ``apps`` when given (browser tests leave out the
    finance demo: its issued invoices may never be deleted, not even by a test's flush)."""
    return [seed for app, seed in _SEEDERS.items() if apps is None or app in apps]
