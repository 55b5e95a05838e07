"""``manage.py create_api_client --organisation NAME --name NAME [--days 365] [--role registrant]``:
print a token."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zvh.accounts.roles import RoleCode
from zvh.api.services import api_client_create
from zvh.api.validation import API_CLIENT_ROLES
from zvh.network.models import Organisation


class Command(BaseCommand):
    help = "Create an API client for an organisation and print its token (shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="The organisation's exact name.")
        parser.add_argument("--name", required=True, help="A name for the client system.")
        parser.add_argument("--days", type=int, default=365, help="Valid for this many days.")
        parser.add_argument(
            "--role",
            choices=[str(role) for role in API_CLIENT_ROLES],
            default=str(RoleCode.REGISTRANT),
            help="registrant (default), or screener for a Veiligheidshuis's own staff (meldpunt).",
        )

    def handle(
        self, *args: Any, organisation: str, name: str, days: int, role: str, **options: Any
    ) -> None:
        try:
            org = Organisation.objects.get(name=organisation)
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation is named {organisation!r}.") from None
        try:
            client, token = api_client_create(
                organisation=org, name=name, valid_days=days, now=timezone.now(), role=role
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(
            f"Created API client {client.name!r} ({role}) for {org.name} (prefix "
            f"{client.prefix}), valid until {client.expires_at:%Y-%m-%d}. The token below is "
            "shown only once:"
        )
        self.stdout.write(token)
