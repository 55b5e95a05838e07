"""Synthetic test data: generated Dutch names and elfproef-valid generated BSNs only."""

import random

import factory
from factory.django import DjangoModelFactory

from zvh.common.bsn import generate_bsn
from zvh.registrations.models import Channel, Person, Registration, Relation
from zvh.registrations.status import Status

_rng = random.Random(20261123)


class RegistrationFactory(DjangoModelFactory):
    """Pass ``registrant`` (a user with an organisation) and ``veiligheidshuis``."""

    class Meta:
        model = Registration

    status = Status.DRAFT
    channel = Channel.WEB_FORM
    registrant_organisation = factory.SelfAttribute("registrant.organisation")
    reason = factory.Faker("sentence", locale="nl_NL")
    situation = factory.Faker("paragraph", locale="nl_NL")
    contact_name = factory.LazyAttribute(lambda o: o.registrant.get_full_name())
    contact_email = factory.LazyAttribute(lambda o: o.registrant.email)
    client_informed = True
    client_informed_how = "Telefonisch"


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    relation = Relation.MAIN
    given_names = factory.Faker("first_name", locale="nl_NL")
    surname = factory.Faker("last_name", locale="nl_NL")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=12, maximum_age=80)
    bsn = factory.LazyFunction(lambda: generate_bsn(_rng))
    street = factory.Faker("street_address", locale="nl_NL")
    postal_code = factory.Faker("postcode", locale="nl_NL")
