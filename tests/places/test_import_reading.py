"""Reading uploaded tables: every refusal is a French sentence that tells staff where to look."""

import csv
import datetime
import io
import re
import time
import zipfile

import openpyxl
import pytest

from places.imports import reading
from places.imports import xlsx as xlsx_reader
from places.imports.reading import ImportFileError, read_table, require_columns, sniff_kind

ENGLISH = re.compile(
    r"\b(error|line|invalid|field|expected|row|column|file|sheet|not|the|unexpected)\b", re.I
)


def refusal(data, file_name="lieux.csv"):
    """What staff read when the file is refused."""
    with pytest.raises(ImportFileError) as caught:
        read_table(data, file_name)
    message = str(caught.value)
    assert not ENGLISH.search(message), message
    return message


def french(number):
    return f"{number:,}".replace(",", "\xa0")


def xlsx(rows, *, title="Lieux"):
    """A workbook whose first sheet holds `rows` ({row number: [values]} or a list from row 1)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    numbered = rows if isinstance(rows, dict) else dict(enumerate(rows, start=1))
    for number, values in numbered.items():
        for column, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezip(data, replace):
    """The same zip with some members replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
    return out.getvalue()


def zip_of(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


# --- Encodings ----------------------------------------------------------------------------------


def test_utf8_with_typographic_apostrophes():
    table = read_table("NOM;VILLE\nL’Atelier d’Été;Saint-Lô\n".encode(), "lieux.csv")

    assert table.header == ["NOM", "VILLE"]
    assert table.rows == [(2, {"NOM": "L’Atelier d’Été", "VILLE": "Saint-Lô"})]
    assert (table.encoding, table.delimiter) == ("utf-8", ";")


def test_utf8_bom_never_reaches_the_first_column_name():
    table = read_table(b"\xef\xbb\xbf NOM ; VILLE \r\nCaf\xc3\xa9;Caen\r\n")

    assert table.header == ["NOM", "VILLE"]
    assert table.rows == [(2, {"NOM": "Café", "VILLE": "Caen"})]
    assert table.encoding == "utf-8-sig"


def test_windows_1252_as_french_excel_saves_it():
    data = "NOM;DESCRIPTION\nL’Œuvre;Café « été » à Bayeux – 2 €\n".encode("cp1252")

    table = read_table(data)

    assert table.encoding == "cp1252"
    assert table.rows[0][1] == {"NOM": "L’Œuvre", "DESCRIPTION": "Café « été » à Bayeux – 2 €"}


def test_windows_1252_with_an_accidental_utf8_pair_is_still_windows_1252():
    # "É»" happens to be a valid UTF-8 sequence; the many lone "é" say what the file really is.
    lines = ["NOM;DESCRIPTION", "Fête d’été;« CAFÉ»"] + ["Été;café à côté"] * 20
    table = read_table("\n".join(lines).encode("cp1252"))

    assert table.encoding == "cp1252"
    assert table.rows[0][1]["DESCRIPTION"] == "« CAFÉ»"


def test_invalid_utf8_after_a_megabyte_is_refused_with_its_line():
    lines = ["NOM;VILLE"] + [f"Café n°{number};Épinal" for number in range(2, 50_000)]
    bad_line = len(lines) + 1
    data = "\n".join(lines).encode() + b"\nLe Caf\xe9 du port;Caen\nFin;Caen\n"

    message = refusal(data)

    assert message.startswith(f"Octet invalide (0xE9) ligne {french(bad_line)}, position 7")
    assert len("\n".join(lines).encode()) > 1024 * 1024
    assert "juste après « Le Caf »" in message
    assert "ni en UTF-8 ni en Windows-1252" in message


def test_bytes_undefined_in_windows_1252_are_refused():
    message = refusal("NOM;VILLE\nCafé;Caen\n".encode("cp1252") + b"Lieu\x81;Vire\n")

    assert message.startswith("Octet invalide (0x81) ligne 3, position 5")


def test_utf16_from_excel_unicode_text_is_read():
    table = read_table("NOM\tVILLE\r\nCafé\tCaen\r\n".encode("utf-16"), "lieux.txt")

    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.rows == [(2, {"NOM": "Café", "VILLE": "Caen"})]


def test_nul_after_the_first_4_kib_is_refused_before_the_database_sees_it():
    lines = ["NOM;VILLE"] + [f"Lieu {number};Caen" for number in range(1, 500)]
    assert len("\n".join(lines)) > 4096
    data = "\n".join(lines).encode() + b"\nLieu\x00;Caen\n"

    message = refusal(data)

    assert "caractère nul (0x00) ligne 501" in message


def test_other_control_characters_are_refused_with_their_line():
    message = refusal(b"NOM;VILLE\nCaf\x07;Caen\n")

    assert message.startswith("Le fichier contient un caractère de contrôle (0x07) ligne 2")


# --- CSV layout ---------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_delimiter_is_sniffed(delimiter):
    data = delimiter.join(["NOM", "ADRESSE", "CP"]) + "\n"
    data += delimiter.join(["Le Lieu", '"3, rue du Port; bât. B"', "14000"]) + "\n"

    table = read_table(data.encode())

    assert table.delimiter == delimiter
    assert table.rows[0][1]["ADRESSE"] == "3, rue du Port; bât. B"


def test_delimiter_is_counted_outside_quotes_and_ties_go_to_semicolon():
    assert read_table(b'"NOM;PRENOM;AGE",VILLE\nA,B\n').delimiter == ","
    assert read_table(b"NOM;VILLE,CP\nA;B\n").delimiter == ";"


def test_a_declared_delimiter_line_is_obeyed_and_skipped():
    table = read_table(b"sep=,\r\nNOM;PRENOM,VILLE;CP\r\nA;B,Caen;14000\r\n")

    assert (table.delimiter, table.header) == (",", ["NOM;PRENOM", "VILLE;CP"])
    assert table.rows == [(3, {"NOM;PRENOM": "A;B", "VILLE;CP": "Caen;14000"})]


def test_quoted_cells_spanning_lines_keep_the_file_line_numbers():
    data = 'NOM;DESCRIPTION\r\nA;simple\r\nB;"première\r\nseconde ; suite"\r\nC;fin\r\n'

    table = read_table(data.encode())

    assert [line for line, _row in table.rows] == [2, 3, 5]
    assert table.rows[1][1]["DESCRIPTION"] == "première\r\nseconde ; suite"


def test_blank_rows_are_skipped_short_rows_padded_extra_empty_cells_ignored():
    table = read_table(b"NOM;VILLE;CP\n\n;;\nA\n  ;\nB;Caen;14000;;\n")

    assert table.rows == [
        (4, {"NOM": "A", "VILLE": "", "CP": ""}),
        (6, {"NOM": "B", "VILLE": "Caen", "CP": "14000"}),
    ]


def test_a_value_beyond_the_last_column_is_refused():
    message = refusal(b"NOM;VILLE\nA;Caen\nB;Bayeux;en trop\n")

    assert message.startswith("Ligne 3 : 3 valeurs pour 2 colonnes ; la valeur « en trop »")


def test_blank_column_names_are_numbered():
    assert read_table(b"NOM;;VILLE\nA;x;Caen\n").header == ["NOM", "colonne 2", "VILLE"]


def test_duplicate_column_names_are_named():
    message = refusal(b"NOM;CP;NOM;VILLE;CP\nA;1;B;C;2\n")

    assert message == "Colonnes en double dans la ligne d'en-tête : NOM, CP. Renommez-les."


def test_a_200_kb_cell_is_refused_with_its_line_and_column():
    limit = csv.field_size_limit()
    for cell in ["x" * 200_000, '"' + "Une longue histoire.\n" * 10_000 + '"']:
        message = refusal(f"NOM;DESCRIPTION\nA;court\nB;{cell}\n".encode())

        assert message.startswith("Ligne 3, colonne 2 (« DESCRIPTION ») : la cellule dépasse")
        assert "10\xa0000 caractères" in message
    assert csv.field_size_limit() == limit


def test_a_cell_longer_than_the_limit_but_within_csv_s_own_is_refused():
    message = refusal(("NOM;DESCRIPTION\nA;" + "é" * 20_000 + "\n").encode())

    assert message.startswith("Ligne 2, colonne 2 (« DESCRIPTION ») : la cellule dépasse")


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b'NOM;VILLE\nA;Caen\nB;"Bayeux\nC;Vire\n', 3),  # never closed
        (b'NOM;VILLE\nA;"Caen"x;\nB;Vire\n', 2),  # text after the closing quote
    ],
)
def test_malformed_quotes_are_refused_with_their_line(data, line):
    message = refusal(data)

    assert message.startswith(f"Ligne {line} : impossible de découper la ligne en colonnes")
    assert "guillemet" in message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "Le fichier est vide."),
        (b"\xef\xbb\xbf\r\n\r\n", "Le fichier est vide."),
        (b";;\n;;\n", "Le fichier est vide."),
        (b"NOM;VILLE\r\n", "Le fichier ne contient que la ligne d'en-tête"),
    ],
)
def test_empty_files_and_header_only(data, expected):
    assert refusal(data).startswith(expected)


