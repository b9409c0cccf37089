import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.errors import JoinRefused
from facilitator.sessions import JOIN_ALPHABET, JOIN_CODE_LENGTH, new_join_code, normalize_join_code


def test_the_alphabet_has_no_characters_that_look_alike():
    for look_alike in "0O1IL":
        assert look_alike not in JOIN_ALPHABET
    assert len(set(JOIN_ALPHABET)) == len(JOIN_ALPHABET) == 31


def test_a_new_code_has_six_characters_from_the_alphabet():
    codes = {new_join_code() for _ in range(500)}
    assert all(len(c) == JOIN_CODE_LENGTH and set(c) <= set(JOIN_ALPHABET) for c in codes)
    assert len(codes) > 490  # random, not a counter


@pytest.mark.parametrize("typed", ["abc234", " ABC 234 ", "abc-234", "Abc\t234\n"])
def test_typing_forgives_case_spaces_and_dashes(typed):
    assert normalize_join_code(typed) == "ABC234"


@pytest.mark.parametrize(
    "typed", ["", "ABC23", "ABC2345", "ABC0OI", "ABC23L", "ÄBC234", "' OR 1=1 --", "A" * 10_000]
)
def test_malformed_codes_are_refused(typed):
    with pytest.raises(JoinRefused) as refused:
        normalize_join_code(typed)
    assert refused.value.code == "join_malformed"


@given(st.text(max_size=200))
def test_any_text_is_either_a_valid_code_or_refused_as_malformed(raw):
    try:
        code = normalize_join_code(raw)
    except JoinRefused as refused:
        assert refused.code == "join_malformed"
    else:
        assert len(code) == JOIN_CODE_LENGTH and set(code) <= set(JOIN_ALPHABET)
