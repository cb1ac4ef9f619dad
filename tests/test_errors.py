from __future__ import annotations

import pickle

import pytest

import stancegraph as sg
from stancegraph import errors

SUBCLASSES = [
    (errors.InvalidRecordError, ValueError),
    (errors.DuplicateIdError, ValueError),
    (errors.UnknownIdError, KeyError),
    (errors.IntegrityError, ValueError),
    (errors.ParseError, ValueError),
    (errors.UnknownFormatError, ValueError),
    (errors.StoreError, OSError),
    (errors.ArgumentError, ValueError),
    (errors.MissingExtraError, ImportError),
]


@pytest.mark.parametrize(("cls", "builtin"), SUBCLASSES)
def test_every_error_is_a_stancegraph_error_and_a_builtin(cls: type, builtin: type) -> None:
    assert issubclass(cls, sg.StanceGraphError)
    assert issubclass(cls, builtin)


def test_tree_is_drawn_in_the_module_docstring() -> None:
    for cls, builtin in SUBCLASSES:
        assert f"{cls.__name__} ({builtin.__name__})" in (errors.__doc__ or "")


def test_message_names_every_field() -> None:
    err = errors.UnknownIdError("unknown target", file="a.yaml", line=4, record="stances[1]",
                                field="target", id="germny", expected="an actor",
                                suggestion="germany")
    assert str(err) == ("a.yaml, line 4, stances[1], field 'target': unknown target 'germny' "
                        "(expected an actor; did you mean 'germany'?)")


def test_located_fills_only_missing_fields() -> None:
    err = errors.InvalidRecordError("bad", record="actors[0]")
    moved = err.located(file="x.json", line=3, record="ignored")
    assert (moved.file, moved.line, moved.record) == ("x.json", 3, "actors[0]")
    assert type(moved) is errors.InvalidRecordError
    with pytest.raises(TypeError, match="unknown error field"):
        err.located(colour="red")


def test_errors_survive_pickling() -> None:
    err = errors.UnknownIdError("unknown", id="x", suggestion="y", line=2)
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is errors.UnknownIdError and str(again) == str(err)


def test_closest() -> None:
    assert errors.closest("polnd", ["poland", "hungary"]) == "poland"
    assert errors.closest("zzz", ["poland"]) is None


def test_bad_rows_error_lists_its_problems_and_survives_pickling_and_locating() -> None:
    problems = [errors.RowProblem(3, "no holder", line=4, field="holder"),
                errors.RowProblem(3, "not a date", line=4, field="date", value="24/03/2022")]
    err = errors.BadRowsError("1 of 5 rows is not a valid statement", problems=problems)
    assert isinstance(err, errors.InvalidRecordError) and isinstance(err, ValueError)
    assert err.rows == (3,)
    moved = err.located(file="s.csv")
    assert isinstance(moved, errors.BadRowsError) and moved.problems == err.problems
    assert str(moved) == ("s.csv: 1 of 5 rows is not a valid statement:\n"
                          "  line 4, row 3, field 'holder': no holder\n"
                          "  line 4, row 3, field 'date': not a date '24/03/2022'")
    again = pickle.loads(pickle.dumps(moved))
    assert type(again) is errors.BadRowsError and str(again) == str(moved)
    assert "BadRowsError (ValueError)" in (errors.__doc__ or "")


def test_skipped_rows_warning_carries_its_problems() -> None:
    problem = errors.RowProblem(1, "no holder")
    warning = errors.SkippedRowsWarning("s.csv: skipped 1 of 1 rows", [problem])
    assert isinstance(warning, sg.StanceGraphWarning) and warning.problems == (problem,)


def test_an_argument_error_is_not_bad_data() -> None:
    assert not issubclass(errors.ArgumentError, errors.InvalidRecordError)
    with pytest.raises(errors.ArgumentError) as err:
        errors.check_choice("stat3d", ("stated", "state"), "level", field="level")
    assert (err.value.id, err.value.field, err.value.suggestion) == ("stat3d", "level", "stated")
    assert errors.check_choice("state", ("stated", "state"), "level") == "state"
    with pytest.raises(errors.ArgumentError, match=r"unknown k '3' \(expected one of: 1, 2\)"):
        errors.check_choice(3, (1, 2), "k")
    with pytest.raises(errors.ArgumentError):
        errors.check_choice(True, (1, 2), "k")  # True == 1, but it is not a choice given


def test_a_missing_extra_survives_pickling() -> None:
    err = errors.MissingExtraError.of("shacl", "SHACL validation")
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is errors.MissingExtraError and str(again) == str(err)
    assert again.extra == "shacl"


@pytest.mark.parametrize("call", [
    lambda g: sg.as_of(g, "2022-13-01"),
    lambda g: sg.as_of(g, 20220324),
    lambda g: sg.queries.time.between(g, "yesterday", "2022-03-29"),
    lambda g: sg.coalitions(g, as_of="29/03/2022"),
    lambda g: sg.coalitions_over_time(g, start="x"),
], ids=["as_of month", "as_of int", "between", "coalitions", "over time"])
def test_a_date_argument_that_is_not_a_date_is_an_argument_error(
        nato: sg.StanceGraph, call: object) -> None:
    with pytest.raises(errors.ArgumentError, match="is not a date"):
        call(nato)  # type: ignore[operator]
