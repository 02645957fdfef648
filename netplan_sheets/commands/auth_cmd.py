"""netplan auth: sign in to Google with a browser instead of a service-account key."""

from __future__ import annotations

import click

from netplan_sheets.commands.common import finish


@click.group(epilog="Example: netplan auth login --client-secret ~/Downloads/client.json")
def auth() -> None:
    """Sign in to Google for plans kept in Google Sheets."""


@auth.command(epilog="Example: netplan auth login --client-secret ~/Downloads/client.json")
@click.option("--client-secret", type=click.Path(dir_okay=False), default=None,
              help="OAuth client file (Desktop app) from the Google Cloud console; default: "
                   "~/.config/gspread/credentials.json.")
def login(client_secret: str | None) -> None:
    """Open a browser to sign in; the token is saved for later commands."""
    from netplan_sheets.backends.google_auth import oauth_login

    token = oauth_login(client_secret)
    finish(False, None, lambda: f"Signed in; the token is saved in {token}.")
