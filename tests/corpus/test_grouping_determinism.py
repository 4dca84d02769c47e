"""12.12: the same input gives the same articles whatever PYTHONHASHSEED is."""

import json
import os
import subprocess
import sys
import textwrap

#: Builds documents whose scores tie in exact arithmetic (many anchors of different rarity,
#: shared in different orders), groups them and prints scores and groups.
SCRIPT = textwrap.dedent(
    """
    import json, random
    from polyglance.corpus.grouping import DocInfo, group_documents, pair_scores

    rng = random.Random(7)
    pool = [f"@n{k:03d}" for k in range(300)] + [f"#{k}" for k in range(10, 200)]
    docs = []
    for story in range(40):
        core = rng.sample(pool, 25)
        for k, lang in enumerate(("en", "fi", "de")):
            extra = rng.sample(pool, 4)
            docs.append(DocInfo(len(docs) + 1, lang, frozenset(core[k:] + extra), 900 + 10 * k))
    scores = pair_scores(docs)
    print(json.dumps({
        "scores": sorted((i, j, repr(s)) for (i, j), s in scores.items()),
        "groups": [[g.members, sorted(g.duplicates.items())] for g in group_documents(docs)],
    }))
    """
)


def _run(seed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_grouping_is_the_same_under_every_hash_seed():
    runs = [_run(seed) for seed in ("0", "1", "2", "3", "12345")]
    assert len(runs[0]["scores"]) > 100
    assert sum(len(g[0]) > 1 for g in runs[0]["groups"]) >= 10
    for run in runs[1:]:
        assert run == runs[0]
