"""The agenda items written so far are French: they become the French column."""

from django.db import migrations
from django.db.models import F


def copy_to_french(apps, schema_editor):
    AgendaItem = apps.get_model("governance", "AgendaItem")
    AgendaItem.objects.update(title_fr=F("title"), description_fr=F("description"))


class Migration(migrations.Migration):
    dependencies = [("governance", "0010_bilingual_texts")]

    operations = [migrations.RunPython(copy_to_french, migrations.RunPython.noop)]
