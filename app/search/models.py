"""Tables of the PostgreSQL search backend (derived data: rebuilt from the other tables).

On SQLite the tables exist (the schema is shared) but stay empty: that backend needs PostgreSQL.
"""

from datetime import datetime

from sqlalchemy import JSON, Float, Index, Integer, LargeBinary, String, Text
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timeutil import UTCDateTime
from app.extensions import db


class SearchDocument(db.Model):
    __tablename__ = "search_document"
    __table_args__ = (
        Index("ix_search_document_tsv", "tsv", postgresql_using="gin"),
        Index("ix_search_document_tags", "tags", postgresql_using="gin"),
    )

    uid: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    object_id: Mapped[int] = mapped_column(Integer)
    space: Mapped[str] = mapped_column(String(80), default="", index=True)
    board: Mapped[str] = mapped_column(String(80), default="")
    tags: Mapped[list] = mapped_column(ARRAY(String(64)).with_variant(JSON(), "sqlite"), default=list)
    solved: Mapped[bool | None]
    status: Mapped[str] = mapped_column(String(16), default="")
    score: Mapped[int] = mapped_column(Integer, default=0)
    boost: Mapped[float] = mapped_column(Float, default=1.0)
    created: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    tsv: Mapped[str] = mapped_column(TSVECTOR().with_variant(Text(), "sqlite"))
    # The multilingual embedding as float16 bytes (no pgvector on Debian 12): scored with numpy.
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)


class SearchWord(db.Model):
    """English words seen in indexed text: the vocabulary for "did you mean"."""

    __tablename__ = "search_word"

    word: Mapped[str] = mapped_column(String(64), primary_key=True)
    first: Mapped[str] = mapped_column(String(1))
    length: Mapped[int] = mapped_column(Integer)
    __table_args__ = (Index("ix_search_word_first_length", "first", "length"),)
