"""The production static storage works out each file's hashed address once per process."""

import json
from unittest import mock

import pytest
from whitenoise.storage import CompressedManifestStaticFilesStorage

from cjs.storage import StaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    manifest = {"paths": {"css/app.css": "css/app.0123456789ab.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=str(tmp_path), base_url="/static/")


def test_a_static_address_is_the_hashed_name_from_the_manifest(storage):
    assert storage.url("css/app.css") == "/static/css/app.0123456789ab.css"


def test_a_static_address_is_worked_out_once(storage):
    parent = CompressedManifestStaticFilesStorage.url
    with mock.patch.object(
        CompressedManifestStaticFilesStorage, "url", autospec=True, side_effect=parent
    ) as worked_out:
        first = storage.url("css/app.css")
        again = storage.url("css/app.css")
    assert first == again == "/static/css/app.0123456789ab.css"
    assert worked_out.call_count == 1


def test_a_file_missing_from_the_manifest_is_refused_every_time(storage):
    for _attempt in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")
