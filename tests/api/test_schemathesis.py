"""schemathesis over /api/v1/openapi.json with every check, as a customer and as a moderator.

Bounded (KITH_SCHEMATHESIS_EXAMPLES, default 4 per operation) so it stays well under two minutes per database.
"""

import collections
import os

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

from tests.factories import PASSWORD

EXAMPLES = int(os.environ.get("KITH_SCHEMATHESIS_EXAMPLES", "4"))


def _token(client, user) -> str:
    response = client.post("/api/v1/auth/tokens", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 201
    return response.json["token"]


def _failures(app, token: str) -> dict[str, set[str]]:
    config = SchemathesisConfig.from_dict(
        {
            "headers": {"Authorization": f"Bearer {token}"},
            "generation": {"max-examples": EXAMPLES, "deterministic": True, "database": "none"},
            "phases": {"stateful": {"enabled": False}},
        }
    )
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)
    found = collections.defaultdict(set)
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            for case_id, checks in event.recorder.checks.items():
                for check in checks:
                    if check.status == Status.FAILURE:
                        found[check.name].add(_describe(event.recorder, case_id, check))
        elif isinstance(event, events.NonFatalError | events.FatalError):
            found["engine_error"].add(str(getattr(event, "value", getattr(event, "exception", event)))[:300])
    return dict(found)


def _describe(recorder, case_id, check) -> str:
    failure = check.failure_info.failure
    interaction = recorder.interactions.get(case_id)
    response = interaction.response.content[:300] if interaction and interaction.response else b""
    request = interaction.request.body[:200] if interaction and interaction.request.body else b""
    return f"{recorder.label}: {failure.title} (request {request!r} {interaction.request.uri if interaction else ''}) → {response!r}"


# Known findings not fixed yet (unknown tag/space/target type/organization answer 400 to schema-valid values,
# a flag with reason "other" needs a note, {} to /notifications/read, repeated query keys, a WSGI transport
# error): strict, so this starts failing the day they are all fixed and the mark must go.
@pytest.mark.xfail(strict=True, reason="schemathesis still finds schema-valid requests the services refuse")
@pytest.mark.config(QA_POST_RATE_LIMIT="100000 per minute", LOGIN_RATE_LIMIT="1000 per minute")
@pytest.mark.parametrize("role", ["customer", "moderator"])
def test_schemathesis_finds_nothing(app, make_user, role):
    user = make_user(role=role)
    token = _token(app.test_client(), user)
    failures = _failures(app, token)
    report = "\n".join(f"{name}:\n  " + "\n  ".join(sorted(items)) for name, items in sorted(failures.items()))
    assert failures == {}, report
