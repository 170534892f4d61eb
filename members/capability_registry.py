"""The registry of capabilities: what each app declares a member may be delegated.

Each app declares its capabilities in its own ``capabilities.py`` with ``register()``, imported
from its ``AppConfig.ready()``, so the registry is complete before the first request. This
module imports nothing from ``members.models``: the models (``PermissionGrant.__str__``) read
the labels here, and ``members.permissions`` (which queries the models) re-exports it all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Capability:
    code: str
    label: str | Promise
    description: str | Promise = ""
    # Its pages show members' personal data (dates away, availability, hours worked), minors'
    # included: the delegates who hold it may protect their login with a second factor, and
    # must when ``CJS_REQUIRE_2FA_FOR_MINORS_DATA`` is on.
    reads_minors_data: bool = False


_REGISTRY: dict[str, Capability] = {}


def register(*capabilities: Capability) -> None:
    for capability in capabilities:
        existing = _REGISTRY.get(capability.code)
        if existing is not None and existing != capability:
            raise ValueError(f"Capability {capability.code!r} is registered twice.")
        _REGISTRY[capability.code] = capability


def all_capabilities() -> list[Capability]:
    return list(_REGISTRY.values())


def all_codes() -> frozenset[str]:
    return frozenset(_REGISTRY)


def minors_data_codes() -> frozenset[str]:
    """The capabilities whose pages show minors' personal data."""
    return frozenset(code for code, c in _REGISTRY.items() if c.reads_minors_data)


def capability_label(code: str) -> str:
    capability = _REGISTRY.get(code)
    return str(capability.label) if capability else code


def is_registered(code: str) -> bool:
    return code in _REGISTRY
