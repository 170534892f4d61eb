"""An email backend that fails its first ``FAILURES`` sends, then delivers to the locmem
outbox: a mail server that comes back."""

from __future__ import annotations

from django.core.mail.backends.locmem import EmailBackend

FAILURES = {"left": 0}


class FlakyEmailBackend(EmailBackend):
    def send_messages(self, messages):
        if FAILURES["left"] > 0:
            FAILURES["left"] -= 1
            raise ConnectionRefusedError("the mail server is down")
        return super().send_messages(messages)
