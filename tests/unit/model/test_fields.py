"""Field types are taken apart in one place: optional or not, the type without None, the item type of a list."""

from __future__ import annotations

from generator.model.fields import describe, entity, hints, shape
from generator.model.kinds import Contact, EscalationStage, Problem, Source


def test_shape_of_each_kind_of_field() -> None:
    problem = hints(Problem)
    assert shape(problem["title"]) == shape(str)
    assert (shape(problem["title"]).optional, shape(problem["title"]).type, shape(problem["title"]).item) == \
        (False, str, None)
    assert shape(problem["causes"]).item is str
    assert shape(problem["sources"]).item is Source
    optional = shape(hints(Contact)["phone"])
    assert (optional.optional, optional.type, optional.item) == (True, str, None)


def test_describe_and_entity_words() -> None:
    assert describe(hints(Problem)["causes"]) == "a list of texts"
    assert describe(hints(EscalationStage)["contacts"]) == "a list of mappings"
    assert describe(hints(Source)["quote"]) == "a text"
    assert describe(Source) == "a mapping"
    assert entity(EscalationStage) == "escalation stage"
