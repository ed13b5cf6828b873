"""The French texts the site pages start with (a migration creates them; staff edit them).

What only the operator knows (publisher, host, audit results, dates) is written
« [À compléter : …] »: the admin counts these passages and the page highlights them until they
are replaced.
"""

ACCESSIBILITY = {
    "title": "Déclaration d'accessibilité",
    "description": (
        "Déclaration d'accessibilité du site Tiers-lieux en France : état de conformité au "
        "RGAA, contenus non accessibles, contact et voies de recours."
    ),
    "body": """\
[À compléter : nom de l'éditeur du site] s'engage à rendre son site internet accessible
conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005.

Cette déclaration d'accessibilité s'applique au site **Tiers-lieux en France**
([À compléter : adresse du site, par exemple https://tiers-lieux.example.fr/]).

## État de conformité

Le site Tiers-lieux en France est **partiellement conforme** avec le référentiel général
d'amélioration de l'accessibilité (RGAA), version 4.1.2, en raison des non-conformités
énumérées ci-dessous.

## Résultats des tests

L'audit de conformité réalisé par [À compléter : personne ou organisme ayant réalisé l'audit]
révèle que :

- [À compléter : taux] % des critères du RGAA version 4.1.2 sont respectés ;
- le taux moyen de conformité du site s'élève à [À compléter : taux moyen] %.

## Contenus non accessibles

### Non-conformités

[À compléter après l'audit : chaque critère non respecté, les pages concernées et, le cas
échéant, l'alternative proposée.]

### Dérogations pour charge disproportionnée

Aucune.

### Contenus non soumis à l'obligation d'accessibilité

- Les contenus de tiers qui ne sont ni financés ni développés par l'éditeur du site et qui ne
  sont pas sous son contrôle : sites internet des lieux, articles de presse et documents cités
  en source.
- Les fonds de carte (tuiles OpenStreetMap) de la carte des lieux : les informations
  essentielles (nom, adresse, commune, département) sont données sous forme de texte sur la
  liste et sur la fiche de chaque lieu.

## Établissement de cette déclaration d'accessibilité

Cette déclaration a été établie le [À compléter : date de la déclaration]. Elle repose sur un
audit réalisé le [À compléter : date de l'audit].

### Technologies utilisées pour la réalisation du site

- HTML
- CSS
- JavaScript (carte des lieux)
- SVG (graphiques, dont les valeurs figurent aussi dans des tableaux)

### Environnement de test

- Chromium, piloté par Playwright, pour les tests automatisés ;
- [À compléter : combinaisons de navigateurs et de lecteurs d'écran utilisées, par exemple
  Firefox avec NVDA, Safari avec VoiceOver].

### Outils pour évaluer l'accessibilité

- axe-core, exécuté par Playwright avec Chromium, sur chacune des pages listées ci-dessous ;
- Lighthouse (audit « Accessibilité » de Chromium) ;
- vérifications manuelles au clavier : ordre de tabulation, visibilité du focus, lien
  d'évitement « Aller au contenu », formulaires utilisables sans souris.

### Pages du site ayant fait l'objet de la vérification de conformité

1. [Accueil](/)
2. [Liste des lieux](/lieux/), avec ses filtres et sa pagination
3. [Fiche d'un lieu](/lieux/l-atelier-normand/)
4. [Carte des lieux](/carte/)
5. [Liste des financements](/financements/)
6. [Fiche d'un programme de financement](/financements/enveloppe-130-millions-tiers-lieux-2021/)
7. [Chiffres](/chiffres/)
8. [Liste des visites officielles](/visites/)
9. [Fiche d'une visite](/visites/premier-ministre-tiers-lieux-caen-2021-08/)
10. [Contact](/contact/)
11. [Mentions légales](/mentions-legales/)
12. [Déclaration d'accessibilité](/accessibilite/)

## Retour d'information et contact

Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter le
responsable du site pour être orienté vers une alternative accessible ou obtenir le contenu
sous une autre forme : écrivez-nous par le [formulaire de contact](/contact/), objet
« Signaler un problème d'accessibilité ».

## Voies de recours

Cette procédure est à utiliser dans le cas suivant : vous avez signalé au responsable du site
un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à un des services du site
et vous n'avez pas obtenu de réponse satisfaisante.

- Écrire un message au Défenseur des droits, par le
  [formulaire en ligne](https://formulaire.defenseurdesdroits.fr/) ;
- contacter [le délégué du Défenseur des droits dans votre région][delegues] ;
- envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) :
  Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.

[delegues]: https://www.defenseurdesdroits.fr/saisir/delegues
""",
}

