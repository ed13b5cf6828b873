import datetime
import html
import re
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests import factories
from visits.models import Announcement, Quote, VisitPhoto

pytestmark = pytest.mark.django_db
LIST_URL = reverse("visits:list")
ATOM = "{http://www.w3.org/2005/Atom}"


def visible_text(response):
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


@pytest.fixture
def visits():
    caen = factories.place(name="Atelier de Caen", commune_name="Caen")
    paris = factories.place(name="Coworking parisien", department=factories.department("75"))
    normandy = factories.visit(
        title="Visite en Normandie", date=datetime.date(2021, 8, 1), date_precision="month"
    )
    factories.stop(normandy, place=caen)
    factories.participant(normandy, office="Premier ministre")
    capital = factories.visit(title="Visite à Paris", date=datetime.date(2023, 3, 14))
    factories.stop(capital, place=paris)
    factories.participant(capital, office="ministre de la Cohésion des territoires")
    factories.visit(title="Visite en préparation", status="draft", published_at=None)
    return {"normandy": normandy, "capital": capital}


def titles(response):
    return [visit.title for visit in response.context_data["visits"]]


def test_list_shows_published_visits_newest_first(client, visits):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert titles(response) == ["Visite à Paris", "Visite en Normandie"]
    assertContains(response, "2 visites")
    assertNotContains(response, "Visite en préparation")
    assertContains(response, "août 2021")
    assertContains(response, "14 mars 2023")


def test_list_filters(client, visits):
    assert titles(client.get(LIST_URL, {"annee": "2021"})) == ["Visite en Normandie"]
    assert titles(client.get(LIST_URL, {"region": "28"})) == ["Visite en Normandie"]
    assert titles(client.get(LIST_URL, {"departement": "75"})) == ["Visite à Paris"]
    assert titles(client.get(LIST_URL, {"fonction": "Premier ministre"})) == ["Visite en Normandie"]
    assert titles(client.get(LIST_URL, {"q": "PARIS"})) == ["Visite à Paris"]


def test_a_visit_to_two_places_of_one_region_is_listed_once(client):
    visit = factories.visit()
    factories.stop(visit, place=factories.place())
    factories.stop(visit, place=factories.place())
    assert titles(client.get(LIST_URL, {"region": "28"})) == [visit.title]


def test_list_paginates_with_filters_kept(client):
    for number in range(23):
        factories.visit(title=f"Visite {number}", date=datetime.date(2020, 1, 1))
    response = client.get(LIST_URL, {"annee": "2020"})
    assert len(response.context_data["visits"]) == 20
    assertContains(response, "?annee=2020&amp;page=2")
    assert len(client.get(LIST_URL, {"annee": "2020", "page": 2}).context_data["visits"]) == 3


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"annee": "1500"}, 400),
        ({"region": "zz"}, 400),
        ({"fonction": "roi de France"}, 400),
        ({"q": "x" * 9000}, 400),
        ({"page": "999"}, 404),
        ({"page": "abc"}, 404),
    ],
)
def test_list_answers_nonsense_without_a_500(client, visits, params, status):
    assert client.get(LIST_URL, params).status_code == status


@pytest.fixture
def full_visit():
    programme = factories.programme(
        name="Plan tiers-lieux", total_amount=130_000_000, lines=[("Manufactures", 30_000_000)]
    )
    first = factories.place(name="Premier lieu", commune_name="Carpiquet")
    second = factories.place(name="Second lieu", commune_name="Colombelles")
    hidden = factories.draft_place(name="Lieu non publié")
    visit = factories.visit(
        title="Matinée caennaise", date=datetime.date(2021, 8, 1), date_precision="month"
    )
    factories.participant(visit, office="ministre A", role="accompanies", order=1)
    lead = factories.participant(visit, office="Premier ministre", role="leads", order=2)
    factories.stop(visit, order=2, place=second, description="Échange avec la co-fondatrice.")
    factories.stop(visit, order=1, place=first)
    factories.stop(visit, order=3, kind="round_table", title="Table ronde sur les tiers-lieux")
    factories.stop(visit, order=4, place=hidden)
    announcement = Announcement.objects.create(
        visit=visit, programme=programme, text="Annonce de l'enveloppe."
    )
    announcement.lines.set(programme.lines.all())
    Quote.objects.create(
        visit=visit, participant=lead, text="parce que ça marche", context="Sur l'enveloppe"
    )
    VisitPhoto.objects.create(
        visit=visit,
        caption="Le Premier ministre à Carpiquet",
        rights_holder="Radio France",
        creator="Elodie Touchais",
        order=1,
    )
    visit.sources.add(factories.source(title="Article source"))
    return {"visit": visit, "programme": programme, "first": first, "second": second}


