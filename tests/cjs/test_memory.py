"""A server process keeps what it loaded out of the garbage collector's full collections
(``cjs.memory``): at load, and again after its first requests."""

from __future__ import annotations

import gc
import importlib
import itertools

import pytest
from django.core.signals import request_finished

from cjs import memory


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


def test_freezing_keeps_the_live_objects_out_of_later_collections(unfrozen):
    held = [[] for _ in range(1000)]
    assert any(tracked is held for tracked in gc.get_objects())
    memory.freeze()
    assert gc.get_freeze_count() >= len(held)
    assert not any(tracked is held for tracked in gc.get_objects())  # not in a generation


def test_a_worker_freezes_again_after_its_25th_and_250th_requests(monkeypatch):
    frozen_at = []
    monkeypatch.setattr(memory, "_served", itertools.count(1))
    monkeypatch.setattr(memory.gc, "freeze", lambda: frozen_at.append(served))
    monkeypatch.setattr(memory.gc, "collect", lambda: pytest.fail("no collection while serving"))
    for served in range(1, 301):  # noqa: B007 (read by the stand-in above)
        memory.request_finished(sender=None)
    assert frozen_at == [25, 250]


def test_the_wsgi_application_freezes_at_load_and_counts_the_requests(unfrozen):
    gc.unfreeze()
    try:
        wsgi = importlib.import_module("cjs.wsgi")
        importlib.reload(wsgi)
        assert gc.get_freeze_count() > 0
        receivers = [uid for (uid, _sender), *_rest in request_finished.receivers]
        assert "cjs.memory" in receivers
    finally:
        request_finished.disconnect(dispatch_uid="cjs.memory")
