"""The forms of two-factor sign-in: a code (from the app, or a backup code), and turning it
off with a code or the password."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows now, or one backup code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "autofocus": True}
        ),
    )


class TwoFactorDisableForm(forms.Form):
    secret = forms.CharField(
        label=_("Your password or a code"),
        max_length=128,
        help_text=_("Your password, the code your app shows now, or a backup code."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
