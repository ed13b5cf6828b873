from places.models.imports import Dataset, PlaceImport, Provenance
from places.models.lifecycle import Label, Lifecycle, PlaceLabel
from places.models.place import Place, PlaceKind, PlacePhoto, PlaceRedirect, Service
from places.models.tally import DepartmentTally
from places.models.territories import Commune, Department, Region

__all__ = [
    "Commune",
    "Dataset",
    "Department",
    "DepartmentTally",
    "Label",
    "Lifecycle",
    "Place",
    "PlaceImport",
    "PlaceKind",
    "PlaceLabel",
    "PlacePhoto",
    "PlaceRedirect",
    "Provenance",
    "Region",
    "Service",
]
