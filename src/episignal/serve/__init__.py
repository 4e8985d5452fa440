"""``episignal serve``: the analysts' workbench (web app, JSON API, triage, accounts).

from episignal.serve import create_app
app = create_app(Path("episignal.db"))   # an ASGI app; `episignal serve` runs it on uvicorn
"""

from episignal.serve.app import create_app

__all__ = ["create_app"]
