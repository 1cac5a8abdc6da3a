"""Command-line tasks: `flask setup`, `flask surveys ...`, `flask users ...`, `flask backup`."""

import os
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from survey_app.demo.data import generate_demo_responses, generate_demo_shops
from survey_app.models import ROLES, utcnow
from survey_app.services.audit import record_event
from survey_app.services.backup import BackupError, restore_backup, write_backup
from survey_app.services.reference import load_reference_data
from survey_app.services.response_transfer import (
    ImportRejected,
    ImportRepeated,
    export_responses,
    import_responses,
)
from survey_app.services.responses import purge_expired_drafts
from survey_app.services.retention import purge_expired
from survey_app.services.standards import load_service_standards
from survey_app.services.surveys import load_standard_surveys
from survey_app.services.users import (
    LastAdminError,
    PasswordRejected,
    all_users,
    count_users,
    create_user,
    find_user,
    reset_password,
    set_password,
    temporary_password,
    update_user,
)

surveys_cli = AppGroup("surveys", help="Survey definitions.")
users_cli = AppGroup("users", help="Staff and councillor accounts.")
responses_cli = AppGroup("responses", help="Export and import survey responses as CSV.")


@surveys_cli.command("load-standard")
def load_standard_command():
    """Load the shipped channels, services and standard survey if they are missing."""
    added = load_reference_data()
    created = load_standard_surveys()
    criteria = load_service_standards()
    click.echo(
        f"Channels added: {added['channels']}, services added: {added['services']}, "
        f"surveys created: {', '.join(created) or 'none'}, "
        f"service standard criteria added: {criteria}"
    )


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The person's name as shown to colleagues.")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES))
def create_user_command(email, name, roles):
    """Create an account. The password is read from standard input or prompted for."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        user = create_user(email, name, set(roles), password)
    except (PasswordRejected, ValueError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.email} with roles: {', '.join(sorted(user.roles))}")


# The audit trail's "who" for changes made at the server's command line.
COMMAND_LINE = "command line"


def _user_or_fail(email: str):
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"There is no account with the email address {email}")
    return user


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("New password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\n")


@users_cli.command("list")
def list_users_command():
    """Every account: email, name, roles, whether it can sign in, and its last sign-in."""
    users = all_users()
    if not users:
        click.echo("There are no accounts. Run flask setup to create the first admin.")
        return
    for user in users:
        status = "active" if user.active else "deactivated"
        if user.active and user.locked_until and user.locked_until > utcnow():
            status = "locked after failed sign-ins"
        last = f"{user.last_login_at:%Y-%m-%d %H:%M} UTC" if user.last_login_at else "never"
        click.echo(
            f"{user.email}\t{user.name}\t{', '.join(sorted(user.roles)) or 'no roles'}"
            f"\t{status}\tlast signed in {last}"
        )


@users_cli.command("reset-password")
@click.argument("email")
@click.option(
    "--set",
    "choose",
    is_flag=True,
    help="Type the new password (or give it on standard input) instead of printing a "
    "one-time password.",
)
def reset_password_command(email, choose):
    """Give EMAIL's account a new password and lift any lockout.

    By default prints a one-time password, which must be changed at the next sign-in. This
    is the way back in when an admin's password is lost: run it on the server.
    """
    user = _user_or_fail(email)
    if choose:
        try:
            set_password(user, _read_password(), actor=COMMAND_LINE)
        except PasswordRejected as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"The password for {user.email} has been changed.")
    else:
        password = reset_password(user, actor=COMMAND_LINE)
        click.echo(f"One-time password for {user.email}: {password}")
        click.echo("It works once: a new password must be chosen at sign-in (/auth/login).")
    if not user.active:
        click.echo(
            f"The account is deactivated, so it cannot sign in yet: "
            f"run flask users activate {user.email}"
        )


def _set_active(email: str, active: bool) -> None:
    user = _user_or_fail(email)
    if user.active == active:
        click.echo(f"{user.email} is already {'active' if active else 'deactivated'}.")
        return
    try:
        update_user(user, set(user.roles), active, actor=COMMAND_LINE)
    except LastAdminError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{user.email} is now {'active' if active else 'deactivated'}.")


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_user_command(email):
    """Stop EMAIL's account signing in (kept, with its history). The last admin cannot be."""
    _set_active(email, False)


@users_cli.command("activate")
@click.argument("email")
def activate_user_command(email):
    """Let a deactivated account sign in again."""
    _set_active(email, True)


@click.command("setup")
def setup_command():
    """Load the defaults if missing, and on first start create one admin."""
    load_standard_command.callback()
    if count_users() == 0:
        password = temporary_password()
        create_user(
            "admin@example.gov.uk",
            "First admin",
            {"admin"},
            password,
            must_change_password=True,
        )
        click.echo("")
        click.echo(
            "Created the first admin account. Sign in at /auth/login; you will be asked to "
            "choose a new password:"
        )
        click.echo("  email:    admin@example.gov.uk")
        click.echo(f"  password: {password}")
        click.echo("")