def test_a_single_column_of_junk_is_not_taken_for_a_table():
    junk = b"\xa4\xb6\xbe\xd7\xf7\xfe\xa9\xae" * 20

    message = refusal(junk + b"\n" + junk + b"\n")

    assert "n'a pas de ligne d'en-tête lisible" in message
    assert "Formats acceptés" in message


def test_a_single_column_table_is_fine():
    assert read_table(b"NOM\nLe Lieu\n").header == ["NOM"]


def test_too_many_columns():
    header = ";".join(f"C{number}" for number in range(201))

    assert refusal(f"{header}\n{header}\n".encode()).startswith(
        "Le fichier compte 201 colonnes ; la limite est de 200."
    )


def test_too_many_rows():
    data = b"NOM\n" + b"x\n" * (reading.MAX_ROWS + 1)

    assert refusal(data) == "Le fichier compte plus de 50\xa0000 lignes de données : découpez-le."
    assert len(read_table(b"NOM\n" + b"x\n" * reading.MAX_ROWS).rows) == reading.MAX_ROWS


def test_a_file_over_the_size_limit_is_refused():
    message = refusal(b"NOM\n" + b"x" * reading.MAX_FILE_BYTES)

    assert message.startswith("Le fichier pèse 11 Mo ; la limite est de 10 Mo")


