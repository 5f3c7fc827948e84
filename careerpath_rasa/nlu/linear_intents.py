"""Rasa pipeline component: Rasa's LogisticRegressionClassifier, cheaper to train, load and run.

config.yml uses it as ``careerpath_rasa.nlu.linear_intents.LinearIntentClassifier``. The model is
the same scikit-learn ``LogisticRegression`` with the same settings, fitted on the same
matrix, so it predicts exactly what Rasa's class predicts (tests/test_nlu_components.py
compares both). What changes is the bookkeeping around it, which a profile of `rasa
train` after an NLU-only change found to cost more than the fit itself:

* **Saving.** Rasa saves the classifier with skops, whose import alone scans every
  loaded module (~7 s of a ~26 s retrain here, and again at every `rasa run` start).
  The fitted model is four arrays, so it is saved as a NumPy ``.npz`` and read back
  with ``allow_pickle=False``: like skops, loading a model never runs code from it.
* **Stacking features.** Rasa builds the input one message at a time: it copies and joins
  every featurizer's sequence *and* sentence features with scipy ``hstack`` (then joins
  an empty dense block, then ``vstack``s the rows): ~2 s per training and ~10 % of each
  parsed message. With no dense features (our pipeline has none) the row is the sentence
  features' entries placed side by side, built directly.
"""

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import csr_matrix, vstack

from careerpath_rasa import patches

patches.install()  # Rasa may load this module before any other of ours (see patches)

MODEL_FILE = "linear_intents.npz"
FITTED_ARRAYS = ("coef_", "intercept_", "classes_", "n_iter_")


def sentence_row(message: Message) -> csr_matrix | None:
    """The message's sparse sentence features side by side, in the order of its features (what
    ``get_sparse_features(TEXT)[1]`` combines, without copying and joining the sequence
    features as well); None when there are dense features or no sparse ones."""
    blocks = []
    for features in message.features:
        if features.attribute != TEXT:
            continue
        if not features.is_sparse():
            return None
        if features.type == FEATURE_TYPE_SENTENCE:
            blocks.append(features.features.tocoo())
    if not blocks:
        return None
    offsets = np.cumsum([0] + [block.shape[1] for block in blocks])
    row = csr_matrix(
        (
            np.concatenate([block.data for block in blocks]),
            np.concatenate(
                [block.col + offset for block, offset in zip(blocks, offsets[:-1], strict=True)]
            ),
            [0, sum(block.nnz for block in blocks)],
        ),
        shape=(1, int(offsets[-1])),
    )
    row.sum_duplicates()
    return row


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(LogisticRegressionClassifier):
    """Rasa's logistic regression intent classifier with leaner saving and stacking."""

    def _create_X(self, messages: list[Message]) -> csr_matrix:
        rows = []
        for message in messages:
            row = sentence_row(message)
            if row is None:
                return super()._create_X(messages)  # a shape we don't shortcut
            rows.append(row)
        return rows[0] if len(rows) == 1 else vstack(rows, format="csr")

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as model_dir:
            arrays = {name: getattr(self.clf, name) for name in FITTED_ARRAYS}
            np.savez(model_dir / MODEL_FILE, **arrays)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LogisticRegressionClassifier:
        component = cls(config, execution_context.node_name, model_storage, resource)
        try:
            with (
                model_storage.read_from(resource) as model_dir,
                np.load(model_dir / MODEL_FILE, allow_pickle=False) as saved,
            ):
                for name in FITTED_ARRAYS:
                    setattr(component.clf, name, saved[name])
        except (ValueError, OSError, KeyError):
            # Like Rasa's class: nothing trained (e.g. no intents) -> an untrained component.
            return cls.create(config, model_storage, resource, execution_context)
        component.clf.n_features_in_ = component.clf.coef_.shape[1]
        return component
