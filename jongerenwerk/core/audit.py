"""The audit trail: one line to record who did what to which record, or who viewed it."""

from django.db import models

from jongerenwerk.core.models import AuditEvent, User


def record(
    actor: User | None,
    action: str,
    target: models.Model,
    *,
    organisation_id: int | None = None,
    **detail,
) -> AuditEvent:
    """Append an audit entry. The label names the record, never its contents."""
    meta = target._meta
    if organisation_id is None:
        organisation_id = getattr(target, "organisation_id", None)
        if organisation_id is None and meta.model_name == "organisation":
            organisation_id = target.pk
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor.email if actor is not None and actor.is_authenticated else "system",
        organisation_id=organisation_id,
        action=action,
        target_type=meta.label_lower,
        target_id=str(target.pk),
        target_label=f"{meta.verbose_name} #{target.pk}",
        detail=detail,
    )


def viewed(actor: User, target: models.Model, **detail) -> AuditEvent:
    """Record that someone opened a sensitive record."""
    return record(actor, AuditEvent.Action.VIEW, target, **detail)
