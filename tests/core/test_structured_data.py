"""JSON-LD of places, visits, programmes and lists, read back by json.loads; drafts kept out."""

import datetime
import json
from decimal import Decimal

import pytest

from content.seo import json_ld
from places.models import PlaceKind
from tests import factories, images
from tests.page_head import json_ld_of_type, read_head

pytestmark = pytest.mark.django_db


def test_place_is_a_schema_org_place_with_its_address_and_coordinates(client):
    place = factories.place(
        name="Le WIP",
        summary="",
        kinds=PlaceKind.objects.filter(slug="coworking"),
        street_address="Rue de la SMN",
        commune_name="Colombelles",
        commune_code="14167",
        postcode="14460",
        latitude=Decimal("49.1923892"),
        longitude=Decimal("-0.3074549"),
        website="https://example.org/wip",
    )
    data = json_ld_of_type(client.get(place.get_absolute_url()), "Place")
    assert data["@context"] == "https://schema.org"
    assert data["name"] == "Le WIP"
    assert data["description"] == "Coworking à Colombelles (Calvados)"
    assert data["url"] == f"http://testserver{place.get_absolute_url()}"
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Rue de la SMN",
        "postalCode": "14460",
        "addressLocality": "Colombelles",
        "addressRegion": "Normandie",
        "addressCountry": "FR",
    }
    assert data["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 49.1923892,
        "longitude": -0.3074549,
    }
    assert "image" not in data


def test_place_without_coordinates_has_no_geo_and_no_empty_fields(client):
    place = factories.place(street_address="", postcode="")
    data = json_ld_of_type(client.get(place.get_absolute_url()), "Place")
    assert "geo" not in data
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressRegion": "Normandie",
        "addressCountry": "FR",
    }


def test_place_json_ld_names_its_photo(client):
    place = factories.place()
    photo = factories.place_photo(place, image=images.upload(images.jpeg(600, 400)), alt_text="Un")
    data = json_ld_of_type(client.get(place.get_absolute_url()), "Place")
    assert data["image"] == f"http://testserver{photo.src}"


def test_nothing_typed_by_an_editor_can_close_the_script_element(client):
    place = factories.place(name="</script><script>alert(1)</script> & <!--")
    response = client.get(place.get_absolute_url())
    html = response.content.decode()
    assert "</script><script>alert(1)" not in html
    assert json_ld_of_type(response, "Place")["name"] == "</script><script>alert(1)</script> & <!--"
    block = str(json_ld({"name": "</script>"}))
    assert block == '<script type="application/ld+json">{"name":"\\u003C/script\\u003E"}</script>'


def test_visit_known_to_the_month_starts_in_that_month_never_on_an_invented_day(client):
    visit = factories.visit(date=datetime.date(2021, 8, 1), date_precision="month")
    data = json_ld_of_type(client.get(visit.get_absolute_url()), "Event")
    assert data["startDate"] == "2021-08"
    assert data["name"] == visit.title
    assert data["url"] == f"http://testserver{visit.get_absolute_url()}"


@pytest.mark.parametrize(
    ("date", "precision", "expected"),
    [
        (datetime.date(2021, 8, 27), "day", "2021-08-27"),
        (datetime.date(2021, 1, 1), "year", "2021"),
    ],
)
def test_visit_start_date_has_the_precision_of_its_date(client, date, precision, expected):
    visit = factories.visit(date=date, date_precision=precision)
    assert json_ld_of_type(client.get(visit.get_absolute_url()), "Event")["startDate"] == expected


def test_visit_location_is_each_published_place_visited_and_never_a_draft(client):
    visit = factories.visit(summary="")
    atelier = factories.place(name="L'atelier normand", commune_name="Carpiquet", postcode="14650")
    wip = factories.place(name="Le WIP", commune_name="Colombelles", postcode="14460")
    secret = factories.draft_place(name="Projet pas encore annoncé")
    for place in (atelier, secret, wip, atelier):
        factories.stop(visit, place=place)
    factories.stop(visit, kind="round_table", title="Table ronde")
    response = client.get(visit.get_absolute_url())
    data = json_ld_of_type(response, "Event")
    assert [location["name"] for location in data["location"]] == ["L'atelier normand", "Le WIP"]
    assert data["location"][0] == {
        "@type": "Place",
        "name": "L'atelier normand",
        "url": f"http://testserver{atelier.get_absolute_url()}",
        "address": {
            "@type": "PostalAddress",
            "postalCode": "14650",
            "addressLocality": "Carpiquet",
            "addressCountry": "FR",
        },
    }
    assert "Projet pas encore annoncé" not in response.content.decode()