def test_detail_tells_the_whole_visit(client, full_visit):
    visit = full_visit["visit"]
    response = client.get(visit.get_absolute_url())
    assert response.status_code == 200
    page = visible_text(response)
    assert "août 2021" in page and "27 août" not in page and "1er août" not in page
    assert page.index("Premier ministre — conduit la visite") < page.index("Ministre A")
    assert page.index("Premier lieu") < page.index("Second lieu") < page.index("Table ronde")
    assertContains(response, f'href="{full_visit["first"].get_absolute_url()}"')
    assertContains(response, f'href="{full_visit["second"].get_absolute_url()}"')
    assert "Lieu non publié" not in page
    assertContains(response, f'href="{full_visit["programme"].get_absolute_url()}"')
    assert "130 M€ annoncés" in page
    assert "Manufactures : 30 M€" in page
    assertContains(response, "<blockquote")
    assert "« parce que ça marche » — Premier ministre (Sur l'enveloppe)" in page
    assertContains(response, "<figcaption>Le Premier ministre à Carpiquet")
    assert "© Radio France - Elodie Touchais" in page
    assert "Article source" in page
    assert response.content.decode().count("<h1") == 1


def test_a_draft_programme_announced_during_a_visit_is_not_named(client, full_visit):
    programme = full_visit["programme"]
    programme.status = "draft"
    programme.save()
    response = client.get(full_visit["visit"].get_absolute_url())
    page = visible_text(response)
    assert "Annonce de l'enveloppe." in page
    assertNotContains(response, "Plan tiers-lieux")  # nor in the head's metadata
    assert "130 M€" not in page and "Manufactures" not in page
    assertNotContains(response, programme.get_absolute_url())


def test_place_and_programme_pages_link_back_to_the_visit(client, full_visit):
    visit_url = full_visit["visit"].get_absolute_url()
    for page in (full_visit["first"], full_visit["second"], full_visit["programme"]):
        assertContains(client.get(page.get_absolute_url()), visit_url)


def test_draft_visits_are_404_and_previewable_by_editors(client, editor):
    draft = factories.visit(title="Visite secrète", status="draft", published_at=None)
    place = factories.place()
    factories.stop(draft, place=place)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assertNotContains(client.get(place.get_absolute_url()), "Visite secrète")
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assertContains(response, "Visite secrète")
    assertContains(response, "Brouillon")


def test_atom_feed_parses_and_lists_published_visits(client, visits):
    response = client.get(reverse("visits:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [
        "Visite à Paris (14 mars 2023)",
        "Visite en Normandie (août 2021)",
    ]
    for entry in entries:
        assert entry.find(f"{ATOM}id").text
        assert entry.find(f"{ATOM}updated").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/visites/")


def test_calendar_is_valid_icalendar_with_only_visits_known_to_the_day(client, visits):
    long_title = "Visite " + "très longue " * 12 + "; avec, des caractères spéciaux"
    day_visit = factories.visit(title=long_title, date=datetime.date(2024, 5, 2))
    factories.stop(day_visit, place=factories.place(commune_name="Hérouville-Saint-Clair"))
    response = client.get(reverse("visits:calendar"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    lines = body.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    calendar = icalendar.Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    assert sorted(str(event["SUMMARY"]) for event in events) == sorted(
        [long_title, "Visite à Paris"]
    )
    by_title = {str(event["SUMMARY"]): event for event in events}
    event = by_title[long_title]
    assert event["DTSTART"].dt == datetime.date(2024, 5, 2)
    assert event["DTEND"].dt == datetime.date(2024, 5, 3)
    assert str(event["LOCATION"]) == "Hérouville-Saint-Clair"
    assert str(event["URL"]).endswith(day_visit.get_absolute_url())
    assert event["UID"] and event["DTSTAMP"]
    assert "Visite en Normandie" not in body.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_list_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows):
    # Pinned to prevent N+1 queries: 1. the page with the number of visits (a subquery);
    # 2. the stops and their places; 3. the participants; 4.–7. the options of the year,
    # region, department and office filters.
    for _number in range(rows):
        visit = factories.visit()
        factories.stop(visit, place=factories.place())
        factories.participant(visit)
    with django_assert_num_queries(7):
        assert client.get(LIST_URL).status_code == 200


@pytest.mark.parametrize("rows", [1, 6])
def test_detail_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows):
    # Pinned to prevent N+1 queries: visit, participants, stops, announcements, their lines,
    # quotes, photos, sources.
    programme = factories.programme(lines=[("A", 1), ("B", 2)])
    visit = factories.visit()
    for number in range(rows):
        lead = factories.participant(visit)
        factories.stop(visit, place=factories.place())
        Announcement.objects.create(visit=visit, programme=programme, text="x").lines.set(
            programme.lines.all()
        )
        Quote.objects.create(visit=visit, participant=lead, text=f"mot {number}")
        VisitPhoto.objects.create(visit=visit, caption=f"photo {number}")
        visit.sources.add(factories.source())
    with django_assert_num_queries(8):
        assert client.get(visit.get_absolute_url()).status_code == 200


def test_feed_and_calendar_query_counts_are_flat(client, django_assert_num_queries):
    for _number in range(10):
        factories.stop(factories.visit(), place=factories.place())
    with django_assert_num_queries(1):
        client.get(reverse("visits:feed"))
    with django_assert_num_queries(2):
        client.get(reverse("visits:calendar"))
