import pytest

from facilitator.privacy import answers_needed, may_show, token_hash, validate_min_group_size


@pytest.mark.parametrize("k", [0, 1, 2, -5])
def test_the_minimum_group_size_is_never_below_three(k):
    with pytest.raises(ValueError, match="never below 3"):
        validate_min_group_size(k)


@pytest.mark.parametrize("k", [3, 5, 30])
def test_a_minimum_of_three_or_more_is_accepted(k):
    assert validate_min_group_size(k) == k


def test_a_result_needs_k_answers_and_says_how_many_more():
    assert answers_needed(0, 5) == 5
    assert answers_needed(4, 5) == 1
    assert not may_show(4, 5)
    assert answers_needed(5, 5) == 0
    assert may_show(5, 5)
    assert answers_needed(9, 5) == 0


def test_a_stored_token_hash_does_not_contain_the_token():
    token = "abc123-token"
    assert token not in token_hash(token)
    assert token_hash(token) == token_hash(token)
    assert len(token_hash(token)) == 64
