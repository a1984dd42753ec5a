"""Norwegian account numbers (MOD11) and KID payment references (MOD10), known numbers."""

import pytest

from stedskaping.funding import bank


@pytest.mark.parametrize("number", [
    "86011117947",  # the account number Norwegian banks use as their example
    "8601.11.17947", "8601 11 17947",  # as people write it
    "12345678903",
    "15030500080",  # weighted sum divisible by 11: check digit 0
])
def test_valid_account_numbers(number):
    assert bank.is_valid_account(number)


@pytest.mark.parametrize("number", [
    "86011117948",  # last digit wrong
    "86011117974",  # two digits swapped
    "8601111794",  # 10 digits
    "860111179470",  # 12 digits
    "12345678920",  # the check would have to be 10: no such account
    "", None, "abcdefghijk", "8601.11.1794x", "٨٦٠١١١١٧٩٤٧",  # Arabic-Indic digits
    "8601\x0011\x0017947",
])
def test_invalid_account_numbers(number):
    assert not bank.is_valid_account(number)


def test_mod11_digit_of_an_account_without_one():
    assert bank.mod11_digit("1234567892") is None  # remainder 1: never issued
    assert bank.mod11_digit("8601111794") == 7


def test_account_numbers_are_printed_the_norwegian_way():
    assert bank.format_account("86011117947") == "8601.11.17947"
    assert bank.format_account(" 8601 11 17947 ") == "8601.11.17947"


@pytest.mark.parametrize("kid", ["1234567897", "79927398713", "0000000018", "18"])
def test_valid_kids(kid):
    assert bank.is_valid_kid(kid)


@pytest.mark.parametrize("kid", ["1234567890", "79927398710", "1", "12345678901234567890123459",
                                 "", None, "12a4567897"])
def test_invalid_kids(kid):
    assert not bank.is_valid_kid(kid)


def test_luhn_check_digits():
    assert bank.luhn_digit("123456789") == 7
    assert bank.luhn_digit("7992739871") == 3
    assert bank.luhn_digit("000000000") == 0


def test_a_pledges_kid_is_unique_checkable_and_leads_back_to_it():
    kids = [bank.kid_for(pledge_id) for pledge_id in range(1, 2001)]
    assert len(set(kids)) == len(kids)
    assert all(len(kid) == 10 and bank.is_valid_kid(kid) for kid in kids)
    assert bank.kid_for(1) == "0000000018"
    assert bank.kid_for(123456789) == "1234567897"
    assert bank.pledge_of_kid("1234567897") == 123456789
    assert bank.pledge_of_kid("1234567890") is None  # a typo is caught, not misread
    assert bank.is_valid_kid(bank.kid_for(12_345_678_901))  # longer ids still work
    with pytest.raises(ValueError):
        bank.kid_for(0)


def test_one_typo_in_a_kid_is_always_caught():
    kid = bank.kid_for(4711)
    for position in range(len(kid)):
        for digit in "0123456789":
            if digit != kid[position]:
                assert not bank.is_valid_kid(kid[:position] + digit + kid[position + 1:])
