"""The custom import contract finds private names imported across apps, and only those."""

from zvh.common.import_contracts import private_imports


def test_a_private_name_of_another_app_is_found_in_every_import_form():
    source = (
        "from zvh.triage.services import (\n    public,\n    _private,\n)\n"
        "from ..triage.workflow import _table\n"
        "from zvh.triage import _module_private as alias\n"
    )
    found = list(private_imports("zvh.registrations.services", source))
    assert found == [
        (1, "zvh.triage.services._private"),
        (5, "zvh.triage.workflow._table"),
        (6, "zvh.triage._module_private"),
    ]


def test_own_app_private_names_dunders_and_public_names_are_allowed():
    source = (
        "from .models import _helper\n"
        "from zvh.registrations.status import _ORDER\n"
        "from zvh.triage.services import __all__, public\n"
        "from django.db.models import _private_elsewhere\n"
    )
    assert list(private_imports("zvh.registrations.services", source)) == []


def test_relative_imports_from_a_package_init_resolve_from_the_package():
    source = "from ..status import _order\nfrom ...triage import _t\n"
    found = list(private_imports("zvh.registrations.services.__init__", source))
    assert found == [(2, "zvh.triage._t")]
