"""Alembic hooks shared by migrations/env.py and the models-vs-migrations test."""

from app.core.timeutil import UTCDateTime


def render_item(type_, obj, autogen_context):
    """Write UTCDateTime columns as plain timezone-aware DateTime in migration scripts."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def compare_type(context, inspected_column, metadata_column, inspected_type, metadata_type):
    """Compare UTCDateTime by the DateTime it wraps."""
    if isinstance(metadata_type, UTCDateTime):
        return context.impl.compare_type(inspected_column, metadata_column._copy(type_=metadata_type.impl))
    return None


def comparison_options() -> dict:
    return {"compare_type": compare_type, "render_item": render_item}
