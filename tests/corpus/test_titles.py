"""Files of one sentence a line: headlines and short sentences are content, titles are kept."""

from __future__ import annotations

from polyglance.corpus.clean import clean_document

STANDFIRST = """\
Harbour council approves new ferry link to the islands
Councillors voted eight to three for the plan on Tuesday evening
Ferries will run every two hours from the old fish market pier
Critics say the island roads cannot take the extra traffic
The harbour council approved on Tuesday a plan for a new ferry link between the old fish market pier and the three islands, after a debate that lasted more than four hours.
The company that won the tender has declined to respond publicly to the critics' comments.
Shares in the ferry operator rose by four per cent.
"We have waited for this for twenty years," said one islander.
"""

NO_HEADLINE = """\
At a meeting that many had waited for, the members of the regional water board spent the whole of Monday deciding whether to raise the price of water for the first time in ten years.
The board met in the old town hall.
It decided to keep the price as it is until next spring, when a new study will be ready.
"""


def _kinds(text: str) -> list[tuple[str, str]]:
    doc = clean_document("x.txt", text, "utf-8")
    return [(p.kind, p.text) for p in doc.paragraphs]


def test_headline_before_standfirst_lines_is_the_title_and_all_lines_are_content():
    kinds = _kinds(STANDFIRST)
    assert kinds[0] == ("title", "Harbour council approves new ferry link to the islands")
    assert all(kind not in ("boilerplate", "meta") for kind, _ in kinds), kinds


def test_sentences_that_speak_of_shares_and_comments_are_content():
    kinds = dict((text, kind) for kind, text in _kinds(STANDFIRST))
    assert kinds["Shares in the ferry operator rose by four per cent."] == "body"
    assert (
        kinds[
            "The company that won the tender has declined to respond publicly to the critics' comments."
        ]
        == "body"
    )


def test_headline_with_share_in_it_is_the_title():
    text = "Glassworks raises two million in share sale\n" + STANDFIRST.split("\n", 1)[1]
    assert _kinds(text)[0] == ("title", "Glassworks raises two million in share sale")


def test_text_without_headline_gets_its_opening_sentence_as_title():
    kinds = _kinds(NO_HEADLINE)
    assert kinds[0][0] == "title"
    assert all(kind not in ("boilerplate", "meta") for kind, _ in kinds)


def test_site_name_with_slogan_before_the_headline_is_still_header():
    text = "RiverNews – the voice of the valley\n" + STANDFIRST
    kinds = _kinds(text)
    assert kinds[0][0] == "boilerplate"
    assert kinds[1] == ("title", "Harbour council approves new ferry link to the islands")


def test_exclamation_headline_with_a_dash_is_the_title():
    text = "Cheap drones - delivered to your door!\n" + STANDFIRST.split("\n", 1)[1]
    assert _kinds(text)[0] == ("title", "Cheap drones - delivered to your door!")
