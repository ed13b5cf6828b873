"""One archive (tar.gz) holding the database, the uploaded media and a manifest.

SQLite is copied through its online backup API (a consistent copy while the site runs),
PostgreSQL through `pg_dump -Fc`. Media on the local disk go in the archive; media on S3 are the
bucket's to keep (versioning, replication). A restore checks the whole archive, extracts it
into a temporary folder, then replaces the database in one step (SQLite: the backup API copies
the checked copy into the live database in one write transaction; PostgreSQL: `pg_restore
--single-transaction`), then swaps the media folder: it never leaves half an archive behind.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MEDIA_DIR = "media"
ENGINES = {"django.db.backends.sqlite3": "sqlite", "django.db.backends.postgresql": "postgresql"}


def engine():
    vendor = ENGINES.get(connection.settings_dict["ENGINE"])
    if vendor is None:
        raise CommandError(
            f"Moteur de base de données non pris en charge : {connection.settings_dict['ENGINE']}."
        )
    return vendor


def local_media_root():
    """The media folder when uploads are on the local disk, None when they are elsewhere."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(settings.MEDIA_ROOT)
    return None


def applied_migrations():
    rows = MigrationRecorder(connection).migration_qs.order_by("app", "name")
    state = {}
    for app, name in rows.values_list("app", "name"):
        state.setdefault(app, []).append(name)
    return state


def row_counts():
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


# --- PostgreSQL ---------------------------------------------------------------------------------


def postgres_tool(name):
    """pg_dump or pg_restore of the server's major version: a newer server refuses an older
    pg_dump. DJANGO_PG_BIN_DIR names their folder; otherwise Debian's for that version, or PATH."""
    folders = []
    if os.environ.get("DJANGO_PG_BIN_DIR"):
        folders.append(Path(os.environ["DJANGO_PG_BIN_DIR"]))
    connection.ensure_connection()
    major = connection.pg_version // 10000
    folders.append(Path(f"/usr/lib/postgresql/{major}/bin"))
    for folder in folders:
        if (folder / name).is_file():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise CommandError(f"{name} introuvable : installez les outils clients de PostgreSQL.")
    return found


def postgres_arguments():
    params = connection.settings_dict
    arguments, environment = [], {**os.environ}
    for flag, key in [("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")]:
        if params.get(key):
            arguments += [flag, str(params[key])]
    if params.get("PASSWORD"):
        environment["PGPASSWORD"] = params["PASSWORD"]
    return arguments, environment


