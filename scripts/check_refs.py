"""Fails on a dangling reference in the repository's comments and docs (run by ./build.sh test):

- a Markdown file under docs/, with or without an #anchor, anywhere: the file exists, and the
  anchor is one of its headings (GitHub's slugs);
- a README section cited by its quoted title in code comments: README.md has that heading;
- Markdown links to a local file, `[text](path)` or `[text](path#anchor)`, in *.md: the file
  exists (relative to the linking file), and so does the anchor.

  python3 scripts/check_refs.py    (exits 1 and lists each dangling reference)
"""
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SKIP = ("vendor/", "fuzz/corpus/", "tests/data/")
TEXT = {".rs", ".js", ".mjs", ".ts", ".py", ".sh", ".toml", ".md", ".html", ".json", ".yml"}


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    h = re.sub(r"[`*_]", "", heading.strip().lower())
    h = re.sub(r"[^\w\- ]", "", h)
    return h.replace(" ", "-")


def headings(path):
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return [m.group(1) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.M)]


def anchors(path):
    seen, out = {}, set()
    for h in headings(path):
        s = slug(h)
        n = seen.get(s, 0)
        out.add(s if n == 0 else f"{s}-{n}")
        seen[s] = n + 1
    return out


def files():
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split("\n")
    return [ROOT / f for f in listed if f and not f.startswith(SKIP) and pathlib.Path(f).suffix in TEXT and (ROOT / f).is_file()]


def main():
    bad = []
    readme = {h.strip().lower() for h in headings(ROOT / "README.md")}
    for path in files():
        rel = path.relative_to(ROOT)
        text = path.read_text(encoding="utf-8", errors="replace")
        for n, line in enumerate(text.split("\n"), 1):
            where = f"{rel}:{n}"
            for m in re.finditer(r"(?<![\w/.])docs/([\w.-]+\.md)(?:#([\w-]+))?", line):
                target = ROOT / "docs" / m.group(1)
                if not target.is_file():
                    bad.append(f"{where}: docs/{m.group(1)} does not exist")
                elif m.group(2) and m.group(2) not in anchors(target):
                    bad.append(f"{where}: docs/{m.group(1)} has no section #{m.group(2)}")
            for m in re.finditer(r"README(?:, |'s )\"([^\"]+)\"", line):
                if m.group(1).strip().lower() not in readme:
                    bad.append(f'{where}: README.md has no section "{m.group(1)}"')
            if path.suffix == ".md":
                for m in re.finditer(r"\]\(([^)\s]+)\)", line):
                    link = m.group(1)
                    if re.match(r"^[a-z]+:", link) or link.startswith("//"):
                        continue
                    file, _, anchor = link.partition("#")
                    target = (path.parent / file) if file else path
                    if not target.exists():
                        bad.append(f"{where}: {link} does not exist")
                    elif anchor and target.suffix == ".md" and anchor not in anchors(target):
                        bad.append(f"{where}: {file or rel.name} has no section #{anchor}")
    for b in bad:
        print(b)
    if bad:
        print(f"{len(bad)} dangling references", file=sys.stderr)
        sys.exit(1)
    print(f"doc references: {len(files())} files checked, none dangling")


if __name__ == "__main__":
    main()
