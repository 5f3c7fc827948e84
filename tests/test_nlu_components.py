"""LinearIntentClassifier predicts exactly what Rasa's LogisticRegressionClassifier predicts.

Both are trained here on the project's NLU data, featurised by the same components as in
config.yml, and compared on the held-out messages; ours is also saved and loaded back.
Real Rasa components, no model file and no server (~20 s: two fits of the full data).
"""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from harness.stack import PROJECT_ROOT

rasa_graph = pytest.importorskip("rasa.engine.graph")


def _pipeline_config(name: str) -> dict:
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())
    return next(component for component in config["pipeline"] if component["name"].endswith(name))


@pytest.fixture(scope="module")
def storage(tmp_path_factory):
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    return LocalModelStorage(tmp_path_factory.mktemp("nlu-components"))


def _context(node: str):
    from rasa.engine.graph import ExecutionContext, GraphSchema

    return ExecutionContext(GraphSchema({}), node_name=node)


@pytest.fixture(scope="module")
def featurisers(storage):
    """config.yml's tokenizer and featurisers, trained on the project's NLU data."""
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
        CountVectorsFeaturizer,
    )
    from rasa.nlu.featurizers.sparse_featurizer.regex_featurizer import RegexFeaturizer
    from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(PROJECT_ROOT / "data" / "nlu"))
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())["pipeline"]
    steps = []
    for index, component in enumerate(config):
        kind = {
            "WhitespaceTokenizer": WhitespaceTokenizer,
            "RegexFeaturizer": RegexFeaturizer,
            "CountVectorsFeaturizer": CountVectorsFeaturizer,
        }.get(component["name"])
        if kind is None:
            continue
        options = {key: value for key, value in component.items() if key != "name"}
        step = kind.create(
            {**kind.get_default_config(), **options},
            storage,
            Resource(f"step{index}"),
            _context(f"step{index}"),
        )
        if hasattr(step, "train"):
            step.train(data)
        step.process_training_data(data)
        steps.append(step)
    return data, steps


def _featurised(steps, texts):
    from rasa.shared.nlu.constants import TEXT
    from rasa.shared.nlu.training_data.message import Message

    messages = [Message(data={TEXT: text}) for text in texts]
    for step in steps:
        step.process(messages)
    return messages


def _trained(kind, name, storage, data):
    from rasa.engine.storage.resource import Resource

    config = {
        **kind.get_default_config(),
        **{
            key: value
            for key, value in _pipeline_config("LinearIntentClassifier").items()
            if key != "name"
        },
    }
    classifier = kind.create(config, storage, Resource(name), _context(name))
    classifier.train(data)
    return classifier, config


@pytest.fixture(scope="module")
def classifiers(featurisers, storage):
    from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier

    from careerpath_rasa.nlu.linear_intents import LinearIntentClassifier

    data, _ = featurisers
    rasa_own, _ = _trained(LogisticRegressionClassifier, "rasa_logreg", storage, data)
    ours, config = _trained(LinearIntentClassifier, "linear_intents", storage, data)
    return rasa_own, ours, config


def _holdout_texts():
    holdout = yaml.safe_load((PROJECT_ROOT / "tests" / "nlu_holdout.yml").read_text())
    texts = []
    for block in holdout["nlu"]:
        texts += [
            line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")
        ]
    return texts + ["🙂", "b.com tally excel", "kpo kya hai"]


def _probabilities(classifier, messages):
    return classifier.clf.predict_proba(classifier._create_X(messages))


def test_the_input_matrix_is_rasa_s_matrix(featurisers, classifiers):
    rasa_own, ours, _ = classifiers
    messages = _featurised(featurisers[1], _holdout_texts())
    assert (ours._create_X(messages) != rasa_own._create_X(messages).tocsr()).nnz == 0
    single = messages[:1]
    assert (ours._create_X(single) != rasa_own._create_X(single).tocsr()).nnz == 0


def test_the_fitted_model_and_its_predictions_are_rasa_s(featurisers, classifiers):
    rasa_own, ours, _ = classifiers
    assert list(ours.clf.classes_) == list(rasa_own.clf.classes_)
    np.testing.assert_array_equal(ours.clf.coef_, rasa_own.clf.coef_)
    messages = _featurised(featurisers[1], _holdout_texts())
    np.testing.assert_array_equal(
        _probabilities(ours, messages), _probabilities(rasa_own, messages)
    )
    ours.process(messages)
    assert all(message.get("intent")["name"] in set(ours.clf.classes_) for message in messages)


def test_a_saved_classifier_loads_back_to_the_same_predictions(featurisers, classifiers, storage):
    from rasa.engine.storage.resource import Resource

    from careerpath_rasa.nlu.linear_intents import LinearIntentClassifier

    _, ours, config = classifiers
    loaded = LinearIntentClassifier.load(
        config, storage, Resource("linear_intents"), _context("linear_intents")
    )
    messages = _featurised(featurisers[1], _holdout_texts())
    np.testing.assert_array_equal(_probabilities(loaded, messages), _probabilities(ours, messages))
    assert loaded.clf.n_features_in_ == ours.clf.n_features_in_


def test_nothing_saved_loads_as_an_untrained_classifier(storage):
    from rasa.engine.storage.resource import Resource

    from careerpath_rasa.nlu.linear_intents import LinearIntentClassifier

    config = LinearIntentClassifier.get_default_config()
    loaded = LinearIntentClassifier.load(
        config, storage, Resource("never_trained"), _context("never_trained")
    )
    assert not hasattr(loaded.clf, "coef_")


def test_config_yml_names_our_components_as_registered_classes():
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe
    from rasa.shared.utils.common import class_from_module_path

    from careerpath_rasa.nlu.linear_intents import LinearIntentClassifier
    from careerpath_rasa.nlu.unknown_words import UnknownWordsFallback

    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())["pipeline"]
    ours = [component["name"] for component in config if "." in component["name"]]
    assert [class_from_module_path(name) for name in ours] == [
        LinearIntentClassifier,
        UnknownWordsFallback,
    ]
    for component in (LinearIntentClassifier, UnknownWordsFallback):
        registered = DefaultV1Recipe._registered_components[component.__name__]
        assert registered.clazz is component
        assert DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER in registered.types
        assert registered.is_trainable
