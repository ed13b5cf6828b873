"""What the browser tests do on a page: open it, run axe-core, measure horizontal overflow."""

from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, resolve

# WCAG 2.1, levels A and AA: what the RGAA, France's public accessibility standard, builds on.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = Axe()

# Every type of public page, as (name, path, status); the content comes from the `site` fixture.
PUBLIC_PAGES = [
    ("accueil", "/", 200),
    ("lieux", "/lieux/", 200),
    ("lieux-filtres", "/lieux/?q=tiers-lieu&departement=14&tri=nom", 200),
    ("lieux-filtre-invalide", "/lieux/?commune=nulle-part", 400),
    ("lieu", "/lieux/la-fabrique-des-communs/", 200),
    ("lieu-demo", "/lieux/l-atelier-normand/", 200),
    ("financements", "/financements/", 200),
    ("programme", "/financements/enveloppe-130-millions-tiers-lieux-2021/", 200),
    ("chiffres", "/chiffres/", 200),
    ("visites", "/visites/", 200),
    ("visite", "/visites/premier-ministre-tiers-lieux-caen-2021-08/", 200),
    ("404", "/lieux/ce-lieu-n-existe-pas/", 404),
]


def resolves(path):
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


# Pages being built as these tests are written: checked from the day their URL exists.
PUBLIC_PAGES += [
    (name, path, 200)
    for name, path in [
        ("carte", "/carte/"),
        ("accessibilite", "/accessibilite/"),
        ("mentions-legales", "/mentions-legales/"),
        ("contact", "/contact/"),
        ("donnees", "/donnees/"),
    ]
    if resolves(path)
]


def open_page(page, path, broken_assets, status=200):
    """Open a path of the live server, check its status and that its CSS and JS loaded."""
    response = page.goto(path, wait_until="load")
    assert response is not None and response.status == status, (
        f"{path} : statut {response and response.status}, attendu {status}"
    )
    assert not broken_assets, f"{path} : fichiers statiques non chargés : {broken_assets}"
    settle(page)
    return response


def settle(page):
    """Wait for what a visitor would see once the page is still: a map of places fully drawn
    (map.js marks it), then no transition running (clusters fade in)."""
    if page.locator('[data-map="places"]').count():
        page.locator('[data-map="places"][data-map-state="drawn"]').wait_for(state="attached")
    wait_for_transitions(page)


def wait_for_transitions(page):
    """Until no CSS transition or animation runs: colours read halfway through one (a button
    fading to its pressed colour) are neither the old nor the new."""
    page.wait_for_function(
        "() => document.getAnimations().every((animation) => animation.playState !== 'running')"
    )


def axe_violations(page):
    results = AXE.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    return results.response["violations"]


def describe_violations(url, violations):
    """Each violation with its rule id, impact, help text and link, and the elements at fault."""
    lines = [f"{len(violations)} violation(s) axe-core (WCAG 2.1 A/AA) sur {url} :"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or '?'}) : {violation['help']}"
            f" — {violation['helpUrl']}"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            html = " ".join(node.get("html", "").split())[:160]
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {target}\n      {html}\n      {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … et {len(violation['nodes']) - 10} autres éléments")
    return "\n".join(lines)


def assert_no_axe_violations(page):
    """No violation; a failure lists each rule broken, where, and how to fix it. Measured once
    the page is still, as after a click."""
    wait_for_transitions(page)
    violations = axe_violations(page)
    assert not violations, describe_violations(page.url, violations)


OVERFLOW_SCRIPT = """() => {
  const width = window.innerWidth;
  const wide = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) {
      const parent = element.parentElement;
      const parentBox = parent ? parent.getBoundingClientRect() : null;
      // Report the outermost element that sticks out, not each of its children.
      if (parentBox && parentBox.right > width + 1) continue;
      const name = element.tagName.toLowerCase()
        + (element.id ? '#' + element.id : '')
        + (element.classList.length ? '.' + [...element.classList].join('.') : '');
      wide.push(`${name} (${Math.round(box.left)}→${Math.round(box.right)} px)`);
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    wide: wide.slice(0, 10),
  };
}"""


def horizontal_overflow(page):
    """None when the page fits the window's width, else what sticks out."""
    measure = page.evaluate(OVERFLOW_SCRIPT)
    if measure["scrollWidth"] <= measure["innerWidth"]:
        return None
    return (
        f"{page.url} : largeur du document {measure['scrollWidth']} px pour une fenêtre de "
        f"{measure['innerWidth']} px ; dépassent : {', '.join(measure['wide']) or '?'}"
    )
