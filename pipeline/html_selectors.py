"""Data only: vocabularies the HTML extractor matches against (no logic here)."""

from __future__ import annotations

import re

# <meta> keys (name / property / itemprop, lowercased) in order of preference.
TITLE_META = ("og:title", "dc.title", "dcterms.title", "twitter:title", "sailthru.title", "title")
AUTHOR_META = ("author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author",
               "article:author", "byl", "twitter:creator")
DATE_META = ("article:published_time", "og:published_time", "datepublished", "parsely-pub-date",
             "pubdate", "publishdate", "publish-date", "date", "dc.date", "dc.date.issued",
             "dcterms.created", "sailthru.date", "article.published", "published-date",
             "og:article:published_time", "citation_publication_date")
SECTION_META = ("article:section", "og:article:section", "parsely-section", "section",
                "sailthru.section", "articlesection")
SITE_META = ("og:site_name", "application-name", "twitter:site", "publisher")

# JSON-LD @type values that describe the article itself (lowercased, substring match on "article"
# covers NewsArticle, BlogPosting is listed explicitly).
JSONLD_ARTICLE_TYPES = ("article", "blogposting", "posting", "report", "reviewnewsarticle",
                        "liveblogposting", "webpage", "creativework", "scholarlyarticle")

# Separators between a page title and a site name, e.g. "Headline | Site" or "Headline - Site".
TITLE_SEPARATORS = re.compile(r"\s+[|\-–—\\/>»·:]\s+|\s+::\s+")
# Readability.js's <title> separators: any of them between spaces marks "Headline | Site"; the
# "strong" ones (path-like) mark a hierarchy "Site > Section > Headline".
TITLE_HIER_SEP = re.compile(r" [|\-\\/>»] ")
TITLE_STRONG_SEP = re.compile(r" [\\/>»] ")
TITLE_LAST_PART = re.compile(r"(.*)[|\-\\/>»] .*", re.S)
TITLE_FIRST_PART = re.compile(r"[^|\-\\/>»]*[|\-\\/>»](.*)", re.S)
TITLE_SEP_CHARS = re.compile(r"[|\-\\/>»]+")

# class / id fragments that mark a byline element (Readability.js uses the same idea).
BYLINE_HINT = re.compile(r"byline|author(?!ity|iz)|writtenby|p-author|contributor|posted-by|meta-by", re.I)
# ...and fragments that mark something else that merely mentions authors.
BYLINE_NEGATIVE = re.compile(r"comment|bio|avatar|about-the|related|footer|share|social|menu|"
                             r"popup|modal|newsletter|more-from|other-posts", re.I)

# Ancestors that put an author name in a teaser list, a comment thread or the page furniture, not
# in the article's own byline.
BYLINE_CONTEXT_NEGATIVE = re.compile(r"comment|related|recommend|teaser|promo|more-from|"
                                     r"list-of|sidebar|widget|footer|trending|popular", re.I)
BYLINE_CONTEXT_TAGS = frozenset({"nav"})  # not aside/footer: article asides hold real bylines
# How far up the byline's ancestors are checked: a byline sits a few levels under its article
# header; further up, every byline is inside some "content" wrapper with arbitrary class names.
BYLINE_CONTEXT_LEVELS = 5

# A byline "By Jane Doe" or "Written by Jane Doe": the prefix is dropped.
BY_PREFIX = re.compile(r"^\s*(?:(?:posted|written|words|story|text|reported)\s+)?by[:\s]+|^\s*von\s+|"
                       r"^\s*par\s+|^\s*door\s+|^\s*por\s+|^\s*di\s+|^\s*af\s+|^\s*av\s+", re.I)
# Text that is never a person's name in a byline.
NOT_A_NAME = re.compile(
    r"https?://|www\.|@\w+\.\w|\b\d{1,2}[:/.]\d{2}\b|\b(19|20)\d{2}\b|\bfollow\b|\bshare\b|"
    r"\bcomments?\b|\bsubscribe\b|\bupdated\b|\bpublished\b|\bread more\b|\bminutes?\b|"
    r"\bmin read\b|\bstaff\b|\bnewsletter\b|\bsign (in|up)\b|\blog ?in\b|\bemail\b",
    re.I,
)
# JSON-LD author @type values that are organisations, not people.
ORG_TYPES = ("organization", "newsmediaorganization", "corporation", "brand", "website")

# Language codes: the html lang attribute, then these meta keys.
LANG_META = ("content-language", "og:locale", "dc.language", "language", "inlanguage")


# class of the <blockquote> that an embedded social post leaves in the page (its text is the post);
# the wrapper a CMS puts around it is often named "embed" or "social", which trafilatura discards.
EMBED_POST_CLASSES = ("twitter-tweet", "instagram-media", "tiktok-embed", "reddit-card",
                      "reddit-embed-bq", "bluesky-embed", "mastodon-embed", "text-post-media")
