from polyglance.corpus.paragraphs import MAX_PARAGRAPH_CHARS, collapse, split_paragraphs


def test_one_paragraph_per_line():
    text = "Title line\nFirst paragraph is here.\nSecond one.\n"
    assert [p.text for p in split_paragraphs(text)] == [
        "Title line",
        "First paragraph is here.",
        "Second one.",
    ]


def test_hard_wrapped_blocks_are_joined():
    text = (
        "The council voted on Tuesday to reopen the old night-train line\n"
        "between the two cities, after a campaign that lasted eleven years\n"
        "and gathered forty thousand signatures.\n"
        "\n"
        "A second paragraph follows here, also wrapped at about seventy\n"
        "columns like an e-mail.\n"
    )
    paragraphs = split_paragraphs(text)
    assert len(paragraphs) == 2
    assert paragraphs[0].text.startswith("The council voted") and paragraphs[0].text.endswith(
        "signatures."
    )


def test_lists_and_menus_in_a_block_stay_separate():
    text = "Home\nWorld\nSport\n\n- first point of the list\n- second point of the list\n"
    assert len(split_paragraphs(text)) == 5


def test_offsets_map_back_to_text():
    text = "  Alpha beta\n\ngamma   delta\nepsilon\n\n\n  zeta  "
    for p in split_paragraphs(text):
        assert collapse(text[p.start : p.end]) == p.text
        assert not text[p.start].isspace() and not text[p.end - 1].isspace()


def test_huge_line_is_bounded():
    text = ("word " * 50_000).strip()
    paragraphs = split_paragraphs(text)
    assert all(len(p.text) <= MAX_PARAGRAPH_CHARS for p in paragraphs)
    assert sum(len(p.text.split()) for p in paragraphs) == 50_000
