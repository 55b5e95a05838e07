"""The only tags and filters a mail template may use (the mail engine loads nothing else: no
``load``, ``include``, ``extends``, ``url`` or ``debug``)."""

from django import template
from django.template import defaultfilters, defaulttags

register = template.Library()

ALLOWED_TAGS = ("if", "for", "comment")
ALLOWED_FILTERS = (
    "date",
    "default",
    "upper",
    "lower",
    "capfirst",
    "length",
    "pluralize",
    "yesno",
)

for _name in ALLOWED_TAGS:
    register.tag(_name, defaulttags.register.tags[_name])
for _name in ALLOWED_FILTERS:
    register.filter(_name, defaultfilters.register.filters[_name])
