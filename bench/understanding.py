"""How well mailbot understands mail: the labelled corpus in tests/corpus/understanding/.

Prints the confusion table per kind, the field accuracy, the figures that matter most (automated
mail that would be answered, registrations missed or wrongly registered), every miss, and the
time to parse and classify 1,000 messages on one core.

    .venv/bin/python bench/understanding.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.support

from mailbot.domain.model import ReplyKind
from mailbot.understand.classify import Context, classify
from mailbot.understand.parse import parse
from mailbot.understand.phrases import Phrases
from tests.support.corpus import load_cases, score

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "understanding"


def main() -> None:
    context = Context("anmeldung@metaplan.example", "de", Phrases.load())
    result = score(CORPUS, context)
    kinds = [kind.value for kind in ReplyKind]
    print(f"Corpus: {len(result.results)} messages\n")
    print("Confusion (rows: labelled kind, columns: what the bot said)")
    short = {
        k: k.replace("registration", "regist.").replace("cancellation", "cancel.")[:8]
        for k in kinds
    }
    print(f"{'':>14}" + "".join(f"{short[k]:>9}" for k in kinds))
    for label, row in sorted(result.confusion().items()):
        print(f"{label:>14}" + "".join(f"{row.get(k, 0) or '.':>9}" for k in kinds))
    right = sum(r.kind_right for r in result.results)
    print(f"\nright kind: {right}/{len(result.results)} = {result.kind_accuracy:.1%}")
    for name in ("name", "organisation"):
        good, total = result.field_accuracy(name)
        print(f"{name} right: {good}/{total} = {good / max(total, 1):.1%}")
    print(f"automated messages that would be answered: {len(result.automated_answered)}")
    print(
        f"registrations missed: {len(result.registrations_missed)}; "
        f"wrongly registered: {len(result.wrongly_registered)}"
    )

    misses = [
        r
        for r in result.results
        if not r.kind_right
        or r.field_right("name") is False
        or r.field_right("organisation") is False
    ]
    if misses:
        print("\nMisses:")
    for r in misses:
        found = {
            k: v.value for k, v in r.understood.fields.items() if k in ("name", "organisation")
        }
        print(
            f"  {r.case.file}: labelled {'/'.join(r.case.kinds)} "
            f"name={r.case.name!r} org={r.case.organisation!r}; "
            f"bot: {r.understood.kind.value} ({r.understood.rule}) {found}"
        )

    holdout = [r for r in result.results if "/holdout/" in r.case.file]
    tuned = [r for r in result.results if "/holdout/" not in r.case.file]
    print(
        f"right kind where the rules were tuned: {sum(r.kind_right for r in tuned)}/"
        f"{len(tuned)} = {sum(r.kind_right for r in tuned) / len(tuned):.1%}"
    )
    print(
        f"\nheld-out cases (written after tuning, never tuned on): "
        f"{sum(r.kind_right for r in holdout)}/{len(holdout)} right kind, "
        f"{sum(r.field_right('name') is True for r in holdout)}/"
        f"{sum(r.field_right('name') is not None for r in holdout)} names, "
        f"{sum(r.field_right('organisation') is True for r in holdout)}/"
        f"{sum(r.field_right('organisation') is not None for r in holdout)} organisations"
    )

    raws = [(CORPUS / case.file).read_bytes() for case in load_cases(CORPUS)]
    batch = (raws * (1000 // len(raws) + 1))[:1000]
    start = time.process_time()
    for raw in batch:
        classify(parse(raw), context)
    print(f"\nparse and classify 1,000 corpus messages: {time.process_time() - start:.2f} s CPU")


if __name__ == "__main__":
    main()
