"""What visitors see of a place's life: the timeline and the closed notice on its page, closed
places left out of the list, the map, the downloads, the API and the home counts unless asked."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from content.dates import DatePrecision
from places.models import Lifecycle
from tests import factories
from tests.api.helpers import results
from tests.exports_helpers import csv_rows

pytestmark = pytest.mark.django_db

LIST_URL = reverse("places:list")
MAP_URL = reverse("map")
DATA_URL = reverse("map_data")
CARPIQUET = {"latitude": Decimal("49.1857000"), "longitude": Decimal("-0.4466000")}


def text(response):
    """The page with its white space collapsed, as it reads."""
    return " ".join(response.content.decode().split())


@pytest.fixture
def places():
    opened = factories.place(name="Le WIP", year_opened=2019, **CARPIQUET)
    planned = factories.place(name="La future forge", lifecycle=Lifecycle.PLANNED, **CARPIQUET)
    closed = factories.place(
        name="L'ancienne friche",
        lifecycle=Lifecycle.CLOSED,
        opened_on=datetime.date(2015, 1, 1),
        opened_on_precision=DatePrecision.YEAR,
        closed_on=datetime.date(2023, 3, 1),
        closed_on_precision=DatePrecision.MONTH,
        closure_reason="fin du bail",
        **CARPIQUET,
    )
    return {"opened": opened, "planned": planned, "closed": closed}


# The page


def test_the_page_shows_the_timeline_in_order_with_machine_readable_dates(client):
    place = factories.place(
        name="Le WIP", opened_on=datetime.date(2019, 1, 1), opened_on_precision=DatePrecision.YEAR
    )
    factories.place_label(
        place,
        label=factories.label(name="Fabrique de territoire"),
        obtained_on=datetime.date(2021, 8, 1),
        obtained_on_precision=DatePrecision.MONTH,
        ended_on=datetime.date(2024, 1, 1),
        ended_on_precision=DatePrecision.YEAR,
    )
    response = client.get(place.get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    timeline = page[
        page.index('<ol class="timeline">') : page.index("</ol>", page.index("timeline"))
    ]
    assert timeline.index('<time datetime="2019">2019</time>') < timeline.index(
        '<time datetime="2021-08">août 2021</time>'
    )
    assert "Ouverture" in timeline
    assert "Label « Fabrique de territoire » obtenu" in timeline
    assert '<time datetime="2024">2024</time> <span class="timeline__text">Fin du label' in timeline
    assertContains(response, '<h2 id="chronologie-titre">Chronologie</h2>', html=True)


def test_the_timeline_dates_the_funding_received_and_the_official_visits(client):
    place = factories.place(
        name="Le WIP", opened_on=datetime.date(2019, 1, 1), opened_on_precision=DatePrecision.YEAR
    )
    programme = factories.programme(name="Fabriques de territoire", lines=[("Amorçage", 50_000)])
    line = programme.lines.get()
    factories.award(line, place, year=2022)
    factories.award(line, place, year=None)  # undated: in the table, not in the timeline
    draft = factories.programme(
        name="Programme en préparation", status="draft", published_at=None, lines=[("Ligne", 1)]
    )
    factories.award(draft.lines.get(), place, year=2023)
    visit = factories.visit(title="Le Premier ministre au WIP", date=datetime.date(2021, 8, 27))
    factories.stop(visit, place=place)
    hidden = factories.visit(title="Visite en brouillon", status="draft", published_at=None)
    factories.stop(hidden, place=place)

    page = text(client.get(place.get_absolute_url()))
    timeline = page[
        page.index('<ol class="timeline">') : page.index("</ol>", page.index("timeline"))
    ]
    assert [part.split("</time>")[0].split(">")[-1] for part in timeline.split("<time")[1:]] == [
        "2019",
        "27 août 2021",
        "2022",
    ]
    assert "Visite officielle : Le Premier ministre au WIP" in timeline
    assert "Financement « Fabriques de territoire » (Amorçage)" in timeline
    assert "brouillon" not in timeline
    assert "Programme en préparation" not in page


def test_a_place_without_dated_events_has_no_timeline(client):
    response = client.get(factories.place().get_absolute_url())
    assertNotContains(response, "Chronologie")


def test_a_closed_place_keeps_its_page_with_a_notice(client, places):
    response = client.get(places["closed"].get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    assert 'Fermé depuis <time datetime="2023-03">mars 2023</time></strong> (fin du bail)' in page
    assert "Fermeture : fin du bail" in page  # the timeline's last event


def test_a_planned_place_says_so(client, places):
    response = client.get(places["planned"].get_absolute_url())
    assertContains(response, "ce lieu n'a pas encore ouvert")


# Lists, map, downloads, API, home


def names(response):
    return {place.name for place in response.context_data["places"]}


def test_the_list_leaves_closed_places_out_unless_asked(client, places):
    assert names(client.get(LIST_URL)) == {"Le WIP", "La future forge"}
    assert names(client.get(LIST_URL, {"statut": "tous"})) == {
        "Le WIP",
        "La future forge",
        "L'ancienne friche",
    }
    assert names(client.get(LIST_URL, {"statut": "fermes"})) == {"L'ancienne friche"}
    assert names(client.get(LIST_URL, {"statut": "en-projet"})) == {"La future forge"}
    assert names(client.get(LIST_URL, {"statut": "ouverts"})) == {"Le WIP"}
    response = client.get(LIST_URL, {"statut": "tous"})
    assertContains(response, '<label for="id_statut">Statut</label>', html=True)
    assertContains(response, "<strong>fermé</strong>")


def test_an_unknown_status_is_a_form_error(client, places):
    response = client.get(LIST_URL, {"statut": "disparus"})
    assert response.status_code == 400


def map_names(response):
    assert response.status_code == 200
    return {feature["properties"]["n"] for feature in json.loads(response.content)["features"]}


def test_the_map_data_leaves_closed_places_out_unless_asked(client, places):
    assert map_names(client.get(DATA_URL)) == {"Le WIP", "La future forge"}
    assert "L'ancienne friche" in map_names(client.get(DATA_URL, {"statut": "tous"}))


def test_the_map_page_offers_the_status_and_passes_it_to_its_data(client, places):
    response = client.get(MAP_URL, {"statut": "tous"})
    assertContains(response, 'data-geojson-url="/carte/lieux.geojson?statut=tous"')
    assert response.context_data["counts"] == {"mapped": 3, "unmapped": 0}
    assert client.get(MAP_URL).context_data["counts"] == {"mapped": 2, "unmapped": 0}


def test_the_download_carries_the_status_and_leaves_closed_places_out_unless_asked(client, places):
    def rows(params):
        response = client.get(reverse("places:download_csv"), params)
        assert response.status_code == 200
        return {row["nom"]: row for row in csv_rows(b"".join(response.streaming_content))}

    assert set(rows({})) == {"Le WIP", "La future forge"}
    every = rows({"statut": "tous"})
    assert (every["Le WIP"]["etat"], every["Le WIP"]["date_ouverture"]) == ("ouvert", "2019")
    assert every["La future forge"]["etat"] == "en projet"
    friche = every["L'ancienne friche"]
    assert (friche["etat"], friche["date_ouverture"], friche["date_fermeture"]) == (
        "fermé",
        "2015",
        "2023-03",
    )
    assert friche["raison_fermeture"] == "fin du bail"


def test_the_api_leaves_closed_places_out_of_lists_but_answers_for_each(client, places):
    listed = {row["nom"] for row in results(client.get("/api/v1/lieux/"))}
    assert listed == {"Le WIP", "La future forge"}
    every = {row["nom"]: row for row in results(client.get("/api/v1/lieux/?statut=tous"))}
    friche = every["L'ancienne friche"]
    assert (friche["etat"], friche["date_fermeture"], friche["raison_fermeture"]) == (
        "fermé",
        "2023-03",
        "fin du bail",
    )
    assert every["Le WIP"]["date_ouverture"] == "2019"
    assert every["La future forge"]["date_ouverture"] is None
    detail = client.get(f"/api/v1/lieux/{places['closed'].slug}/")
    assert detail.status_code == 200
    assert detail.json()["etat"] == "fermé"


def test_the_home_page_does_not_count_closed_places(client):
    factories.place(name="Le WIP")
    factories.place(
        name="L'ancienne friche",
        department=factories.department("75"),
        lifecycle=Lifecycle.CLOSED,
        closed_on=datetime.date(2023, 3, 1),
        closure_reason="fin du bail",
    )
    response = client.get(reverse("home"))
    context = response.context_data
    assert (context["place_count"], context["department_count"]) == (1, 1)
