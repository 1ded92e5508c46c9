"""
The WordPress import at the scale issue 17 names: 10,000 posts and 100,000 comments in
under 10 minutes, in bounded memory.

Writes a WordPress export of that size (bench/results/tmp/, not committed: ~150 MB),
imports it into a database of its own with ``manage.py import_wordpress``, then imports
it again (which must change nothing), and records the wall time and the peak memory of
each run.

    make bench BENCH_ARGS="--only wordpress"
    python -m bench.wordpress --posts 2000 --comments 20000     # a quicker look
"""

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "results" / "tmp"
DATABASE = "newsroom_bench_wordpress"
LIMIT_S = 600

WORDS = (
    "council water budget river mayor school road harvest market festival court police "
    "hospital election rain bridge teachers farmers museum library park bus strike vote "
    "province minister report plan protest season prices fishermen miners port station"
).split()


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def sentence(rng, n=12):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraphs(rng):
    # Classic-editor text: no <p>, blank lines between paragraphs, the odd caption.
    parts = [" ".join(sentence(rng) for _ in range(4)) for _ in range(rng.randint(4, 9))]
    if rng.random() < 0.2:
        parts.insert(
            1,
            '[caption id="attachment_1" width="600"]<img src="https://old.example/wp-content/'
            f'uploads/2015/03/photo{rng.randint(1, 99)}.jpg" alt="A photo"> {sentence(rng, 6)}'
            "[/caption]",
        )
    if rng.random() < 0.1:
        parts.append('[gallery ids="1,2,3"]')
    return "\n\n".join(parts)


def write_export(path, *, posts, comments, seed=17):
    rng = random.Random(seed)
    start = datetime(2012, 1, 1, tzinfo=UTC)
    per_post = comments / posts
    comment_id = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>The Old Courier</title><link>https://old.example</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>"
            "<wp:base_blog_url>https://old.example</wp:base_blog_url>\n"
        )
        for n in range(10):
            out.write(
                f"<wp:author><wp:author_id>{n + 1}</wp:author_id>"
                f"<wp:author_login>reporter{n}</wp:author_login>"
                f"<wp:author_email>reporter{n}@old.example</wp:author_email>"
                f"<wp:author_display_name>{cdata(f'Reporter {n}')}</wp:author_display_name>"
                "</wp:author>\n"
            )
        categories = []
        for n in range(60):
            parent = categories[rng.randrange(len(categories))] if n >= 10 else ""
            categories.append(f"section-{n}")
            out.write(
                f"<wp:category><wp:term_id>{n + 1}</wp:term_id>"
                f"<wp:category_nicename>section-{n}</wp:category_nicename>"
                f"<wp:category_parent>{parent}</wp:category_parent>"
                f"<wp:cat_name>{cdata(f'Section {n}')}</wp:cat_name></wp:category>\n"
            )
        for n in range(500):
            out.write(
                f"<wp:tag><wp:term_id>{1000 + n}</wp:term_id><wp:tag_slug>topic-{n}</wp:tag_slug>"
                f"<wp:tag_name>{cdata(f'Topic {n}')}</wp:tag_name></wp:tag>\n"
            )
        for post_id in range(1, posts + 1):
            when = start + timedelta(hours=post_id * 3)
            date = when.strftime("%Y-%m-%d %H:%M:%S")
            slug = f"story-{post_id}-{rng.choice(WORDS)}"
            status = rng.choices(["publish", "draft", "pending", "private"], [94, 3, 2, 1])[0]
            terms = "".join(
                f'<category domain="category" nicename="{c}">{cdata(c)}</category>'
                for c in rng.sample(categories, 2)
            ) + "".join(
                f'<category domain="post_tag" nicename="topic-{t}">{cdata(f"Topic {t}")}</category>'
                for t in rng.sample(range(500), 3)
            )
            out.write(
                f"<item><title>{cdata(sentence(rng, 7))}</title>"
                f"<link>https://old.example/{when:%Y/%m/%d}/{slug}/</link>"
                f"<dc:creator>reporter{post_id % 10}</dc:creator>"
                f"<content:encoded>{cdata(paragraphs(rng))}</content:encoded>"
                f"<excerpt:encoded>{cdata(sentence(rng))}</excerpt:encoded>"
                f"<wp:post_id>{post_id}</wp:post_id><wp:post_date>{date}</wp:post_date>"
                f"<wp:post_date_gmt>{date}</wp:post_date_gmt>"
                f"<wp:comment_status>open</wp:comment_status><wp:post_name>{slug}</wp:post_name>"
                f"<wp:status>{status}</wp:status><wp:post_type>post</wp:post_type>"
                f"<wp:is_sticky>{int(post_id % 997 == 0)}</wp:is_sticky>{terms}\n"
            )
            thread = []
            for _ in range(int(per_post * (post_id + 1)) - int(per_post * post_id)):
                comment_id += 1
                parent = rng.choice(thread) if thread and rng.random() < 0.4 else 0
                thread.append(comment_id)
                kind = "pingback" if rng.random() < 0.01 else ""
                approved = rng.choices(["1", "0", "spam", "trash"], [90, 4, 5, 1])[0]
                cdate = (when + timedelta(minutes=comment_id % 600)).strftime("%Y-%m-%d %H:%M:%S")
                out.write(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>{cdata(f'Reader {comment_id % 5000}')}</wp:comment_author>"
                    f"<wp:comment_author_email>reader{comment_id}@example.com"
                    "</wp:comment_author_email>"
                    f"<wp:comment_author_IP>203.0.113.{comment_id % 250}</wp:comment_author_IP>"
                    f"<wp:comment_date>{cdate}</wp:comment_date>"
                    f"<wp:comment_date_gmt>{cdate}</wp:comment_date_gmt>"
                    f"<wp:comment_content>{cdata(sentence(rng, 20))}</wp:comment_content>"
                    f"<wp:comment_approved>{approved}</wp:comment_approved>"
                    f"<wp:comment_type>{kind}</wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
                )
            out.write("</item>\n")
        out.write("</channel>\n</rss>\n")