def test_20_000_rows_read_in_linear_time():
    row = "Café l’Atelier {n};12 rue de l'Église;14000;Caen;49.18;-0.37;coworking;oui;;\n"
    data = ("NOM;ADRESSE;CP;VILLE;LAT;LON;TYPE;ACTIF;SITE;NOTE\n" + row * 20_000).encode()

    started = time.perf_counter()
    table = read_table(data)
    elapsed = time.perf_counter() - started

    assert len(table.rows) == 20_000
    assert table.rows[-1][0] == 20_001
    # About 0.12 s on an idle machine: the bound catches per-row rescans, not a busy CI machine.
    assert elapsed < 3


# --- What kind of file --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "un classeur Excel 97-2003 (.xls)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "un document PDF, pas un tableau"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40), "une image, pas un tableau"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "une image, pas un tableau"),
        (b"<!DOCTYPE html>\n<html><table><tr><td>NOM", "une page web (HTML)"),
        (bytes(range(256)) * 8, "un fichier binaire, pas un tableau"),
    ],
)
def test_other_formats_named_csv_are_refused_saying_what_is_accepted(data, what):
    message = refusal(data, "lieux.csv")

    assert message.startswith(f"Le fichier « lieux.csv » est {what}")
    assert "Formats acceptés : CSV" in message
    assert "classeur Excel .xlsx" in message


def test_a_password_protected_workbook_is_refused_as_such():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptedPackage".encode("utf-16-le")

    assert "est protégé par un mot de passe" in refusal(data, "lieux.xlsx")


