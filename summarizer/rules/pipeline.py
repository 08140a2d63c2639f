"""The rules backend end to end: clean paragraphs → mentions → actors → quotes → dates."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, date

from summarizer.models import Actor, Article, Quote, Summary
from summarizer.rules.actors import (
    Entity,
    Resolver,
    actor_type,
    fold,
    gender,
    is_outlet,
    keep,
    outlet_names,
    to_actor,
)
from summarizer.rules.dates import find_dates
from summarizer.rules.mentions import Mention, Tagger
from summarizer.rules.quotes import Attributor, QuoteSpan, find_quotes, is_quote
from summarizer.rules.text import Paragraph, normalize, paragraphs, split_sentences

_LOWER_WORD = re.compile(r"(?<![\w'’.-])[a-z][a-z'’-]*")
_MAX_SUMMARY = 320


def _published(article: Article) -> date | None:
    if article.published is None:
        return None
    p = article.published
    return (p.astimezone(UTC) if p.tzinfo else p).date()


def _lead_summary(paras: list[Paragraph]) -> str:
    """The opening sentences (one to three) of the first paragraphs that read as prose."""
    chosen: list[str] = []
    size = 0
    for p in paras[:4]:
        for s, e in p.sentences:
            sentence = p.text[s:e].strip()
            if len(sentence.split()) < 6 or not re.search(r"[.!?\"”]$", sentence):
                continue
            if chosen and size + len(sentence) > _MAX_SUMMARY:
                return " ".join(chosen)
            chosen.append(sentence)
            size += len(sentence) + 1
            if len(chosen) == 3 or size > _MAX_SUMMARY * 0.6:
                return " ".join(chosen)
    return " ".join(chosen)


def _cover(spans: list[QuoteSpan]) -> tuple[list[int], list[int]]:
    """Quote starts in ascending order, each with the furthest end of the quotes starting at
    or before it: whether a position lies in some quote is then one bisection, not a scan of
    every quote of the paragraph for every mention (n² in a paragraph of n quoted names)."""
    starts: list[int] = []
    reach: list[int] = []
    for q in sorted(spans, key=lambda q: q.start):
        starts.append(q.start)
        reach.append(max(q.end, reach[-1]) if reach else q.end)
    return starts, reach


def _covered(cover: tuple[list[int], list[int]], at: int) -> bool:
    """Whether some quote has start ≤ at < end (spans may nest or overlap)."""
    starts, reach = cover
    i = bisect_right(starts, at)
    return i > 0 and reach[i - 1] > at


# Far beyond any news article; bounds the work a broken or hostile feed entry can cause.
MAX_TEXT_CHARS = 100_000


@dataclass
class Reading:
    """An article read as far as attribution: paragraphs, quoted spans with their speakers
    (and the frame that named each), and the mentions grouped into entities."""

    paras: list[Paragraph]
    quote_spans: list[QuoteSpan]
    resolver: Resolver


def read(article: Article) -> Reading:
    clean = normalize(article.text[:MAX_TEXT_CHARS])
    paras = paragraphs(clean, normalized=True)
    text_words = set(_LOWER_WORD.findall(clean))
    tagger = Tagger(text_words)
    quote_spans: list[QuoteSpan] = []
    mentions: list[Mention] = []
    continued = False
    for p in paras:
        spans = find_quotes(p, continued)
        continued = bool(spans) and spans[-1].open_ended
        quote_spans.extend(spans)
        found = tagger.tag(p.index, p.text, {s for s, _ in p.sentences})
        if spans:  # without quotes nothing is in one
            cover = _cover(spans)
            for m in found:
                m.in_quote = _covered(cover, m.start)
        mentions.extend(found)
    title = normalize(article.title).strip()
    if title:
        mentions.extend(tagger.tag(-1, title, {s for s, _ in split_sentences(title)}))

    resolver = Resolver(mentions)

    def entity_of(m: Mention) -> Entity | None:
        return resolver.entity_of.get(id(m))

    attributor = Attributor(paras, mentions, entity_of, _is_person, is_outlet, gender)
    attributor.index(quote_spans)
    attributor.attribute(quote_spans)
    return Reading(paras, quote_spans, resolver)


def _is_person(ent: object) -> bool:
    return isinstance(ent, Entity) and actor_type(ent) == "person"


def summarize(article: Article) -> Summary:
    reading = read(article)
    paras, quote_spans, resolver = reading.paras, reading.quote_spans, reading.resolver
    outlets = outlet_names(article.source)

    kept: list[Entity] = []
    said = {id(q.speaker) for q in quote_spans if q.speaker is not None and is_quote(q)}
    for ent in resolver.entities.values():
        ent.speaker = id(ent) in said
        # an outlet that only reports once is the story's channel; one it quotes, or cites
        # again and again ("told AFP", "AFP reported"), is an actor (GUIDELINES leave out only
        # the publisher and boilerplate, which `outlets` and the furniture filter remove)
        if not keep(ent) or (is_outlet(ent) and not ent.speaker and len(ent.body) < 2):
            continue
        if {fold(s) for s in ent.forms} & outlets or (
            ent.canonical and fold(ent.canonical) in outlets
        ):
            continue
        kept.append(ent)

    lead = {0} if paras else set()
    actors: list[Actor] = []
    by_entity: dict[int, Actor] = {}
    for ent in kept:
        is_key = (
            ent.in_title
            or ent.speaker
            or len(ent.body) >= 2
            or any(m.para in lead for m in ent.body)
        )
        actor = to_actor(ent, is_key)
        actors.append(actor)
        by_entity[id(ent)] = actor
    order = {id(a): ent.first for a, ent in zip(actors, kept, strict=True)}
    actors.sort(key=lambda a: (not a.key, -a.mentions if a.key else 0, order[id(a)]))

    quotes: list[Quote] = []
    for q in quote_spans:
        if not is_quote(q) or q.speaker is None or id(q.speaker) not in by_entity:
            continue
        quotes.append(Quote(speaker=by_entity[id(q.speaker)].name, text=q.text.strip()))

    sentences = [p.text[s:e] for p in paras for s, e in p.sentences]
    dates = find_dates(sentences, _published(article))

    return Summary(
        id=article.id,
        title=article.title,
        url=article.url,
        source=article.source,
        published=article.published.isoformat() if article.published else None,
        summary=_lead_summary(paras),
        actors=actors,
        quotes=quotes,
        dates=dates,
        backend="rules",
    )