def timed_import(env, path):
    """(seconds, peak resident memory in MB, report text) of one import run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "manage.py", "import_wordpress", str(path), "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss is the largest child so far: the first run's peak bounds the second's.
    return seconds, max(peak, before) / 1024, done.stdout


def run(env, *, posts=10_000, comments=100_000):
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"wordpress-{posts}-{comments}.xml"
    if not path.exists():
        print(f"Writing a WordPress export of {posts} posts and {comments} comments…")
        write_export(path, posts=posts, comments=comments)
    base = env["DATABASE_URL"].rsplit("/", 1)[0]
    env = {**env, "DATABASE_URL": f"{base}/{DATABASE}"}
    host = base.rsplit("@", 1)[-1].split(":")[0]
    for command in (["dropdb", "--if-exists"], ["createdb"]):
        subprocess.run([*command, "-h", host, "-U", "postgres", DATABASE], check=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    print("Importing it…")
    first_s, first_mb, report = timed_import(env, path)
    print(report)
    print("Importing it again…")
    second_s, second_mb, again = timed_import(env, path)
    print(again.splitlines()[-1])
    return {
        "posts": posts,
        "comments": comments,
        "file_mb": round(path.stat().st_size / 1e6, 1),
        "first_import_s": round(first_s, 1),
        "peak_memory_mb": round(first_mb),
        "second_import_s": round(second_s, 1),
        "second_changed_nothing": "Nothing changed" in again,
        "within_limit": first_s < LIMIT_S,
    }


def markdown(result):
    return "\n".join(
        [
            "## WordPress import (issue 17)",
            "",
            "| export | first import | peak memory | second import | target |",
            "|---|---|---|---|---|",
            f"| {result['posts']:,} posts, {result['comments']:,} comments "
            f"({result['file_mb']} MB) | {result['first_import_s']} s | "
            f"{result['peak_memory_mb']} MB | {result['second_import_s']} s"
            f"{' (nothing changed)' if result['second_changed_nothing'] else ' (CHANGED!)'} | "
            f"< {LIMIT_S} s: {'met' if result['within_limit'] else 'MISSED'} |",
            "",
        ]
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description="Benchmark the WordPress import.")
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=100_000)
    options = parser.parse_args(argv)
    from bench.run import RESULTS, production_env

    result = run(production_env(), posts=options.posts, comments=options.comments)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M")
    (RESULTS / f"{stamp}-wordpress.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / f"{stamp}-wordpress.md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()