@click.command("purge-drafts")
def purge_drafts_command():
    """Delete survey answers in progress that were abandoned and have expired."""
    click.echo(f"Expired drafts deleted: {purge_expired_drafts()}")


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Print what would be done and change nothing.")
def purge_command(dry_run):
    """Apply each survey's retention period (run it daily).

    For every response older than its survey's retention_days: delete its equality answers
    and free-text comments, delete its date and number answers, and anonymise the response:
    its date becomes the first of its month, its links to the resident's browser and to
    equality answers are removed, and only the survey version, channel, service, month, how
    it was completed and its choice answers (such as satisfaction) are kept, so counts and
    satisfaction by month, channel and service survive. Expired drafts are deleted too.

    Prints the number of rows deleted or anonymised in each table. Everything is done in one
    transaction: if any step fails, nothing changes.
    """
    counts = purge_expired(utcnow(), dry_run=dry_run)
    if dry_run:
        click.echo("Dry run: nothing has been changed. flask purge would do this:")
    for line in counts.lines():
        click.echo(line)


@click.command("demo-data")
@click.option(
    "--responses",
    "count",
    type=click.IntRange(min=1),
    default=5000,
    show_default=True,
    help="How many synthetic survey responses to add.",
)
@click.option(
    "--shops",
    type=click.IntRange(min=0),
    default=240,
    show_default=True,
    help="How many mystery shops by demo councillors (accounts that cannot sign in).",
)
@click.option("--seed", type=int, default=2026, show_default=True, help="Same seed, same data.")
def demo_data_command(count, shops, seed):
    """Fill the database with realistic synthetic responses and mystery shops (for
    demonstrations only)."""
    load_standard_command.callback()
    label = "Adding synthetic responses and mystery shops"
    with click.progressbar(length=count + shops, label=label) as bar:
        try:
            generate_demo_responses(count, seed=seed, progress=bar.update)
            generate_demo_shops(
                shops,
                seed=seed,
                cap_percent=current_app.config["MYSTERY_SHOP_CRITICAL_CAP_PERCENT"],
                progress=bar.update,
            )
        except LookupError as error:
            raise click.ClickException(str(error)) from error
    click.echo(f"Added {count:,} synthetic responses and {shops:,} mystery shops.")


@responses_cli.command("export")
@click.argument("file", type=click.File("w", encoding="utf-8", lazy=False))
def export_responses_command(file):
    """Write every response to FILE (CSV, one row per response, free text redacted)."""
    count = export_responses(file)
    record_event(
        "responses.exported",
        f"{count} responses to {file.name}",
        actor="flask responses export",
    )
    click.echo(f"Exported {count:,} responses.")


@responses_cli.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
@click.option(
    "--new",
    "confirmed_new",
    is_flag=True,
    help="Import even if the file, or some of its rows, were imported before.",
)
def import_responses_command(file, confirmed_new):
    """Import FILE in the export format. Nothing is imported if any row is wrong, or if the
    file or any of its rows were imported before (unless --new says they are new)."""
    try:
        count = import_responses(file, filename=file.name, confirmed_new=confirmed_new)
    except ImportRepeated as repeated:
        click.echo(
            "Nothing was imported: this file, or these rows, were imported before. "
            "If they are new responses, run the import again with --new.",
            err=True,
        )
        for problem in repeated.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(1) from None
    except ImportRejected as rejected:
        click.echo("Nothing was imported. Correct these rows and try again:", err=True)
        for problem in rejected.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(1) from None
    click.echo(f"Imported {count:,} responses.")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
def backup_command(file):
    """Write every table to FILE (gzip'd JSON lines) for `flask restore`.

    The file can be restored into SQLite or PostgreSQL at the same database revision. For
    routine backups of a PostgreSQL database, use pg_dump (see the README).
    """
    partial = f"{file}.partial"
    try:
        with open(partial, "wb") as out:
            summary = write_backup(out)
        os.replace(partial, file)
    except BackupError as error:
        Path(partial).unlink(missing_ok=True)
        raise click.ClickException(str(error)) from error
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    click.echo(
        f"Backed up {summary.total:,} rows from {len(summary.rows)} tables at database "
        f"revision {summary.revision} to {file}"
    )


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--replace",
    is_flag=True,
    help="Delete every row in this database first (in the same transaction as the restore).",
)
def restore_command(file, replace):
    """Restore FILE, made by `flask backup`, in one transaction.

    The database must be at the backup's revision (`flask db upgrade REVISION`) and empty,
    unless --replace is given. If anything is wrong with the file, nothing is changed.
    """
    try:
        with open(file, "rb") as source:
            summary = restore_backup(source, replace=replace)
    except BackupError as error:
        raise click.ClickException(f"{error} Nothing was restored.") from error
    click.echo(f"Restored {summary.total:,} rows into {len(summary.rows)} tables from {file}")
    for table, rows in summary.rows.items():
        click.echo(f"  {table}: {rows:,}")


def register(app: Flask) -> None:
    app.cli.add_command(surveys_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(responses_cli)
    app.cli.add_command(setup_command)
    app.cli.add_command(purge_drafts_command)
    app.cli.add_command(purge_command)
    app.cli.add_command(demo_data_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
