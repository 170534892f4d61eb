"""The demo's words: the catalogue, residents, streets and what they write.

Data only; ``services.demo`` builds the requests from it.
"""

from __future__ import annotations

from decimal import Decimal

from members.models import SkillLevel
from services.models import Pricing, RequestStatus

# slug, French name, English name, French description, English description, pricing,
# The services whose skills a member's word is not enough for: the skill must be confirmed (by a
# youth leader or the HR committee) or earned on an earlier job. The others accept it declared.
CONFIRMED_NEEDS = {"garde-enfants": SkillLevel.CONFIRMED, "garde-animaux": SkillLevel.CONFIRMED}

# hourly rate (None: the cooperative's default), fixed price, skills, minimum age
CATALOGUE = [
    (
        "jardinage",
        "Jardinage",
        "Gardening",
        "Désherbage, plantations, taille de haies basses, ramassage des feuilles.",
        "Weeding, planting, trimming low hedges, raking leaves.",
        Pricing.HOURLY,
        None,
        None,
        ["jardinage"],
        None,
    ),
    (
        "tonte",
        "Tonte de pelouse",
        "Lawn mowing",
        "Tonte avec votre tondeuse ou la nôtre, ramassage de l'herbe.",
        "Mowing with your mower or ours, grass collected.",
        Pricing.HOURLY,
        Decimal("12.00"),
        None,
        ["tonte"],
        None,
    ),
    (
        "menage",
        "Ménage",
        "Cleaning",
        "Ménage courant, vitres, rangement d'une cave ou d'un grenier.",
        "Regular cleaning, windows, tidying a cellar or an attic.",
        Pricing.HOURLY,
        None,
        None,
        ["menage"],
        None,
    ),
    (
        "peinture",
        "Peinture",
        "Painting",
        "Préparation et peinture de murs, volets, clôtures. Vous fournissez la peinture.",
        "Preparing and painting walls, shutters, fences. You provide the paint.",
        Pricing.HOURLY,
        Decimal("13.00"),
        None,
        ["peinture"],
        16,
    ),
    (
        "demenagement",
        "Aide au déménagement",
        "Moving help",
        "Porter, emballer, charger le camion (sans conduite).",
        "Carrying, packing, loading the van (no driving).",
        Pricing.HOURLY,
        Decimal("13.00"),
        None,
        ["demenagement"],
        16,
    ),
    (
        "garde-enfants",
        "Garde d'enfants",
        "Babysitting",
        "Garde et jeux à votre domicile, par des jeunes formés (PSC1, BAFA).",
        "Childcare and games at your home, by trained youth (first aid certificate).",
        Pricing.HOURLY,
        Decimal("11.00"),
        None,
        ["garde-enfants"],
        16,
    ),
    (
        "garde-animaux",
        "Garde d'animaux",
        "Pet sitting",
        "Visite, nourriture et promenade de vos animaux pendant vos vacances. Prix par visite.",
        "Visits, feeding and walks for your pets while you are away. Price per visit.",
        Pricing.FIXED,
        None,
        Decimal("10.00"),
        ["animaux"],
        None,
    ),
    (
        "lavage-auto",
        "Lavage de voiture",
        "Car washing",
        "Lavage extérieur à la main et aspiration intérieure. Prix par voiture.",
        "Hand wash outside and vacuuming inside. Price per car.",
        Pricing.FIXED,
        None,
        Decimal("15.00"),
        ["lavage-auto"],
        None,
    ),
    (
        "informatique",
        "Aide informatique",
        "IT help",
        "Installer une box, un ordinateur, un téléphone ; apprendre à s'en servir.",
        "Setting up a router, a computer, a phone; learning to use them.",
        Pricing.HOURLY,
        Decimal("14.00"),
        None,
        ["informatique"],
        None,
    ),
]

