"""Rasa pipeline component: a message with no word the model knows becomes nlu_fallback.

config.yml uses it as ``careerpath_rasa.nlu.unknown_words.UnknownWordsFallback``, after the
intent classifier. It learns the vocabulary of the training data (examples, lookup
tables) and, at run time, replaces the intent with ``nlu_fallback`` when none of the
message's tokens is known (see vocabulary.py). Without it, emoji, Hindi in Devanagari,
"?" or "[[[[" reach the linear classifier as an all-zero vector and come out as
``affirm`` with ~0.55 confidence, above the FallbackClassifier threshold.
"""

import json
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from careerpath_rasa import patches
from careerpath_rasa.nlu.vocabulary import Vocabulary

patches.install()  # Rasa may load this module before any other of ours (see patches)

VOCABULARY_FILE = "vocabulary.json"
FALLBACK_INTENT = DEFAULT_NLU_FALLBACK_INTENT_NAME


def fallback_prediction(
    ranking: list[dict[str, Any]],
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(intent, ranking) with nlu_fallback on top and the classifier's ranking kept below it.

    Keeping the ranking lets `rasa test nlu` undo the fallback as it does the
    FallbackClassifier's, so cross-validation still measures the classifier itself.
    """
    fallback = {"name": FALLBACK_INTENT, "confidence": 1.0}
    others = [entry for entry in ranking if entry.get("name") != FALLBACK_INTENT]
    return fallback, [fallback, *others]


def message_tokens(message: Message) -> list[str]:
    return [token.text for token in message.get(TOKENS_NAMES[TEXT]) or []]


def training_tokens(training_data: TrainingData) -> list[str]:
    tokens = [
        token for example in training_data.training_examples for token in message_tokens(example)
    ]
    # Lookup tables (skills, degrees, role types from the knowledge base) hold words
    # users type even when no training sentence contains them.
    for table in training_data.lookup_tables:
        elements = table.get("elements")
        if isinstance(elements, list):
            tokens.extend(word for element in elements for word in str(element).split())
    return tokens


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class UnknownWordsFallback(GraphComponent):
    """Predicts nlu_fallback for messages that contain no known (or near-known) word."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    def __init__(
        self, model_storage: ModelStorage, resource: Resource, vocabulary: Vocabulary
    ) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary = vocabulary

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(model_storage, resource, Vocabulary(frozenset()))

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> GraphComponent:
        try:
            with model_storage.read_from(resource) as directory:
                words = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))
        except (ValueError, OSError):
            words = []  # nothing learned: never turn every message into a fallback
        return cls(model_storage, resource, Vocabulary(frozenset(words)))

    def train(self, training_data: TrainingData) -> Resource:
        self.vocabulary = Vocabulary.from_tokens(training_tokens(training_data))
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(
                json.dumps(self.vocabulary.to_list(), ensure_ascii=False), encoding="utf-8"
            )
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        if not self.vocabulary.words:
            return messages
        for message in messages:
            if (message.get(INTENT) or {}).get("name") == FALLBACK_INTENT:
                continue  # the FallbackClassifier already decided
            if not self.vocabulary.known_words(message_tokens(message)):
                intent, ranking = fallback_prediction(message.get(INTENT_RANKING_KEY) or [])
                message.set(INTENT, intent, add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
