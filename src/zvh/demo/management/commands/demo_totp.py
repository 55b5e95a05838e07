from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from zvh.accounts.second_factor import current_totp


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo account (development only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?", default="aanmelder")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        if not settings.ZVH_DEMO_ALLOWED:
            raise CommandError("Demo codes are not available with these settings.")
        device = TOTPDevice.objects.filter(user__username=username, name="default").first()
        if device is None:
            raise CommandError(f"{username} has no demo TOTP device; run `make run` first.")
        self.stdout.write(current_totp(device))
