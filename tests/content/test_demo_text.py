"""The demo says only what its source says: the facts, at their precision, in the site's words.

The article itself is not in the repository, so its wording cannot be compared here; what is
checked is every fact the demo keeps, what it must not add, and how it marks what it only
borrows (headline quotations, photos it may not reproduce)."""

import html
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import models

from content.models import Source
from funding.demo import PROGRAMME_SLUG
from funding.models import TIERS_LIEUX_MEASURE, Indicator, Programme
from places.models import Place, PlacePhoto
from tests import factories, images
from visits.demo import VISIT_SLUG
from visits.models import Announcement, Participant, Quote, Stop, Visit, VisitPhoto

pytestmark = pytest.mark.django_db

MILLION = Decimal(1_000_000)
DEMO_MODELS = [
    Source,
    Place,
    PlacePhoto,
    Programme,
    Indicator,
    Visit,
    Participant,
    Stop,
    Announcement,
    Quote,
    VisitPhoto,
]


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())
    return Visit.objects.get(slug=VISIT_SLUG)


def visible_text(response):
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def demo_prose():
    """Every text the demo wrote, field by field."""
    for model in DEMO_MODELS:
        names = [
            field.name
            for field in model._meta.get_fields()
            if isinstance(field, (models.CharField, models.TextField))
            and not field.name.startswith("search")
        ]
        for row in model.objects.values(*names):
            yield from (value for value in row.values() if value)


def test_no_detail_the_article_does_not_give(demo):
    prose = " ".join(demo_prose())
    assert "sidérurg" not in prose.lower()
    assert "l'ancien site de la SMN" in Place.objects.get(slug="le-wip").summary
    # The visit is known to the month: no day, no time, no part of the day is invented.
    assert "matin" not in prose.lower()
    assert demo.date_precision == "month" and str(demo.when) == "août 2021"
    assert not Stop.objects.filter(visit=demo, time__isnull=False).exists()


def test_the_envelope_and_its_lines_are_the_articles(demo):
    programme = Programme.objects.get(slug=PROGRAMME_SLUG)
    assert programme.total_amount == 130 * MILLION
    assert [funding.amount for funding in programme.fundings.all()] == [75 * MILLION]
    lines = list(programme.lines.order_by("order"))
    assert [line.amount / MILLION for line in lines] == [30, 50, 20, 15, 4]
    assert sum(line.amount for line in lines) == 119 * MILLION
    assert lines[2].target_quantity == 3000
    for text in ["30 M€", "50 M€", "20 M€", "3 000", "15 M€", "4 M€", "119 M€", "130 M€"]:
        assert text in programme.description, text
    assert "75 millions" in programme.summary


def test_the_national_count_and_the_target(demo):
    figures = {
        (row.year, row.kind): row.value
        for row in Indicator.objects.filter(measure=TIERS_LIEUX_MEASURE)
    }
    assert figures == {
        (2018, Indicator.Kind.OBSERVED): 1800,
        (2021, Indicator.Kind.OBSERVED): 2500,
        (2022, Indicator.Kind.TARGET): 3500,
    }
    for figure in ["1 800", "2 500", "3 500"]:
        assert figure in demo.description


def test_the_visit_page_keeps_its_facts(client, demo):
    page = visible_text(client.get(demo.get_absolute_url()))
    assert "août 2021" in page
    offices = [p.office for p in demo.participants.exclude(role=Participant.Role.LEADS)]
    ministers = [office for office in offices if office.startswith("ministre")]
    assert len(ministers) == 4
    assert not demo.participants.filter(office__startswith="ministre", person__isnull=False)
    atelier = Place.objects.get(slug="l-atelier-normand")
    assert (atelier.commune_name, atelier.surface_m2) == ("Carpiquet", 800)
    assert "bois" in atelier.summary
    assert Place.objects.get(slug="le-wip").commune_name == "Colombelles"
    assert "Table ronde sur les tiers-lieux" in page


def test_headline_quotes_are_marked_and_said_so_on_the_page(client, demo):
    headline = list(demo.quotes.filter(origin=Quote.Origin.HEADLINE).values_list("text", flat=True))
    assert headline == [
        "un pilier de la nouvelle économie",
        "parce que ça marche",
    ]
    assert demo.quotes.filter(origin=Quote.Origin.REPORTED).count() == 4
    page = visible_text(client.get(demo.get_absolute_url()))
    assert page.count("d'après le titre de l'article") == 2
    for text in headline:
        marked = page.index(f"« {text} »")
        assert "d'après le titre de l'article" in page[marked : marked + 200]


@pytest.mark.parametrize("page", ["visit", "l-atelier-normand", "le-wip"])
def test_referenced_photos_show_no_image_but_a_caption_a_credit_and_the_source(client, demo, page):
    url = demo.get_absolute_url() if page == "visit" else f"/lieux/{page}/"
    response = client.get(url)
    content = response.content.decode()
    text = visible_text(response)
    photos = re.findall(r'<figure class="photo photo--referenced">.*?</figure>', content, re.S)
    assert photos
    for figure in photos:
        assert "<img" not in figure
        assert "Photo à venir" not in figure
        assert 'href="#sources-titre"' in figure
    assert "Photo publiée par la source, non reproduite ici" in text
    assert "© Radio France - Elodie Touchais" in text
    assert 'id="sources-titre"' in content


def test_the_photos_the_site_holds_still_show_as_images(client):
    place = factories.place(sources=[factories.source()])
    photo = PlacePhoto(
        place=place,
        image=images.upload(images.jpeg_with_gps_and_orientation(800, 600), "a.jpg"),
        alt_text="Une façade de brique",
        caption="La façade",
        rights_holder="Ville",
        licence="cc-by-4.0",
    )
    photo.save()
    content = client.get(place.get_absolute_url()).content.decode()
    assert "<img" in content
    assert "non reproduite" not in content
