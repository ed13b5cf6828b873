#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tierslieux.settings")
    from django.core.management import execute_from_command_line

    from history.context import how

    # History entries written by a command say which one ("commande « load_demo »").
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    with how(f"commande « {command} »"):
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
