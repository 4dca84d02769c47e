"""`polyglance align`: one pair, a batch of jobs, --confidence; run as a user runs it."""

from __future__ import annotations

import subprocess
import sys

from polyglance.corpus.align import align_pair, evaluate, parse_beads

DE = [
    "Der Zug nach Wien fährt jeden Morgen um acht Uhr vom Hauptbahnhof ab.",
    "Die Fahrt dauert ungefähr sieben Stunden und kostet 59 Euro.",
    "Im Speisewagen gibt es warme Suppe, Kaffee und frisches Brot.",
    "Viele Reisende schlafen, andere lesen die Zeitung oder schauen aus dem Fenster.",
    "Am Abend kommt der Zug pünktlich in Wien an.",
]
FR = [
    "Le train pour Vienne part chaque matin à huit heures de la gare centrale.",
    "Le voyage dure environ sept heures et coûte 59 euros.",
    "Au wagon-restaurant, on sert de la soupe chaude, du café et du pain frais.",
    "Beaucoup de voyageurs dorment, d'autres lisent le journal ou regardent par la fenêtre.",
    "Le soir, le train arrive à Vienne à l'heure.",
]
EN = [
    "The library of tools opened its doors in the old school on Saturday.",
    "Neighbours can borrow drills, ladders and sewing machines for a week, free of charge.",
    "More than 300 people signed up in the first month.",
]
FI = [
    "Työkalukirjasto avasi ovensa vanhassa koulussa lauantaina.",
    "Naapurit voivat lainata porakoneita, tikkaita ja ompelukoneita viikoksi maksutta.",
    "Ensimmäisen kuukauden aikana yli 300 ihmistä ilmoittautui mukaan.",
]


def run(*args, check=True):
    result = subprocess.run(
        [sys.executable, "-m", "polyglance.tui.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


def _write(path, lines):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(x + "\n" for x in lines), encoding="utf-8")


def test_batch_relative_paths_and_pooling_per_language_pair(tmp_path):
    data = tmp_path / "data"
    _write(data / "texts" / "a.de", DE)
    _write(data / "texts" / "a.fr", FR)
    _write(data / "texts" / "b.de", DE[:3])
    _write(data / "texts" / "b.fr", FR[:3])
    _write(data / "en.txt", EN)
    _write(data / "fi.txt", FI)
    jobs = data / "jobs.tsv"
    jobs.write_text(
        "# name, source, target\n"
        "ch1\ttexts/a.de\ttexts/a.fr\n"
        "ch2\ttexts/b.fr\ttexts/b.de\n"  # the other way round: the same language pair
        "news/one\ten.txt\tfi.txt\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    # run from elsewhere: paths are relative to the jobs file's folder, not the cwd
    result = run("align", "--jobs", str(jobs), "--out", str(out))
    assert "aligned 3 jobs" in result.stderr
    assert "de-fr 2" in result.stderr and "en-fi 1" in result.stderr
    ch1 = parse_beads((out / "ch1").read_text(encoding="utf-8"))
    assert [(b.src, b.tgt) for b in ch1] == [((i,), (i,)) for i in range(5)]
    ch2 = parse_beads((out / "ch2").read_text(encoding="utf-8"))
    assert [(b.src, b.tgt) for b in ch2] == [((i,), (i,)) for i in range(3)]
    one = (out / "news" / "one").read_text(encoding="utf-8").splitlines()
    assert one == ["[0]:[0]", "[1]:[1]", "[2]:[2]"]  # the format `align SRC TGT` prints
    single = run("align", str(data / "en.txt"), str(data / "fi.txt")).stdout.splitlines()
    assert single == one


def test_batch_missing_file_is_a_clear_error_naming_it(tmp_path):
    _write(tmp_path / "a.de", DE)
    jobs = tmp_path / "jobs.tsv"
    jobs.write_text("ch1\ta.de\tmissing.fr\n", encoding="utf-8")
    result = run("align", "--jobs", str(jobs), "--out", str(tmp_path / "out"), check=False)
    assert result.returncode in (1, 2)
    assert "missing.fr" in result.stderr and "line 1" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()  # nothing half-written
    gone = run("align", "--jobs", str(tmp_path / "nope.tsv"), "--out", "x", check=False)
    assert gone.returncode in (1, 2) and "nope.tsv" in gone.stderr
    single = run("align", str(tmp_path / "a.de"), str(tmp_path / "b.fr"), check=False)
    assert single.returncode in (1, 2) and "b.fr" in single.stderr


def test_batch_malformed_line_and_usage(tmp_path):
    jobs = tmp_path / "jobs.tsv"
    jobs.write_text("only two\tfields\n", encoding="utf-8")
    result = run("align", "--jobs", str(jobs), "--out", str(tmp_path / "o"), check=False)
    assert result.returncode == 2 and "line 1" in result.stderr
    assert run("align", "--jobs", str(jobs), check=False).returncode == 2  # no --out
    assert run("align", check=False).returncode == 2


def test_confidence_format_both_modes(tmp_path):
    _write(tmp_path / "de.txt", DE)
    _write(tmp_path / "fr.txt", FR)
    lines = run(
        "align", str(tmp_path / "de.txt"), str(tmp_path / "fr.txt"), "--confidence"
    ).stdout.splitlines()
    assert len(lines) == 5
    for line in lines:
        bead, conf = line.split("\t")
        assert bead.startswith("[") and bead.endswith("]")
        assert 0.0 <= float(conf) <= 1.0 and len(conf.split(".")[1]) == 3
    parsed = parse_beads("\n".join(lines))  # bead files with confidences read back
    expected = align_pair(DE, FR)
    assert [(b.src, b.tgt) for b in parsed] == [(b.src, b.tgt) for b in expected]
    assert [b.confidence for b in parsed] == [round(b.confidence, 3) for b in expected]
    jobs = tmp_path / "jobs.tsv"
    jobs.write_text("x\tde.txt\tfr.txt\n", encoding="utf-8")
    run("align", "--jobs", str(jobs), "--out", str(tmp_path / "o"), "--confidence")
    batch = (tmp_path / "o" / "x").read_text(encoding="utf-8").splitlines()
    assert all(len(line.split("\t")) == 2 for line in batch) and len(batch) == 5
    # align-eval reads bead files with confidences
    gold = tmp_path / "gold"
    gold.write_text("".join(f"[{i}]:[{i}]\n" for i in range(5)), encoding="utf-8")
    out = run("align-eval", str(gold), str(tmp_path / "o" / "x"), "--json").stdout
    assert '"f1": 1.0' in out
    assert evaluate([parse_beads(gold.read_text())], [parsed]).strict_f1 == 1.0