DESCRIPTIONS = {
    "jardinage": [
        "Désherber le potager et les allées, environ 80 m².",
        "Tailler la haie de thuyas côté rue (1,50 m de haut, 15 m de long) et ramasser.",
        "Planter une vingtaine de fleurs et pailler les massifs devant la maison.",
    ],
    "tonte": [
        "Tondre la pelouse derrière la maison, environ 400 m². J'ai une tondeuse.",
        "Tonte du jardin pendant nos vacances, deux fois en juillet.",
        "Pelouse haute à tondre et bordures à reprendre, pas de tondeuse sur place.",
    ],
    "menage": [
        "Grand ménage de printemps en retard : vitres du rez-de-chaussée et cuisine.",
        "Ranger et nettoyer la cave avant une vente de garage.",
        "Ménage de l'appartement après le départ de locataires (T3).",
    ],
    "peinture": [
        "Repeindre les volets en bois (6 volets), peinture déjà achetée.",
        "Peindre la clôture du jardin, 20 m, lasure fournie.",
        "Rafraîchir une chambre d'enfant (murs blancs, 12 m²).",
    ],
    "demenagement": [
        "Charger un camion de location : appartement au 2e étage sans ascenseur.",
        "Aide pour porter des meubles du garage au grenier.",
        "Emballer la vaisselle et les livres avant un déménagement.",
    ],
    "garde-enfants": [
        "Garder nos deux enfants (6 et 9 ans) le mercredi après-midi.",
        "Baby-sitting un samedi soir pour un mariage, enfant de 4 ans.",
        "Accompagner ma fille de 8 ans au centre de loisirs et la garder jusqu'à 18 h.",
    ],
    "garde-animaux": [
        "Nourrir nos deux chats pendant une semaine de vacances.",
        "Promener notre chien matin et soir du 14 au 20.",
        "Nourrir les poules et ramasser les œufs pendant notre absence.",
    ],
    "lavage-auto": [
        "Laver deux voitures, intérieur et extérieur.",
        "Lavage du camping-car avant le départ en vacances.",
        "Nettoyer l'intérieur de la voiture (poils de chien).",
    ],
    "informatique": [
        "M'aider à configurer mon nouveau téléphone et mes mails.",
        "Installer l'imprimante et apprendre à faire des visioconférences avec mes petits-enfants.",
        "Mon ordinateur est très lent, pouvez-vous regarder ?",
    ],
}

RESIDENTS = [
    ("Monique", "Perrin"),
    ("Jean-Pierre", "Gauthier"),
    ("Sylvie", "Chevalier"),
    ("Bernard", "Lemoine"),
    ("Nathalie", "Fontaine"),
    ("Philippe", "Renaud"),
    ("Isabelle", "Colin"),
    ("Alain", "Barbier"),
    ("Catherine", "Brun"),
    ("Michel", "Arnaud"),
    ("Françoise", "Giraud"),
    ("Daniel", "Masson"),
    ("Christine", "Picard"),
    ("Gérard", "Dumont"),
    ("Véronique", "Marchand"),
    ("Patrick", "Lacroix"),
    ("Sandrine", "Guerin"),
    ("Thierry", "Boyer"),
    ("Aurélie", "Caron"),
    ("Olivier", "Meyer"),
    ("Émilie", "Roussel"),
    ("Claude", "Blanchard"),
    ("Céline", "Noël"),
    ("Joseph", "Lucas"),
]

STREETS = [
    "rue des Tilleuls",
    "chemin du Moulin",
    "avenue de la Gare",
    "impasse des Lilas",
    "place de l'Église",
    "route de Vernay",
    "allée des Cerisiers",
    "rue Victor-Hugo",
    "rue Jean-Jaurès",
    "rue du Stade",
    "chemin des Vignes",
    "rue de la Fontaine",
]

# How 40 requests spread over the statuses.
STATUS_MIX = [
    (RequestStatus.NEW, 7),
    (RequestStatus.QUOTED, 6),
    (RequestStatus.ACCEPTED, 5),
    (RequestStatus.SCHEDULED, 8),
    (RequestStatus.DONE, 9),
    (RequestStatus.CANCELLED, 3),
    (RequestStatus.DECLINED, 2),
]

DECLINE_REASONS = [
    "Nous n'avons pas de jeune formé à la taille en hauteur : une haie de 4 m demande un "
    "professionnel équipé. Désolés !",
    "Vos dates tombent après la fin de la saison (fin août) : n'hésitez pas à nous recontacter "
    "l'été prochain.",
]
COMMENTS = [
    "Deux jeunes très sérieux et souriants, le travail est impeccable. Merci !",
    "Arrivés à l'heure, efficaces. Je referai appel à vous.",
    "Très bien, un peu de retard le matin mais prévenu par téléphone.",
    "Travail soigné, jeunes polis et motivés. Bravo à la coopérative.",
    "",
]
QUOTE_NOTES = [
    "Deux jeunes pendant une demi-journée environ.",
    "Matériel fourni par vos soins.",
    "",
]
TEAM_NOTES = [
    "Sonner au portail, le chien est gentil.",
    "Prendre des gants et la débroussailleuse du local.",
    "Se garer devant le garage. Prévoir de l'eau, plein soleil.",
    "",
]
