"""Is an address in the territory the cooperative serves?"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from cjs.errors import DomainError
from members.models import Town

_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def fold_town_name(name: str) -> str:
    """``"St-Aubin-des-Prés"`` -> ``"saint aubin des pres"``: compare names as people type them."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.split(r"[\s\-'’.]+", ascii_name.lower())
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words if word)


def towns_served_text(towns: list[Town]) -> str:
    return ", ".join(f"{town.name} ({town.postal_code})" for town in towns)


def served_town(postal_code: str, town_name: str) -> Town:
    """The town of the territory at this postal code (and name, when the code covers several).

    Raises ``DomainError`` with a friendly message naming the towns served otherwise.
    """
    candidates = list(Town.objects.serving(postal_code))
    if not candidates:
        served = list(Town.objects.all())
        if not served:
            raise DomainError(
                _("The cooperative has not published the towns it serves yet: call us."),
                code="no_territory",
            )
        raise DomainError(
            _(
                "Sorry, we cannot come to %(code)s: our young members work only in %(towns)s. "
                "If you live close by, call us all the same: we will tell you who can help."
            )
            % {"code": postal_code.strip(), "towns": towns_served_text(served)},
            code="outside_territory",
        )
    if len(candidates) == 1:
        return candidates[0]
    wanted = fold_town_name(town_name)
    for town in candidates:
        if fold_town_name(town.name) == wanted:
            return town
    raise DomainError(
        _("This postal code covers several towns: %(towns)s. Please write the name of yours.")
        % {"towns": ", ".join(town.name for town in candidates)},
        code="which_town",
    )
