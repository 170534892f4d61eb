"""Voted records stay as voted: a closed meeting, a decided motion, an election with its
result, a closed ballot and approved minutes can no longer be changed or deleted through the
models (the admin included). A correction is a new record (an amendment, a new motion, the
next meeting's approval) that points to the old one, never an edit of what was decided.

The actions that decide (closing a vote, a meeting, approving minutes) still write: they load
the record before it is decided, and only its state *as loaded from the database* counts.
(``QuerySet.update()`` is not guarded: the actions use it only on records not yet voted.)
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _

from cjs.errors import DomainError


class VotedRecordError(DomainError):
    """Someone tried to change or delete a record once voted."""


class VotedRecord(models.Model):
    """A model whose rows freeze once voted. Subclasses say when (``is_voted_state``) and
    which fields may still be written afterwards (``writable_once_voted``)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.is_voted_record:
            stored = self._stored
            writable = self.writable_once_voted(stored) | {
                f.attname for f in self._meta.concrete_fields if getattr(f, "auto_now", False)
            }
            if any(
                getattr(self, name) != value
                for name, value in stored.items()
                if name not in writable
            ):
                self._refuse()
        super().save(*args, **kwargs)
        self._remember()

    def delete(self, *args, **kwargs):
        if self.is_voted_record:
            self._refuse()
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored = dict(zip(field_names, values, strict=True))
        return instance

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._remember()

    def _remember(self) -> None:
        """What the database now holds (the fields loaded: a deferred one is not fetched)."""
        self._stored = {
            f.attname: self.__dict__[f.attname]
            for f in self._meta.concrete_fields
            if f.attname in self.__dict__
        }

    @classmethod
    def is_voted_state(cls, stored: dict) -> bool:
        """Whether a row holding ``stored`` (attname -> value, as loaded) is voted. Every
        concrete subclass answers it (Meeting, Motion, Election, Ballot, Minutes): the base
        cannot know which state freezes a record, so it refuses to guess."""
        raise NotImplementedError(f"{cls.__name__} must say when its records are voted")

    @classmethod
    def writable_once_voted(cls, stored: dict) -> set[str]:
        """Fields (attnames) that the rules still let change on a voted record."""
        return set()

    @property
    def is_voted_record(self) -> bool:
        stored = getattr(self, "_stored", None)
        return stored is not None and self.is_voted_state(stored)

    def _refuse(self) -> None:
        raise VotedRecordError(
            _(
                "“%(record)s” was voted: it can no longer be changed or deleted. Record a "
                "correction as a new decision instead."
            )
            % {"record": self}
        )
