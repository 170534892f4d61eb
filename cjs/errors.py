from __future__ import annotations


class DomainError(Exception):
    """A business rule refused an action; ``message`` is shown to the user as is.

    Actions raise it (or a subclass) with a translated message naming the rule; views turn it
    into a form error or a flash message, and the transaction around the action rolls back.
    """

    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)
