"""The attestation of participation as a PDF, drawn with ReportLab from the same facts as the
page (``members.queries.attestation_context``). Render it with French active: the attestation
is a French document whatever the reader's language."""

from __future__ import annotations

from io import BytesIO

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from cjs.pdf import a4_document, document_styles, pdf_text


def _hours(value) -> str:
    return number_format(value, decimal_pos=2).rstrip("0").rstrip(",.")


def _weeks(weeks: int) -> str:
    return ngettext("%(weeks)s week", "%(weeks)s weeks", weeks) % {"weeks": weeks}


def _lines(context: dict) -> list[tuple[str, list[str]]]:
    """Each section of the attestation: its heading and its lines."""
    worked = context["jobs_worked"]
    roles = [f"{item['role'].name} – {_weeks(item['weeks'])}" for item in context["roles"]]
    committees = [
        f"{item['committee'].name} – {_weeks(item['weeks'])}" for item in context["committees"]
    ]
    jobs = [
        ngettext("%(jobs)s job, %(hours)s h", "%(jobs)s jobs, %(hours)s h", item["jobs"])
        % {"jobs": item["jobs"], "hours": _hours(item["hours"])}
        for item in worked["services"]
    ]
    jobs = [f"{item['name']} – {line}" for item, line in zip(worked["services"], jobs, strict=True)]
    skills = [
        f"{item.skill.name} – "
        + (
            _("%(hours)s h validated on jobs using it") % {"hours": _hours(item.hours)}
            if item.hours
            else item.level_label
        )
        for item in context["skills"]
    ]
    skills += [
        f"{entry.title} ({entry.happened_on:%d/%m})"
        + (f" – {entry.skill.name}" if entry.skill else "")
        for entry in context["entries"]
    ]
    return [
        (_("Responsibilities held"), roles),
        (_("Committees"), committees),
        (_("Jobs and hours"), jobs),
        (_("Skills practised"), skills),
    ]


def attestation_pdf_bytes(context: dict, *, cooperative: str) -> bytes:
    styles = document_styles()
    buffer = BytesIO()
    member, season = context["member"], context["attested_season"]
    title = _("Attestation of participation")
    pdf = a4_document(buffer, title=f"{title} – {member}", author=cooperative)
    flow: list = [
        Paragraph(pdf_text(_("Youth cooperative of services")), styles["subtitle"]),
        Paragraph(pdf_text(cooperative), styles["subtitle"]),
        Paragraph(pdf_text(title), styles["title"]),
    ]
    if context["provisional"]:
        flow.append(
            Paragraph(
                pdf_text(_("The season is not over: this attestation is provisional.")),
                styles["small"],
            )
        )
    flow.append(
        Paragraph(
            pdf_text(
                _(
                    "The youth leaders of %(coop)s certify that %(name)s was a worker-member of "
                    "the cooperative from %(start)s to %(end)s."
                )
                % {
                    "coop": cooperative,
                    "name": member.get_full_name(),
                    "start": date_format(season.starts_on, "j F Y"),
                    "end": date_format(season.ends_on, "j F Y"),
                }
            ),
            styles["body"],
        )
    )
    for heading, lines in _lines(context):
        flow.append(Paragraph(pdf_text(heading), styles["h2"]))
        for line in lines or [_("None recorded.")]:
            flow.append(Paragraph(pdf_text(f"• {line}" if lines else line), styles["body"]))
    flow.append(Spacer(1, 8 * mm))
    flow.append(
        Paragraph(
            pdf_text(
                _("Issued on %(day)s to serve where it may.")
                % {"day": date_format(context["today"], "j F Y")}
            ),
            styles["body"],
        )
    )
    leaders = list(context["leaders"])
    if leaders:
        signatures = Table(
            [
                [
                    Paragraph(pdf_text(leader.get_full_name() or leader.username), styles["body"])
                    for leader in leaders
                ],
                [Paragraph(pdf_text(_("Youth leader")), styles["small"]) for _leader in leaders],
                ["" for _leader in leaders],
            ],
            colWidths=[174 * mm / len(leaders)] * len(leaders),
            rowHeights=[None, None, 22 * mm],
        )
        flow += [Spacer(1, 6 * mm), KeepTogether([signatures])]
    pdf.build(flow)
    return buffer.getvalue()
