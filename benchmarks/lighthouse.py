"""Lighthouse scores of the main public pages, on a phone, against a running site.

Not part of `make test` (a run takes about a minute): start the site with `make run`, then

    npm install --prefix /tmp/lighthouse lighthouse@12.8.2    # once; Node 18.16 or later
    .venv/bin/python benchmarks/lighthouse.py

It runs Lighthouse with Debian's Chromium (CHROME_PATH, /usr/bin/chromium by default; headless,
mobile form factor, Lighthouse's simulated slow 4G and CPU) on /, /lieux/, /carte/, a place, a
programme and a visit of the demo, and prints the four category scores (the median of --runs
runs) with the largest contentful paint and the total blocking time. The browser reaches no
host but the site's: every other name fails to resolve, so map tiles do not load, as in the
browser tests, unless --tiles-port serves stand-in tiles (plain 256 px PNGs) on the loopback,
for a site started with DJANGO_MAP_TILES_URL=http://127.0.0.1:PORT/{z}/{x}/{y}.png: the map
then loads as it would with a real tile server.
"""

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import urlopen

VERSION = "12.8.2"
PAGES = [
    ("Accueil", "/"),
    ("Lieux", "/lieux/"),
    ("Carte", "/carte/"),
    ("Un lieu", "/lieux/l-atelier-normand/"),
    ("Un programme", "/financements/enveloppe-130-millions-tiers-lieux-2021/"),
    ("Une visite", "/visites/premier-ministre-tiers-lieux-caen-2021-08/"),
]
CATEGORIES = [
    ("performance", "Performance"),
    ("accessibility", "Accessibilité"),
    ("best-practices", "Bonnes pratiques"),
    ("seo", "SEO"),
]
# Where `npm install --prefix` put it, out of the repository; or $LIGHTHOUSE, or --lighthouse.
INSTALL_FOLDER = Path(tempfile.gettempdir()) / "lighthouse"


def find_lighthouse(explicit):
    candidates = [explicit, os.environ.get("LIGHTHOUSE")]
    candidates.append(INSTALL_FOLDER / "node_modules" / ".bin" / "lighthouse")
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return str(candidate)
    found = shutil.which("lighthouse")
    if found:
        return found
    sys.exit(
        f"Lighthouse introuvable. Installez-le (non versionné) :\n"
        f"  npm install --prefix /tmp/lighthouse lighthouse@{VERSION}\n"
        f"ou donnez son chemin : --lighthouse CHEMIN."
    )


def chrome_flags(base_url):
    host = urlsplit(base_url).hostname
    # Only the site resolves: no tile server, font service or anything else is ever contacted.
    rules = f"MAP * ~NOTFOUND, EXCLUDE {host}, EXCLUDE localhost, EXCLUDE 127.0.0.1"
    return " ".join(
        [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            f'--host-resolver-rules="{rules}"',
        ]
    )


def audit(lighthouse, chrome, url, output):
    command = [
        lighthouse,
        url,
        "--quiet",
        "--form-factor=mobile",
        "--only-categories=" + ",".join(key for key, _label in CATEGORIES),
        "--output=json",
        f"--output-path={output}",
        f"--chrome-flags={chrome_flags(url)}",
    ]
    environment = {**os.environ, "CHROME_PATH": chrome}
    subprocess.run(command, check=True, env=environment, stdout=subprocess.DEVNULL)  # noqa: S603
    report = json.loads(Path(output).read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"{url} : {report['runtimeError'].get('message')}")
    scores = {
        key: round(100 * report["categories"][key]["score"])
        if report["categories"][key]["score"] is not None
        else None
        for key, _label in CATEGORIES
    }
    scores["lcp"] = report["audits"]["largest-contentful-paint"]["numericValue"] / 1000
    scores["tbt"] = report["audits"]["total-blocking-time"]["numericValue"]
    return scores


def serve_tiles(port):
    """Answer every path with the same plain tile, as a tile server would (cached a day)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (242, 239, 233)).save(buffer, "PNG")
    tile = buffer.getvalue()

    class TileHandler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(tile)))
            self.send_header("Cache-Control", "public, max-age=86400")
            self.end_headers()
            self.wfile.write(tile)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), TileHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="le site de make run")
    parser.add_argument("--runs", type=int, default=1, help="passages par page (médiane)")
    parser.add_argument("--lighthouse", help=f"le binaire lighthouse (npm lighthouse@{VERSION})")
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    parser.add_argument("--page", action="append", help="un chemin à la place des pages prévues")
    parser.add_argument(
        "--tiles-port", type=int, help="sert des tuiles de substitution sur 127.0.0.1:PORT"
    )
    args = parser.parse_args()
    if args.tiles_port:
        serve_tiles(args.tiles_port)

    lighthouse = find_lighthouse(args.lighthouse)
    base_url = args.base_url.rstrip("/")
    try:
        urlopen(base_url + "/", timeout=10).close()  # noqa: S310 (the site given on the command line)
    except (URLError, OSError) as error:
        sys.exit(f"{base_url} ne répond pas ({error}) : lancez d'abord `make run`.")
    pages = [(path, path) for path in args.page] if args.page else PAGES

    header = ["Page", *(label for _key, label in CATEGORIES), "LCP (s)", "TBT (ms)"]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for label, path in pages:
            try:
                runs = [
                    audit(lighthouse, args.chrome, base_url + path, f"{folder}/report.json")
                    for _run in range(args.runs)
                ]
            except (subprocess.CalledProcessError, RuntimeError, KeyError) as error:
                print(f"{label} : échec ({error})", file=sys.stderr)
                rows.append([f"{label} ({path})", *["échec"] * (len(header) - 1)])
                continue
            scores = {key: median([run[key] for run in runs]) for key in runs[0]}
            rows.append(
                [
                    f"{label} ({path})",
                    *(
                        "—" if scores[key] is None else f"{scores[key]:.0f}"
                        for key, _label in CATEGORIES
                    ),
                    f"{scores['lcp']:.1f}",
                    f"{scores['tbt']:.0f}",
                ]
            )
            print(f"{label} : fait", file=sys.stderr)

    tiles = f", tuiles sur le port {args.tiles_port}" if args.tiles_port else ", sans tuiles"
    print(f"Lighthouse {VERSION}, mobile, {args.runs} passage(s) par page, {base_url}{tiles}")
    print("| " + " | ".join(header) + " |")
    print("|---" + "|---:" * (len(header) - 1) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