@pytest.mark.parametrize(
    ("members", "what"),
    [
        (
            {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"},
            "un classeur OpenDocument (.ods)",
        ),
        ({"xl/workbook.bin": b"\x00"}, "un classeur Excel binaire (.xlsb)"),
        ({"word/document.xml": "<w/>"}, "une archive ZIP qui ne contient pas de classeur Excel"),
    ],
)
def test_zips_that_are_not_workbooks_are_refused(members, what):
    message = refusal(zip_of(members), "lieux.xlsx")

    assert message.startswith(f"Le fichier « lieux.xlsx » est {what}")
    assert "Formats acceptés" in message


def test_kind_is_judged_by_content_not_name():
    assert sniff_kind(xlsx([["NOM"], ["A"]]), "lieux.csv") == "xlsx"
    assert sniff_kind(b"NOM;VILLE\nA;Caen\n", "lieux.xlsx") == "csv"
    assert read_table(xlsx([["NOM"], ["A"]]), "lieux.csv").encoding == "xlsx"


# --- XLSX ---------------------------------------------------------------------------------------


def test_an_xlsx_date_shown_without_its_day_is_read_as_its_month_or_year():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["NOM", "OUVERTURE", "FERMETURE", "MAJ"])
    sheet.append(["Le Lieu", datetime.date(2019, 8, 1), datetime.date(2021, 1, 1), None])
    sheet.append(["Autre", datetime.date(2019, 8, 12), None, datetime.date(2020, 3, 1)])
    sheet.append(["Tiers", datetime.date(2018, 1, 1), None, None])
    # French Excel's « août-19 », and a long month with a locale code; then a day, twice; then a
    # year alone.
    sheet["B2"].number_format = "mmm-yy"
    sheet["C2"].number_format = "[$-40C]mmmm\\ yyyy;@"
    sheet["B3"].number_format = "dd/mm/yyyy"
    sheet["D3"].number_format = 'd" "mmm yyyy'
    sheet["B4"].number_format = "yyyy"
    buffer = io.BytesIO()
    workbook.save(buffer)

    rows = [row for _line, row in read_table(buffer.getvalue(), "lieux.xlsx").rows]

    assert [(row["OUVERTURE"], row["FERMETURE"], row["MAJ"]) for row in rows] == [
        ("08/2019", "01/2021", ""),
        ("12/08/2019", "", "01/03/2020"),
        ("2018", "", ""),
    ]


def test_xlsx_cells_read_as_a_person_sees_them():
    header = ["NOM", "CP", "LAT", "LON", "OUVERTURE", "ACTIF", "DEPT", "NOTE", "SURFACE"]
    data = xlsx(
        {
            1: header,
            2: ["Le Lieu", 14650, 49.1923892, -0.3707001, datetime.date(2021, 3, 5), True, "#N/A"],
            4: ["Autre", 1400, 0.1 + 0.2, 0.00001, datetime.datetime(2020, 1, 2, 14, 30), False],
            5: ["Tiers", "01400", 12.0, None, None, None, "=1+1", None, 1234567890123],
        }
    )

    table = read_table(data, "lieux.xlsx")

    assert (table.header, table.encoding, table.delimiter, table.sheet) == (
        header,
        "xlsx",
        "",
        "Lieux",
    )
    assert [line for line, _row in table.rows] == [2, 4, 5]
    first, second, third = (row for _line, row in table.rows)
    assert first == {
        "NOM": "Le Lieu",
        "CP": "14650",
        "LAT": "49.1923892",
        "LON": "-0.3707001",
        "OUVERTURE": "05/03/2021",
        "ACTIF": "oui",
        "DEPT": "#N/A",
        "NOTE": "",
        "SURFACE": "",
    }
    assert (second["CP"], second["LAT"], second["LON"]) == ("1400", "0.3", "0.00001")
    assert (second["OUVERTURE"], second["ACTIF"]) == ("02/01/2020 14:30", "non")
    # A formula openpyxl wrote has no cached value: the cell reads as empty.
    assert (third["CP"], third["LAT"], third["DEPT"], third["SURFACE"]) == (
        "01400",
        "12",
        "",
        "1234567890123",
    )


