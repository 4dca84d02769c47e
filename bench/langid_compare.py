#!/usr/bin/env python3
"""Compare language-identification libraries for polyglance's indexer.

Run by hand from anywhere (it finds the repo root from its own path):

    python bench/langid_compare.py            # full run, prints markdown tables
    python bench/langid_compare.py --quick    # fewer samples, shorter timing

Libraries (each is optional; a missing one is reported, not fatal):

* ``lingua-language-detector`` - high-accuracy mode with all languages, the same
  restricted to a handful of news languages, and (for reference) low-accuracy mode;
* ``py3langid`` - ``LanguageIdentifier`` with normalised probabilities as confidence;
* ``pycld2`` - confidence = top-language percent / 100 when CLD2 calls the result
  reliable, else 0.

Material is read at run time from ``../shared`` relative to the repo root (never
copied into the repo): ``seeds/*.txt`` (five scraped news documents) and
``dev/bible-nt/*.xml`` (New Testaments in 12 languages).

Every configuration is measured in its own subprocess, pinned to one CPU, with the
thread-pool variables set to 1, so that load time, throughput and peak RSS
(``resource.getrusage``) are per library and single-threaded.  Robustness inputs
(NUL, control characters, empty, emoji) run in a further subprocess so a crash is
recorded as a crash.  Python sockets are disabled in the children: the libraries
must not download anything at run time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

# Expected document language per seed, keyed by the file-name prefix.
SEED_LANG = {"000": "nb", "001": "ms", "002": "de", "003": "de", "004": "fr"}

# Bible files are mapped by their file name (the XML headers' own codes are
# unreliable: gj, kb, rm, ss/ssw for Swahili, sy).  ISO 639-1 where it exists,
# else 639-3.
BIBLE_LANG = {
    "basque": ("Basque", "eu"),
    "cherokee": ("Cherokee", "chr"),
    "estonian": ("Estonian", "et"),
    "gujarati": ("Gujarati", "gu"),
    "kabyle": ("Kabyle", "kab"),
    "latvian": ("Latvian", "lv"),
    "romani": ("Romani", "rom"),
    "swahili": ("Swahili", "sw"),
    "syriac": ("Syriac", "syr"),
    "ukranian": ("Ukrainian", "uk"),
    "ukrainian": ("Ukrainian", "uk"),
    "wolof": ("Wolof", "wo"),
    "zulu": ("Zulu", "zu"),
}
LATIN_BIBLE = {"eu", "et", "kab", "lv", "rom", "sw", "wo", "zu"}

# Library output codes folded onto the codes above.  py3langid and CLD2 say "no"
# for Norwegian and have a separate "nn", so their "no" is Bokmål.
CANON = {"no": "nb", "iw": "he", "in": "id", "jw": "jv", "ji": "yi"}

HANDFUL = ["en", "de", "fr", "nb", "nn", "da", "sv", "ms", "id", "vi"]

CONFIGS = {
    "lingua-high-all": "lingua, high accuracy, all languages",
    "lingua-high-handful": "lingua, high accuracy, " + "/".join(HANDFUL),
    "lingua-low-all": "lingua, low accuracy, all languages (reference)",
    "py3langid": "py3langid LanguageIdentifier(norm_probs=True)",
    "pycld2": "pycld2.detect, defaults",
}

# Line rule: a line shorter than N chars or below confidence C takes the
# document's (detected) language.  Chosen up front, the same for every library;
# the sweep table shows the sensitivity.
RULE_N = 40
RULE_C = 0.5
SWEEP_N = (0, 20, 40, 80)
SWEEP_C = (0.0, 0.5, 0.9)

ROBUST_CASES = [
    ("empty", ""),
    ("whitespace", " \n\t "),
    ("NUL only", "\x00"),
    ("NUL in text", "Dette er en setning\x00 med en NUL midt i."),
    ("C0 controls", "Dette er\x01\x02\x07\x08\x0b\x0c\x1b[0m vanlig tekst."),
    ("DEL/C1 controls", "Dette er \x7f\x80\x85\x9f vanlig tekst."),
    ("emoji only", "\U0001f600\U0001f389\U0001f44d\U0001f3fd\u2764\ufe0f"),
    ("lone surrogate", "Dette er \ud800 vanlig tekst."),
]
CTRL_CASES = {"NUL only", "NUL in text", "C0 controls", "DEL/C1 controls"}


def canon(code):
    if not code or code in ("un", "und", "zxx") or code.startswith("xx-"):
        return None  # unknown / no linguistic content / CLD2 script-only pseudo-codes
    return CANON.get(code, code)


# --------------------------------------------------------------------------
# Adapters: load(config) -> (classify(text) -> (code | None, conf), supported)
# --------------------------------------------------------------------------


def load_adapter(config):
    if config.startswith("lingua-"):
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

        if config == "lingua-high-handful":
            langs = [
                Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in HANDFUL
            ]
            builder = LanguageDetectorBuilder.from_languages(*langs)
        else:
            langs = list(Language.all())
            builder = LanguageDetectorBuilder.from_all_languages()
        if config == "lingua-low-all":
            builder = builder.with_low_accuracy_mode()
        detector = builder.with_preloaded_language_models().build()

        def code_of(lang):
            return lang.iso_code_639_1.name.lower()

        def classify(text):
            values = detector.compute_language_confidence_values(text)
            if not values or values[0].value <= 0:
                return None, 0.0
            return canon(code_of(values[0].language)), float(values[0].value)

        return classify, {canon(code_of(lang)) for lang in langs}

    if config == "py3langid":
        from py3langid import langid

        cls = langid.LanguageIdentifier
        if hasattr(cls, "from_model_file"):
            ident = cls.from_model_file(langid.MODEL_FILE, norm_probs=True)
        else:  # older py3langid
            ident = cls.from_pickled_model(langid.MODEL_FILE, norm_probs=True)

        def classify(text):
            code, conf = ident.classify(text)
            return canon(code), float(conf)

        return classify, {canon(c) for c in ident.nb_classes} - {None}

    if config == "pycld2":
        import pycld2

        def classify(text):
            reliable, _nbytes, details = pycld2.detect(text)
            _name, code, percent, _score = details[0]
            code = canon(code)
            return code, (percent / 100.0 if reliable and code else 0.0)

        name_to_code = {}
        for name, code in pycld2.LANGUAGES:
            name_to_code.setdefault(name, code)
        supported = {canon(name_to_code.get(n)) for n in pycld2.DETECTED_LANGUAGES}
        return classify, supported - {None}

    raise SystemExit(f"unknown config {config!r}")


def library_version(config):
    from importlib.metadata import PackageNotFoundError, version

    dist = {"py3langid": "py3langid", "pycld2": "pycld2"}.get(config, "lingua-language-detector")
    try:
        return version(dist)
    except PackageNotFoundError:
        return None


# --------------------------------------------------------------------------
# Data (built in the parent, handed to the children as JSON)
# --------------------------------------------------------------------------


def read_verses(path):
    verses = []
    for _event, elem in ET.iterparse(path, events=("end",)):
        if elem.tag == "seg":
            if elem.get("type", "verse") == "verse":
                text = " ".join("".join(elem.itertext()).split())
                if text:
                    verses.append(text)
            elem.clear()
    return verses


def make_paragraphs(verses, rng, count, target=400, cap=420):
    paras = []
    for _ in range(count):
        i = rng.randrange(len(verses))
        parts, size = [], 0
        while size < target and i < len(verses):
            parts.append(verses[i])
            size += len(verses[i]) + 1
            i += 1
        text = " ".join(parts)
        if len(text) > cap:
            cut = text.rfind(" ", 0, cap)
            text = text[: cut if cut > target // 2 else cap]
        paras.append(text)
    return paras


def build_data(n_verses, n_paras, seed):
    seeds = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        expected = SEED_LANG.get(path.name[:3])
        if expected:
            seeds.append({"name": path.name[:3], "lang": expected, "text": path.read_text("utf-8")})
    bible = []
    for path in sorted((SHARED / "dev" / "bible-nt").glob("*.xml")):
        key = path.stem.split("-")[0].lower()
        if key not in BIBLE_LANG:
            print(f"warning: no language mapping for {path.name}; skipped", file=sys.stderr)
            continue
        name, code = BIBLE_LANG[key]
        verses = read_verses(path)
        rng = random.Random(f"{seed}:{code}")
        bible.append(
            {
                "name": name,
                "lang": code,
                "verses": rng.sample(verses, min(n_verses, len(verses))),
                "paras": make_paragraphs(verses, rng, n_paras),
            }
        )
    news = [c for s in seeds for c in chunk_text(s["text"])]
    return {"seeds": seeds, "bible": bible, "news": news}


def chunk_text(text, target=400):
    """Whitespace-normalised ~target-char chunks of a document, cut at word boundaries."""
    words, chunks, cur = text.split(), [], []
    size = 0
    for w in words:
        cur.append(w)
        size += len(w) + 1
        if size >= target:
            chunks.append(" ".join(cur))
            cur, size = [], 0
    if size >= target // 2:
        chunks.append(" ".join(cur))
    return chunks


# --------------------------------------------------------------------------
# Children
# --------------------------------------------------------------------------


def _child_setup():
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})

    import socket

    def _no_network(*_a, **_k):
        raise RuntimeError("network access attempted during the benchmark")

    socket.socket.connect = _no_network  # type: ignore[method-assign]
    socket.create_connection = _no_network  # type: ignore[assignment]
    return cpu


def _maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _throughput(classify, texts, min_seconds, reps=3):
    """Best of `reps` timed passes, each looping over `texts` for >= min_seconds/reps."""
    best = 0.0
    for _ in range(reps):
        n, t0 = 0, time.perf_counter()
        while True:
            for t in texts:
                classify(t)
            n += len(texts)
            elapsed = time.perf_counter() - t0
            if elapsed >= min_seconds / reps:
                break
        best = max(best, n / elapsed)
    return best


def _safe(classify, text):
    try:
        return classify(text), None
    except Exception as exc:
        return (None, 0.0), f"{type(exc).__name__}"


def run_child(config, data_path, min_seconds):
    cpu = _child_setup()
    data = json.loads(Path(data_path).read_text("utf-8"))
    rss_base = _maxrss_mb()

    t0 = time.perf_counter()
    classify, supported = load_adapter(config)
    classify("Warm-up sentence for the first call.")
    load_s = time.perf_counter() - t0
    rss_loaded = _maxrss_mb()

    latin = [p for b in data["bible"] if b["lang"] in LATIN_BIBLE for p in b["paras"]]
    mixed = [p for b in data["bible"] for p in b["paras"]]
    speed_latin = _throughput(classify, latin, min_seconds) if latin else None
    speed_all = _throughput(classify, mixed, min_seconds) if mixed else None
    news = data["news"]
    speed_news = _throughput(classify, news, min_seconds) if news else None

    errors = Counter()
    seeds = []
    for s in data["seeds"]:
        (doc, doc_conf), err = _safe(classify, s["text"])
        if err:
            errors[err] += 1
        lines = []
        for line in s["text"].splitlines():
            line = line.strip()
            if not line:
                continue
            (code, conf), err = _safe(classify, line)
            if err:
                errors[err] += 1
            lines.append([len(line), code, conf])
        seeds.append(
            {"name": s["name"], "lang": s["lang"], "doc": doc, "doc_conf": doc_conf, "lines": lines}
        )

    bible = []
    for b in data["bible"]:
        out = {"lang": b["lang"], "name": b["name"], "supported": b["lang"] in supported}
        for kind in ("verses", "paras"):
            preds = []
            for text in b[kind]:
                (code, _conf), err = _safe(classify, text)
                if err:
                    errors[err] += 1
                preds.append(code)
            out[kind] = preds
        bible.append(out)

    result = {
        "config": config,
        "version": library_version(config),
        "cpu": cpu,
        "load_s": load_s,
        "speed_latin": speed_latin,
        "speed_all": speed_all,
        "speed_news": speed_news,
        "n_news": len(news),
        "news_len": statistics.mean(len(p) for p in news) if news else 0,
        "n_latin": len(latin),
        "n_all": len(mixed),
        "mean_len": statistics.mean(len(p) for p in mixed) if mixed else 0,
        "rss_base_mb": rss_base,
        "rss_loaded_mb": rss_loaded,
        "rss_peak_mb": _maxrss_mb(),
        "errors": dict(errors),
        "seeds": seeds,
        "bible": bible,
    }
    print("RESULT " + json.dumps(result, ensure_ascii=True), flush=True)


def run_robust_child(config, case_names):
    _child_setup()
    classify, _supported = load_adapter(config)
    cases = dict(ROBUST_CASES)
    for name in case_names:
        print("START " + json.dumps(name), flush=True)
        try:
            code, conf = classify(cases[name])
            outcome = {"raised": None, "result": f"{code or 'none'} {conf:.2f}"}
        except Exception as exc:
            outcome = {"raised": type(exc).__name__, "result": str(exc)[:60]}
        print("CASE " + json.dumps([name, outcome], ensure_ascii=True), flush=True)


# --------------------------------------------------------------------------
# Parent
# --------------------------------------------------------------------------


def _child_env():
    env = dict(os.environ)
    for var in (
        "RAYON_NUM_THREADS",
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "NUMEXPR_NUM_THREADS",
    ):
        env[var] = "1"
    return env


def _available(config):
    mod = {"py3langid": "py3langid", "pycld2": "pycld2"}.get(config, "lingua")
    probe = subprocess.run(
        [sys.executable, "-c", f"import {mod}"], capture_output=True, env=_child_env()
    )
    return probe.returncode == 0


def measure(config, data_path, min_seconds):
    proc = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            config,
            "--data",
            data_path,
            "--min-seconds",
            str(min_seconds),
        ],
        capture_output=True,
        text=True,
        env=_child_env(),
    )
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
    return {"config": config, "failed": f"exit {proc.returncode}: " + " | ".join(tail)}


def robustness(config):
    remaining = [name for name, _ in ROBUST_CASES]
    outcomes = {}
    while remaining:
        proc = subprocess.run(
            [sys.executable, __file__, "--robust", config, "--cases", json.dumps(remaining)],
            capture_output=True,
            text=True,
            env=_child_env(),
        )
        started = None
        for line in proc.stdout.splitlines():
            if line.startswith("START "):
                started = json.loads(line[6:])
            elif line.startswith("CASE "):
                name, outcome = json.loads(line[5:])
                outcomes[name] = outcome
                started = None
        remaining = [n for n in remaining if n not in outcomes]
        if remaining:
            if started is None:  # died before the first case: loading failed
                for n in remaining:
                    outcomes[n] = {"raised": "load failed", "result": f"exit {proc.returncode}"}
                break
            outcomes[started] = {"raised": f"CRASH (exit {proc.returncode})", "result": ""}
            remaining.remove(started)
    return outcomes


def pct(right, total):
    return f"{100.0 * right / total:.1f}%" if total else "n/a"


def line_score(seed, n_min, c_min):
    right = 0
    for length, code, conf in seed["lines"]:
        assigned = seed["doc"] if (length < n_min or conf < c_min or code is None) else code
        right += assigned == seed["lang"]
    return right


def table(headers, rows):
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def bible_acc(res, kind):
    """(macro mean over all languages, macro mean over supported ones, n supported)."""
    accs, sup = [], []
    for b in res["bible"]:
        preds = b[kind]
        acc = sum(p == b["lang"] for p in preds) / len(preds) if preds else 0.0
        accs.append(acc)
        if b["supported"]:
            sup.append(acc)
    mean_all = statistics.mean(accs) if accs else 0.0
    mean_sup = statistics.mean(sup) if sup else None
    return mean_all, mean_sup, len(sup)


def fmt_bible(res, kind):
    mean_all, mean_sup, n_sup = bible_acc(res, kind)
    if mean_sup is None:
        return f"n/a (0/{len(res['bible'])} supported)"
    return f"{100 * mean_all:.1f}% ({n_sup} sup: {100 * mean_sup:.1f}%)"


def report(results, robust, args):
    ok = [r for r in results if "failed" not in r]
    print("# Language-identification comparison\n")
    print(
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} CPUs; each library in its own subprocess pinned to one CPU. "
        f"Material: {SHARED}. Sampling seed {args.seed}; "
        f"{args.verses} verses and {args.paras} paragraphs per Bible language.\n"
    )
    for r in results:
        ver = r.get("version") or "?"
        print(
            f"- `{r['config']}`: {CONFIGS[r['config']]} (version {ver})"
            + (f" - FAILED: {r['failed']}" if "failed" in r else "")
        )
    aliases = ", ".join(f"{k}->{v}" for k, v in CANON.items())
    print(
        "\nCodes: ISO 639-1 where one exists, else 639-3; `no` is counted as `nb` "
        f"({aliases}). Line rule: a line shorter than N={RULE_N} chars or below "
        f"confidence C={RULE_C} takes the document's detected language. "
        "pycld2 confidence = percent/100 if reliable else 0.\n"
    )

    # Summary
    rows = []
    for r in ok:
        seeds = r["seeds"]
        docs = sum(s["doc"] == s["lang"] for s in seeds)
        lines_total = sum(len(s["lines"]) for s in seeds)
        lines_right = sum(line_score(s, RULE_N, RULE_C) for s in seeds)
        rob = robust.get(r["config"], {})
        ctrl = [n for n in CTRL_CASES if rob.get(n, {}).get("raised")]
        other = [
            n for n in ("empty", "emoji only", "lone surrogate") if rob.get(n, {}).get("raised")
        ]
        raises = ("yes" if ctrl else "no") + (f" (also: {', '.join(other)})" if other else "")
        rows.append(
            [
                r["config"],
                f"{docs}/{len(seeds)}",
                f"{lines_right}/{lines_total}",
                fmt_bible(r, "verses"),
                fmt_bible(r, "paras"),
                f"{r['speed_news']:.0f} / {r['speed_latin']:.0f}",
                f"{r['load_s']:.2f}",
                f"{r['rss_peak_mb']:.0f} (+{r['rss_peak_mb'] - r['rss_base_mb']:.0f})",
                raises,
            ]
        )
    print("## Summary\n")
    print(
        table(
            [
                "library",
                "seed docs right",
                f"seed lines right (N={RULE_N}, C={RULE_C})",
                "bible verse acc (12 langs; supported only)",
                "bible paragraph acc",
                "paragraphs/s, 1 core (news / Latin Bible)",
                "load s",
                "peak RSS MB (+over bare python)",
                "raises on control chars",
            ],
            rows,
        )
    )
    if ok:
        print(
            "\nparagraphs/s: best of 3 timed passes, one call per paragraph returning "
            f"language + confidence, over {ok[0]['n_news']} news chunks cut from the seeds "
            f"(mean {ok[0]['news_len']:.0f} chars) / the {ok[0]['n_latin']} Latin-script "
            f"Bible paragraphs (mean {ok[0]['mean_len']:.0f} chars over all 12).\n"
        )

    # Seeds detail
    print("## Seeds\n")
    headers = ["seed (expected)"] + [r["config"] for r in ok]
    rows = []
    for i, s0 in enumerate(ok[0]["seeds"] if ok else []):
        row = [f"{s0['name']} ({s0['lang']}, {len(s0['lines'])} lines)"]
        for r in ok:
            s = r["seeds"][i]
            mark = "ok" if s["doc"] == s["lang"] else "WRONG"
            raw = sum(code == s["lang"] for _l, code, _c in s["lines"])
            ruled = line_score(s, RULE_N, RULE_C)
            wrong = Counter(code or "none" for _l, code, _c in s["lines"] if code != s["lang"])
            wrong_s = ",".join(f"{c}x{n}" for c, n in wrong.most_common(4))
            row.append(
                f"doc {s['doc'] or 'none'} {s['doc_conf']:.2f} {mark}; "
                f"lines {ruled}/{len(s['lines'])} ruled, {raw} raw [{wrong_s}]"
            )
        rows.append(row)
    print(table(headers, rows))
    print("\n(raw = every line classified on its own; [..] = raw wrong predictions by code.)\n")

    print("### Line-rule sweep: seed lines right (of all non-empty lines)\n")
    headers = ["library"] + [f"N={n},C={c}" for n in SWEEP_N for c in SWEEP_C]
    rows = [
        [r["config"]]
        + [sum(line_score(s, n, c) for s in r["seeds"]) for n in SWEEP_N for c in SWEEP_C]
        for r in ok
    ]
    print(table(headers, rows) + "\n")

    # Bible detail
    print("## Bible, per language (verse acc / paragraph acc; '-' = language not supported)\n")
    headers = ["language"] + [r["config"] for r in ok]
    rows = []
    for i, b0 in enumerate(ok[0]["bible"] if ok else []):
        row = [f"{b0['name']} ({b0['lang']})"]
        for r in ok:
            b = r["bible"][i]
            v = sum(p == b["lang"] for p in b["verses"]) / len(b["verses"])
            p = sum(x == b["lang"] for x in b["paras"]) / len(b["paras"])
            row.append(f"{'' if b['supported'] else '- '}{100 * v:.0f} / {100 * p:.0f}")
        rows.append(row)
    print(table(headers, rows) + "\n")

    print("### Most frequent wrong answers at paragraph level\n")
    rows = []
    for i, b0 in enumerate(ok[0]["bible"] if ok else []):
        row = [f"{b0['name']} ({b0['lang']})"]
        for r in ok:
            b = r["bible"][i]
            wrong = Counter(x or "none" for x in b["paras"] if x != b["lang"])
            row.append(", ".join(f"{c}x{n}" for c, n in wrong.most_common(3)) or "")
        rows.append(row)
    print(table(headers, rows) + "\n")

    # Speed & memory
    print("## Speed and memory (one CPU, separate subprocess)\n")
    rows = []
    for r in ok:
        rows.append(
            [
                r["config"],
                f"{r['load_s']:.2f}",
                f"{r['speed_news']:.0f}",
                f"{r['speed_latin']:.0f}",
                f"{r['speed_all']:.0f}",
                f"{r['rss_base_mb']:.0f}",
                f"{r['rss_loaded_mb']:.0f}",
                f"{r['rss_peak_mb']:.0f}",
                "yes" if 2 * min(r["speed_news"], r["speed_latin"]) >= 3000 else "no",
                ", ".join(f"{k}x{v}" for k, v in r["errors"].items()) or "0",
            ]
        )
    print(
        table(
            [
                "library",
                "load s (import+build+1st call)",
                "para/s news",
                "para/s Latin Bible",
                "para/s all 12 scripts",
                "RSS before import MB",
                "RSS after load MB",
                "peak RSS MB",
                "2 procs >= 3000/s?",
                "exceptions during accuracy runs",
            ],
            rows,
        )
        + "\n"
    )

    # Robustness
    print("## Robustness (raises? -> result or exception)\n")
    headers = ["input", *robust]
    rows = []
    for name, text in ROBUST_CASES:
        row = [f"{name} `{ascii(text)[:28]}`"]
        for cfg in robust:
            o = robust[cfg].get(name, {})
            if o.get("raised"):
                row.append(f"RAISES {o['raised']}: {o['result']}".replace("|", "/"))
            else:
                row.append(f"ok -> {o.get('result', '?')}")
        rows.append(row)
    print(table(headers, rows))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--configs",
        default=",".join(CONFIGS),
        help="comma-separated subset of: " + ", ".join(CONFIGS),
    )
    ap.add_argument("--verses", type=int, default=300)
    ap.add_argument("--paras", type=int, default=30)
    ap.add_argument("--seed", type=int, default=20250624)
    ap.add_argument(
        "--min-seconds", type=float, default=3.0, help="timing budget per speed measurement"
    )
    ap.add_argument("--quick", action="store_true", help="60 verses, 10 paragraphs, 1 s timing")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--robust", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    ap.add_argument("--cases", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child:
        run_child(args.child, args.data, args.min_seconds)
        return
    if args.robust:
        run_robust_child(args.robust, json.loads(args.cases))
        return

    if args.quick:
        args.verses, args.paras, args.min_seconds = 60, 10, 1.0
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        ap.error(f"unknown config(s): {unknown}")
    if not (SHARED / "seeds").is_dir() or not (SHARED / "dev" / "bible-nt").is_dir():
        ap.error(f"material not found under {SHARED}")

    data = build_data(args.verses, args.paras, args.seed)
    results, robust = [], {}
    with tempfile.TemporaryDirectory(prefix="langid-bench-") as tmp:
        data_path = str(Path(tmp) / "data.json")
        Path(data_path).write_text(json.dumps(data, ensure_ascii=True), "utf-8")
        for config in configs:
            if not _available(config):
                results.append({"config": config, "failed": "library not installed"})
                continue
            print(f"measuring {config} ...", file=sys.stderr, flush=True)
            results.append(measure(config, data_path, args.min_seconds))
            robust[config] = robustness(config)
    report(results, robust, args)


if __name__ == "__main__":
    main()
