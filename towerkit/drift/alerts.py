"""Alerts: what a reviewer is told about drift, and the optional webhook that tells them.

``post_alerts`` is called by the ingest run AFTER its transaction commits. A dead or slow webhook
must never hold ingestion up, so the POST runs in a daemon thread with a bounded total time
(``timeout`` per attempt, ``retries`` attempts, exponential backoff) and every failure is logged,
never raised. The payload is plain JSON over urllib: no new dependency.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

log = logging.getLogger(__name__)

SHOWN_REASONS = 3
"""Reasons an alert's one line spells out; the others are counted (all are in ``quarantine``)."""
HTTP_SUCCESS = range(200, 300)
"""The 2xx statuses: the webhook took the alerts."""


@dataclass(frozen=True, slots=True)
class Alert:
    """One ``alerts`` row."""

    alert_id: int
    created_at: datetime | None
    severity: str
    site_id: str | None
    doc_id: str | None
    kind: str
    message: str
    acknowledged: bool = False

    def to_json(self) -> dict[str, Any]:
        """The alert as JSON-native values (``created_at`` as ISO-8601 UTC with a ``Z``)."""
        d = asdict(self)
        d["created_at"] = self.created_at.isoformat(timespec="seconds") + "Z" if self.created_at else None
        return d


def alert_message(doc_path: str | None, site_id: str | None, reasons: Sequence[str]) -> str:
    """One line: where, which site, and the first reasons (the rest are in ``quarantine``)."""
    head = f"{doc_path or 'document'}" + (f" (site {site_id})" if site_id else "")
    extra = len(reasons) - SHOWN_REASONS
    shown = "; ".join(reasons[:SHOWN_REASONS]) + (f"; +{extra} more" if extra > 0 else "")
    return f"quarantined {head}: {shown}"


def payload(alerts: Sequence[Alert]) -> bytes:
    """The webhook body: ``{"source": "towerkit", "count": n, "alerts": [...]}``."""
    body = {"source": "towerkit", "count": len(alerts), "alerts": [a.to_json() for a in alerts]}
    return json.dumps(body, sort_keys=True).encode("utf-8")


def send(url: str, body: bytes, *, timeout: float = 5.0, retries: int = 3, backoff: float = 0.5) -> bool:
    """POST ``body`` with retries; True on a 2xx answer. Never raises (failures are logged)."""
    for attempt in range(1, max(1, retries) + 1):
        req = urllib.request.Request(  # noqa: S310  the operator sets the webhook URL and its scheme
            url, data=body, method="POST", headers={"Content-Type": "application/json", "User-Agent": "towerkit"}
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310  the operator sets the webhook URL and its scheme
                if resp.status in HTTP_SUCCESS:
                    return True
                problem = f"HTTP {resp.status}"
        except urllib.error.HTTPError as e:
            problem = f"HTTP {e.code}"
        except (urllib.error.URLError, OSError, ValueError) as e:
            problem = f"{type(e).__name__}: {getattr(e, 'reason', e)}"
        log.warning("alert webhook attempt %d/%d failed: %s", attempt, retries, problem)
        if attempt < retries:
            time.sleep(backoff * (2 ** (attempt - 1)))
    log.error("alert webhook %s unreachable after %d attempts; alerts stay in the alerts table", url, retries)
    return False


def post_alerts(
    alerts: Sequence[Alert],
    url: str | None,
    *,
    timeout: float = 5.0,
    retries: int = 3,
    backoff: float = 0.5,
    wait: bool = False,
) -> threading.Thread | None:
    """Send alerts to a webhook in a daemon thread; returns the thread (None when nothing to send).

    Args:
        alerts: the alerts a resolution created.
        url: the webhook (``settings.alert_webhook``); None or empty sends nothing.
        timeout: seconds per attempt.
        retries: attempts in all.
        backoff: first pause between attempts, doubled each time.
        wait: join the thread before returning (tests, one-shot CLI commands); a process exiting
            while the daemon thread still retries simply drops the notification.

    """
    if not url or not alerts:
        return None
    body = payload(alerts)
    t = threading.Thread(
        target=send,
        args=(url, body),
        kwargs={"timeout": timeout, "retries": retries, "backoff": backoff},
        name="towerkit-alerts",
        daemon=True,
    )
    t.start()
    if wait:
        t.join()
    return t
