"""Is an address in the territory the cooperative serves?"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from cjs.errors import DomainError
from members.models import Town
from members.queries import towns_serving

_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def fold_town_name(name: str) -> str:
    """``"St-Aubin-des-Prés"`` -> ``"saint aubin des pres"``: compare names as people type them."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.split(r"[\s\-'’.]+", ascii_name.lower())
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words if word)


def towns_served_text(towns: list[Town]) -> str:
    return ", ".join(f"{town.name} ({town.postal_code})" for town in towns)


def served_town(postal_code: str, town_name: str) -> Town:
    """The town of the territory at this postal code and name (the name must be the code's
    town; it chooses between the towns of a code that covers several).

    Raises ``DomainError`` with a friendly message naming the towns served otherwise.
    """
    candidates = towns_serving(postal_code)
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
    typed = fold_town_name(town_name)
    if len(candidates) == 1:
        town = candidates[0]
        if typed and typed != fold_town_name(town.name):
            raise DomainError(
                _(
                    "%(code)s is the postal code of %(town)s, not of %(typed)s: please check "
                    "the postal code or the town."
                )
                % {"code": postal_code.strip(), "town": town.name, "typed": town_name.strip()},
                code="which_town",
            )
        return town
    for town in candidates:
        if fold_town_name(town.name) == typed:
            return town
    raise DomainError(
        _("This postal code covers several towns: %(towns)s. Please write the name of yours.")
        % {"towns": ", ".join(town.name for town in candidates)},
        code="which_town",
    )
