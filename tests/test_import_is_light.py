"""Nothing heavy is loaded at import time: the model, torch and the word dictionaries load on first use."""

from __future__ import annotations

import subprocess
import sys


def test_importing_align_loads_no_model_and_no_dictionary() -> None:
    code = ("import sys, align, align.evidence, align.scoring, align.aligner, align.segmenter; "
            "print(','.join(m for m in ('torch', 'transformers', 'pymorphy3', 'english_words', 'sentencepiece') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"loaded at import time: {out}"


def test_the_dictionaries_load_on_first_use() -> None:
    from align import evidence as ev

    assert ev.ru_name_kind("Путин") == "name"
    assert "quake" in ev._en_dictionary() and "boston" not in ev._en_dictionary()
