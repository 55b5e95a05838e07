"""The draft page: its forms, what of them is valid so far, and its errors.

Saving keeps whatever is valid so far and shows the rest again as typed, with its errors. After a
save the page is bound again to the same input, now carrying the ids of the persons and partners
that were just created, so saving twice never creates them twice.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, Form
from django.forms.formsets import DELETION_FIELD_NAME
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from zvh.common.error_summary import SummaryItem, field_href
from zvh.common.service_errors import add_to_form
from zvh.network.models import Municipality, TargetGroup, Veiligheidshuis
from zvh.network.selectors import target_groups_for_municipality

from .forms import PartnerFormSet, PersonFormSet, RegistrationForm
from .models import Registration
from .services import (
    CASE_FIELDS,
    CONTACT_FIELDS,
    DRAFT_FIELDS,
    PartnerInput,
    PersonInput,
    draft_veiligheidshuis,
)

PERSONS_PREFIX = "persons"
PARTNERS_PREFIX = "partners"


#: The registration fields in the order of the one-page form: those shown before the involved
#: partners, and those after them (attachments, contact details).
FIELDS_BEFORE_PARTNERS = CASE_FIELDS
FIELDS_AFTER_PARTNERS = ("attachment", *CONTACT_FIELDS)


@dataclass(frozen=True, slots=True, kw_only=True)
class Parts:
    """Which parts of the draft form a page shows: the registration fields (in page order;
    None: all of them, as on the one-page form), the persons, the involved partners. What a page
    does not show is left as stored when it is saved."""

    fields: tuple[str, ...] | None = None
    persons: bool = True
    partners: bool = True


WHOLE_FORM = Parts()


def _person_initial(registration: Registration) -> list[dict[str, Any]]:
    return [
        {
            "id": p.pk,
            "relation": p.relation,
            "given_names": p.given_names,
            "surname_prefix": p.surname_prefix,
            "surname": p.surname,
            "date_of_birth": p.date_of_birth,
            "bsn": p.bsn,
            "street": p.street,
            "postal_code": p.postal_code,
            "city": p.city,
            "municipality": p.municipality_id,
        }
        for p in registration.persons.order_by("position")
    ]


def _partner_initial(registration: Registration) -> list[dict[str, Any]]:
    fields = ("organisation_name", "contact_name", "contact_phone", "contact_email", "involvement")
    return [
        {"id": p.pk, **{name: getattr(p, name) for name in fields}}
        for p in registration.involved_partners.order_by("pk")
    ]


def _registration_initial(registration: Registration) -> dict[str, Any]:
    initial = {name: getattr(registration, name) for name in DRAFT_FIELDS - {"life_domains"}}
    initial["target_group"] = registration.target_group_id
    initial["life_domains"] = list(registration.life_domains.values_list("pk", flat=True))
    informed = registration.client_informed
    initial["client_informed"] = {True: "yes", False: "no"}.get(informed, "")
    return initial


def _lists_for(
    registration: Registration, municipality: Municipality | None
) -> tuple[Veiligheidshuis, Any]:
    """The Veiligheidshuis whose lists the form offers, and the target groups offered."""
    vh = registration.veiligheidshuis
    if municipality is not None:
        try:
            vh = draft_veiligheidshuis(registration=registration, municipality=municipality)
        except ValidationError:
            return vh, TargetGroup.objects.none()
        return vh, target_groups_for_municipality(municipality=municipality)
    return vh, TargetGroup.objects.none()


def _registration_form(
    registration: Registration, municipality: Municipality | None, **kwargs: Any
) -> RegistrationForm:
    vh, target_groups = _lists_for(registration, municipality)
    return RegistrationForm(
        target_groups=target_groups,
        life_domains=vh.life_domains.order_by("position"),
        max_attachment_size=filesizeformat(settings.ZVH_ATTACHMENT_MAX_BYTES),
        on_behalf=registration.on_behalf,
        **kwargs,
    )


def _stored_main_municipality(registration: Registration) -> Municipality | None:
    main = registration.main_person
    return main.municipality if main is not None else None


class DraftPage:
    """The three parts of the draft form: the registration, its persons, its partners."""

    def __init__(
        self, *, registration: Registration, form, persons, partners, parts: Parts = WHOLE_FORM
    ) -> None:
        self.registration = registration
        self.form: RegistrationForm = form
        self.persons: BaseFormSet = persons
        self.partners: BaseFormSet = partners
        self.parts = parts
        if parts.fields is not None:
            for name in list(form.fields):
                if name not in parts.fields:
                    del form.fields[name]

    # --- building ---------------------------------------------------------------------------

    @classmethod
    def unbound(cls, registration: Registration, *, parts: Parts = WHOLE_FORM) -> "DraftPage":
        municipality = _stored_main_municipality(registration)
        return cls(
            parts=parts,
            registration=registration,
            form=_registration_form(
                registration, municipality, initial=_registration_initial(registration)
            ),
            persons=PersonFormSet(
                prefix=PERSONS_PREFIX,
                initial=_person_initial(registration),
                form_kwargs={"registration": registration},
            ),
            partners=PartnerFormSet(prefix=PARTNERS_PREFIX, initial=_partner_initial(registration)),
        )

    @classmethod
    def bound(
        cls,
        registration: Registration,
        data: QueryDict,
        files: Any = None,
        *,
        parts: Parts = WHOLE_FORM,
    ) -> "DraftPage":
        """Bound to the submitted data. The lists (target groups, life domains) follow the main
        person's municipality as submitted, so a changed municipality offers its own."""
        municipality = _stored_main_municipality(registration)
        posted = data.get(f"{PERSONS_PREFIX}-0-municipality")
        if posted and posted.isdigit():
            municipality = Municipality.objects.filter(pk=posted).first() or municipality
        page = cls(
            parts=parts,
            registration=registration,
            form=_registration_form(registration, municipality, data=data, files=files),
            persons=PersonFormSet(
                data, prefix=PERSONS_PREFIX, form_kwargs={"registration": registration}
            ),
            partners=PartnerFormSet(data, prefix=PARTNERS_PREFIX),
        )
        page.is_valid()
        return page

    # --- reading what is valid so far -------------------------------------------------------

    def is_valid(self) -> bool:
        results = [self.form.is_valid()]
        if self.parts.persons:
            results.append(self.persons.is_valid())
        if self.parts.partners:
            results.append(self.partners.is_valid())
        return all(results)

    def values(self) -> dict[str, Any]:
        """The registration fields that are valid so far."""
        return {k: v for k, v in self.form.cleaned_data.items() if k in DRAFT_FIELDS}

    @staticmethod
    def _kept_forms(formset: BaseFormSet, *, deletions: bool = True) -> list[Form] | None:
        """The forms to store, in order: not marked for removal (unless ``deletions`` is False:
        an autosave removes nobody), and not an untouched new form. None when the formset itself
        is unreadable (then the stored rows stay as they are)."""
        if not formset.management_form.is_valid():
            return None
        kept = []
        for form in formset.forms:
            if deletions and formset.can_delete and formset._should_delete_form(form):
                continue
            has_id = bool(form.cleaned_data.get("id"))
            if not has_id and not form.has_changed():
                continue
            kept.append(form)
        return kept

    @staticmethod
    def _valid_values(form: Form) -> dict[str, Any]:
        return {k: v for k, v in form.cleaned_data.items() if k not in {"id", DELETION_FIELD_NAME}}

    def person_inputs(self, *, deletions: bool = True) -> list[PersonInput] | None:
        return self._inputs(
            self.persons, PersonInput, shown=self.parts.persons, deletions=deletions
        )

    def partner_inputs(self, *, deletions: bool = True) -> list[PartnerInput] | None:
        return self._inputs(
            self.partners, PartnerInput, shown=self.parts.partners, deletions=deletions
        )

    def _inputs(
        self, formset: BaseFormSet, input_class: type[Any], *, shown: bool, deletions: bool
    ) -> list[Any] | None:
        """The persons or partners to save (None: the page does not show them, or they are
        not valid yet, and stay as stored)."""
        if not shown:
            return None
        kept = self._kept_forms(formset, deletions=deletions)
        if kept is None:
            return None
        return [
            input_class(id=f.cleaned_data.get("id"), values=self._valid_values(f)) for f in kept
        ]

    # --- after a save -------------------------------------------------------------------------

    def rebound(
        self,
        registration: Registration,
        *,
        extra_persons: int = 0,
        extra_partners: int = 0,
        deletions: bool = True,
    ) -> "DraftPage":
        """The same input bound again to the saved draft: the kept persons and partners now in
        their stored order with their ids (new ones included), removed ones gone, and as many
        empty forms added as asked for."""
        data = self.form.data.copy()
        person_ids = [p.pk for p in registration.persons.order_by("position")]
        partner_ids = self._ids_in_order(
            self._kept_forms(self.partners, deletions=deletions),
            registration.involved_partners.order_by("pk"),
        )
        self._rewrite(data, self.persons, PERSONS_PREFIX, person_ids, extra_persons, deletions)
        self._rewrite(data, self.partners, PARTNERS_PREFIX, partner_ids, extra_partners, deletions)
        return type(self).bound(registration, data, self.form.files, parts=self.parts)

    @staticmethod
    def _ids_in_order(kept: Sequence[Form] | None, stored: Any) -> list[int] | None:
        """Kept forms with an id keep it; new ones get the new rows' ids, oldest first."""
        if kept is None:
            return None
        given = [f.cleaned_data.get("id") for f in kept]
        new_ids = iter(pk for pk in stored.values_list("pk", flat=True) if pk not in given)
        return [pk if pk else next(new_ids) for pk in given]

    def _rewrite(
        self,
        data: QueryDict,
        formset: BaseFormSet,
        prefix: str,
        ids: list[int] | None,
        extra: int,
        deletions: bool = True,
    ) -> None:
        kept = self._kept_forms(formset, deletions=deletions)
        if kept is None or ids is None:
            return
        old = {key: data.getlist(key) for key in data if key.startswith(f"{prefix}-")}
        for key in old:
            del data[key]
        for index, (form, pk) in enumerate(zip(kept, ids, strict=True)):
            for name in form.fields:
                if name in {"id", DELETION_FIELD_NAME}:
                    continue
                data.setlist(f"{prefix}-{index}-{name}", old.get(form.add_prefix(name), []))
            data[f"{prefix}-{index}-id"] = str(pk)
        data[f"{prefix}-TOTAL_FORMS"] = str(len(kept) + extra)
        data[f"{prefix}-INITIAL_FORMS"] = str(len(kept))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"

    # --- errors -------------------------------------------------------------------------------

    def add_errors(self, error: ValidationError) -> None:
        """Put a service's errors on the fields they name (``reason``, ``persons.0.surname``,
        ``partners.1.contact_name``), through ``common.service_errors``; errors naming no known
        field go to the top of the form they concern."""
        if not hasattr(error, "error_dict"):
            add_to_form(self.form, error)
            return
        for key, errors in error.error_dict.items():
            form, field = self._target(key)
            if field is not None and field in form.fields and form.has_error(field):
                continue  # what was typed there is wrong already; one message at a time
            add_to_form(form, ValidationError({key: errors}), names={key: field})

    def _target(self, key: str) -> tuple[Form, str | None]:
        parts = key.split(".")
        formsets = {PERSONS_PREFIX: self.persons, PARTNERS_PREFIX: self.partners}
        if parts[0] in formsets:
            forms = formsets[parts[0]].forms
            if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(forms):
                return forms[int(parts[1])], parts[2]
            return (forms[0] if forms else self.form), None
        return self.form, (None if key == "__all__" else key)

    @property
    def has_errors(self) -> bool:
        return bool(self.error_summary())

    def _person_title(self, index: int) -> str:
        if index == 0:
            return _("Registered person")
        return _("Person %(number)s") % {"number": index + 1}

    def _sections(self) -> Iterator[tuple[str, Form, Sequence[str] | None]]:
        """The forms of the page in the order they are shown, each with a title and the fields
        of it shown there (None: all of them)."""
        if self.parts.persons:
            for index, form in enumerate(self.persons.forms):
                yield self._person_title(index), form, None
        before, after = FIELDS_BEFORE_PARTNERS, FIELDS_AFTER_PARTNERS
        if self.parts.fields is not None:
            before, after = self.parts.fields, ()
        yield "", self.form, before
        if self.parts.partners:
            for index, form in enumerate(self.partners.forms):
                yield _("Involved partner %(number)s") % {"number": index + 1}, form, None
        if after:
            yield "", self.form, after

    def error_summary(self) -> list[SummaryItem]:
        """Every error on the page, each linking to its field, in the order of the page (a
        radio or checkbox question links to its first option; its legend scrolls along)."""
        items: list[SummaryItem] = []
        shown_top: set[int] = set()
        if self.parts.persons:
            for message in self.persons.non_form_errors():
                items.append(SummaryItem(href="#persons-errors", text=str(message)))
        for title, form, names in self._sections():
            if not form.is_bound or not form.errors:
                continue
            if id(form) not in shown_top:
                shown_top.add(id(form))
                anchor = f"#{form.prefix}-errors" if form.prefix else "#form-errors"
                for message in form.non_field_errors():
                    text = f"{title}: {message}" if title else str(message)
                    items.append(SummaryItem(href=anchor, text=text))
            fields = list(form) if names is None else [form[n] for n in names if n in form.fields]
            for bound in fields:
                for message in bound.errors:
                    label = f"{title}, {bound.label}" if title else str(bound.label)
                    items.append(SummaryItem(href=field_href(bound), text=f"{label}: {message}"))
        if self.parts.partners:
            for message in self.partners.non_form_errors():
                items.append(SummaryItem(href="#partners-errors", text=str(message)))
        return items
