"""The texts written so far are French: they become the French column. The committees, roles
and skills every cooperative starts with (migrations 0002 and 0004) get their English text,
unless the leaders have rewritten the French one since."""

from django.db import migrations
from django.db.models import F

# slug -> {field: (the French text seeded, its English text)}
COMMITTEES = {
    "ca": {
        "name": ("Conseil d'administration", "Board of directors"),
        "description": (
            "Toutes et tous les membres. Se réunit chaque semaine et prend les grandes décisions "
            "de la coopérative.",
            "All the members. Meets every week and takes the cooperative's main decisions.",
        ),
        "duties": (
            "Se réunir chaque semaine\nAdopter le règlement intérieur\nFixer les prix des "
            "services\nÉlire le bureau\nDécider de la répartition des résultats",
            "Meet every week\nAdopt the internal rules\nSet the prices of the services\n"
            "Elect the officers\nDecide how the earnings are shared",
        ),
    },
    "rh": {
        "name": ("Comité Ressources humaines", "Human resources committee"),
        "description": (
            "Règlement intérieur, vie d'équipe et planification des chantiers.",
            "Internal rules, team life and planning of the jobs.",
        ),
        "duties": (
            "Tenir à jour le règlement intérieur\nPlanifier les chantiers et les équipes\n"
            "Suivre les heures travaillées\nVeiller au bien-être de l'équipe",
            "Keep the internal rules up to date\nPlan the jobs and the teams\n"
            "Follow the hours worked\nLook after the team's well-being",
        ),
    },
    "marketing": {
        "name": ("Comité Marketing", "Marketing committee"),
        "description": (
            "Prospection, flyers, réseaux sociaux et réponse aux clients.",
            "Canvassing, flyers, social media and answers to clients.",
        ),
        "duties": (
            "Répondre aux demandes des clients\nPréparer flyers et affiches\n"
            "Animer les réseaux sociaux\nProspecter dans le quartier",
            "Answer the clients' requests\nPrepare flyers and posters\n"
            "Run the social media\nCanvass the neighbourhood",
        ),
    },
    "finances": {
        "name": ("Comité Finances", "Finance committee"),
        "description": (
            "Devis, factures, paiements, comptes et budget.",
            "Quotes, invoices, payments, accounts and budget.",
        ),
        "duties": (
            "Établir les devis\nÉmettre les factures et suivre les paiements\n"
            "Tenir les comptes\nPréparer le budget et le bilan",
            "Write the quotes\nIssue the invoices and follow the payments\n"
            "Keep the accounts\nPrepare the budget and the year-end report",
        ),
    },
}

ROLES = {
    "presidence": {
        "name": ("Présidence", "Chair"),
        "description": (
            "Anime les réunions du conseil d'administration et représente la coopérative.",
            "Chairs the board meetings and represents the cooperative.",
        ),
        "duties": (
            "Préparer l'ordre du jour avec le secrétariat\n"
            "Animer les réunions et donner la parole\n"
            "Représenter la coopérative auprès du comité local",
            "Prepare the agenda with the secretary\nChair the meetings and give the floor\n"
            "Represent the cooperative before the local committee",
        ),
    },
    "vice-presidence": {
        "name": ("Vice-présidence", "Vice-chair"),
        "description": (
            "Seconde la présidence et la remplace en son absence.",
            "Assists the chair and stands in when the chair is away.",
        ),
        "duties": (
            "Remplacer la présidence si besoin\nVeiller au respect du règlement intérieur\n"
            "Accueillir les nouveaux membres",
            "Stand in for the chair when needed\nSee that the internal rules are kept\n"
            "Welcome the new members",
        ),
    },
    "secretariat": {
        "name": ("Secrétariat", "Secretary"),
        "description": (
            "Convoque les réunions et rédige les comptes rendus.",
            "Convenes the meetings and writes the minutes.",
        ),
        "duties": (
            "Envoyer les convocations\nRédiger le procès-verbal\nTenir le registre des décisions",
            "Send the convocations\nWrite the minutes\nKeep the register of decisions",
        ),
    },
    "tresorerie": {
        "name": ("Trésorerie", "Treasurer"),
        "description": (
            "Suit l'argent de la coopérative avec le comité Finances.",
            "Follows the cooperative's money with the finance committee.",
        ),
        "duties": (
            "Suivre les recettes et les dépenses\nPrésenter l'état des finances au CA\n"
            "Préparer la répartition des résultats",
            "Follow the income and the expenses\nPresent the state of the finances to the "
            "board\nPrepare the share-out of the earnings",
        ),
    },
}

SKILLS = {
    "jardinage": {
        "name": ("Jardinage", "Gardening"),
        "description": (
            "Désherbage, plantations, taille de haies basses.",
            "Weeding, planting, trimming low hedges.",
        ),
    },
    "tonte": {
        "name": ("Tonte de pelouse", "Lawn mowing"),
        "description": (
            "Tondeuse et débroussailleuse, ramassage.",
            "Lawnmower and brush cutter, raking up.",
        ),
    },
    "menage": {
        "name": ("Ménage", "Housework"),
        "description": (
            "Ménage courant, vitres, rangement.",
            "Everyday cleaning, windows, tidying up.",
        ),
    },
    "peinture": {
        "name": ("Peinture", "Painting"),
        "description": (
            "Préparation des surfaces, peinture intérieure et extérieure.",
            "Preparing the surfaces, indoor and outdoor painting.",
        ),
    },
    "demenagement": {
        "name": ("Aide au déménagement", "Help with moving house"),
        "description": ("Porter, emballer, charger.", "Carrying, packing, loading."),
    },
    "garde-enfants": {
        "name": ("Garde d'enfants", "Childcare"),
        "description": (
            "Garde et jeux ; certificat (PSC1, BAFA ou formation gardiens avertis) exigé.",
            "Looking after and playing with children; a certificate (PSC1, BAFA or babysitter "
            "training) is required.",
        ),
    },
    "animaux": {
        "name": ("Soin des animaux", "Pet care"),
        "description": (
            "Promenade, nourriture, garde d'animaux.",
            "Walking, feeding and minding pets.",
        ),
    },
    "lavage-auto": {
        "name": ("Lavage de voiture", "Car washing"),
        "description": ("Lavage extérieur et intérieur.", "Washing outside and inside."),
    },
    "informatique": {
        "name": ("Aide informatique", "Computer help"),
        "description": (
            "Installer, expliquer un ordinateur, un téléphone.",
            "Setting up and explaining a computer or a phone.",
        ),
    },
}

FIELDS = {
    "Committee": ("name", "description", "duties"),
    "Role": ("name", "description", "duties"),
    "Skill": ("name", "description"),
    "Cooperative": ("tagline", "public_description"),
}
SEEDED = {"Committee": COMMITTEES, "Role": ROLES, "Skill": SKILLS}


def fill_both_languages(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("members", model_name)
        model.objects.update(**{f"{field}_fr": F(field) for field in fields})
        seeded = SEEDED.get(model_name)
        if not seeded:
            continue
        for row in model.objects.filter(slug__in=seeded):
            english = {
                f"{field}_en": texts[1]
                for field, texts in seeded[row.slug].items()
                # A text the leaders rewrote in French keeps no English it no longer matches.
                if getattr(row, f"{field}_fr") == texts[0]
            }
            if english:
                model.objects.filter(pk=row.pk).update(**english)


class Migration(migrations.Migration):
    dependencies = [("members", "0012_bilingual_texts")]

    operations = [migrations.RunPython(fill_both_languages, migrations.RunPython.noop)]
