"""The OpenAPI 3.1 document, built from the Flask rules under /api/v1 and each view's `@operation`."""

import re

from flask import current_app, jsonify
from pydantic import BaseModel
from werkzeug.routing import Rule
from werkzeug.routing.converters import AnyConverter, IntegerConverter

from app.api import bp
from app.api.schema import ID_MAX, Operation

PREFIX = "/api/v1"
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
ERROR = {"$ref": "#/components/responses/Error"}
_VARIABLE = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def api_rules(app) -> list[Rule]:
    """Every Flask rule of the API blueprint (HEAD and OPTIONS aside, which Flask adds itself)."""
    return [r for r in app.url_map.iter_rules() if r.endpoint.startswith(f"{bp.name}.")]


def openapi_path(rule: Rule) -> str:
    """The OpenAPI path of a Flask rule: `/api/v1/questions/<int:id>` → `/questions/{id}`."""
    return _VARIABLE.sub(r"{\1}", rule.rule).removeprefix(PREFIX) or "/"


def rule_methods(rule: Rule) -> list[str]:
    return sorted(m.lower() for m in rule.methods - {"HEAD", "OPTIONS"})


def build_document(app=None) -> dict:
    app = app or current_app
    schemas: dict[str, dict] = {"Error": ERROR_SCHEMA}
    paths: dict[str, dict] = {}
    for rule in api_rules(app):
        spec = getattr(app.view_functions[rule.endpoint], "api_operation", None)
        if spec is None:
            continue  # undocumented on purpose (the document itself); the coverage test lists these
        for method in rule_methods(rule):
            paths.setdefault(openapi_path(rule), {})[method] = _operation(rule, spec, schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Kith API", "version": "1.0.0", "description": "The Kith community platform API."},
        "servers": [{"url": PREFIX}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": dict(sorted(schemas.items())),
            "responses": {
                "Error": {
                    "description": "An error",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
            },
        },
    }


def _operation(rule: Rule, spec: Operation, schemas: dict) -> dict:
    op: dict = {"summary": spec.summary, "operationId": rule.endpoint.removeprefix(f"{bp.name}.")}
    if spec.description:
        op["description"] = spec.description
    parameters = [_path_parameter(name, rule._converters[name]) for name in rule.arguments]
    if spec.query is not None:
        parameters += _query_parameters(spec.query, schemas)
    parameters += list(spec.headers)
    if parameters:
        op["parameters"] = parameters
    if spec.body is not None:
        op["requestBody"] = {
            "required": spec.body_required,
            "content": {"application/json": {"schema": _schema_ref(spec.body, schemas)}},
        }
    op["responses"] = _responses(spec, schemas)
    if spec.auth:
        op["security"] = [{"bearerAuth": []}]
    return op


def _responses(spec: Operation, schemas: dict) -> dict:
    success: dict = {"description": "No content" if spec.status == 204 else "OK"}
    if spec.status != 204:
        schema = _schema_ref(spec.response, schemas) if spec.response else {"type": "object"}
        success["content"] = {"application/json": {"schema": schema}}
    responses = {str(spec.status): success}
    if spec.body is not None or spec.query is not None:
        responses["400"] = ERROR
    if spec.auth:
        responses["401"] = ERROR
    for status in spec.errors:
        responses[str(status)] = ERROR
    responses["4XX"] = ERROR
    return responses


def _path_parameter(name: str, converter) -> dict:
    if isinstance(converter, IntegerConverter):
        schema = {"type": "integer", "minimum": 0, "maximum": ID_MAX}
    elif isinstance(converter, AnyConverter):
        schema = {"type": "string", "enum": sorted(converter.items)}
    else:
        schema = {"type": "string", "pattern": "^[^/]+$"}
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _query_parameters(model: type[BaseModel], schemas: dict) -> list[dict]:
    schema = _schema(model, schemas)
    required = set(schema.get("required", []))
    return [
        {"name": name, "in": "query", "required": name in required, "schema": prop}
        for name, prop in schema["properties"].items()
    ]


def _schema(model: type[BaseModel], schemas: dict) -> dict:
    """The model's JSON Schema; the models it nests go into components."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(schema.pop("$defs", {}))
    return schema


def _schema_ref(model: type[BaseModel], schemas: dict) -> dict:
    schemas[model.__name__] = _schema(model, schemas)
    return {"$ref": f"#/components/schemas/{model.__name__}"}


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(build_document())
