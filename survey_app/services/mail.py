"""Email through the council's SMTP relay (``MAIL_SERVER``), for invitations and password
resets. Without ``MAIL_SERVER`` nothing is sent and the pages fall back to one-time
passwords shown to the admin, as before."""

import smtplib
from email.message import EmailMessage

from flask import current_app


class MailNotSent(Exception):
    """The message could not be handed to the mail server."""


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send_email(to: str, subject: str, body: str) -> None:
    """Send a plain-text message, or raise ``MailNotSent`` saying why."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
        ) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        current_app.logger.warning("Email to the mail server failed: %s", type(error).__name__)
        raise MailNotSent(str(error)) from error
