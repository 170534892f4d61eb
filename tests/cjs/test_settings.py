"""Settings come from the environment. Each case runs Django in a subprocess with its own
environment, the way the server starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-for-the-deploy-check-" + "x7Yq2mN9pL4vR8sT1wZ6bC3dF5gH0jK" * 2,
    "ALLOWED_HOSTS": "cjs.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


# Variables of the test run that must not leak into the processes under test.
_STRIPPED = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _clean_environ() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in _STRIPPED}


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    base = _clean_environ()
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**base, "DJANGO_SETTINGS_MODULE": "cjs.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = _clean_environ()
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PG_URL = "postgres://cjs:pw@db.example.org:5432/cjs"  # parsed, never connected to

PRINT_DB = (
    "from django.conf import settings as s; d = s.DATABASES['default'];"
    "print(d['ENGINE'], d['NAME'], d.get('HOST', ''))"
)


def test_database_defaults_to_a_sqlite_file_in_the_project_folder():
    result = _run(PRINT_DB, DEBUG="1")
    engine, name, _host = ([*result.stdout.split(), ""])[:3]
    assert engine == "django.db.backends.sqlite3"
    assert name == str(settings.BASE_DIR / "db.sqlite3")


def test_database_url_selects_postgresql():
    result = _run(PRINT_DB, DEBUG="1", DATABASE_URL=PG_URL)
    assert result.stdout.split() == ["django.db.backends.postgresql", "cjs", "db.example.org"]


PRINT_CONNECTIONS = (
    "from django.conf import settings as s; d = s.DATABASES['default'];"
    "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'],"
    " d.get('OPTIONS', {}).get('prepare_threshold'))"
)


def test_postgresql_connections_are_kept_ten_minutes_with_their_prepared_statements():
    """A new connection plans every page query again for its first runs: kept a minute, each
    worker paid that every minute (in the bench, every page's round a minute in)."""
    result = _run(PRINT_CONNECTIONS, DEBUG="1", DATABASE_URL=PG_URL)
    assert result.stdout.split() == ["600", "True", "5"]
    result = _run(PRINT_CONNECTIONS, DEBUG="1", DATABASE_URL=PG_URL, CONN_MAX_AGE="0")
    assert result.stdout.split()[0] == "0"  # behind a pooler, say
    sqlite = _run(PRINT_CONNECTIONS, DEBUG="1", DATABASE_URL="sqlite:///:memory:")
    assert sqlite.stdout.split() == ["0", "True", "None"]  # the dev server's file, opened anew


PRINT_OPTIONS = (
    "from django.conf import settings as s;"
    "print(sorted(s.DATABASES['default'].get('OPTIONS', {}).items()))"
)


def test_postgresql_plans_for_data_in_memory_and_keeps_the_url_options():
    """random_page_cost 1.1 (not a spinning disk's 4): fetching a page's members by their
    index, not reading every user of every past season. What DATABASE_URL's query string
    says (sslmode...) is kept beside the app's own options."""
    options = _run(PRINT_OPTIONS, DEBUG="1", DATABASE_URL=PG_URL).stdout
    assert "('options', '-c random_page_cost=1.1')" in options
    assert "('prepare_threshold', 5)" in options
    given = f"{PG_URL}?sslmode=verify-full&options=-c%20statement_timeout%3D5000"
    options = _run(PRINT_OPTIONS, DEBUG="1", DATABASE_URL=given).stdout
    assert "('sslmode', 'verify-full')" in options
    assert "('options', '-c statement_timeout=5000 -c random_page_cost=1.1')" in options
    assert "('server_side_binding', True)" in options
    kept = _run(PRINT_OPTIONS, DEBUG="1", DATABASE_URL=PG_URL, DATABASE_RANDOM_PAGE_COST="")
    assert "random_page_cost" not in kept.stdout  # the server's own, behind a pooler say
    chosen = _run(PRINT_OPTIONS, DEBUG="1", DATABASE_URL=PG_URL, DATABASE_RANDOM_PAGE_COST="2.5")
    assert "2.5" in chosen.stdout
    sqlite = _run(PRINT_OPTIONS, DEBUG="1", DATABASE_URL="sqlite:///:memory:").stdout
    assert "random_page_cost" not in sqlite


def test_a_bad_random_page_cost_is_a_clear_configuration_error():
    for bad in ("fast", "0", "-1", "nan", "inf", "1.1 -c work_mem=1GB"):
        result = _run(PRINT_OPTIONS, DEBUG="1", DATABASE_URL=PG_URL, DATABASE_RANDOM_PAGE_COST=bad)
        assert result.returncode != 0
        assert "DATABASE_RANDOM_PAGE_COST must be a number above 0" in result.stderr


def test_redis_url_selects_the_redis_cache():
    code = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    assert "LocMemCache" in _run(code, DEBUG="1").stdout
    assert "RedisCache" in _run(code, DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/0").stdout


def test_email_goes_to_the_console_unless_a_smtp_host_is_set():
    code = "from django.conf import settings as s; print(s.EMAIL_BACKEND)"
    assert "console" in _run(code, DEBUG="1").stdout
    assert "smtp" in _run(code, DEBUG="1", EMAIL_HOST="smtp.example.org").stdout


def test_a_bad_boolean_is_a_clear_configuration_error():
    result = _manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_without_secret_key_stops_with_a_clear_message():
    result = _manage("check", DEBUG="0", ALLOWED_HOSTS="cjs.example.org")
    assert result.returncode == 1
    assert "Configuration error: SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_gunicorn_without_secret_key_stops_with_a_clear_message():
    """Gunicorn restarts a worker that exits with an ordinary error code forever; ours exits
    with 4 ("application failed to load") so that the server stops and says why."""
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    result = subprocess.run(
        [gunicorn, "cjs.wsgi", "--bind", "127.0.0.1:0", "--workers", "1"],
        cwd=settings.BASE_DIR,
        env={**_clean_environ(), "DEBUG": "0"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 4
    assert "Configuration error: SECRET_KEY is not set" in result.stderr
    assert "App failed to load" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_the_deploy_check_without_warning():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_make_run_links_follow_the_port_served_unless_site_url_is_set():
    """`make run PORT=8123` must not send links to :8000 (welcome, tracking, calendar)."""
    root = Path(__file__).resolve().parents[2]
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    served = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=root, env=env, capture_output=True, text=True
    ).stdout
    assert "SITE_URL=http://127.0.0.1:8123 " in served
    assert "runserver 127.0.0.1:8123" in served
    configured = subprocess.run(
        ["make", "-n", "run", "PORT=8123"],
        cwd=root,
        env={**env, "SITE_URL": "https://cjs.example.org"},
        capture_output=True,
        text=True,
    ).stdout
    assert "SITE_URL=https://cjs.example.org " in configured
