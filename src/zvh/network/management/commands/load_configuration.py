from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zvh.network.elsewhere import municipalities_elsewhere_load
from zvh.network.services import configuration_load_file, configurations_load_shipped


class Command(BaseCommand):
    help = (
        "Create or update Veiligheidshuis configurations from JSON documents "
        "(without arguments: the configurations shipped with zvh)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path)

    def handle(self, *args: Any, paths: list[Path], **options: Any) -> None:
        try:
            houses = (
                [configuration_load_file(path=path) for path in paths]
                if paths
                else configurations_load_shipped()
            )
        except (ValidationError, OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        for vh in houses:
            self.stdout.write(f"{vh.code}: {vh.name}")
        if not paths:  # and every other Dutch municipality, unserved (a stop page)
            municipalities_elsewhere_load()
