"""Fast LaTeX-to-Unicode decoding of BibTeX field values (titles, journals, names).

A table-driven, single-pass tokenizer for the LaTeX that bibliographies contain; on that subset
its output is the same as pylatexenc's ``LatexNodes2Text().latex_to_text`` (see
``PYLATEXENC_DIFFERENCES`` for the deliberate exceptions).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Final

__all__ = ["PYLATEXENC_DIFFERENCES", "decode_latex", "encode_latex", "needs_decoding"]

# Anything pylatexenc would change starts with one of these.  A lone "-" or "'" is left
# alone by LaTeX, so only the ligatures count; "%" and "&" are kept literal here (below).
_NEEDS_DECODING: Final = re.compile(r"[\\{}$~]|--|''|``|[!?]`")

# Values longer than this are decoded but not memoised: repeats are short strings (journal
# names, authors), and caching multi-megabyte values would pin them in memory.
_CACHE_MAX_LEN: Final = 4096

# Frames that own a buffer (macro arguments, math) copy their text once into the parent;
# bounding their nesting keeps decoding linear on adversarial input.  Deeper macros are
# treated as transparent, which no real bibliography reaches.
_MAX_OWN_DEPTH: Final = 32

# Macro kinds.
_SYMBOL, _ACCENT, _TIE, _STYLE, _FORMAT, _TRANSPARENT = range(6)


@dataclass(frozen=True, slots=True)
class _Macro:
    kind: int
    value: str = ""
    nargs: int = 0
    optional: bool = False  # a leading [..] argument is accepted and ignored
    star: bool = False  # a leading * is accepted and ignored
    math: bool | None = None  # parse mode of the arguments; None keeps the surrounding one


_MACROS: dict[str, _Macro] = {}


def _add_symbols(table: dict[str, str]) -> None:
    for name, text in table.items():
        _MACROS[name] = _Macro(_SYMBOL, text)


_add_symbols({
    # Escapes and spacing control symbols.
    "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
    ",": " ", ";": " ", ":": " ", " ": " ", "!": "", "-": "\u00ad",
    # Special letters.
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
    "aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð",
    "th": "þ", "TH": "Þ", "dj": "đ", "DJ": "Đ", "ng": "ŋ", "NG": "Ŋ", "ij": "ĳ", "IJ": "Ĳ",
    # Text symbols.
    "textendash": "–", "textemdash": "—", "textquoteleft": "‘", "textquoteright": "’",
    "textquotedblleft": "“", "textquotedblright": "”", "textquotesingle": "'",
    "quotedblbase": "„", "quotesinglbase": "‚", "guillemotleft": "«", "guillemotright": "»",
    "guilsinglleft": "‹", "guilsinglright": "›", "textexclamdown": "¡", "textquestiondown": "¿",
    "textbackslash": "\\", "backslash": "\\", "textasciitilde": "~", "textasciicircum": "ˆ",
    "textasciigrave": "`", "textasciiacute": "´", "textasciimacron": "¯",
    "textdegree": "°", "texttimes": "×", "textdiv": "÷", "textpm": "±", "textmp": "∓",
    "textmu": "µ", "textcelsius": "℃", "textohm": "\u2126", "textperthousand": "‰",
    "textonehalf": "½", "textonequarter": "¼", "textthreequarters": "¾",
    "textonesuperior": "¹", "texttwosuperior": "²", "textthreesuperior": "³",
    "textordfeminine": "ª", "textordmasculine": "º", "textnumero": "№",
    "textregistered": "®", "texttrademark": "™", "textservicemark": "℠", "textcopyright": "©",
    "textsection": "§", "textparagraph": "¶", "textdagger": "†", "textdaggerdbl": "‡",
    "textbullet": "•", "textellipsis": "…", "textvisiblespace": "␣",
    "textsterling": "£", "texteuro": "€", "textyen": "¥", "textcent": "¢", "textdollar": "$",
    "textrightarrow": "→", "textleftarrow": "←", "textuparrow": "↑", "textdownarrow": "↓",
    "textfractionsolidus": "⁄", "lbrace": "{", "rbrace": "}",
    # Math symbols.
    "times": "×", "pm": "±", "mp": "∓", "cdot": "·", "div": "÷", "ast": "∗", "star": "⋆",
    "circ": "∘", "bullet": "∙", "dagger": "†", "dag": "†", "prime": "'",
    "leq": "≤", "geq": "≥", "le": "≤", "ge": "≥", "neq": "≠", "approx": "≈", "sim": "∼",
    "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫",
    "lesssim": "≲", "gtrsim": "≳", "infty": "∞", "partial": "∂", "nabla": "∇",
    "sum": "∑", "prod": "∏", "int": "∫", "oint": "∮", "in": "∈", "notin": "∉", "ni": "∋",
    "subset": "⊂", "supset": "⊃", "subseteq": "⊆", "supseteq": "⊇", "cap": "∩", "cup": "∪",
    "setminus": "∖", "wedge": "∧", "vee": "∨", "lnot": "¬", "oplus": "⊕", "otimes": "⊗",
    "forall": "∀", "exists": "∃", "emptyset": "∅", "varnothing": "∅", "aleph": "ℵ",
    "ell": "ℓ", "hbar": "ħ", "perp": "⊥", "angle": "∠", "vdash": "⊢",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "uparrow": "↑", "downarrow": "↓",
    "leftrightarrow": "↔", "Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔",
    "longrightarrow": "⟶", "Longrightarrow": "⟹", "Longleftrightarrow": "⟺", "mapsto": "↦",
    "langle": "⟨", "rangle": "⟩", "vert": "|", "lvert": "|", "rvert": "|", "mid": "|",
    "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮", "ddots": "⋱",
    "quad": "  ", "qquad": "    ",
    "sin": "sin", "cos": "cos", "tan": "tan", "log": "log", "ln": "ln", "exp": "exp",
    "lim": "lim", "max": "max", "min": "min", "sup": "sup", "inf": "inf",
    # pylatexenc drops these (it does not know them); a reader sees the symbol.
    "slash": "/", "textless": "<", "textgreater": ">", "textbar": "|", "textunderscore": "_",
    "textquotedbl": '"', "textbraceleft": "{", "textbraceright": "}", "textminus": "−",
    "ne": "≠", "neg": "¬", "land": "∧", "lor": "∨", "ddag": "‡", "ddagger": "‡",
    "copyright": "©", "S": "§", "P": "¶", "pounds": "£", "SS": "SS", "det": "det",
    # pylatexenc maps this to DOT ABOVE; LaTeX typesets a centred dot.
    "textperiodcentered": "·",
})


def _add_greek() -> None:
    names = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"]
    for name in names:
        uname = "LAMDA" if name == "lambda" else name.upper()
        _MACROS[name] = _Macro(_SYMBOL, unicodedata.lookup("GREEK SMALL LETTER " + uname))
        _MACROS[name.capitalize()] = _Macro(
            _SYMBOL, unicodedata.lookup("GREEK CAPITAL LETTER " + uname))
    # LaTeX's \epsilon and \phi are the symbol forms; the var- forms are the letters.
    _add_symbols({
        "epsilon": "ϵ", "phi": "ϕ", "varepsilon": "ε", "varphi": "φ", "vartheta": "ϑ",
        "varpi": "ϖ", "varrho": "ϱ", "varsigma": "ς", "varkappa": "ϰ", "digamma": "ϝ",
    })


_add_greek()

for _name, _mark in {
    "'": "\u0301", "`": "\u0300", '"': "\u0308", "^": "\u0302", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "c": "\u0327", "H": "\u030b", "k": "\u0328",
    "b": "\u0331", "d": "\u0323", "r": "\u030a", "u": "\u0306", "v": "\u030c",
    "acute": "\u0301", "grave": "\u0300", "ddot": "\u0308", "hat": "\u0302",
    "tilde": "\u0303", "dot": "\u0307", "breve": "\u0306", "check": "\u030c",
    "bar": "\u0305", "vec": "\u20d7", "not": "\u0338",
}.items():
    _MACROS[_name] = _Macro(_ACCENT, _mark, nargs=1)

# pylatexenc does not know the tie accent and prints "oo"; the reader sees a tie.
_MACROS["t"] = _Macro(_TIE, "\u0361", nargs=1)

for _name in ("textit", "textbf", "textrm", "textsc", "textsl", "textmd", "textup",
              "textsf", "texttt", "textnormal", "text", "mbox"):
    _MACROS[_name] = _Macro(_TRANSPARENT, nargs=1, math=False)
for _name in ("emph", "mathrm", "overline", "underline", "widehat", "widetilde"):
    _MACROS[_name] = _Macro(_TRANSPARENT, nargs=1)
_MACROS["ensuremath"] = _Macro(_TRANSPARENT, nargs=1, math=True)

for _name, _style in {
    "mathbf": "BOLD", "mathit": "ITALIC", "mathsf": "SANS-SERIF", "mathtt": "MONOSPACE",
    "mathbb": "DOUBLE-STRUCK", "mathcal": "SCRIPT", "mathscr": "SCRIPT", "mathfrak": "FRAKTUR",
}.items():
    _MACROS[_name] = _Macro(_STYLE, _style, nargs=1)

_MACROS.update({
    "frac": _Macro(_FORMAT, "{0}/{1}", nargs=2),
    "nicefrac": _Macro(_FORMAT, "{0}/{1}", nargs=2),
    "sqrt": _Macro(_FORMAT, "\u221a({0})", nargs=1, optional=True),
    "url": _Macro(_FORMAT, "<{0}>", nargs=1),
    "href": _Macro(_FORMAT, "{1} <{0}>", nargs=2),
    "texorpdfstring": _Macro(_FORMAT, "{1}", nargs=2),
    "textcolor": _Macro(_FORMAT, "{1}", nargs=2, optional=True),
    "colorbox": _Macro(_FORMAT, "{1}", nargs=2, optional=True),
    # Invisible material: the argument is not text.
    "vphantom": _Macro(_FORMAT, "", nargs=1, optional=True),
    "hphantom": _Macro(_FORMAT, "", nargs=1, optional=True),
    "label": _Macro(_FORMAT, "", nargs=1),
    "hspace": _Macro(_FORMAT, "", nargs=1, star=True),
    "vspace": _Macro(_FORMAT, "\n", nargs=1, star=True),
})

#: Constructs where ``decode_latex`` deliberately differs from pylatexenc 2.x, because
#: pylatexenc's reading is wrong for BibTeX data.  Macro names are listed without backslash.
#: - ``%`` is a comment in pylatexenc (the rest of the line vanishes) and ``&`` becomes
#:   three spaces (a table column); in field values both are nearly always literal
#:   ("50% of", "Science & Technology"), so they are kept as they are.
#: - ``\t{oo}`` (tie) gives "o͡o" rather than dropping the accent.
#: - ``\texttt``, ``\textsf``, ``\textup``, ``\textmd`` and ``\mbox`` keep their argument
#:   (pylatexenc drops the text).
#: - the symbols listed above as unknown to pylatexenc, and ``\textperiodcentered``.
#: - ``\href{url}{text}`` gives "text <url>" (pylatexenc raises IndexError on it).
#: - an accent or macro whose argument is missing yields "" (pylatexenc sometimes yields a
#:   spacing accent such as " ́"); ``\begin``/``\end`` and their environment name are dropped.
#: - an accent on an argument that already carries combining marks adds no mark to them.
PYLATEXENC_DIFFERENCES: Final[frozenset[str]] = frozenset({
    "%", "&", "t", "texttt", "textsf", "textup", "textmd", "mbox",
    "slash", "textless", "textgreater", "textbar", "textunderscore", "textquotedbl",
    "textbraceleft", "textbraceright", "textminus", "ne", "neg", "land", "lor", "ddag",
    "ddagger", "copyright", "S", "P", "pounds", "SS", "det", "textperiodcentered",
    "begin", "end", "href",
})

_SPECIALS: Final = {
    "---": "\u2014", "--": "\u2013", "''": "\u201d", "``": "\u201c",
    "!`": "\u00a1", "?`": "\u00bf", "~": "\u00a0",
}
# A special (group 1) or a maximal run of ordinary characters (group 2); a run stops where
# a special could start so that "a--b" splits like pylatexenc's tokens.
_TEXT: Final = re.compile(
    r"(---|--|''|``|!`|\?`|~)"
    r"|((?:[^\\{}$~'`!?\-]++|'(?!')|`(?!`)|-(?!-)|[!?](?!`))++)"
)
# A control word takes the whitespace after it, short of a paragraph break (as in TeX).
_CONTROL: Final = re.compile(r"\\(?:([^\W\d_]+)((?:(?!\n\n)\s)*+)|([\s\S]))?")
_ARG_SPACE: Final = re.compile(r"(?:(?!\n\n)\s)*+")
_OPTIONAL: Final = re.compile(r"\[[^\]{}]{0,256}\]")
_ENV_NAME: Final = re.compile(r"\s*\{[\w* ._-]{1,64}\}")
_BASE_CHAR: Final = re.compile(r"[^\u0300-\u036f\u20d0-\u20ff]")
_DOTLESS: Final = str.maketrans({"\u0131": "i", "\u0237": "j"})


@lru_cache(maxsize=4096)
def _accent_char(char: str, mark: str) -> str:
    return unicodedata.normalize("NFC", char + mark)


def _accent(text: str, mark: str) -> str:
    # Like LaTeX (and pylatexenc) the accent goes on every character of the argument,
    # with a dotless i/j taking the accent as a plain i/j.  Unlike pylatexenc, a combining
    # mark already in the argument gets no mark of its own: stacked accents would otherwise
    # double in length at every level (\'{\'{\'{e}}} ...).
    text = text.strip().translate(_DOTLESS)
    if len(text) == 1:
        return _accent_char(text, mark)
    if len(text) <= 256:
        return "".join([ch if unicodedata.combining(ch) else _accent_char(ch, mark)
                        for ch in text])
    # Long arguments only come from malformed input; normalise in one C-level pass.
    return unicodedata.normalize("NFC", _BASE_CHAR.sub("\\g<0>" + mark, text))


@cache
def _style_table(style: str) -> dict[int, str]:
    table: dict[int, str] = {}
    for first, case in ((ord("A"), "CAPITAL"), (ord("a"), "SMALL")):
        for offset in range(26):
            letter = chr(first + offset).upper()
            # Letters that Unicode encoded before the math block live under older names.
            for name in (f"MATHEMATICAL {style} {case} {letter}",
                         f"{style.replace('FRAKTUR', 'BLACK-LETTER')} {case} {letter}",
                         "PLANCK CONSTANT" if (style, case, letter) == ("ITALIC", "SMALL", "H")
                         else ""):
                try:
                    table[first + offset] = unicodedata.lookup(name)
                    break
                except KeyError:
                    continue
    return table


def _render(macro: _Macro, args: list[str]) -> str:
    kind = macro.kind
    if kind == _ACCENT:
        return _accent(args[0], macro.value)
    if kind == _TRANSPARENT:
        return args[0]
    if kind == _STYLE:
        return args[0].translate(_style_table(macro.value))
    if kind == _TIE:
        text = args[0].strip()
        return text[0] + macro.value + text[1:] if len(text) > 1 else text
    return macro.value.format(*args)


# Frame kinds: a brace group writes into its parent's buffer; an argument and a math
# formula collect their own text; a math formula past the depth bound is flattened.
_GROUP, _ARG, _MATH, _FLAT_MATH = range(4)


class _Frame:
    __slots__ = ("kind", "parts", "math", "eq", "macro", "args", "closer", "display")

    def __init__(self, kind: int, parts: list[str], math: bool, eq: bool,
                 macro: _Macro | None = None, args: list[str] | None = None,
                 closer: str = "", display: bool = False) -> None:
        self.kind = kind
        self.parts = parts
        self.math = math  # parser mode: does "$" close a formula here?
        self.eq = eq  # inside a formula: pylatexenc's equation spacing rules apply
        self.macro = macro
        self.args = args
        self.closer = closer
        self.display = display


class _Decoder:
    """One pass over a value; state lives here so that unwinding can share it."""

    __slots__ = ("root", "frames", "maths", "parts", "math", "eq", "pending", "own")

    def __init__(self) -> None:
        self.root: list[str] = []
        self.frames: list[_Frame] = []
        self.maths: list[_Frame] = []  # open formulas, innermost last
        self.parts = self.root
        self.math = False
        self.eq = False
        self.pending: tuple[_Macro, list[str]] | None = None  # macro awaiting arguments
        self.own = 0

    def _restore(self) -> None:
        if self.frames:
            top = self.frames[-1]
            self.parts, self.math, self.eq = top.parts, top.math, top.eq
        else:
            self.parts, self.math, self.eq = self.root, False, False

    def _push(self, frame: _Frame) -> None:
        self.frames.append(frame)
        self.parts, self.math, self.eq = frame.parts, frame.math, frame.eq

    def _deliver(self, text: str) -> None:
        assert self.pending is not None
        macro, args = self.pending
        args.append(text)
        if len(args) >= macro.nargs:
            self.pending = None
            self.parts.append(_render(macro, args))

    def _flush_pending(self) -> None:
        while self.pending is not None:
            self._deliver("")

    def _close_top(self) -> None:
        frame = self.frames.pop()
        self._restore()
        kind = frame.kind
        if kind == _ARG:
            self.own -= 1
            assert frame.macro is not None and frame.args is not None
            self.pending = (frame.macro, frame.args)
            self._deliver("".join(frame.parts))
        elif kind == _MATH:
            self.own -= 1
            self.maths.pop()
            text = "".join(frame.parts).strip()
            if frame.display:
                text = "\n    " + text.replace("\n", "\n    ") + "\n"
            self.parts.append(text)
        elif kind == _FLAT_MATH:
            self.maths.pop()

    def _close_math(self) -> None:
        target = self.maths[-1]
        while True:
            self._flush_pending()
            if self.frames[-1] is target:
                self._close_top()
                return
            self._close_top()

    def _open_math(self, closer: str, display: bool) -> None:
        if self.own < _MAX_OWN_DEPTH:
            self.own += 1
            frame = _Frame(_MATH, [], True, True, closer=closer, display=display)
        else:
            frame = _Frame(_FLAT_MATH, self.parts, True, True, closer=closer)
        self.maths.append(frame)
        self._push(frame)

    def _math_delimiter(self, token: str) -> None:
        if not self.math:
            if token in ("$", "$$", "\\(", "\\["):
                closer = {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}[token]
                self._open_math(closer, display=token in ("$$", "\\["))
            return
        if not self.maths:
            return
        closer = self.maths[-1].closer
        if token == closer or (token == "$" and closer == "$$"):
            self._close_math()
        elif token == "$$" and closer == "$":
            # "$x$$y$" is two formulas, as in pylatexenc.
            self._close_math()
            self._open_math("$", display=False)

    def _bare_control(self, s: str, pos: int) -> tuple[str, str, int]:
        """Text, following space and end of the control sequence at pos, read without args."""
        m = _CONTROL.match(s, pos)
        assert m is not None
        end = m.end()
        word = m.group(1)
        if word is not None:
            space = m.group(2)
            if not word.isalpha():
                # Python's regex has no class for str.isalpha(); cut at the first non-letter.
                cut = next(k for k, ch in enumerate(word) if not ch.isalpha())
                word, space, end = word[:cut], "", pos + 1 + cut
            name = word
        else:
            name = m.group(3) or ""
        macro = _MACROS.get(name)
        text = ""
        if macro is not None and macro.kind == _SYMBOL:
            text = macro.value
        elif macro is not None and macro.kind == _ACCENT:
            # An accent read as another macro's argument has no base: LaTeX (and
            # pylatexenc) put it on a space.
            text = " " + macro.value
        return text, space if word is not None else "", end

    def _argument(self, s: str, pos: int) -> int:
        """Consume (part of) an argument of the pending macro at pos; return the new pos."""
        assert self.pending is not None
        macro, args = self.pending
        c = s[pos]
        if c.isspace():
            end = _ARG_SPACE.match(s, pos).end()  # type: ignore[union-attr]
            if end > pos:
                return end
            # A paragraph break is the argument (and it is blank).
            self._deliver("")
            return pos + 2
        if not args:
            if macro.star and c == "*":
                return pos + 1
            if macro.optional and c == "[":
                m = _OPTIONAL.match(s, pos)
                if m is not None:
                    return m.end()
        if c == "{":
            self.pending = None
            if macro.kind == _TRANSPARENT or self.own >= _MAX_OWN_DEPTH:
                math = self.math if macro.math is None else macro.math
                self._push(_Frame(_GROUP, self.parts, math, self.eq))
            else:
                self.own += 1
                math = self.math if macro.math is None else macro.math
                self._push(_Frame(_ARG, [], math, self.eq, macro=macro, args=args))
            return pos + 1
        if c == "}" or c == "$" or s.startswith(("\\(", "\\)", "\\[", "\\]"), pos):
            self._flush_pending()
            return pos
        if c == "\\":
            text, _space, end = self._bare_control(s, pos)
            self._deliver(text)
            return end
        m = _TEXT.match(s, pos)
        if m is not None and m.group(1) is not None:
            self._deliver(_SPECIALS[m.group(1)])
            return m.end()
        self._deliver(c)
        return pos + 1

    def run(self, s: str) -> str:
        pos, n = 0, len(s)
        post = ""  # space after a bare control word, kept before following text in math
        text_match, control_match = _TEXT.match, _CONTROL.match
        while pos < n:
            if self.pending is not None:
                pos = self._argument(s, pos)
                post = ""
                continue
            c = s[pos]
            if c == "\\":
                m = control_match(s, pos)
                assert m is not None
                word = m.group(1)
                if word is not None:
                    if not word.isalpha():
                        text, space, pos = self._bare_control(s, pos)
                        self.parts.append(text)
                        post = space if self.eq else ""
                        continue
                    pos = m.end()
                    macro = _MACROS.get(word)
                    if macro is None or macro.kind == _SYMBOL:
                        if macro is not None:
                            self.parts.append(macro.value)
                        elif word == "begin" or word == "end":
                            env = _ENV_NAME.match(s, m.start() + 1 + len(word))
                            if env is not None:
                                pos = env.end()
                        post = m.group(2) if self.eq else ""
                        continue
                    post = ""
                    self.pending = (macro, [])
                    continue
                post = ""
                sym = m.group(3)
                pos = m.end()
                if sym is None:
                    continue
                if sym == "\\":
                    # A line break; its optional star and [length] are not text.
                    if s.startswith("*", pos):
                        pos += 1
                    if s.startswith("[", pos):
                        opt = _OPTIONAL.match(s, pos)
                        if opt is not None:
                            pos = opt.end()
                    self.parts.append("\n")
                elif sym in "()[]":
                    self._math_delimiter("\\" + sym)
                else:
                    macro = _MACROS.get(sym)
                    if macro is None:
                        continue
                    if macro.kind == _SYMBOL:
                        self.parts.append(macro.value)
                    else:
                        self.pending = (macro, [])
                continue
            post_here, post = post, ""
            if c == "{":
                self._push(_Frame(_GROUP, self.parts, self.math, self.eq))
                pos += 1
            elif c == "}":
                if self.frames and self.frames[-1].kind in (_GROUP, _ARG):
                    self._close_top()
                pos += 1
            elif c == "$":
                if s.startswith("$$", pos):
                    self._math_delimiter("$$")
                    pos += 2
                else:
                    self._math_delimiter("$")
                    pos += 1
            else:
                m = text_match(s, pos)
                assert m is not None
                pos = m.end()
                special = m.group(1)
                if special is not None:
                    self.parts.append(_SPECIALS[special])
                elif self.eq:
                    # pylatexenc's equation spacing: blank runs vanish, and a bare macro's
                    # trailing space survives only before text.
                    chars = m.group(2)
                    if post_here:
                        self.parts.append(post_here)
                    if not chars.isspace():
                        self.parts.append(chars)
                else:
                    self.parts.append(m.group(2))
        if self.pending is not None and not self.pending[1] and self.pending[0].kind == _ACCENT:
            # Input ending in an accent: it is typeset on a space, as in pylatexenc.
            self.parts.append(" " + self.pending[0].value)
            self.pending = None
        self._flush_pending()
        while self.frames:
            self._close_top()
            self._flush_pending()
        return "".join(self.root)


class _Hard(Exception):
    """A construct that the fast pass leaves to the full tokenizer."""


# The fast pass: one C-level scan whose matches (math, accents with a plain letter, control
# words and symbols, specials, brace runs) are replaced by _fast_token; the text between
# matches is copied as is.  Every accepted construct gives exactly what the tokenizer gives
# at top level in text mode; anything else raises _Hard and the tokenizer redoes the value.
_SKIP_SPACE = r"(?:(?!\n\n)\s)*+"
# Every alternative starts with a literal so that the engine skips plain text quickly.
_FAST: Final = re.compile(
    r"\$(?P<formula>(?!\$)(?:[^$\\]|\\[\s\S])*+\$(?!\$))?"
    r"|\\(?:"
    r"(?:(?P<amark>['`\"^~=.])|(?P<aword>[cHkbdruv])(?![^\W\d_]))" + _SKIP_SPACE
    + r"(?:\{\s*(?:(?P<gl>[^\W\d_])|\\(?P<gi>[ij])(?![^\W\d_])" + _SKIP_SPACE + r")?\s*\}"
    r"|\\(?P<bi>[ij])(?![^\W\d_])" + _SKIP_SPACE + r"|(?P<bl>[^\W\d_]))"
    r"|(?P<word>[^\W\d_]+)" + _SKIP_SPACE
    + r"|(?P<sym>[\s\S])?)"
    r"|---|--|''|``|!`|\?`|~"
)
# Braces are left in place during the scan (they separate "-{}-" as in TeX) and dropped
# afterwards in one pass; literal braces from \{ or a formula travel as private-use stand-ins.
_OPEN, _CLOSE = "\ue000", "\ue001"
_PROTECT: Final = str.maketrans({"{": _OPEN, "}": _CLOSE})
_DOTLESS_LETTER: Final = {"i": "\u0131", "j": "\u0237"}


def _fast_token(m: re.Match[str]) -> str:
    token = m.group()
    first = token[0]
    if first == "$":
        formula = m.group("formula")
        if formula is None or "\\text" in token or "\\mbox" in token:
            # A lone or display "$", or text inside a formula (which may hold formulas).
            raise _Hard
        return _decode_formula(token).translate(_PROTECT)
    if first != "\\":
        return _SPECIALS[token]
    word = m.group("word")
    if word is not None:
        macro = _MACROS.get(word)
        if macro is None:
            if word.isalpha() and word != "begin" and word != "end":
                return ""
        elif macro.kind == _SYMBOL:
            return macro.value.translate(_PROTECT)
        elif macro.kind == _TRANSPARENT and macro.math is not True:
            # In text mode such a macro leaves its argument as it is, unless what follows
            # is read differently as an argument (a macro, or a paragraph break).
            following = m.string[m.end():m.end() + 1]
            if following != "\\" and not following.isspace():
                return ""
        raise _Hard
    mark = m.group("amark") or m.group("aword")
    if mark is not None:
        letter = m.group("gl") or m.group("bl")
        if letter is None:
            dotless = m.group("gi") or m.group("bi")
            letter = _DOTLESS_LETTER[dotless] if dotless else ""
        return _accent(letter, _MACROS[mark].value)
    sym = m.group("sym")
    if sym is None or sym == ")" or sym == "]":
        return ""  # a trailing backslash; a closing math delimiter outside math
    macro = _MACROS.get(sym)
    if macro is None and sym not in "\\([":
        return ""
    if macro is not None and macro.kind == _SYMBOL:
        return macro.value.translate(_PROTECT)
    raise _Hard


@lru_cache(maxsize=4096)
def _decode_formula(formula: str) -> str:
    return _Decoder().run(formula)


def _decode(value: str) -> str:
    if _OPEN not in value and _CLOSE not in value:
        try:
            text = _FAST.sub(_fast_token, value)
        except _Hard:
            return _Decoder().run(value)
        # str.replace runs at C speed where str.translate goes through a dict per char.
        text = text.replace("{", "").replace("}", "")
        if _OPEN in text or _CLOSE in text:
            text = text.replace(_OPEN, "{").replace(_CLOSE, "}")
        return text
    return _Decoder().run(value)


@lru_cache(maxsize=65536)
def _decode_cached(value: str) -> str:
    return _decode(value)


def needs_decoding(value: str) -> bool:
    """Whether ``value`` contains anything LaTeX would render differently from the text."""
    return _NEEDS_DECODING.search(value) is not None


def decode_latex(value: str) -> str:
    """The plain Unicode text a reader sees for a BibTeX field value (outer delimiters removed).

    Accents, special letters, escapes, dashes, quotes, text macros, case-protecting braces and
    simple inline math are rendered; unknown macros are dropped and their braced argument
    kept.  Never raises, runs in linear time, and memoises short values.

    >>> decode_latex(r"{V{\\'a}squez-Sancho} -- {{ZnO}} $\\alpha$-helix")
    'Vásquez-Sancho – ZnO α-helix'
    """
    if _NEEDS_DECODING.search(value) is None:
        return value
    if len(value) > _CACHE_MAX_LEN:
        return _decode(value)
    return _decode_cached(value)


_ENCODE: Final = {
    "\\": "\\textbackslash{}", "{": "\\textbraceleft{}", "}": "\\textbraceright{}", "$": "\\$", "&": "\\&", "%": "\\%",
    "#": "\\#", "_": "\\_", "~": "\\textasciitilde{}",
}
# Pairs that LaTeX would turn into one character (dashes, quotes, Spanish marks): split by {}.
_LIGATURE: Final = re.compile(r"(?<=-)(?=-)|(?<=')(?=')|(?<=`)(?=`)|(?<=[!?])(?=`)")


def encode_latex(text: str) -> str:
    """Plain text as a BibTeX field value that :func:`decode_latex` reads back as the same text.

    Characters special to LaTeX are escaped and ligature pairs split; other Unicode is kept.
    Braces are written as macros, so that the braces of the value always balance (BibTeX
    counts an escaped brace too).

    >>> encode_latex("Pain & 50% -- x")
    'Pain \\\\& 50\\\\% -{}- x'
    """
    escaped = "".join(_ENCODE.get(char, char) for char in text)
    return _LIGATURE.sub("{}", escaped)


def _cache_clear() -> None:
    _decode_cached.cache_clear()
    _decode_formula.cache_clear()


# Benchmarks and tests measure cold runs; the caches are otherwise an implementation detail.
decode_latex.cache_clear = _cache_clear  # type: ignore[attr-defined]
