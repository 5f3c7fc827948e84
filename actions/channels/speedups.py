"""Removes a per-call cost of Rasa 3.6 that dominated CareerPath's response time.

Rasa checks every custom action's response with ``jsonschema.validate(result, schema)``.
That function first validates the *schema* against its meta-schema, on every call: about
70 ms per action call on two cores (3.1 of 3.8 s in a profile of whole conversations),
while the action itself takes ~2 ms. The schema is a constant, so we check it once and
keep one validator; responses are validated exactly as before, and an invalid response
raises the same ``ValidationError`` with Rasa's own hint appended.

Installed by the Rasa-side classes we configure (our REST channel and tracker store), never
at import time, because the action server imports every module under ``actions/`` too.
"""
from __future__ import annotations

from typing import Any, Dict

_INSTALLED_FLAG = "_careerpath_cached_validator"


def install_cached_action_result_validator() -> None:
    """Idempotent: replaces ``RemoteAction._validate_action_result`` once per process."""
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for
    from rasa.core.actions import action as rasa_action

    if getattr(rasa_action.RemoteAction._validate_action_result, _INSTALLED_FLAG, False):
        return
    schema = rasa_action.RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def _validate_action_result(self, result: Dict[str, Any]) -> bool:
        error = best_match(validator.iter_errors(result))  # what jsonschema.validate raises
        if error is None:
            return True
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            "from the Action endpoint is valid. For more information about the format visit "
            f"{rasa_action.DOCS_BASE_URL}/custom-actions"
        )
        raise error

    setattr(_validate_action_result, _INSTALLED_FLAG, True)
    rasa_action.RemoteAction._validate_action_result = _validate_action_result
