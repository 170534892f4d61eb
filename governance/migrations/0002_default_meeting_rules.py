from django.db import migrations

# Half plus one for the board, committees and the general assembly; no quorum for the daily
# team meeting. Leaders can change them on the "Meeting rules" page.
DEFAULTS = [
    ("board", 1, 2),
    ("committee", 1, 2),
    ("assembly", 1, 2),
    ("team", 0, 1),
]


def create_rules(apps, schema_editor):
    MeetingRules = apps.get_model("governance", "MeetingRules")
    for kind, numerator, denominator in DEFAULTS:
        MeetingRules.objects.get_or_create(
            kind=kind,
            defaults={"quorum_numerator": numerator, "quorum_denominator": denominator},
        )


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [migrations.RunPython(create_rules, migrations.RunPython.noop)]
