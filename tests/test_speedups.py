"""The cached validator checks custom action responses exactly like Rasa's own."""
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from actions.channels.speedups import install_cached_action_result_validator


@pytest.fixture(scope="module")
def remote_action():
    install_cached_action_result_validator()
    install_cached_action_result_validator()  # idempotent: a second call changes nothing
    return RemoteAction("action_anything", action_endpoint=None)


def test_a_valid_response_passes(remote_action):
    result = {"events": [{"event": "slot", "name": "skills", "value": "Tally"}],
              "responses": [{"text": "Got it"}]}
    assert remote_action._validate_action_result(result) is True


@pytest.mark.parametrize("result", [
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"responses": "hello"},
])
def test_an_invalid_response_raises_rasa_s_error_with_its_hint(remote_action, result):
    with pytest.raises(ValidationError) as raised:
        remote_action._validate_action_result(result)
    assert "Failed to validate Action server response" in raised.value.message
