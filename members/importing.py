"""Reading a CSV file of members for the import: every row checked like the member form, plus
duplicates within the file and with the members already there. Nothing is written here; the
import itself (``actions.members_import``) runs only when every row is right."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from members.actions import MemberDetails, username_for
from members.forms import MemberForm
from members.models import Skill, User

MAX_ROWS = 500

# The columns, by the name the form uses; each accepts French and English headers.
COLUMNS: dict[str, tuple[str, ...]] = {
    "first_name": ("prenom", "first_name", "firstname"),
    "last_name": ("nom", "nom_de_famille", "last_name", "lastname"),
    "date_of_birth": ("date_naissance", "date_de_naissance", "naissance", "date_of_birth"),
    "phone": ("telephone", "tel", "portable", "phone"),
    "email": ("email", "courriel", "mail", "e_mail"),
    "guardian_name": ("responsable_legal", "responsable", "guardian_name"),
    "guardian_phone": ("telephone_responsable", "responsable_telephone", "guardian_phone"),
    "guardian_email": ("email_responsable", "responsable_email", "guardian_email"),
    "parental_authorization_received_on": (
        "autorisation_parentale",
        "autorisation_parentale_recue_le",
        "parental_authorization_received_on",
    ),
    "emergency_contact_name": ("contact_urgence", "urgence", "emergency_contact_name"),
    "emergency_contact_phone": (
        "telephone_urgence",
        "urgence_telephone",
        "emergency_contact_phone",
    ),
    "skills": ("competences", "skills"),
    "username": ("identifiant", "username", "login"),
}
REQUIRED = ("first_name", "last_name", "date_of_birth")
TEMPLATE_HEADER = [aliases[0] for aliases in COLUMNS.values()]
TEMPLATE_EXAMPLE = [
    "Léa",
    "Martin",
    "14/03/2009",
    "06 12 34 56 78",
    "lea.martin@example.org",
    "Sophie Martin",
    "06 98 76 54 32",
    "sophie.martin@example.org",
    "",  # the date the authorization came back, filled in by template_csv()
    "Sophie Martin",
    "06 98 76 54 32",
    "Jardinage|Ménage",
    "",
]


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


class _Semicolons(csv.excel):
    delimiter = ";"


_ALIASES = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    details: MemberDetails | None = None
    username: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportPreview:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # about the whole file

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.errors and not any(row.errors for row in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.errors) + sum(len(row.errors) for row in self.rows)

    def details(self) -> list[MemberDetails]:
        return [row.details for row in self.rows if row.details is not None]


def read_members_csv(text: str) -> ImportPreview:
    preview = ImportPreview()
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = _Semicolons
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        preview.errors.append(_("The file is empty."))
        return preview
    columns: list[str | None] = []
    for title in header:
        name = _ALIASES.get(_normalize(title))
        if name is None and title.strip():
            preview.errors.append(_("Unknown column: %(column)s.") % {"column": title.strip()})
        columns.append(name)
    missing = [name for name in REQUIRED if name not in columns]
    for name in missing:
        preview.errors.append(_("Missing column: %(column)s.") % {"column": COLUMNS[name][0]})
    if preview.errors:
        return preview

    skills = list(Skill.objects.order_by("order", "name"))
    skill_by_key = {}
    for skill in skills:
        # A skill is found by its French or English name whatever the page's language.
        for key in (skill.name_fr, skill.name_en, skill.slug):
            if key:
                skill_by_key[_normalize(key)] = skill
    existing = {
        (_normalize(first), _normalize(last), born)
        for first, last, born in User.objects.members().values_list(
            "first_name", "last_name", "profile__date_of_birth"
        )
    }
    taken = {name.lower() for name in User.objects.values_list("username", flat=True)}
    seen: dict[tuple, int] = {}

    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(preview.rows) == MAX_ROWS:
            preview.errors.append(
                _("The file has more than %(max)d members: split it.") % {"max": MAX_ROWS}
            )
            break
        values = {
            name: cell.strip()
            for name, cell in zip(columns, cells, strict=False)
            if name is not None
        }
        preview.rows.append(_read_row(line, values, skills, skill_by_key, existing, taken, seen))
    if not preview.rows and not preview.errors:
        preview.errors.append(_("The file has no member."))
    return preview


def _read_row(line, values, skills, skill_by_key, existing, taken, seen) -> ImportRow:
    row = ImportRow(line=line, values=values)
    skill_ids = []
    for name in re.split(r"[|+/,]", values.get("skills", "")):
        if not name.strip():
            continue
        skill = skill_by_key.get(_normalize(name))
        if skill is None:
            row.errors.append(_("Unknown skill: %(skill)s.") % {"skill": name.strip()})
        else:
            skill_ids.append(skill.pk)
    data = {name: values.get(name, "") for name in COLUMNS if name != "skills"}
    data["skills"] = [str(pk) for pk in skill_ids]
    data["availability"] = [f"{day}-{half}" for day in range(7) for half in (0, 1)]
    form = MemberForm(data=data, skills=skills)
    if form.is_valid():
        row.details = form.details()
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        row.errors.extend(
            _("%(label)s: %(error)s") % {"label": label, "error": error} if label else str(error)
            for error in errors
        )
    if row.details is not None:
        details = row.details
        key = (_normalize(details.first_name), _normalize(details.last_name), details.date_of_birth)
        if key in existing:
            row.errors.append(_("This member is already registered."))
        elif key in seen:
            row.errors.append(_("Same member as on line %(line)d.") % {"line": seen[key]})
        seen.setdefault(key, line)
        if details.username:
            if details.username.lower() in taken:
                row.errors.append(
                    _("The username %(username)s is already taken.")
                    % {"username": details.username}
                )
            row.username = details.username
        else:
            row.username = username_for(details.first_name, details.last_name, taken)
            details.username = row.username
        taken.add(row.username.lower())
    return row


def template_csv() -> str:
    example = list(TEMPLATE_EXAMPLE)
    received = timezone.localdate() - dt.timedelta(days=7)
    example[TEMPLATE_HEADER.index("autorisation_parentale")] = received.strftime("%d/%m/%Y")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(TEMPLATE_HEADER)
    writer.writerow(example)
    return buffer.getvalue()
