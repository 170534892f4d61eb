"""The cooperative's record and the committees and roles every CJS starts with (in French:
they are data, which the leaders may rename or extend)."""

from django.db import migrations

COMMITTEES = [
    {
        "slug": "ca",
        "name": "Conseil d'administration",
        "is_board": True,
        "order": 0,
        "description": "Toutes et tous les membres. Se réunit chaque semaine et prend les "
        "grandes décisions de la coopérative.",
        "duties": "Se réunir chaque semaine\nAdopter le règlement intérieur\n"
        "Fixer les prix des services\nÉlire le bureau\n"
        "Décider de la répartition des résultats",
    },
    {
        "slug": "rh",
        "name": "Comité Ressources humaines",
        "order": 1,
        "description": "Règlement intérieur, vie d'équipe et planification des chantiers.",
        "duties": "Tenir à jour le règlement intérieur\nPlanifier les chantiers et les équipes\n"
        "Suivre les heures travaillées\nVeiller au bien-être de l'équipe",
    },
    {
        "slug": "marketing",
        "name": "Comité Marketing",
        "order": 2,
        "description": "Prospection, flyers, réseaux sociaux et réponse aux clients.",
        "duties": "Répondre aux demandes des clients\nPréparer flyers et affiches\n"
        "Animer les réseaux sociaux\nProspecter dans le quartier",
    },
    {
        "slug": "finances",
        "name": "Comité Finances",
        "order": 3,
        "description": "Devis, factures, paiements, comptes et budget.",
        "duties": "Établir les devis\nÉmettre les factures et suivre les paiements\n"
        "Tenir les comptes\nPréparer le budget et le bilan",
    },
]

ROLES = [
    {
        "slug": "presidence",
        "name": "Présidence",
        "order": 0,
        "description": "Anime les réunions du conseil d'administration et représente la "
        "coopérative.",
        "duties": "Préparer l'ordre du jour avec le secrétariat\n"
        "Animer les réunions et donner la parole\n"
        "Représenter la coopérative auprès du comité local",
    },
    {
        "slug": "vice-presidence",
        "name": "Vice-présidence",
        "order": 1,
        "description": "Seconde la présidence et la remplace en son absence.",
        "duties": "Remplacer la présidence si besoin\nVeiller au respect du règlement intérieur\n"
        "Accueillir les nouveaux membres",
    },
    {
        "slug": "secretariat",
        "name": "Secrétariat",
        "order": 2,
        "description": "Convoque les réunions et rédige les comptes rendus.",
        "duties": "Envoyer les convocations\nRédiger le procès-verbal\n"
        "Tenir le registre des décisions",
    },
    {
        "slug": "tresorerie",
        "name": "Trésorerie",
        "order": 3,
        "description": "Suit l'argent de la coopérative avec le comité Finances.",
        "duties": "Suivre les recettes et les dépenses\nPrésenter l'état des finances au CA\n"
        "Préparer la répartition des résultats",
    },
]


def create_defaults(apps, schema_editor):
    Cooperative = apps.get_model("members", "Cooperative")
    Committee = apps.get_model("members", "Committee")
    Role = apps.get_model("members", "Role")
    Cooperative.objects.get_or_create(pk=1, defaults={"name": "Coopérative Jeunesse de Services"})
    board = None
    for data in COMMITTEES:
        committee, _ = Committee.objects.get_or_create(slug=data["slug"], defaults=data)
        if committee.is_board:
            board = committee
    for data in ROLES:
        Role.objects.get_or_create(
            slug=data["slug"], defaults={**data, "committee": board, "is_officer": True}
        )


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
