"""French prepositions for places in titles: « en Normandie », « dans le Calvados », « au Havre ».

The official geography gives names without their article, so the few territories that take
« dans le », « dans la », « dans les », « dans l' » or « à » are listed; « en » is the rule.
"""

REGION_PREPOSITIONS = {
    "04": "à",  # La Réunion
    "06": "à",  # Mayotte
    "32": "dans les",  # Hauts-de-France
    "44": "dans le",  # Grand Est
    "52": "dans les",  # Pays de la Loire
}

_DEPARTMENTS_BY_PREPOSITION = {
    "dans le": "14 15 18 25 29 30 32 39 45 46 56 59 62 63 67 68 69 81 83 84 90 94 95",
    "dans la": "23 26 42 50 51 55 58 72 80 86",
    "dans les": "04 05 06 08 13 22 40 64 65 66 78 79 88 92",
    "dans l'": "01 02 03 10 11 12 27 34 36 60 61 89",
    "à": "75 974 976",
}
DEPARTMENT_PREPOSITIONS = {
    code: preposition
    for preposition, codes in _DEPARTMENTS_BY_PREPOSITION.items()
    for code in codes.split()
}


def _with(preposition, name):
    return f"{preposition}{name}" if preposition.endswith("'") else f"{preposition} {name}"


def in_region(region):
    """`en Normandie`, `dans les Hauts-de-France`, `à La Réunion`."""
    return _with(REGION_PREPOSITIONS.get(region.code, "en"), region.name)


def in_department(department):
    """`dans le Calvados`, `dans l'Orne`, `en Seine-Maritime`, `à Paris`."""
    return _with(DEPARTMENT_PREPOSITIONS.get(department.code, "en"), department.name)


def at_commune(name):
    """`à Caen`, `au Havre`, `aux Sables-d'Olonne`, `à La Rochelle`."""
    if name.startswith("Le "):
        return f"au {name[3:]}"
    if name.startswith("Les "):
        return f"aux {name[4:]}"
    return f"à {name}"