def run(command, environment):
    result = subprocess.run(  # noqa: S603 - the PostgreSQL tools, arguments from the settings
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise CommandError(f"{Path(command[0]).name} a échoué : {result.stderr.strip()}")


def dump_postgres(target):
    arguments, environment = postgres_arguments()
    run(
        [
            postgres_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={target}",
            *arguments,
            connection.settings_dict["NAME"],
        ],
        environment,
    )


def restore_postgres(source):
    arguments, environment = postgres_arguments()
    connection.close()
    run(
        [
            postgres_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            f"--dbname={connection.settings_dict['NAME']}",
            *arguments,
            str(source),
        ],
        environment,
    )


# --- SQLite -------------------------------------------------------------------------------------


def dump_sqlite(target):
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


def check_sqlite(path):
    try:
        copy = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = copy.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            copy.close()
    except sqlite3.DatabaseError as exc:
        raise CommandError(f"La base de l'archive est illisible : {exc}.") from exc
    if result != "ok":
        raise CommandError(f"La base de l'archive est abîmée : {result}.")


def restore_sqlite(source):
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise CommandError("Restauration impossible à l'intérieur d'une transaction.")
    copy = sqlite3.connect(source)
    try:
        # One step: the whole copy is written in a single transaction of the live database.
        copy.backup(connection.connection, pages=-1)
    finally:
        copy.close()


# --- Archives -----------------------------------------------------------------------------------


def create(target_dir, now=None):
    """Write the archive into target_dir and return its path."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    vendor = engine()
    target_dir = Path(target_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    media_root = local_media_root()
    with tempfile.TemporaryDirectory(dir=target_dir, prefix=".sauvegarde-") as work:
        work = Path(work)
        database_file = work / (SQLITE_FILE if vendor == "sqlite" else POSTGRES_FILE)
        if vendor == "sqlite":
            dump_sqlite(database_file)
        else:
            dump_postgres(database_file)
        media_files = (
            sorted(path for path in media_root.rglob("*") if path.is_file())
            if media_root is not None and media_root.is_dir()
            else []
        )
        manifest = {
            "format": FORMAT,
            "date": now.isoformat(),
            "engine": vendor,
            "django": django.get_version(),
            "migrations": applied_migrations(),
            "rows": row_counts(),
            "media": {
                "storage": "local" if media_root is not None else "distant",
                "files": len(media_files),
                "bytes": sum(path.stat().st_size for path in media_files),
            },
        }
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        partial = work / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            archive.add(database_file, arcname=database_file.name)
            for path in media_files:
                archive.add(path, arcname=f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}")
        target = target_dir / f"tierslieux-{now:%Y%m%d-%H%M%S}-{vendor}.tar.gz"
        os.replace(partial, target)  # the archive appears whole or not at all
    return target


def safe_members(archive):
    """Regular files and folders with relative names inside the archive, nothing else."""
    members = archive.getmembers()
    for member in members:
        name = PurePosixPath(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise CommandError(f"Archive refusée : élément inattendu « {member.name} ».")
    return members


def read_manifest(archive_path):
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            safe_members(archive)
            manifest = json.load(archive.extractfile(MANIFEST))
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise CommandError(f"Archive illisible ou incomplète : {archive_path} ({exc}).") from exc
    if manifest.get("format") != FORMAT:
        raise CommandError(f"Format d'archive inconnu : {manifest.get('format')!r}.")
    return manifest


def check_compatible(manifest):
    vendor = engine()
    if manifest["engine"] != vendor:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise CommandError(
            f"Cette archive vient d'une base {names.get(manifest['engine'], manifest['engine'])}, "
            f"la base configurée est {names[vendor]} : restauration refusée."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        raise CommandError(
            "L'archive vient d'une version plus récente du code (migrations inconnues : "
            f"{', '.join(unknown[:5])}) : mettez le code à jour avant de la restaurer."
        )


def restore(archive_path):
    """Replace the database and the local media by the archive's; return its manifest."""
    manifest = read_manifest(archive_path)
    check_compatible(manifest)
    vendor = manifest["engine"]
    media_root = local_media_root()
    if manifest["media"]["files"] and media_root is None:
        raise CommandError(
            "L'archive contient des médias mais ils sont stockés ailleurs (S3) : restauration "
            "refusée ; restaurez la base avec DJANGO_MEDIA_STORAGE=local."
        )
    parent = media_root.parent if media_root is not None else Path(archive_path).parent
    parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=parent, prefix=".restauration-") as work:
        work = Path(work)
        with tarfile.open(archive_path, "r:gz") as archive:
            members = safe_members(archive)
            for member in members:
                target = work / member.name
                if member.isdir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(member) as source, target.open("wb") as copy:
                    shutil.copyfileobj(source, copy)
        media = work / MEDIA_DIR
        extracted = (
            sorted(path for path in media.rglob("*") if path.is_file()) if media.is_dir() else []
        )
        if len(extracted) != manifest["media"]["files"]:
            raise CommandError("Archive incomplète : il manque des médias annoncés.")
        if vendor == "sqlite":
            check_sqlite(work / SQLITE_FILE)
            restore_sqlite(work / SQLITE_FILE)
        else:
            if not (work / POSTGRES_FILE).is_file():
                raise CommandError("Archive incomplète : la base est absente.")
            restore_postgres(work / POSTGRES_FILE)
        if media_root is not None:
            swap_media(media, media_root, work)
    return manifest


def swap_media(extracted, media_root, work):
    """The archive's media folder takes the place of the current one, by two renames."""
    extracted.mkdir(exist_ok=True)
    old = work / "medias-remplaces"
    if media_root.exists():
        os.replace(media_root, old)
    os.replace(extracted, media_root)
