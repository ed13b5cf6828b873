"""Titles, descriptions, canonical addresses and link previews of every public page."""

import datetime

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from content.seo import meta_text
from places.models import Department, PlaceKind, Region
from tests import factories, images
from tests.page_head import read_head
from tierslieux.seo.french import at_commune, in_department, in_region

pytestmark = pytest.mark.django_db
SUFFIX = " — Tiers-lieux en France"


def title_of(response):
    return read_head(response).title.removesuffix(SUFFIX)


def description_of(response):
    return read_head(response).meta["description"]


# Titles and descriptions, page by page


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/", "Lieux, financements publics et visites officielles"),
        ("/lieux/", "Lieux"),
        ("/financements/", "Financements"),
        ("/chiffres/", "Chiffres"),
        ("/visites/", "Visites officielles"),
        ("/accessibilite/", "Déclaration d'accessibilité"),
        ("/mentions-legales/", "Mentions légales"),
        ("/contact/", "Contact"),
    ],
)
def test_every_page_has_its_own_title_and_a_description(client, url, title):
    response = client.get(url)
    head = read_head(response)
    assert head.title == title + SUFFIX
    assert len(head.meta["description"]) > 40
    assert head.meta["og:title"] == title


def test_place_list_title_says_what_the_filters_show(client):
    normandie = Region.objects.get(code="28")
    fablab = PlaceKind.objects.get(slug="fablab")
    for number in range(21):
        factories.place(
            name=f"Fablab {number:02d}", kinds=[fablab], department=factories.department()
        )
    response = client.get("/lieux/", {"type": "fablab", "region": normandie.code, "page": 2})
    assert title_of(response) == "Fablabs en Normandie — page 2"
    assert description_of(response).startswith("Fablabs en Normandie : 21 lieux recensés")
    assert description_of(response).endswith("Page 2.")


def test_place_list_title_names_the_commune_department_service_and_search(client):
    factories.place(commune_name="Caen", commune_code="14118", postcode="14000")
    assert title_of(client.get("/lieux/", {"commune": "14118"})) == "Lieux à Caen"
    service = factories.service(name="Bureaux partagés")
    response = client.get("/lieux/", {"departement": "14", "service": service.slug, "q": "wip"})
    assert title_of(response) == (
        "Lieux dans le Calvados — service : bureaux partagés — recherche « wip »"
    )
    assert description_of(response).endswith(": aucun lieu recensé pour l'instant.")


def test_a_refused_filter_value_leaves_the_title_plain(client):
    response = client.get("/lieux/", {"departement": "nowhere"})
    assert response.status_code == 400
    assert title_of(response) == "Lieux"


def test_french_prepositions_for_territories():
    department = Department.objects.get
    region = Region.objects.get
    assert in_department(department(code="14")) == "dans le Calvados"
    assert in_department(department(code="61")) == "dans l'Orne"
    assert in_department(department(code="50")) == "dans la Manche"
    assert in_department(department(code="13")) == "dans les Bouches-du-Rhône"
    assert in_department(department(code="76")) == "en Seine-Maritime"
    assert in_department(department(code="75")) == "à Paris"
    assert in_region(region(code="28")) == "en Normandie"
    assert in_region(region(code="32")) == "dans les Hauts-de-France"
    assert in_region(region(code="44")) == "dans le Grand Est"
    assert in_region(region(code="04")) == "à La Réunion"
    assert at_commune("Caen") == "à Caen"
    assert at_commune("Le Havre") == "au Havre"
    assert at_commune("Les Sables-d'Olonne") == "aux Sables-d'Olonne"
    assert at_commune("La Rochelle") == "à La Rochelle"


def test_place_description_is_its_summary(client):
    place = factories.place(summary="Un atelier de 800 m² pour les artisans du bois.")
    assert description_of(client.get(place.get_absolute_url())) == (
        "Un atelier de 800 m² pour les artisans du bois."
    )


def test_place_without_summary_is_described_by_its_kinds_and_commune_never_its_name(client):
    place = factories.place(
        name="L'atelier du coin",
        kinds=PlaceKind.objects.filter(slug__in=["fablab", "coworking"]),
        commune_name="Carpiquet",
        commune_code="14137",
        postcode="14650",
    )
    response = client.get(place.get_absolute_url())
    assert description_of(response) == "Coworking et fablab à Carpiquet (Calvados)"
    assert title_of(response) == "L'atelier du coin — Carpiquet"
    bare = factories.place(name="Sans rien", department=Department.objects.get(code="61"))
    assert description_of(client.get(bare.get_absolute_url())) == "Tiers-lieu dans l'Orne"


