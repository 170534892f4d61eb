"""The icons: an SVG sprite of only the icons used, rendered by ``{% icon %}`` (cjs.icons)."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template

from cjs import icons


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_every_icon_a_template_names_is_in_the_sprite():
    used = icons.icons_used(icons.searched_files())
    held = icons.sprite_ids(icons.SPRITE_PATH.read_text())
    assert used, "no {% icon %} found: the scan is broken"
    assert used - held == set()


def test_no_template_uses_the_icon_font_any_more():
    leftovers = [
        str(path.relative_to(settings.BASE_DIR))
        for path in icons.searched_files()
        if path.suffix == ".html"
        and ("bi bi-" in path.read_text() or icons.FONT_USE.search(path.read_text()))
    ]
    assert leftovers == []
    assert not (icons.SOURCES.parent / "bootstrap-icons.min.css").exists()
    assert not (icons.SOURCES.parent / "fonts").exists()


def test_the_committed_sprite_is_the_one_the_sources_build():
    call_command("build_icons", "--check")  # raises CommandError when out of date


def test_sprite_holds_only_the_icons_used():
    used = icons.icons_used(icons.searched_files())
    assert icons.sprite_ids(icons.SPRITE_PATH.read_text()) == used


def test_a_decorative_icon_is_hidden_from_screen_readers():
    html = render('{% icon "archive" %}')
    assert html == (
        '<svg class="bi" aria-hidden="true" focusable="false">'
        '<use href="/static/img/icons.svg#archive"></use></svg>'
    )


def test_a_meaningful_icon_is_named_and_shows_a_tooltip():
    # The label is translated (French is the default language).
    html = render('{% icon "check" class="text-success" label=_("elected") %}')
    assert html == (
        '<svg class="bi text-success" role="img" aria-label="élu·e"><title>élu·e</title>'
        '<use href="/static/img/icons.svg#check"></use></svg>'
    )


def test_a_label_is_escaped():
    html = render('{% icon "x" label=name %}', name="a <b>")
    assert 'aria-label="a &lt;b&gt;"><title>a &lt;b&gt;</title>' in html


def test_a_symbol_keeps_the_icon_drawing_and_view_box():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" fill="currentColor" '
        'class="bi bi-x" viewBox="0 0 16 16">\n  <path d="M1 1h2"/>\n  <path d="M2 2"/>\n</svg>'
    )
    assert icons.symbol("x", svg) == (
        '<symbol id="x" viewBox="0 0 16 16"><path d="M1 1h2"/><path d="M2 2"/></symbol>'
    )


def test_font_markup_converts_to_icon_tags():
    convert = icons.convert_font_markup
    assert convert('<i class="bi bi-printer" aria-hidden="true"></i> Print') == (
        '{% icon "printer" %} Print'
    )
    assert convert('<i class="bi bi-check-lg text-success me-1" aria-hidden="true"></i>') == (
        '{% icon "check-lg" class="text-success me-1" %}'
    )
    assert (
        convert('<i class="bi bi-check text-success" aria-label="{% translate \'elected\' %}"></i>')
        == '{% icon "check" class="text-success" label=_("elected") %}'
    )


def test_font_markup_it_cannot_read_is_left_alone():
    dynamic = '<i class="bi bi-x" data-x="{{ y }}" aria-hidden="true"></i>'
    assert icons.convert_font_markup(dynamic) == dynamic


def test_icons_named_in_python_count_as_used(tmp_path):
    module = tmp_path / "tags.py"
    module.write_text('icon_html("exclamation-triangle")\n"""{% icon "not-this" %}"""\n')
    page = tmp_path / "page.html"
    page.write_text('{% icon "printer" class="me-1" %}')
    assert icons.icons_used([module, page]) == {"exclamation-triangle", "printer"}


def test_a_label_marked_safe_and_a_plain_one_of_the_same_text_stay_apart():
    """The tag keeps the HTML of each icon it drew; what is escaped is part of what it keeps."""
    from django.utils.safestring import mark_safe

    from cjs.templatetags.icons import icon_html

    plain = icon_html("check", label="a &amp; b")
    safe = icon_html("check", label=mark_safe("a &amp; b"))
    assert 'aria-label="a &amp;amp; b"' in plain
    assert 'aria-label="a &amp; b"' in safe
