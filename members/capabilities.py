"""Capabilities of the members app that leaders may delegate."""

from django.utils.translation import gettext_lazy as _

from members.permissions import Capability, register

EDIT_PUBLIC_PAGE = "edit_public_page"

register(
    Capability(
        EDIT_PUBLIC_PAGE,
        _("Edit the public page"),
        _("Change the tagline and the presentation residents read on the home page."),
    ),
)
