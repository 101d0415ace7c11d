"""Codes of the problems MkDocs itself finds (worded by pyairtable_docs.errors.links): links, and a
README.md it leaves out."""

from __future__ import annotations

from pyairtable_docs.core.codes import Code, Example

GUIDE = "GUIDES/developer-guide/"
CODES: tuple[Code, ...] = (
    Code(
        "LNK001",
        "A link points to a page or file that is not in `docs/`.",
        "Link to the Markdown file by its path relative to the page (here `setup.md`, the file beside it; never "
        "the published URL). "
        "MkDocs suggests a close match when it finds one (*Did you mean ...?*); a page that was moved needs "
        "every link to it updated: `grep -rn 'old-name.md' docs/` finds them.",
        (Example(GUIDE + "example-broken-link.md", "# Example\n\nSee [the setup guide](set-up.md).\n"),),
        via="build",
    ),
    Code(
        "LNK002",
        "A link names an anchor (`#section`) that the target page does not have.",
        "Open the target page in the preview and copy the heading's link (the ¶ sign beside it): anchors are "
        "the heading in lower case with spaces turned into hyphens, and they change when the heading does.",
        (Example(GUIDE + "example-broken-anchor.md", "# Example\n\nSee [the first steps](setup.md#first-stepz).\n"),),
        via="build",
    ),
    Code(
        "LNK003",
        "A link starts with `/`, so it depends on where the site is published.",
        "Write the link relative to the page (`../../SCHEMAS/README.md`); MkDocs then checks it and the site "
        "works under any base path, the local preview included.",
        (Example(GUIDE + "example-absolute-link.md", "# Example\n\nSee [the schemas](/SCHEMAS/).\n"),),
        via="build",
    ),
    Code(
        "LNK004",
        "A relative link names a folder or a file without an extension, which MkDocs cannot check.",
        "Link to the Markdown file itself: `../../SCHEMAS/README.md` rather than `../../SCHEMAS`.",
        (Example(GUIDE + "example-folder-link.md", "# Example\n\nSee [the schemas](../../SCHEMAS).\n"),),
        via="build",
    ),
    Code(
        "NAV006",
        "A folder holds both `README.md` and `index.md`: both would be its index page, so MkDocs leaves "
        "`README.md` out of the site.",
        "Keep one index page per folder. In this hub it is `README.md`: move what `index.md` says into it, "
        "delete `index.md` (`git rm`), and link to `README.md`.",
        (
            Example("GUIDES/example-handbook/README.md", "# Handbook\n\nHow we work.\n"),
            Example("GUIDES/example-handbook/index.md", "# Handbook index\n"),
        ),
        via="build",
    ),
)
