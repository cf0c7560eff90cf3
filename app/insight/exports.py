"""CSV (UTF-8 with BOM, so Excel reads Chinese) and JSON downloads."""

import csv
import io
import json

from flask import Response

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """A cell spreadsheets will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_response(rows: list[dict], filename: str) -> Response:
    out = io.StringIO()
    out.write("\ufeff")
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: cell(v) for k, v in row.items()})
    return Response(
        out.getvalue().encode("utf-8"),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )


def json_response(data, filename: str) -> Response:
    return Response(
        json.dumps(data, ensure_ascii=False, default=str, indent=1),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}.json"'},
    )
