"""The numbered page links under a list."""

from residency_web.paging import page_numbers


def test_a_short_list_links_every_page() -> None:
    assert page_numbers(1, 1) == [1]
    assert page_numbers(2, 3) == [1, 2, 3]


def test_a_long_list_links_the_pages_around_the_current_one() -> None:
    assert page_numbers(10, 20) == [8, 9, 10, 11, 12]


def test_near_either_end_the_window_keeps_its_width() -> None:
    assert page_numbers(1, 20) == [1, 2, 3, 4, 5]
    assert page_numbers(20, 20) == [16, 17, 18, 19, 20]


def test_a_page_out_of_range_is_taken_as_the_nearest_end_and_no_pages_link_nothing() -> None:
    assert page_numbers(99, 3) == [1, 2, 3]
    assert page_numbers(1, 0) == []
