"""A small three-language corpus for the manual-alignment tests (texts written for them)."""

from __future__ import annotations

from pathlib import Path

from polyglance.tui.pipeline import index_corpus

ARTICLE = {
    "en.txt": [
        "Library bus Saga reaches Tornfjell after 19 years",
        "The library bus Saga of the Varnes county library stopped in Tornfjell on 12 May 2024"
        " for the first time since 2005, with 2,800 books on board.",
        "Driver Hedda Lunde said 41 children were waiting at the school in Tornfjell.",
        "The county paid 1.3 million crowns for a new heating system in the bus.",
        "Librarian Jonas Aker counted 164 loans on the first day, most of them comics.",
        "The next stop of Saga is Brekkevik on 19 May, then Oldeneset on 26 May.",
        "Mayor Siri Holm promised that the route would run every week until 2027.",
    ],
    "fr.txt": [
        "Le bibliobus Saga arrive à Tornfjell après 19 ans",
        "Le bibliobus Saga de la bibliothèque du comté de Varnes s'est arrêté à Tornfjell le"
        " 12 mai 2024 pour la première fois depuis 2005, avec 2 800 livres à bord.",
        "La conductrice Hedda Lunde a déclaré que 41 enfants attendaient à l'école de Tornfjell.",
        "Le comté a payé 1,3 million de couronnes pour un nouveau chauffage dans le bus.",
        "Le bibliothécaire Jonas Aker a compté 164 prêts le premier jour, surtout des bandes"
        " dessinées.",
        "Le prochain arrêt de Saga est Brekkevik le 19 mai, puis Oldeneset le 26 mai.",
        "La maire Siri Holm a promis que la tournée aurait lieu chaque semaine jusqu'en 2027.",
    ],
    "de.txt": [
        "Bücherbus Saga erreicht Tornfjell nach 19 Jahren",
        "Der Bücherbus Saga der Kreisbibliothek Varnes hielt am 12. Mai 2024 zum ersten Mal"
        " seit 2005 in Tornfjell, mit 2.800 Büchern an Bord.",
        "Fahrerin Hedda Lunde sagte, 41 Kinder hätten an der Schule in Tornfjell gewartet.",
        "Der Kreis zahlte 1,3 Millionen Kronen für eine neue Heizung im Bus.",
        "Bibliothekar Jonas Aker zählte am ersten Tag 164 Ausleihen, meist Comics.",
        "Der nächste Halt von Saga ist Brekkevik am 19. Mai, dann Oldeneset am 26. Mai.",
        "Bürgermeisterin Siri Holm versprach, dass die Route bis 2027 jede Woche fahre.",
    ],
}

#: An unrelated document, added to the corpus later in some tests.
OTHER = (
    "other.txt",
    [
        "Harbour crane Big Otto lifts its last container at Smestad",
        "After 52 years and about 900,000 containers, the crane Big Otto of the port of Smestad"
        " was switched off on 3 October 2023.",
        "Crane operator Per Vik, who worked on it for 31 years, pressed the button himself.",
    ],
)

#: A Norwegian translation, joining the article in some tests.
NB = (
    "nb.txt",
    [
        "Bokbussen Saga når Tornfjell etter 19 år",
        "Bokbussen Saga fra Varnes fylkesbibliotek stoppet i Tornfjell 12. mai 2024 for første"
        " gang siden 2005, med 2800 bøker om bord.",
        "Sjåfør Hedda Lunde sa at 41 barn ventet ved skolen i Tornfjell.",
        "Fylket betalte 1,3 millioner kroner for et nytt varmeanlegg i bussen.",
        "Bibliotekar Jonas Aker telte 164 utlån den første dagen, mest tegneserier.",
        "Neste stopp for Saga er Brekkevik 19. mai, deretter Oldeneset 26. mai.",
        "Ordfører Siri Holm lovet at ruten skal gå hver uke fram til 2027.",
    ],
)


def write(root: Path, name: str, paragraphs: list[str]) -> None:
    (root / name).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def make_corpus(root: Path, article: dict[str, list[str]] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, paragraphs in (article or ARTICLE).items():
        write(root, name, paragraphs)
    return root


def make_index(tmp_path: Path) -> tuple[Path, Path]:
    """(corpus folder, index file) of the three-language article, indexed."""
    root = make_corpus(tmp_path / "corpus")
    index = tmp_path / "index.sqlite"
    index_corpus(root, index)
    return root, index
