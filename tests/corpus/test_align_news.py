"""A hand-written four-language news story: paragraphs, a heading, captions, and a title and
lead that only the German version has."""

from __future__ import annotations

from polyglance.corpus.align import align_multi, align_pair

EN = [
    "Harbour city Tromsvik opens a floating solar farm. Photo: Kari Lund .",
    "The municipality of Tromsvik switched on 4,200 floating solar panels in its old harbour "
    "basin on Monday, the first installation of its kind north of the Arctic Circle. The "
    "project, led by engineer Mira Halvorsen, cost 38 million kroner and should cover the "
    "electricity needs of about 900 households during the summer months.",
    "According to Halvorsen, the panels are mounted on rings of recycled plastic that rise "
    "and fall with the tide. In winter, when the sun does not rise above the horizon for "
    "seven weeks, the farm will be switched off and the rings anchored more tightly to "
    "protect them from drifting ice.",
    "Critics doubt the investment",
    "Not everyone is convinced. The fishermen's association Nordfisk fears that the "
    "installation will disturb the spawning grounds of cod, and its chairman Odd Brekke "
    "called the project \u00aban expensive experiment\u00bb. The municipality replies that a "
    "study by the University of Bergen found no measurable effect on the fish.",
    "The floating panels in the harbour of Tromsvik. Photo: NTB .",
    "If the first year goes well, Tromsvik wants to triple the installation by 2028 and sell "
    "the surplus power to the neighbouring island of Sandøy.",
]

DE = [
    "Sonnenstrom aus dem Eismeer",
    "Eine kleine Stadt in Nordnorwegen wagt ein ungewöhnliches Experiment.",
    "Die Hafenstadt Tromsvik eröffnet einen schwimmenden Solarpark. Foto: Kari Lund .",
    "Die Gemeinde Tromsvik hat am Montag 4.200 schwimmende Solarmodule im alten Hafenbecken "
    "in Betrieb genommen, die erste Anlage dieser Art nördlich des Polarkreises. Das von der "
    "Ingenieurin Mira Halvorsen geleitete Projekt kostete 38 Millionen Kronen und soll in den "
    "Sommermonaten den Strombedarf von rund 900 Haushalten decken.",
    "Laut Halvorsen sind die Module auf Ringen aus recyceltem Kunststoff montiert, die mit den "
    "Gezeiten steigen und fallen. Im Winter, wenn die Sonne sieben Wochen lang nicht über den "
    "Horizont steigt, wird die Anlage abgeschaltet und die Ringe werden fester verankert, "
    "damit das Treibeis sie nicht beschädigt.",
    "Kritiker zweifeln an der Investition",
    "Nicht alle sind überzeugt. Der Fischerverband Nordfisk befürchtet, dass die Anlage die "
    "Laichgründe des Kabeljaus stört, und sein Vorsitzender Odd Brekke nannte das Projekt "
    "\u201eein teures Experiment\u201c. Die Gemeinde entgegnet, eine Studie der Universität "
    "Bergen habe keine messbaren Auswirkungen auf die Fische festgestellt.",
    "Die schwimmenden Module im Hafen von Tromsvik. Foto: NTB .",
    "Wenn das erste Jahr gut verläuft, will Tromsvik die Anlage bis 2028 verdreifachen und den "
    "überschüssigen Strom an die Nachbarinsel Sandøy verkaufen.",
]

FR = [
    "La ville portuaire de Tromsvik inaugure une centrale solaire flottante. Photo : Kari Lund .",
    "La commune de Tromsvik a mis en service lundi 4 200 panneaux solaires flottants dans son "
    "ancien bassin portuaire, la première installation de ce type au nord du cercle polaire. "
    "Le projet, dirigé par l'ingénieure Mira Halvorsen, a coûté 38 millions de couronnes et "
    "devrait couvrir les besoins en électricité d'environ 900 foyers pendant les mois d'été.",
    "Selon Halvorsen, les panneaux sont fixés sur des anneaux en plastique recyclé qui montent "
    "et descendent avec la marée. En hiver, lorsque le soleil ne se lève pas au-dessus de "
    "l'horizon pendant sept semaines, la centrale sera arrêtée et les anneaux ancrés plus "
    "solidement pour les protéger de la glace dérivante.",
    "Les critiques doutent de l'investissement",
    "Tout le monde n'est pas convaincu. L'association de pêcheurs Nordfisk craint que "
    "l'installation ne perturbe les frayères du cabillaud, et son président Odd Brekke a "
    "qualifié le projet d'\u00ab expérience coûteuse \u00bb. La commune répond qu'une étude de "
    "l'Université de Bergen n'a constaté aucun effet mesurable sur les poissons.",
    "Les panneaux flottants dans le port de Tromsvik. Photo : NTB .",
    "Si la première année se passe bien, Tromsvik veut tripler l'installation d'ici 2028 et "
    "vendre le surplus d'électricité à l'île voisine de Sandøy.",
]

NB = [
    "Havnebyen Tromsvik åpner en flytende solcellepark. Foto: Kari Lund .",
    "Tromsvik kommune satte mandag i drift 4200 flytende solcellepaneler i det gamle "
    "havnebassenget, det første anlegget av sitt slag nord for polarsirkelen. Prosjektet, ledet "
    "av ingeniør Mira Halvorsen, kostet 38 millioner kroner og skal dekke strømbehovet til "
    "rundt 900 husstander i sommermånedene.",
    "Ifølge Halvorsen er panelene montert på ringer av resirkulert plast som stiger og synker "
    "med tidevannet. Om vinteren, når sola ikke kommer over horisonten på sju uker, slås "
    "anlegget av og ringene forankres tettere for å beskytte dem mot drivis.",
    "Kritikere tviler på investeringen",
    "Ikke alle er overbevist. Fiskarlaget Nordfisk frykter at anlegget vil forstyrre "
    "gyteområdene til torsken, og leder Odd Brekke kalte prosjektet \u00aben dyr "
    "eksperiment\u00bb. Kommunen svarer at en studie fra Universitetet i Bergen ikke fant noen "
    "målbar effekt på fisken.",
    "De flytende panelene i havna i Tromsvik. Foto: NTB .",
    "Hvis det første året går bra, vil Tromsvik tredoble anlegget innen 2028 og selge "
    "overskuddsstrømmen til naboøya Sandøy.",
]


def test_pairs_are_one_to_one_after_the_extra_title_and_lead() -> None:
    beads = align_pair(DE, EN)
    assert [(b.src, b.tgt) for b in beads] == [((0,), ()), ((1,), ())] + [
        ((i + 2,), (i,)) for i in range(len(EN))
    ]
    assert all(b.confidence > 0.5 for b in beads[2:])


def test_four_languages_make_one_table() -> None:
    texts = [EN, DE, FR, NB]
    rows = align_multi(texts)
    assert [r.cells for r in rows] == [
        ((), (0,), (), ()),
        ((), (1,), (), ()),
    ] + [((i,), (i + 2,), (i,), (i,)) for i in range(len(EN))]
    assert min(r.confidence for r in rows[2:]) > 0.5


def test_order_of_texts_does_not_matter() -> None:
    rows = align_multi([NB, FR, DE, EN])
    assert [r.cells for r in rows][:2] == [((), (), (0,), ()), ((), (), (1,), ())]
    assert [r.cells for r in rows][2:] == [((i,), (i,), (i + 2,), (i,)) for i in range(len(EN))]