def test_programme_pages_describe_what_they_show(client):
    relance = factories.funder(name="France Relance")
    programme = factories.programme(
        name="Enveloppe tiers-lieux",
        summary="",
        total_amount="130000000",
        fundings=[(relance, "75000000")],
    )
    response = client.get(programme.get_absolute_url())
    assert title_of(response) == "Enveloppe tiers-lieux"
    assert description_of(response) == (
        "Programme de financement public des tiers-lieux, annoncé en août 2021 : 130 M€ ; "
        "financeur : France Relance."
    )
    listed = client.get("/financements/", {"annee": "2021", "financeur": relance.slug})
    assert title_of(listed) == "Financements annoncés en 2021 — financeur : France Relance"
    assert "1 programme de financement public" in description_of(listed)


def test_visit_pages_describe_what_they_show(client):
    visit = factories.visit(
        title="Visite à Carpiquet",
        summary="",
        date=datetime.date(2021, 8, 1),
        date_precision="month",
    )
    place = factories.place(name="L'atelier normand", commune_name="Carpiquet")
    factories.stop(visit, place=place)
    response = client.get(visit.get_absolute_url())
    assert description_of(response) == (
        "Visite officielle (août 2021) : L'atelier normand à Carpiquet."
    )
    listed = client.get("/visites/", {"annee": "2021", "departement": "14"})
    assert title_of(listed) == "Visites officielles en 2021 dans le Calvados"


def test_long_descriptions_are_cut_on_a_word():
    text = "mot " * 100
    cut = meta_text(text)
    assert len(cut) <= 200 and cut.endswith("mot…")
    assert meta_text("a &amp; b\n  c") == "a & b c"


# Canonical addresses


def test_canonical_is_absolute_and_drops_tracking_parameters(client):
    place = factories.place()
    head = read_head(client.get(place.get_absolute_url(), {"utm_source": "lettre", "fbclid": "x"}))
    assert head.links["canonical"] == f"http://testserver{place.get_absolute_url()}"
    assert head.meta["og:url"] == head.links["canonical"]


def test_list_canonical_keeps_its_filters_and_page_only(client):
    fablab = PlaceKind.objects.get(slug="fablab")
    for _number in range(21):
        factories.place(kinds=[fablab])
    head = read_head(
        client.get(
            "/lieux/",
            {"utm_campaign": "x", "type": "fablab", "region": "", "page": "2", "gclid": "y"},
        )
    )
    assert head.links["canonical"] == "http://testserver/lieux/?type=fablab&page=2"
    first = read_head(client.get("/lieux/", {"type": "fablab", "page": "1"}))
    assert first.links["canonical"] == "http://testserver/lieux/?type=fablab"


# Link previews (Open Graph, Twitter)


def test_link_preview_tags_without_a_photo_show_the_site_image(client):
    head = read_head(client.get("/financements/"))
    assert head.meta["og:type"] == "website"
    assert head.meta["og:description"] == head.meta["description"]
    assert head.meta["og:image"] == "http://testserver/static/img/partage.png"
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["og:locale"] == "fr_FR"


def test_place_with_a_photo_shares_its_largest_jpeg_rendition(client):
    place = factories.place()
    factories.place_photo(place, order=2)  # no file: skipped
    photo = factories.place_photo(
        place,
        order=3,
        image=images.upload(images.jpeg(1200, 800)),
        alt_text="La façade de l'atelier",
    )
    largest = max(
        (record for record in photo.renditions if record["format"] == "JPEG"),
        key=lambda record: record["width"],
    )
    head = read_head(client.get(place.get_absolute_url()))
    assert head.meta["og:image"] == f"http://testserver/media/{largest['name']}"
    assert head.meta["og:image:alt"] == "La façade de l'atelier"


def test_visit_pages_are_articles(client):
    visit = factories.visit()
    assert read_head(client.get(visit.get_absolute_url())).meta["og:type"] == "article"


# Icons


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("/favicon.ico", "/static/img/favicon.ico"),
        ("/apple-touch-icon.png", "/static/img/apple-touch-icon.png"),
        ("/apple-touch-icon-precomposed.png", "/static/img/apple-touch-icon.png"),
    ],
)
def test_browsers_asking_for_icons_are_sent_to_them(client, url, target):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == target
    assert "max-age=86400" in response["Cache-Control"]


def test_icons_exist_at_their_sizes_and_pages_link_them(client, settings):
    folder = settings.BASE_DIR / "static" / "img"
    with Image.open(folder / "favicon-32.png") as icon:
        assert icon.size == (32, 32)
    with Image.open(folder / "apple-touch-icon.png") as icon:
        assert icon.size == (180, 180) and icon.mode == "RGB"  # iOS shows transparency black
    with Image.open(folder / "favicon.ico") as icon:
        assert (32, 32) in icon.info["sizes"]
    with Image.open(folder / "partage.png") as image:
        assert image.size == (1200, 630)
    assert (folder / "favicon.svg").read_text().startswith("<svg")
    head = read_head(client.get("/"))
    assert head.links["apple-touch-icon"] == "/static/img/apple-touch-icon.png"
    assert finders.find("img/favicon.svg")
