"""The demo's registry: each app registers the function that seeds its part of the demo
season from its ``AppConfig.ready()``; ``manage.py seed_demo`` runs them in the order of
``INSTALLED_APPS`` (members first: the others build on its people and seasons).

A seeder is ``seed(*, scale: int, stdout) -> None`` and does nothing when its data is already
there, so a second run changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

Seeder = Callable[..., None]

_SEEDERS: dict[str, Seeder] = {}


def register(app: str, seed: Seeder) -> None:
    _SEEDERS[app] = seed


def seeders() -> list[Seeder]:
    return list(_SEEDERS.values())