def test_visit_with_one_place_has_one_location(client):
    visit = factories.visit()
    factories.stop(visit, place=factories.place(name="Le WIP"))
    data = json_ld_of_type(client.get(visit.get_absolute_url()), "Event")
    assert data["location"]["name"] == "Le WIP"


def test_programme_is_a_government_service_provided_by_its_funders(client):
    relance = factories.funder(name="France Relance", website="https://www.economie.gouv.fr/")
    state = factories.funder(name="État")
    programme = factories.programme(
        name="Enveloppe tiers-lieux",
        summary="130 M€ pour les tiers-lieux.",
        fundings=[(relance, "75000000"), (state, "55000000")],
    )
    data = json_ld_of_type(client.get(programme.get_absolute_url()), "GovernmentService")
    assert data["name"] == "Enveloppe tiers-lieux"
    assert data["description"] == "130 M€ pour les tiers-lieux."
    assert data["areaServed"] == {"@type": "Country", "name": "France"}
    assert sorted(data["provider"], key=lambda provider: provider["name"]) == [
        {"@type": "GovernmentOrganization", "name": "France Relance", "url": relance.website},
        {"@type": "GovernmentOrganization", "name": "État"},
    ]


def test_home_page_describes_the_site_and_its_search(client):
    data = json_ld_of_type(client.get("/"), "WebSite")
    assert data["url"] == "http://testserver/"
    target = data["potentialAction"]["target"]["urlTemplate"]
    assert target == "http://testserver/lieux/?q={search_term_string}"


@pytest.mark.parametrize(
    ("url", "make_live", "make_draft", "label"),
    [
        ("/lieux/", factories.place, factories.draft_place, "name"),
        (
            "/financements/",
            factories.programme,
            lambda **kw: factories.programme(status="draft", published_at=None, **kw),
            "name",
        ),
        (
            "/visites/",
            factories.visit,
            lambda **kw: factories.visit(status="draft", published_at=None, **kw),
            "title",
        ),
    ],
)
def test_drafts_never_leak_into_the_meta_or_json_ld_of_lists(
    client, url, make_live, make_draft, label
):
    live = make_live(**{label: "Publié pour tous"})
    make_draft(**{label: "Brouillon confidentiel"})
    # A search the draft would match, were it published.
    response = client.get(url, {"q": "brouillon"})
    everything = client.get(url)
    for page in (response, everything):
        head = read_head(page)
        assert "confidentiel" not in json.dumps(head.json_ld, ensure_ascii=False)
        assert "confidentiel" not in json.dumps(head.meta, ensure_ascii=False)
        assert "confidentiel" not in head.title
    items = json_ld_of_type(everything, "ItemList")["itemListElement"]
    assert items == [
        {
            "@type": "ListItem",
            "position": 1,
            "url": f"http://testserver{live.get_absolute_url()}",
            "name": "Publié pour tous",
        }
    ]


def test_a_draft_place_photo_never_becomes_a_list_or_visit_image(client):
    secret = factories.draft_place(name="Lieu secret")
    factories.place_photo(secret, image=images.upload(images.jpeg(300, 200)), alt_text="Secret")
    visit = factories.visit()
    factories.stop(visit, place=secret)
    for url in ("/lieux/", visit.get_absolute_url()):
        head = read_head(client.get(url))
        assert head.meta["og:image"] == "http://testserver/static/img/partage.png"
        assert "secret" not in json.dumps(head.json_ld).lower()


def test_item_list_positions_continue_on_later_pages(client):
    for number in range(22):
        factories.place(name=f"Lieu {number:02d}")
    data = json_ld_of_type(client.get("/lieux/", {"page": 2}), "ItemList")
    assert data["numberOfItems"] == 22
    assert [item["position"] for item in data["itemListElement"]] == [21, 22]
    assert data["name"] == "Lieux — page 2"


def test_item_list_name_is_the_page_title_as_plain_text(client):
    factories.place(name="L'atelier & co")
    response = client.get("/lieux/", {"q": "l'atelier & co"})
    data = json_ld_of_type(response, "ItemList")
    assert data["name"] == "Lieux — recherche « l'atelier & co »"
    assert read_head(response).title.startswith(data["name"])
