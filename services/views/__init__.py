"""Views of the services app: ``public`` (residents, no account), ``requests`` (the inbox and
the request pages), ``jobs`` (planning) and ``catalogue``."""
