#!/usr/bin/env python3
"""Checks every internal link of a built HTML book: each relative href or src names a file of
the book, and each #fragment an id (or name) on the page it points to. External links
(a scheme or //host) are not followed: the build has no network. Exit 1 lists the dead ones."""
import html.parser
import os
import sys
import urllib.parse


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and tag != "meta":
                self.ids.add(value)
            if (name == "href" and tag in ("a", "link", "area")) or (
                name == "src" and tag in ("img", "script", "iframe", "source")
            ):
                self.links.append(value)


def main(root):
    root = os.path.abspath(root)
    pages = {}
    for folder, _, files in os.walk(root):
        for name in files:
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                page = Page()
                with open(path, encoding="utf-8") as f:
                    page.feed(f.read())
                pages[path] = page
    if not pages:
        print(f"no HTML pages under {root}")
        return 1
    dead = []
    for path, page in sorted(pages.items()):
        for link in page.links:
            parts = urllib.parse.urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            target = path
            if parts.path:
                target = os.path.normpath(
                    os.path.join(os.path.dirname(path), urllib.parse.unquote(parts.path))
                )
                if os.path.isdir(target):
                    target = os.path.join(target, "index.html")
                if not target.startswith(root + os.sep) or not os.path.exists(target):
                    dead.append(f"{os.path.relpath(path, root)}: {link} (no such file)")
                    continue
            fragment = urllib.parse.unquote(parts.fragment)
            if fragment and target in pages and fragment not in pages[target].ids:
                dead.append(f"{os.path.relpath(path, root)}: {link} (no such anchor)")
    for line in dead:
        print(line)
    print(f"{len(pages)} pages, {sum(len(p.links) for p in pages.values())} links, {len(dead)} dead")
    return 1 if dead else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "book"))
