"""When Redis goes away, the abuse limits hold: the count moves to the database (the request
form's case is in tests/services/test_rate_limit.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cjs import ratelimit
from members.models import User

pytestmark = pytest.mark.django_db


def test_the_cache_is_seen_down(redis_down):
    assert not ratelimit.cache_is_up()


def test_wrong_passwords_still_lock_the_login_when_the_cache_is_down(redis_down, client, db):
    User.objects.create_user(username="lea", password="the-right-password-42")
    url = reverse("login")
    for _ in range(15):
        client.post(url, {"username": "lea", "password": "wrong"})
    response = client.post(url, {"username": "lea", "password": "the-right-password-42"})
    # The form again (429, locked out: django-axes counts in the database), not the redirect
    # of a login.
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
