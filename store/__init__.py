"""The Slack-free core of wpsbot: storage, ingestion, extraction, answering, deadline rules."""

import sys

# sqlite-utils imports numpy when it can, only to map numpy scalar types to column types, and
# numpy is installed here (matplotlib needs it for charts): a tenth of a second or more of
# every `wpsbot ask`, for values this project never stores. Hide numpy while sqlite-utils is
# first imported; whatever imports numpy later (a chart) gets it as usual.
if "sqlite_utils" not in sys.modules and "numpy" not in sys.modules:
    sys.modules["numpy"] = None  # type: ignore[assignment]  # import numpy -> ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["numpy"]
