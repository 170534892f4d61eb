"""The account pages Django does not quite cover: a login whose second step asks for the
code of a user with two-factor sign-in, the password change of a first login, and a password
reset that cannot be used to flood someone's mailbox."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _

from cjs import ratelimit
from members import two_factor_login
from members.forms import LoginForm, NewPasswordChangeForm

# Each client (IP address) may ask for this many reset emails an hour.
RESET_LIMIT = 5
RESET_WINDOW = 3600


class LoginView(auth_views.LoginView):
    """Django's login (throttled by django-axes). The right password of a user with
    two-factor sign-in does not log them in: the code's page does (``login_verify``)."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if not user.two_factor_enabled:
            return super().form_valid(form)
        two_factor_login.begin(self.request, user, self.get_success_url())
        return redirect("login_verify")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view, which also lifts the "must change password" flag of a first login, and
    refuses the current password as the new one."""

    template_name = "registration/password_change_form.html"
    form_class = NewPasswordChangeForm
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        if user.must_change_password:
            user.must_change_password = False
            user.temporary_password_set_at = None
            user.save(update_fields=["must_change_password", "temporary_password_set_at"])
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view, limited per client: beyond ``RESET_LIMIT`` requests an hour the form
    comes back (429) saying when it opens again, and no email leaves."""

    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"
    subject_template_name = "registration/password_reset_subject.txt"

    def post(self, request, *args, **kwargs):
        client = ratelimit.client_address(request)
        if not ratelimit.hit("password-reset", client, limit=RESET_LIMIT, window=RESET_WINDOW):
            return super().post(request, *args, **kwargs)
        wait = ratelimit.seconds_left(RESET_WINDOW)
        reopens = timezone.localtime() + dt.timedelta(seconds=wait)
        form = self.get_form()
        form.is_valid()
        form.add_error(
            None,
            _("Too many requests from this address: try again from %(time)s.")
            % {"time": reopens.strftime("%H:%M")},
        )
        response = self.render_to_response(self.get_context_data(form=form), status=429)
        response["Retry-After"] = str(wait)
        return response


def locked_out(request, response=None, credentials=None) -> HttpResponse:
    """What django-axes answers once a username is locked out from this address: the login
    form again (429), with the same message whether the username exists or not."""
    # Unbound: validating it would run one more (counted) authentication.
    form = LoginForm(request, initial={"username": request.POST.get("username", "")})
    context = {
        "form": form,
        "next": request.POST.get("next", ""),
        "locked_out": _(
            "Too many failed attempts. Wait a quarter of an hour, or ask a youth "
            "leader for a new first-login link."
        ),
    }
    return render(request, "registration/login.html", context, status=429)
