"""The throwaway site `benchmarks/pages.py` measures: N places as the census would give them.

Places are spread over the real communes (`data/communes.csv`, loaded by the migrations into
the Commune model) in proportion to their population, with coordinates inside their
department's box for four in five, one or two kinds, up to four services, a provenance row
each (the census dataset), a source for some, and a photo for one in ten: a few small JPEGs go
through the photo pipeline once (master and renditions in the storage), and the other rows
reuse their files, as pre-made renditions. Programmes with their lines and awards, and visits
with their itinerary, come on top of the demo content (`load_demo`), in the same numbers at
every size: they are pages of their own, not something that grows with the places.

Everything is written with bulk queries in batches, as the importer does, and then what bulk
queries do not trigger is done by hand, as the importer does it (search text, the places'
copies of their kinds and services, the page cache's version).
"""

import datetime
import io
import random
from decimal import Decimal

SLUG_PREFIX = "banc"
PHOTO_TEMPLATES = 12
PROGRAMMES = 4
LINES_PER_PROGRAMME = 3
AWARDS = 300
VISITS = 30
SERVICES = [
    "Coworking",
    "Atelier de fabrication",
    "Café associatif",
    "Espace France services",
    "Formation au numérique",
    "Jardin partagé",
    "Recyclerie",
    "Salle de réunion",
    "Cuisine partagée",
    "Résidence d'artistes",
]
NAME_PATTERNS = [
    "La Fabrique de {commune}",
    "Tiers-lieu de {commune}",
    "Le Hangar {number}",
    "L'Atelier partagé de {commune}",
    "Coworking {commune}",
    "La Ruche {number}",
    "Le Bocal de {commune}",
    "Maison des communs {number}",
]
BATCH = 2000


def migrate_throwaway(database_url):
    """Migrates the benchmark's database. A database given by URL must be empty: the benchmark
    fills it, and would otherwise measure (and add to) someone's data."""
    from django.core.management import call_command
    from django.db import DatabaseError

    from places.models import Place

    if database_url:
        try:
            has_places = Place.objects.exists()
        except DatabaseError:  # no tables yet
            has_places = False
        if has_places:
            raise SystemExit("--database-url must name an empty, throwaway database.")
    call_command("migrate", verbosity=0)


def generated_count():
    from places.models import Place

    return Place.objects.filter(slug__startswith=f"{SLUG_PREFIX}-").count()


def build(size, stdout):
    """Bring the database to `size` generated places (never fewer than it holds)."""
    from django.core.management import call_command
    from django.db import transaction

    from content.planner import gather_statistics
    from pagecache import versions

    existing = generated_count()
    if existing == 0:
        call_command("load_demo", stdout=stdout)
    if existing >= size:
        return
    with transaction.atomic():
        created = create_places(existing, size)
        add_photos(created, first=existing == 0)
        if existing == 0:
            add_programmes_and_visits(created)
        versions.changed()
    gather_statistics()  # as an import does


def _communes():
    from places.models import Commune

    rows = list(
        Commune.objects.filter(kind=Commune.Kind.CURRENT)
        .select_related("department")
        .only("id", "code", "name", "postcodes", "population", "department__code")
    )
    weights = [max(commune.population or 0, 50) for commune in rows]
    return rows, weights


def _point(box, generator):
    latitude = Decimal(str(round(generator.uniform(float(box.south), float(box.north)), 6)))
    longitude = Decimal(str(round(generator.uniform(float(box.west), float(box.east)), 6)))
    return latitude, longitude


