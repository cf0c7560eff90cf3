"""The OpenAPI 3.1 document, assembled from the operations each resource module registers."""

from flask import jsonify

from app.api import bp
from app.api.util import OPENAPI_PATHS, OPENAPI_SCHEMAS

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": True},
            },
        }
    },
}


def build_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Kith API", "version": "1.0.0", "description": "The Kith community platform API."},
        "servers": [{"url": "/api/v1"}],
        "paths": dict(sorted(OPENAPI_PATHS.items())),
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": ERROR_SCHEMA, **OPENAPI_SCHEMAS},
            "responses": {
                "Error": {
                    "description": "An error",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
            },
        },
    }


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(build_document())
