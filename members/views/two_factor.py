"""Two-factor sign-in: the Account security page (turn it on with an authenticator app, get
backup codes once, turn it off), the code's step of the login, and a leader resetting a
member's. The page is for the users who read minors' data (``two_factor_page_required``)."""

from __future__ import annotations

import django_otp
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cjs.http import attempt, attempt_and_redirect, safe_next
from members import actions, two_factor_login
from members.forms import TwoFactorCodeForm, TwoFactorDisableForm
from members.permissions import leader_required, two_factor_page_required
from members.queries import member_for_leader, two_factor_context
from members.views.accounts import locked_out


def _page(request: HttpRequest, **forms) -> HttpResponse:
    context = two_factor_context(request.user)
    context["code_form"] = forms.get("code_form") or TwoFactorCodeForm()
    context["disable_form"] = forms.get("disable_form") or TwoFactorDisableForm()
    return render(request, "members/two_factor.html", context)


@two_factor_page_required
@require_GET
def two_factor(request: HttpRequest) -> HttpResponse:
    return _page(request)


@two_factor_page_required
@require_POST
def two_factor_start(request: HttpRequest) -> HttpResponse:
    return attempt_and_redirect(
        request, lambda: actions.two_factor_start(user=request.user), then="two_factor"
    )


@two_factor_page_required
@require_POST
@never_cache
def two_factor_confirm(request: HttpRequest) -> HttpResponse:
    form = TwoFactorCodeForm(request.POST)
    if not form.is_valid():
        return _page(request, code_form=form)
    code = form.cleaned_data["code"]
    outcome = attempt(lambda: actions.two_factor_confirm(user=request.user, token=code))
    if not outcome.on_form(form):
        return _page(request, code_form=form)
    # This session gave the code: it counts as verified.
    django_otp.login(request, outcome.value.device)
    context = {"backup_codes": outcome.value.backup_codes}
    return render(request, "members/two_factor_backup_codes.html", context)


@two_factor_page_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    form = TwoFactorDisableForm(request.POST)
    if form.is_valid():
        secret = form.cleaned_data["secret"]
        success = _("Two-factor sign-in is off: your password alone opens your account.")
        outcome = attempt(
            lambda: actions.two_factor_disable(user=request.user, secret=secret), success
        )
        if outcome.on_form(form):
            outcome.flash(request)
            return redirect("two_factor")
    return _page(request, disable_form=form)


@login_not_required
@require_http_methods(["GET", "POST"])
@never_cache
def login_verify(request: HttpRequest) -> HttpResponse:
    waiting = two_factor_login.pending(request)
    user, next_url = waiting or (two_factor_login.to_verify(request), safe_next(request, ""))
    if user is None:
        return redirect("login")
    form = TwoFactorCodeForm(request.POST or None)
    if form.is_valid():
        if two_factor_login.is_locked(request, user):
            return locked_out(request)
        device = actions.two_factor_check(user=user, token=form.cleaned_data["code"])
        if device is not None:
            two_factor_login.finish(request, user, device)
            return redirect(next_url or reverse("dashboard"))
        two_factor_login.refuse(request, user)
        form.add_error("code", _("This code is not right, or was already used."))
    context = {"form": form, "next": next_url, "logged_in": waiting is None}
    return render(request, "registration/login_verify.html", context)


@leader_required
@require_POST
def member_two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for_leader(pk)
    return attempt_and_redirect(
        request,
        lambda: actions.two_factor_reset(member=member, by=request.user),
        success=_(
            "The two-factor sign-in of %(name)s is off: their password alone opens "
            "their account; they may turn it on again."
        )
        % {"name": member},
        then=reverse("members:member_detail", args=[member.pk]),
    )
