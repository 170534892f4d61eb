"""``manage.py build_icons``: write ``static/img/icons.svg``, the sprite of the icons used.

manage.py build_icons                  the sprite of every icon the templates name
manage.py build_icons --convert        first turn leftover icon-font markup
                                       (``<i class="bi bi-x">``) into ``{% icon "x" %}``
manage.py build_icons --source DIR     take the SVGs not yet vendored from DIR (e.g. the npm
                                       package's ``node_modules/bootstrap-icons/icons``)
manage.py build_icons --check          exit 1 when the committed sprite is not up to date
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cjs import icons


class Command(BaseCommand):
    help = "Build static/img/icons.svg from the Bootstrap Icons the templates use."

    def add_arguments(self, parser):
        parser.add_argument("--convert", action="store_true", help="convert icon-font markup")
        parser.add_argument("--source", type=Path, help="folder of Bootstrap Icons SVGs")
        parser.add_argument("--check", action="store_true", help="only check the sprite")

    def handle(self, *args, convert: bool, source: Path | None, check: bool, **options):
        files = icons.searched_files()
        if convert:
            for path in files:
                text = path.read_text()
                converted = icons.convert_font_markup(text)
                if converted != text:
                    path.write_text(converted)
                    self.stdout.write(f"converted {path.relative_to(settings.BASE_DIR)}")
        used = icons.icons_used(files)
        missing = sorted(name for name in used if not (icons.SOURCES / f"{name}.svg").exists())
        if missing and source and not check:
            for name in missing:
                if (source / f"{name}.svg").exists():
                    shutil.copyfile(source / f"{name}.svg", icons.SOURCES / f"{name}.svg")
            missing = [name for name in missing if not (icons.SOURCES / f"{name}.svg").exists()]
        if missing:
            raise CommandError(
                f"No SVG for {', '.join(missing)} in {icons.SOURCES}: not a Bootstrap icon, "
                "or pass --source node_modules/bootstrap-icons/icons "
                "(npm install bootstrap-icons@1)."
            )
        built = icons.sprite({name: (icons.SOURCES / f"{name}.svg").read_text() for name in used})
        current = icons.SPRITE_PATH.read_text() if icons.SPRITE_PATH.exists() else ""
        if check:
            if built != current:
                raise CommandError(f"{icons.SPRITE_PATH} is out of date: run build_icons.")
            self.stdout.write(f"{icons.SPRITE_PATH}: {len(used)} icons, up to date")
            return
        icons.SPRITE_PATH.write_text(built)
        unused = sorted(p.stem for p in icons.SOURCES.glob("*.svg") if p.stem not in used)
        self.stdout.write(f"wrote {icons.SPRITE_PATH}: {len(used)} icons, {len(built)} bytes")
        if unused:
            self.stdout.write(f"vendored but unused (may be deleted): {', '.join(unused)}")
