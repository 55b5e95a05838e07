"""Instructions per request of the bench's read pages, counted by callgrind (issue 15).

Run under valgrind against a bench database (``make bench-data``), from the repository root::

    DJANGO_SETTINGS_MODULE=zvh.bench.settings DATABASE_URL=postgres://.../zvh_bench \\
      valgrind --tool=callgrind --callgrind-out-file=/tmp/cg/cg.%p \\
      .venv/bin/python scripts/count_instructions.py 2

Each page is requested three times unmeasured, then the counters are zeroed
(``callgrind_control -z``), the page is requested N times and the counts are dumped under the
page's name (``callgrind_control -d NAME``); ``grep summary /tmp/cg/cg.*.[0-9]`` gives the totals.
Instruction counts do not depend on the machine's load (docs/performance.md).
"""

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zvh.bench.settings")

import django

django.setup()

from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from zvh.accounts.models import User  # noqa: E402
from zvh.bench.driver.inputs import scenario_inputs  # noqa: E402


def main(n: int) -> None:
    inputs = scenario_inputs(now=timezone.now())
    client = Client(HTTP_HOST="127.0.0.1")
    user = User.objects.get(username="bench-screener-01")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    pages = {
        "baseline": lambda i: "/bench/baseline/",
        "queue_first": lambda i: "/meldpunt/",
        "queue_later": lambda i: f"/meldpunt/?page={inputs['queue_later_page']}",
        "detail": lambda i: f"/meldpunt/{inputs['detail_ids'][i % 10]}/",
        "search": lambda i: f"/meldpunt/?q={inputs['search_terms'][i % 12]}",
    }
    pid = str(os.getpid())

    def control(*args: str) -> None:
        subprocess.run(["callgrind_control", *args, pid], capture_output=True, check=True)  # noqa: S603, S607

    for name, url in pages.items():
        for i in range(3):
            assert client.get(url(i)).status_code == 200, name
        control("-z")
        for i in range(n):
            client.get(url(i))
        control("-d", name)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