def create_places(start, stop):
    from django.utils import timezone
    from django.utils.text import slugify

    from content.models import Source, Status
    from places.geography import department_box
    from places.models import Dataset, Place, PlaceKind, Provenance, Service

    generator = random.Random(start)  # noqa: S311 (made-up data, the same at every run)
    communes, weights = _communes()
    kinds = list(PlaceKind.objects.all())
    services = [
        Service.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
        for name in SERVICES
    ]
    first_published = datetime.datetime(2018, 1, 1, tzinfo=datetime.timezone.utc)
    places = []
    for number, commune in zip(
        range(start, stop), generator.choices(communes, weights, k=stop - start), strict=True
    ):
        name = generator.choice(NAME_PATTERNS).format(commune=commune.name, number=number)
        postcodes = commune.postcodes.split() if commune.postcodes else []
        place = Place(
            name=name,
            slug=f"{SLUG_PREFIX}-{slugify(name)[:150]}-{number}",
            summary=f"{name} : espace de travail partagé et ateliers ouverts à tous.",
            street_address=f"{1 + number % 120} rue de la République",
            postcode=postcodes[0] if postcodes else "",
            commune=commune,
            commune_name=commune.name,
            commune_code=commune.code,
            department_id=commune.department_id,
            website=f"https://lieu-{number}.example.org",
            year_opened=2005 + number % 19,
            surface_m2=80 + number % 900,
            status=Status.PUBLISHED,
            published_at=first_published + datetime.timedelta(minutes=23 * number),
        )
        if number % 2:
            place.description = (
                "Un lieu ouvert par une association d'habitants.\n"
                "On y travaille, on y répare, on y apprend."
            )
        box = department_box(commune.department.code)
        if box is not None and number % 5:
            place.latitude, place.longitude = _point(box, generator)
        place.refresh_search_text()
        places.append(place)
    created = Place.objects.bulk_create(places, batch_size=BATCH)

    links = []
    for place in created:
        links.append(
            Place.kinds.through(place_id=place.pk, placekind_id=kinds[place.pk % len(kinds)].pk)
        )
        if place.pk % 3 == 0:
            other = kinds[(place.pk + 3) % len(kinds)]
            links.append(Place.kinds.through(place_id=place.pk, placekind_id=other.pk))
    Place.kinds.through.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
    Place.services.through.objects.bulk_create(
        [
            Place.services.through(place_id=place.pk, service_id=service.pk)
            for place in created
            for service in generator.sample(services, place.pk % 5)
        ],
        batch_size=BATCH,
    )
    census, _created = Source.objects.get_or_create(
        title="Recensement des tiers-lieux (banc d'essai)", defaults={"publisher": "Banc"}
    )
    Place.sources.through.objects.bulk_create(
        [
            Place.sources.through(place_id=place.pk, source_id=census.pk)
            for place in created
            if place.pk % 3 == 0
        ],
        batch_size=BATCH,
    )
    dataset, _created = Dataset.objects.get_or_create(
        slug="banc-recensement", defaults={"title": "Recensement (banc)", "licence": "LO 2.0"}
    )
    now = timezone.now()
    Provenance.objects.bulk_create(
        [
            Provenance(
                place_id=place.pk,
                dataset=dataset,
                row_id=str(place.pk),
                first_imported_at=now,
                last_imported_at=now,
                values={"nom": place.name, "code_postal": place.postcode},
            )
            for place in created
        ],
        batch_size=BATCH,
    )
    refresh_copies([place.pk for place in created])
    return created


def refresh_copies(place_ids):
    """What the importer refreshes after its bulk queries: the places' copies of their kinds,
    services and territory (places.labels), which lists show and the search indexes."""
    from places import labels

    labels.refresh(place_ids)


def _jpeg(number):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 600), (40 + number * 15 % 200, 90, 140))
    ImageDraw.Draw(image).rectangle((100, 100, 500 + number * 10, 400), fill=(230, 200, 60))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=85)
    return output.getvalue()


