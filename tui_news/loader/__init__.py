"""From files on disk to `Article`s, with no store and no terminal.

`discovery` finds the files, `formats` says how each kind is read (one entry per format),
`files.parse_file` parses one; `reading` reads bytes, text or lines under a format's limit;
`text` decodes and cleans; `scraped` (with `page_lines` and `page_meta`) reads saved pages,
`structured` Markdown, JSON and feeds; `articles` settles ids and `mentions` (with
`mention_runs`, `mention_words` and `lexicon`) the people, places and organisations;
`jsonl_parts` reads a big JSON Lines file in parts.
"""
