"""Core value types shared by every stage: sentence spans and alignment links."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: ``text == document[start:stop]`` always holds.

    ``paragraph`` is the 0-based index of the paragraph (blank-line separated
    block) the sentence belongs to.
    """

    start: int
    stop: int
    text: str
    paragraph: int = 0


@dataclass(frozen=True)
class Link:
    """One alignment link: ``src`` and ``tgt`` are 0-based sentence indices.

    Either side may be empty (a sentence with no counterpart). ``score`` is in
    [0, 1]; ``unsure`` marks links the aligner is not confident about.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 1.0
    unsure: bool = False

    @property
    def kind(self) -> str:
        """Link type such as ``"1-1"``, ``"2-1"`` or ``"0-1"``."""
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass(frozen=True)
class Alignment:
    """Sentences of both sides and the links between them, in document order."""

    src: tuple[Sentence, ...]
    tgt: tuple[Sentence, ...]
    links: tuple[Link, ...]
    src_lang: str = "ru"
    tgt_lang: str = "en"
    meta: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    def linked(self) -> tuple[set[int], set[int]]:
        """The source and the target sentences that have a counterpart (are in a link with both sides)."""
        src = {i for ln in self.links if ln.tgt for i in ln.src}
        tgt = {j for ln in self.links if ln.src for j in ln.tgt}
        return src, tgt

    def pairs(self) -> list[tuple[str, str, Link]]:
        """``(source text, target text, link)`` for every link; n-m sides joined by spaces."""
        out = []
        for ln in self.links:
            s = " ".join(self.src[i].text for i in ln.src)
            t = " ".join(self.tgt[j].text for j in ln.tgt)
            out.append((s, t, ln))
        return out
