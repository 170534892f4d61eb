"""Capabilities of the members app that leaders may delegate.

Deliberately not delegable: adding, importing, editing or deactivating members, the directory
and the attestations, because they show minors' personal data (date of birth, guardian,
emergency contact), and confirming portfolio entries, which is the leaders' word. Confirming
the skills members declare (or withdrawing a confirmation) is delegable: the HR committee
plans the jobs and knows who can do what.
"""

from django.utils.translation import gettext_lazy as _

from members.permissions import Capability, register

EDIT_PUBLIC_PAGE = "edit_public_page"
PLAN_ROTATION = "plan_rotation"
CONFIRM_SKILLS = "confirm_skills"

register(
    Capability(
        EDIT_PUBLIC_PAGE,
        _("Edit the public page"),
        _("Change the tagline and the presentation residents read on the home page."),
    ),
    Capability(
        PLAN_ROTATION,
        _("Plan the rotation"),
        _(
            "Propose, adjust and publish who holds which role and who sits on which committee "
            "each week."
        ),
        reads_minors_data=True,
    ),
    Capability(
        CONFIRM_SKILLS,
        _("Confirm skills"),
        _(
            "Confirm the skills members declared (or withdraw a confirmation): the services "
            "that ask for a confirmed skill accept only them."
        ),
    ),
)
