import html
import re

import pytest
from django.core.management import call_command
from pytest_django.asserts import assertContains

from places.models import Place
from visits.demo import VISIT_SLUG
from visits.models import Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Visit.objects.get(slug=VISIT_SLUG)


def visible_text(response):
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def test_demo_visit_page_shows_what_the_issue_promises(client, demo):
    response = client.get(demo.get_absolute_url())
    assert response.status_code == 200
    page = visible_text(response)
    assert "août 2021" in page
    for office in [
        "Jean Castex, Premier ministre",
        "Ministre de l'Économie et de la Relance",
        "Ministre des PME",
        "Ministre de la Cohésion des territoires",
        "Ministre de la Transition numérique",
    ]:
        assert office in page, office
    government = [p for p in demo.participants.all() if p.is_government_member]
    assert len(government) == 5
    atelier = Place.objects.get(slug="l-atelier-normand")
    wip = Place.objects.get(slug="le-wip")
    content = response.content.decode()
    assert content.index(atelier.get_absolute_url()) < content.index(wip.get_absolute_url())
    assert page.index("Carpiquet") < page.index("Colombelles")
    assert "Table ronde sur les tiers-lieux" in page
    assert "130 M€ annoncés" in page
    assertContains(response, "/financements/enveloppe-130-millions-tiers-lieux-2021/")
    for quote in [
        "« un pilier de la nouvelle économie »",
        "« préparer l'économie de demain, sans se tromper »",
        "« parce que ça marche »",
        "« souveraineté économique : le produire français »",
        "« relocaliser »",
        "« formation, fondamentale »",
    ]:
        assert quote in page, quote
    assert page.count("© Radio France - Elodie Touchais") >= 1
    assert "Le 1er ministre a visité 2 espaces de travail partagés" in page


def test_demo_places_link_back_to_the_visit(client, demo):
    for slug in ["l-atelier-normand", "le-wip"]:
        place = Place.objects.get(slug=slug)
        assertContains(client.get(place.get_absolute_url()), demo.get_absolute_url())


def test_demo_visit_is_left_out_of_the_calendar_because_its_day_is_unknown(client, demo):
    body = client.get("/visites/calendrier.ics").content.decode()
    assert "BEGIN:VCALENDAR" in body
    assert demo.title not in body
    assert demo.title in client.get("/visites/flux/").content.decode()
