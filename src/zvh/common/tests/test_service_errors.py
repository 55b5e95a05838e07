"""One helper shows a service's refusal, keyed by domain names, on a web form or under an API
body's names (issue 15)."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from zvh.common.service_errors import add_to_form, renamed

REFUSAL = ValidationError(
    {
        "reason": ["Describe the reason."],
        "criteria.7.answer": ["Answer question 1."],
        "criteria": ["Another house's criterion."],
        NON_FIELD_ERRORS: ["Stale."],
    }
)


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False)
    answer_7 = forms.CharField(required=False)


def test_each_message_goes_on_the_field_its_name_maps_to_else_to_the_top():
    form = ReasonForm({})
    assert form.is_valid()
    add_to_form(form, REFUSAL, names={"criteria.7.answer": "answer_7"})
    assert form.errors["reason"] == ["Describe the reason."]
    assert form.errors["answer_7"] == ["Answer question 1."]
    assert form.non_field_errors() == ["Another house's criterion.", "Stale."]


def test_an_error_without_names_goes_to_the_top():
    form = ReasonForm({})
    assert form.is_valid()
    add_to_form(form, ValidationError("The registration was changed meanwhile."))
    assert form.non_field_errors() == ["The registration was changed meanwhile."]


def test_renamed_for_an_api_body_merges_messages_under_one_name():
    def name(key: str) -> str | None:
        return (
            "answers.0.answer"
            if key.startswith("criteria.")
            else key.replace("criteria", "answers")
        )

    error = renamed(REFUSAL, names=name)
    assert error.message_dict == {
        "reason": ["Describe the reason."],
        "answers.0.answer": ["Answer question 1."],
        "answers": ["Another house's criterion."],
        NON_FIELD_ERRORS: ["Stale."],
    }
    plain = ValidationError("x")
    assert renamed(plain, names=name) is plain
