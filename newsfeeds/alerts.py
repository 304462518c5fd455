"""Telling the operator that a site turned unhealthy, or recovered: one JSON POST to a webhook and/or
one e-mail (Scrapy's MAIL_* settings; sent with the standard library's smtplib, as Scrapy 2.19, which
deprecates scrapy.mail, advises), once per change of state."""

from __future__ import annotations

import json
import smtplib
import urllib.request
from email.message import EmailMessage
from typing import Any

from newsfeeds.sitehealth import UNHEALTHY, SiteHealth

USER_AGENT = "newsfeeds alert"


def alert_payload(health: SiteHealth, title: str, report: dict[str, Any]) -> dict[str, Any]:
    """The alert as JSON: the state change, why, and since when; `text` reads well in chat tools."""
    if health.state == UNHEALTHY:
        text = (f"newsfeeds: {title} ({health.site}) is UNHEALTHY after {health.failures} failed run(s): "
                f"{health.reason}. Its feeds keep their last good content. Last success: {health.last_success or 'never'}.")
    else:
        text = f"newsfeeds: {title} ({health.site}) has recovered: {health.reason}."
    return {
        "site": health.site, "title": title, "state": health.state, "since": health.since,
        "reason": health.reason, "consecutive_failures": health.failures, "last_success": health.last_success,
        "last_run": health.last_run, "report": report, "text": text,
    }


def post_json(url: str, payload: dict[str, Any], timeout: float = 10.0) -> int:
    """POST the payload as JSON; returns the HTTP status, raising on errors and non-2xx answers."""
    request = urllib.request.Request(url, data=json.dumps(payload, ensure_ascii=False).encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/json", "User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (the operator's own URL)
        return int(response.status)


def send_mail(settings: Any, to: list[str], subject: str, body: str, timeout: float = 30.0) -> None:
    """Send one plain-text e-mail with Scrapy's MAIL_HOST, MAIL_PORT, MAIL_FROM, MAIL_USER, MAIL_PASS,
    MAIL_TLS (STARTTLS) and MAIL_SSL settings; raises on failure."""
    message = EmailMessage()
    message["From"] = settings.get("MAIL_FROM") or "newsfeeds@localhost"
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message.set_content(body)
    host, port = settings.get("MAIL_HOST") or "localhost", settings.getint("MAIL_PORT") or 25
    connect = smtplib.SMTP_SSL if settings.getbool("MAIL_SSL") else smtplib.SMTP
    with connect(host, port, timeout=timeout) as smtp:
        if settings.getbool("MAIL_TLS") and not settings.getbool("MAIL_SSL"):
            smtp.starttls()
        if settings.get("MAIL_USER"):
            smtp.login(settings.get("MAIL_USER"), settings.get("MAIL_PASS") or "")
        smtp.send_message(message)
