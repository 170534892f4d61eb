"""Pages go out compressed (GZipMiddleware), static files too (WhiteNoise, in production)."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest
from django.conf import settings

from tests.cjs.test_settings import PRODUCTION, _clean_environ


@pytest.mark.django_db
def test_a_page_asked_with_gzip_comes_back_gzipped(client):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"</html>" in gzip.decompress(response.content)


@pytest.mark.django_db
def test_a_client_that_does_not_ask_gets_the_page_plain(client):
    response = client.get("/")
    assert not response.has_header("Content-Encoding")
    assert b"</html>" in response.content


def test_gzip_compresses_after_the_middleware_that_touch_the_body():
    """Only Security and WhiteNoise (serving static files compressed already) come before."""
    middleware = settings.MIDDLEWARE
    assert middleware.index("django.middleware.gzip.GZipMiddleware") == 2
    assert middleware[:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]


SERVE_STATIC = """
import json, django
django.setup()
from django.core.management import call_command
# Our own static files only (the admin's would only make the test slower).
skipped = ["admin", "django_htmx"]
call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=skipped)
from django.templatetags.static import static
from django.test import Client
answers = {}
for path in ("img/icons.svg", "vendor/bootstrap/css/bootstrap.min.css"):
    response = Client().get(static(path), HTTP_ACCEPT_ENCODING="gzip, deflate, br", secure=True)
    answers[path] = [static(path), response.status_code, response.get("Content-Encoding"),
                     response.get("Cache-Control")]
from django.contrib.staticfiles.storage import staticfiles_storage
answers["storage"] = type(staticfiles_storage._wrapped).__module__
print(json.dumps(answers))
"""


def test_production_serves_static_files_compressed_and_cached_for_ever(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", SERVE_STATIC],
        cwd=settings.BASE_DIR,
        env={
            **_clean_environ(),
            **PRODUCTION,
            "ALLOWED_HOSTS": "testserver",
            "DJANGO_SETTINGS_MODULE": "cjs.settings",
            "STATIC_ROOT": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    answers = json.loads(done.stdout.strip().splitlines()[-1])
    assert answers.pop("storage") == "cjs.storage"  # each address worked out once
    for url, status, encoding, cache in answers.values():
        assert status == 200
        assert encoding == "br"  # brotli: whitenoise[brotli]
        assert ".svg" in url or ".css" in url
        assert "immutable" in cache  # hashed names (manifest storage)
