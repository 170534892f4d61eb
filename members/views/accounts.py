"""The account pages Django does not quite cover: the password change of a first login."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from members.forms import NewPasswordChangeForm


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
            user.save(update_fields=["must_change_password"])
        return response
