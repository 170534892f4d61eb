"""The static files' storage in production."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed files, each file's address worked out once per process.

    The manifest is read when the storage is made and does not change while the process
    runs (a new ``collectstatic`` comes with a restart), so the address of a name is the same
    at every request; working it out costs ~50 Python calls, and every page asks for ten."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            # A name missing from the manifest raises here, every time: nothing is kept.
            url = self._urls[name] = super().url(name)
            return url
