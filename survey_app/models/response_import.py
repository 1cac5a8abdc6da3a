"""Files of responses imported from CSV, and a fingerprint of each row they held, so the same
file, or the same rows in another file, are recognised if they come again."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.extensions import db
from survey_app.models.base import utcnow
from survey_app.models.user import User


class ResponseImport(db.Model):
    """One imported file. ``file_sha256`` is the SHA-256 of its text with line endings made
    the same, so the file saved again by another spreadsheet is still the same file."""

    __tablename__ = "response_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255), default="")
    row_count: Mapped[int]
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    imported_by: Mapped[User | None] = relationship()
    rows: Mapped[list["ImportedRow"]] = relationship(
        back_populates="response_import", cascade="all, delete-orphan", passive_deletes=True
    )


class ImportedRow(db.Model):
    """A row's fingerprint: the SHA-256 of its survey, channel, service, mode, language, date
    and answers (never its equality answers, and no link to the response it made), so a
    repeated row is found without keeping what it said."""

    __tablename__ = "imported_row"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_import_id: Mapped[int] = mapped_column(
        ForeignKey("response_import.id", ondelete="CASCADE"), index=True
    )
    line: Mapped[int]
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)

    response_import: Mapped[ResponseImport] = relationship(back_populates="rows")
