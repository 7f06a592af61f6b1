"""Write the gold files of audit round 4 from labels.yaml: NNN_name.json next to NNN_name.txt (here or in
heldout/), with the same builder as round 3 (tests/corpus_audit3/make_audit3.py).

Run after editing labels.yaml:  python tests/corpus_audit4/make_audit4.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.corpus_audit3.make_audit3 import build  # noqa: E402

if __name__ == "__main__":
    print(f"{build(HERE)} audit reports written under {HERE}")
