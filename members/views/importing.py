"""Adding members from a CSV file (leaders): the template, then upload -> preview with every
error -> confirm."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cjs.http import attempt
from members import actions
from members.forms import CredentialsForm, ImportConfirmForm, ImportUploadForm
from members.importing import ImportPreview, read_members_csv, template_csv
from members.models import User
from members.permissions import leader_required
from members.views.common import current_season_or_message


@leader_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("\ufeff" + template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-import-membres.csv"'
    return response


def _posted_content(request: HttpRequest) -> tuple[ImportUploadForm, str | None, bool]:
    """The upload form, the CSV text posted (``None`` if none could be read) and whether it
    is the confirmation of a preview."""
    if request.method != "POST":
        return ImportUploadForm(), None, False
    if "file" in request.FILES:
        upload = ImportUploadForm(request.POST, request.FILES)
        return upload, upload.cleaned_data["file"] if upload.is_valid() else None, False
    confirm = ImportConfirmForm(request.POST)
    return ImportUploadForm(), confirm.cleaned_data["content"] if confirm.is_valid() else None, True


def _import(request: HttpRequest, preview: ImportPreview) -> list[User] | None:
    """Import every previewed member, or none: ``None`` when refused (the reason joins the
    preview's errors)."""
    season = current_season_or_message(request)
    if not preview.is_valid or season is None:
        return None
    outcome = attempt(
        lambda: actions.members_import(rows=preview.details(), season=season, by=request.user)
    )
    if not outcome:
        preview.errors.append(outcome.message)
    return outcome.value


@leader_required
@require_http_methods(["GET", "POST"])
def member_import(request: HttpRequest) -> HttpResponse:
    """The confirmation re-reads the file and imports all its members in one transaction."""
    upload, content, confirmed = _posted_content(request)
    preview = read_members_csv(content) if content is not None else None
    created = _import(request, preview) if confirmed and preview is not None else None
    if created is not None:
        messages.success(request, _("%(count)d members imported.") % {"count": len(created)})
        return render(
            request,
            "members/import_done.html",
            {"created": created, "credentials_form": CredentialsForm()},
        )
    context = {
        "upload": upload,
        "preview": preview,
        "confirm": ImportConfirmForm(initial={"content": content or ""}) if preview else None,
    }
    return render(request, "members/import.html", context)