def add_photos(places, first):
    """One place in ten gets a photo; the first few go through the whole pipeline."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from places.models import PlacePhoto

    templates = list(PlacePhoto.objects.filter(caption__startswith="Banc ")[:PHOTO_TEMPLATES])
    if first or not templates:
        templates = []
        for number, place in enumerate(places[:PHOTO_TEMPLATES]):
            photo = PlacePhoto(
                place=place,
                image=SimpleUploadedFile(f"lieu-{number}.jpg", _jpeg(number), "image/jpeg"),
                caption=f"Banc {number} : la salle commune",
                alt_text="Une grande salle, des tables et une verrière",
                rights_holder="Banc d'essai",
                creator="Camille Martin",
                licence="cc-by-4.0",
                order=1,
            )
            photo.save()
            templates.append(photo)
        places = places[PHOTO_TEMPLATES:]
    copies = []
    for place in places:
        if place.pk % 10:
            continue
        template = templates[place.pk % len(templates)]
        for order in range(1, 4 if place.pk % 50 == 0 else 2):
            copies.append(
                PlacePhoto(
                    place_id=place.pk,
                    image=template.image.name,
                    width=template.width,
                    height=template.height,
                    file_size=template.file_size,
                    sha256=template.sha256,
                    renditions=template.renditions,
                    caption=f"Banc {place.pk}-{order} : la salle commune",
                    alt_text=template.alt_text,
                    rights_holder=template.rights_holder,
                    creator=template.creator,
                    licence=template.licence,
                    order=order,
                )
            )
    PlacePhoto.objects.bulk_create(copies, batch_size=BATCH)


def add_programmes_and_visits(places):
    """Programmes, awards and visits: the same numbers at every size."""
    from content.models import Status
    from funding.models import Award, Funder, Programme, ProgrammeFunding, ProgrammeLine
    from visits.models import Participant, Person, Stop, Visit

    generator = random.Random(7)  # noqa: S311
    published = datetime.datetime(2022, 3, 1, tzinfo=datetime.timezone.utc)
    funder, _created = Funder.objects.get_or_create(
        slug="banc-agence", defaults={"name": "Agence nationale (banc)"}
    )
    lines = []
    for number in range(PROGRAMMES):
        programme = Programme.objects.create(
            name=f"Fabriques de territoire, vague {number + 1} (banc)",
            slug=f"{SLUG_PREFIX}-fabriques-de-territoire-{number + 1}",
            summary="Des subventions de fonctionnement pour les tiers-lieux structurants.",
            announced_on=datetime.date(2019 + number, 7, 1),
            total_amount=Decimal(45_000_000),
            status=Status.PUBLISHED,
            published_at=published,
        )
        ProgrammeFunding.objects.create(
            programme=programme, funder=funder, amount=Decimal(30_000_000)
        )
        for order in range(1, LINES_PER_PROGRAMME + 1):
            lines.append(
                ProgrammeLine.objects.create(
                    programme=programme,
                    order=order,
                    name=f"Ligne {order} : fabriques de territoire",
                    amount=Decimal(15_000_000),
                    target_quantity=100,
                    target_unit="tiers-lieux",
                )
            )
    awarded = generator.sample(places, min(AWARDS, len(places)))
    # The place the benchmark shows has an award, photos and a visit.
    awarded[0] = places[0]
    Award.objects.bulk_create(
        [
            Award(
                line=lines[0] if index < AWARDS // 2 else lines[index % len(lines)],
                place_id=place.pk,
                amount=Decimal(50_000 + 10_000 * (index % 15)),
                year=2019 + index % 4,
            )
            for index, place in enumerate(awarded)
        ]
    )
    person, _created = Person.objects.get_or_create(
        slug="banc-ministre", defaults={"name": "Dominique Martin (banc)"}
    )
    for number in range(VISITS):
        visit = Visit.objects.create(
            title=f"Visite ministérielle {number + 1} (banc)",
            slug=f"{SLUG_PREFIX}-visite-{number + 1}",
            date=datetime.date(2021, 1 + number % 12, 1 + number % 27),
            summary="La ministre visite des tiers-lieux du département.",
            status=Status.PUBLISHED,
            published_at=published,
        )
        Participant.objects.create(
            visit=visit, person=person, office="Ministre de la Cohésion des territoires", order=1
        )
        Participant.objects.create(visit=visit, office="Préfète du département", order=2)
        stops = [places[0]] if number == 0 else []
        stops += generator.sample(places, 3)
        Stop.objects.bulk_create(
            [
                Stop(visit=visit, place_id=place.pk, order=order, time=datetime.time(9 + order))
                for order, place in enumerate(stops, start=1)
            ]
        )
