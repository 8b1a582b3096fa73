"""Synthetic records, for the benchmark and the scale tests only: never part of the published site.

`make_project(destination, count)` copies the project (data/, docs/, mkdocs.yml; scripts/ is
linked so the real hooks run) and adds `count` generated records. Everything generated is marked
as synthetic: ids start with `synthetic-`, titles with "Synthetic record", each file says so, and
no person has an ORCID iD (a random one could be a real person's). Output is deterministic for a
given count and seed.

Run directly to make a project to look at:  python scripts/synthetic_records.py 200 /tmp/synthetic
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

_WORDS = (
    "practice probation staff service trauma support supervision culture training court "
    "community practitioners managers evidence outcomes wellbeing relationships risk desistance "
    "policy inspection delivery women young adults mental health partnership resettlement "
    "interventions quality engagement learning organisational leadership workload assessment "
    "review custody release accommodation employment education families victims safeguarding"
).split()
_GIVEN = "Ada Ben Cara Dev Ela Finn Gita Hugo Iris Jon Kai Lena Milo Nia Omar Pia Ravi Sara Tom Uma".split()
_FAMILY = (
    "Abbott Baker Chen Dervish Evans Fofana Garcia Hughes Iqbal Jones Khan Lewis Moreau Novak "
    "Okafor Patel Quinn Rossi Singh Taylor Ueda Varga Walsh Xu Young Zielinski"
).split()
_SUBJECTS = [f"Synthetic subject {n:02d}" for n in range(40)]
_KEYWORDS = [f"synthetic keyword {n:02d}" for n in range(60)]
_SERIES = 8
_FIRST_YEAR, _LAST_YEAR = 2000, 2024


@dataclass(frozen=True)
class SyntheticProject:
    root: Path
    record_ids: tuple[str, ...]  # the generated ones only


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(12, 28)) for _ in range(sentences))


def _prose(rng: random.Random) -> str:
    """About the size of the real bulletin's abstract (~3 KB): context, approach, findings."""
    findings = "\n".join(f"- {_paragraph(rng, 2)}" for _ in range(4))
    return (
        "<!-- SYNTHETIC: generated for benchmarks and tests; not a real record. -->\n\n"
        "## Abstract\n\n"
        f"### Context\n\n{_paragraph(rng, 4)}\n\n"
        f"### Approach\n\n{_paragraph(rng, 3)}\n\n"
        f"### Key findings and implications\n\n{findings}\n"
    )


def _dump(path: Path, data: dict, comment: str) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(f"# {comment}\n{text}", encoding="utf-8")


def _append_table(path: Path, entries: dict) -> None:
    """Add definitions to a shared data file (people.yml...), keeping the real ones."""
    existing = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    existing.update(entries)
    _dump(path, existing, "Real definitions, plus SYNTHETIC ones added for a benchmark or test.")


def _people(count: int) -> dict[str, dict]:
    people = {}
    for n in range(count):
        given, family = _GIVEN[n % len(_GIVEN)], _FAMILY[(n // len(_GIVEN)) % len(_FAMILY)]
        people[f"synthetic-person-{n:04d}"] = {
            "given": given,
            "family": f"{family}-{n:04d}",  # unique and plainly not a real name
            "affiliation": f"synthetic-organisation-{n % 12:02d}",
        }
    return people


def _record(rng: random.Random, number: int, people: list[str], licences: list[str]) -> dict:
    record_id = f"synthetic-{number:04d}"
    year = rng.randint(_FIRST_YEAR, _LAST_YEAR)
    precision = rng.random()
    if precision < 0.6:
        published = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    elif precision < 0.8:
        published = f"{year}-{rng.randint(1, 12):02d}"
    else:
        published = str(year)
    # A few prolific authors and a long tail, as in a real repository.
    authors = []
    for _ in range(rng.randint(1, 4)):
        index = min(int(rng.paretovariate(1.2)) - 1, len(people) - 1)
        candidate = (
            people[(index * 7919 + number) % len(people)] if rng.random() < 0.5 else people[index]
        )
        if candidate not in authors:
            authors.append(candidate)
    data: dict = {
        "id": record_id,
        "title": f"Synthetic record {number:04d}: {_sentence(rng, rng.randint(4, 9))[:-1]}",
        "authors": authors,
        "published": published,
        "status": "Published",
        "language": "en-GB",
        "licence": rng.choice(licences),
        "subjects": sorted(set(rng.sample(_SUBJECTS, rng.randint(1, 4)))),
    }
    if rng.random() < 0.35:
        data = {
            **data,
            "type": "article",
            "item_type": "Article",
            "journal": {
                "title": f"Synthetic Journal {rng.randint(1, 15):02d}",
                "volume": str(rng.randint(1, 40)),
                "issue": str(rng.randint(1, 4)),
                "pages": f"{(first := rng.randint(1, 300))}-{first + rng.randint(3, 25)}",
            },
            # 10.5555 is the DOI prefix Crossref keeps for examples and tests.
            "doi": f"10.5555/synthetic.{number:04d}",
            "keywords": sorted(set(rng.sample(_KEYWORDS, rng.randint(2, 5)))),
        }
    else:
        data = {
            **data,
            "type": "report",
            "item_type": "Monograph (Project Report)",
            "publisher": f"synthetic-organisation-{rng.randint(0, 11):02d}",
        }
        if rng.random() < 0.8:
            data["series"] = f"synthetic-series-{rng.randint(0, _SERIES - 1)}"
            data["series_number"] = str(number)
    return data


def make_project(
    destination: Path, count: int, *, seed: int = 5, keep_real_records: bool = False
) -> SyntheticProject:
    """A copy of the project with `count` synthetic records (and, optionally, the real ones)."""
    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    for name in ("data", "docs"):
        shutil.copytree(ROOT / name, destination / name)
    shutil.copy2(ROOT / "mkdocs.yml", destination / "mkdocs.yml")
    (destination / "scripts").symlink_to(ROOT / "scripts")

    data, docs = destination / "data", destination / "docs"
    if not keep_real_records:
        for path in (data / "records").glob("*.yml"):
            (docs / "records" / f"{path.stem}.md").unlink()
            path.unlink()

    rng = random.Random(seed)
    people = _people(max(2, count // 2))
    _append_table(data / "people.yml", people)
    _append_table(
        data / "organisations.yml",
        {
            f"synthetic-organisation-{n:02d}": {"name": f"Synthetic Organisation {n:02d}"}
            for n in range(12)
        },
    )
    _append_table(
        data / "series.yml",
        {
            f"synthetic-series-{n}": {
                "title": f"Synthetic Series {n}",
                "publisher": f"synthetic-organisation-{n:02d}",
            }
            for n in range(_SERIES)
        },
    )
    licences = sorted(yaml.safe_load((data / "licences.yml").read_text(encoding="utf-8")))

    ids = []
    for number in range(1, count + 1):
        record = _record(rng, number, list(people), licences)
        _dump(
            data / "records" / f"{record['id']}.yml",
            record,
            "SYNTHETIC: generated for benchmarks and tests; not a real record.",
        )
        (docs / "records" / f"{record['id']}.md").write_text(_prose(rng), encoding="utf-8")
        ids.append(record["id"])
    return SyntheticProject(destination, tuple(ids))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("destination", type=Path)
    parser.add_argument("--keep-real-records", action="store_true")
    args = parser.parse_args(argv)
    if args.destination.exists():
        parser.error(f"{args.destination} exists; choose a new folder")
    project = make_project(args.destination, args.count, keep_real_records=args.keep_real_records)
    print(f"{len(project.record_ids)} synthetic records in {project.root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
