"""The skills a cooperative starts with (French data that leaders may edit)."""

from django.db import migrations

SKILLS = [
    ("jardinage", "Jardinage", "Désherbage, plantations, taille de haies basses.", False),
    ("tonte", "Tonte de pelouse", "Tondeuse et débroussailleuse, ramassage.", False),
    ("menage", "Ménage", "Ménage courant, vitres, rangement.", False),
    ("peinture", "Peinture", "Préparation des surfaces, peinture intérieure et extérieure.", False),
    ("demenagement", "Aide au déménagement", "Porter, emballer, charger.", False),
    ("garde-enfants", "Garde d'enfants", "Garde et jeux ; certificat (PSC1, BAFA ou "
     "formation gardiens avertis) exigé.", True),
    ("animaux", "Soin des animaux", "Promenade, nourriture, garde d'animaux.", False),
    ("lavage-auto", "Lavage de voiture", "Lavage extérieur et intérieur.", False),
    ("informatique", "Aide informatique", "Installer, expliquer un ordinateur, un téléphone.",
     False),
]


def create_skills(apps, schema_editor):
    Skill = apps.get_model("members", "Skill")
    for order, (slug, name, description, certificate) in enumerate(SKILLS):
        Skill.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "requires_certificate": certificate,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("members", "0003_skill")]

    operations = [migrations.RunPython(create_skills, migrations.RunPython.noop)]
