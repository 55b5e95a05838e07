"""Users act for one organisation, with one or more roles."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from zvh.network.models import Organisation, Veiligheidshuis

from .roles import RoleCode


class Role(models.Model):
    """One of the fixed roles (rows are created by a migration; the code is the key)."""

    code = models.CharField(_("code"), max_length=30, primary_key=True, choices=RoleCode.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(RoleCode(self.code).label)


class User(AbstractUser):
    """A person with an account. Everyone but a platform superuser acts for one organisation."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    roles = models.ManyToManyField(Role, blank=True, related_name="users", verbose_name=_("roles"))
    phone = models.CharField(_("phone number"), max_length=30, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @cached_property
    def role_codes(self) -> frozenset[RoleCode]:
        """The user's roles; one query, cached on the instance."""
        if not self.is_active:
            return frozenset()
        return frozenset(RoleCode(code) for code in self.roles.values_list("code", flat=True))

    def has_role(self, role: RoleCode) -> bool:
        return role in self.role_codes

    @property
    def veiligheidshuis(self) -> Veiligheidshuis | None:
        """The Veiligheidshuis a staff member works for; None for partners."""
        if self.organisation is None:
            return None
        return self.organisation.veiligheidshuis
