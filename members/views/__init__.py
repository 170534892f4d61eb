"""The members app's pages, one module per page family: ``accounts`` (password change),
``cooperative`` (settings and public page), ``seasons``, ``grants`` (delegations),
``directory``, ``people`` (a member's page, adding, leaving), ``importing``, ``portfolio``
(confirmations and attestations), ``rotation`` (the planner), ``space`` (a member's own
pages), ``two_factor`` (two-factor sign-in) and ``public`` (the residents' home page).
``members/urls.py``, ``members/urls_space.py`` and ``cjs/urls.py`` route to them."""

from members.views.accounts import PasswordChangeView

__all__ = ["PasswordChangeView"]