def test_xlsx_first_visible_sheet_is_read():
    workbook = openpyxl.Workbook()
    hidden = workbook.active
    hidden.title = "Notes"
    hidden.append(["Ne pas importer"])
    visible = workbook.create_sheet("Lieux 2024")
    visible.append(["NOM", "VILLE"])
    visible.append(["A", "Caen"])
    workbook.active = 1
    hidden.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)

    table = read_table(buffer.getvalue(), "lieux.xlsx")

    assert table.sheet == "Lieux 2024"
    assert table.rows == [(2, {"NOM": "A", "VILLE": "Caen"})]


def test_xlsx_header_below_blank_rows_and_unnamed_columns():
    table = read_table(xlsx({3: ["NOM", None, " VILLE "], 4: ["A", "x", "Caen", None, "note"]}))

    assert table.header == ["NOM", "colonne 2", "VILLE", "colonne 4", "colonne 5"]
    assert table.rows == [
        (4, {"NOM": "A", "colonne 2": "x", "VILLE": "Caen", "colonne 4": "", "colonne 5": "note"})
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [["NOM", "CP", "NOM"], ["A", 1, "B"]],
            "Colonnes en double dans la ligne d'en-tête : NOM.",
        ),
        ([["NOM", "VILLE"]], "Le fichier ne contient que la ligne d'en-tête"),
        ([], "La feuille « Lieux » du classeur est vide."),
        (
            [["NOM", "DESCRIPTION"], ["A", "b"], ["C", "d" * 20_000]],
            "Ligne 3, colonne 2 (« DESCRIPTION ») : la cellule dépasse 10\xa0000 caractères",
        ),
        ([[f"C{number}" for number in range(201)]], "Le fichier compte 201 colonnes"),
    ],
)
def test_xlsx_refusals(rows, expected):
    assert refusal(xlsx(rows), "lieux.xlsx").startswith(expected)


def test_truncated_xlsx_is_refused():
    data = xlsx([["NOM"], ["A"]])

    message = refusal(data[: len(data) // 2], "lieux.xlsx")

    assert message.startswith("Le fichier « lieux.xlsx » est une archive ZIP")
    assert "endommagée ou incomplète" in message


def test_xlsx_with_a_broken_sheet_is_refused():
    data = rezip(
        xlsx([["NOM"], ["A"]]), {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"}
    )

    assert refusal(data, "lieux.xlsx").startswith("Ce classeur Excel n'a pas pu être lu")


def test_xlsx_with_a_broken_workbook_part_is_refused():
    data = rezip(xlsx([["NOM"], ["A"]]), {"xl/workbook.xml": b"pas du XML"})

    assert refusal(data, "lieux.xlsx").startswith("Ce classeur Excel n'a pas pu être lu")


def test_zip_bomb_is_refused_before_anything_is_inflated():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = bytes(1024 * 1024)
            for _ in range(xlsx_reader.MAX_XLSX_UNCOMPRESSED // len(chunk) + 1):
                member.write(chunk)
    assert len(out.getvalue()) < reading.MAX_FILE_BYTES

    message = refusal(out.getvalue(), "lieux.xlsx")

    assert message.startswith("Ce classeur occuperait plus de 100 Mo une fois décompressé")


def test_zip_with_encrypted_members_is_refused_as_password_protected():
    data = bytearray(zip_of({"xl/workbook.xml": "<workbook/>"}))
    # zipfile won't write an encrypted member: raise the flag in both headers by hand.
    data[6] |= 0x1
    data[data.index(b"PK\x01\x02") + 8] |= 0x1

    assert "protégé par un mot de passe" in refusal(bytes(data), "lieux.xlsx")


# --- Columns ------------------------------------------------------------------------------------


def test_require_columns_lists_what_is_missing():
    require_columns(["NOM", "ADRESSE"], ["NOM"], "le recensement")

    with pytest.raises(ImportFileError) as caught:
        require_columns(["NOM"], ["NOM", "ADRESSE", "CP"], "le recensement")

    assert str(caught.value) == "Colonnes absentes pour le recensement : ADRESSE, CP."