LEGAL_NOTICE = {
    "title": "Mentions légales",
    "description": (
        "Mentions légales du site Tiers-lieux en France : éditeur, publication, hébergement, "
        "licences des données et crédits des photos."
    ),
    "body": """\
## Éditeur

[À compléter : nom de l'organisme ou de la personne qui édite le site]\\
[À compléter : adresse postale]\\
[À compléter : numéro SIREN ou SIRET, s'il y a lieu]

Pour nous écrire : [formulaire de contact](/contact/).

## Directeur ou directrice de la publication

[À compléter : nom et fonction]

## Hébergement

[À compléter : nom de l'hébergeur]\\
[À compléter : adresse postale de l'hébergeur]\\
[À compléter : numéro de téléphone de l'hébergeur]

## Licences des données

- **Données du site** : les fiches des lieux, des programmes de financement et des visites
  sont réutilisables sous la
  [Licence Ouverte 2.0](https://www.etalab.gouv.fr/licence-ouverte-open-licence/) (Etalab),
  en mentionnant « Tiers-lieux en France » et la date de leur dernière mise à jour.
- **Recensement national des tiers-lieux** : « CGET – Mission Coworking, base des tiers-lieux
  2019 », Licence Ouverte 2.0. Chaque fiche issue d'un autre jeu de données cite son producteur
  et sa licence.
- **Communes** : code officiel géographique de l'INSEE et codes postaux de La Poste, rassemblés
  par Etalab (découpage administratif), Licence Ouverte 2.0.
- **Emprises des départements** (rectangles servant à vérifier les coordonnées) : dérivées de
  [GeoNames](https://www.geonames.org/), sous licence
  [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/deed.fr), et du recensement
  CGET 2019.

## Photos et crédits

Chaque photo publiée affiche son crédit (détenteur des droits et auteur) et, quand elle est
connue, sa licence, avec un lien vers la page d'où elle provient. Les photos restent la
propriété de leurs auteurs et ne sont pas couvertes par la Licence Ouverte.

Si vous détenez des droits sur une photo ou un texte publié ici et souhaitez qu'il soit corrigé
ou retiré, écrivez-nous par le [formulaire de contact](/contact/), objet « Demander le retrait
d'une photo ou d'un contenu » : la demande est traitée dans les meilleurs délais.

## Données personnelles

Le formulaire de contact enregistre votre nom, votre adresse électronique, l'objet et le texte
de votre message, uniquement pour vous répondre ; ils sont conservés
[À compléter : durée de conservation, par exemple un an] puis supprimés. Votre adresse IP n'est
pas enregistrée avec le message : une empreinte en est gardée une heure pour limiter le nombre
d'envois. Vous pouvez demander à consulter, corriger ou effacer vos données par le même
formulaire, et saisir la [CNIL](https://www.cnil.fr/fr/plaintes).

Ce site n'utilise ni mesure d'audience ni traceur publicitaire. Les seuls cookies déposés sont
nécessaires à son fonctionnement : la protection du formulaire contre la falsification de
requêtes et la session des personnes qui administrent le site.
""",
}

CONTACT = {
    "title": "Contact",
    "description": (
        "Écrire à l'équipe de Tiers-lieux en France : corriger une fiche, proposer un lieu, "
        "signaler un problème d'accessibilité ou demander le retrait d'une photo."
    ),
    "body": """\
Une erreur sur une fiche, un lieu à ajouter, un problème d'accessibilité, une photo dont vous
détenez les droits ? Écrivez-nous avec ce formulaire : nous répondons à l'adresse électronique
que vous indiquez.
""",
}

PAGES = {
    "accessibilite": ACCESSIBILITY,
    "mentions-legales": LEGAL_NOTICE,
    "contact": CONTACT,
}
