"""The card pushed to a LINE group, against a local HTTP receiver that stands in for api.line.me (nothing leaves the
machine: the Messaging API itself is never reached from the tests)."""

from __future__ import annotations

import io
import json
import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

from data_access.access import audit
from data_access.admin import mail_log, offices
from reports import digest, line
from reports.card import CardLines, Row
from tests.conftest import PINNED_TODAY

TOKEN = "tok3n+SECRET/abcdefghijklmnopqrstuvwxyz0123456789="
GROUP = "C" + "0" * 32
OTHER_GROUP = "C" + "a" * 32
CARD_URL = "https://info.example.go.th/line-cards"
BASE = "https://info.example.go.th"
KEY = "123e4567-e89b-12d3-a456-426614174000"
NO_SECRETS = Path("/nonexistent/secrets.toml")
OK = (200, {"sentMessages": [{"id": "461230966842064897", "quoteToken": "IStG5h1Tz7b"}]})


@dataclass
class Request:
    method: str
    path: str
    headers: dict
    body: dict | None


@dataclass
class Receiver:
    """Answers each request with the next of `answers` (the last one repeats). An answer is (status, json body),
    optionally with seconds to wait first, or a function of the request that gives one, or "line" (optionally
    ("line", seconds)): behave like LINE with retry keys, 200 the first time a key is seen and 409 after that."""

    answers: list = field(default_factory=lambda: [OK])
    requests: list[Request] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)  # retry keys of the pushes "line" answers took

    def __post_init__(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = None
                request = Request(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                receiver.requests.append(request)
                answer = receiver.answers.pop(0) if len(receiver.answers) > 1 else receiver.answers[0]
                if callable(answer):
                    answer = answer(request)
                if answer == "line" or answer[0] == "line":
                    wait = () if answer == "line" else answer[1:]
                    key = request.headers.get("x-line-retry-key")
                    answer = (*OK, *wait) if key not in receiver.accepted else (
                        409, {"message": "The retry key is already accepted"})
                    receiver.accepted.append(key) if answer[0] == 200 else None
                status, payload, *wait = answer
                if wait:
                    time.sleep(wait[0])
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # a client that gave up (the timeout test) is not an error here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def start(*answers) -> Receiver:
        made.append(Receiver(list(answers) or [OK]))
        return made[-1]

    yield start
    for r in made:
        r.stop()


@pytest.fixture
def card_dir(tmp_path) -> Path:
    folder = tmp_path / "line-cards"
    folder.mkdir()
    return folder


def _environ(card_dir: Path, api_url: str, **more) -> dict:
    return {"INFO_LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "INFO_LINE_CARD_DIR": str(card_dir),
            "INFO_LINE_CARD_URL": CARD_URL, "INFO_LINE_API_URL": api_url, **more}


def _pusher(card_dir: Path, api_url: str, attempts: int = 3, **more) -> tuple[line.LinePusher, list[float]]:
    slept: list[float] = []
    settings = line.line_settings(_environ(card_dir, api_url, **more), secrets_file=NO_SECRETS)
    return line.LinePusher(settings, attempts=attempts, backoff=0.5, sleep=slept.append), slept


def _card_png(width: int = 1080, height: int = 1500) -> bytes:
    image = Image.new("RGB", (width, height), "white")
    for y in range(0, height, 40):  # some structure, like lines of text
        image.paste((11, 79, 138), (56, y, width - 56, y + 12))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _file_of(url: str, card_dir: Path) -> Path:
    assert url.startswith(CARD_URL + "/")
    return card_dir / url.removeprefix(CARD_URL + "/")


# --- settings ---------------------------------------------------------------------------------------------------

def test_line_is_off_without_a_token(card_dir, tmp_path):
    assert line.line_settings({}, secrets_file=NO_SECRETS) is None
    assert line.line_settings({"INFO_LINE_CARD_DIR": str(card_dir), "INFO_LINE_CARD_URL": CARD_URL,
                               "INFO_LINE_CHANNEL_ACCESS_TOKEN": "  "}, secrets_file=NO_SECRETS) is None
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[smtp]\nhost = "mail.example.go.th"\n[line]\ncard_dir = "/srv"\n', encoding="utf-8")
    assert line.line_settings({}, secrets_file=secrets) is None


def test_settings_come_from_secrets_and_the_environment_wins(card_dir, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[line]\nchannel_access_token = "from-the-file"\ncard_dir = "{card_dir}"\n'
                       f'card_url = "{CARD_URL}/"\ntimeout = 12\n', encoding="utf-8")
    from_file = line.line_settings({}, secrets_file=secrets)
    assert (from_file.channel_access_token, from_file.card_dir, from_file.card_url, from_file.api_url,
            from_file.timeout) == ("from-the-file", card_dir, CARD_URL, "https://api.line.me", 12.0)
    wins = line.line_settings({"INFO_LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "INFO_LINE_API_URL": "http://127.0.0.1:9/"},
                              secrets_file=secrets)
    assert (wins.channel_access_token, wins.api_url) == (TOKEN, "http://127.0.0.1:9")
    assert TOKEN not in repr(wins) and "from-the-file" not in repr(from_file)


@pytest.mark.parametrize("change, words", [
    ({"INFO_LINE_CARD_DIR": "", "INFO_LINE_CARD_URL": ""}, "INFO_LINE_CARD_DIR and INFO_LINE_CARD_URL is not"),
    ({"INFO_LINE_CARD_URL": ""}, "INFO_LINE_CARD_URL is not"),
    ({"INFO_LINE_CARD_URL": "http://info.example.go.th/line-cards"}, "must be an https:// address"),
    ({"INFO_LINE_CARD_URL": "https://info.example.go.th/c?x=1"}, "without spaces, ? or #"),
    ({"INFO_LINE_CARD_DIR": "/nonexistent/line-cards"}, "is not a folder"),
    ({"INFO_LINE_API_URL": "http://api.example.com"}, "clear text"),
    ({"INFO_LINE_TIMEOUT": "soon"}, "INFO_LINE_TIMEOUT must be a number"),
    ({"INFO_LINE_CHANNEL_ACCESS_TOKEN": TOKEN + "\nX-Injected: 1"}, "no spaces or line breaks"),
])
def test_a_half_done_configuration_is_a_sentence_without_the_token(card_dir, change, words):
    with pytest.raises(line.LineSettingsError) as raised:
        line.line_settings({**_environ(card_dir, "https://api.line.me"), **change}, secrets_file=NO_SECRETS)
    message = str(raised.value)
    assert words in message
    assert TOKEN not in message and "tok3n" not in message


def test_a_card_dir_that_is_a_file_or_not_writable_is_refused(card_dir, tmp_path, monkeypatch):
    a_file = tmp_path / "cards.txt"
    a_file.write_text("x")
    with pytest.raises(line.LineSettingsError, match="is not a folder"):
        line.line_settings(_environ(a_file, "https://api.line.me"), secrets_file=NO_SECRETS)
    monkeypatch.setattr(line.os, "access", lambda path, mode: False)  # the tests run as root, who may write anywhere
    with pytest.raises(line.LineSettingsError, match="is not writable by this server's account"):
        line.line_settings(_environ(card_dir, "https://api.line.me"), secrets_file=NO_SECRETS)


def test_an_unreadable_secrets_file_is_a_sentence(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[line]\nchannel_access_token = "{TOKEN}\n', encoding="utf-8")
    with pytest.raises(line.LineSettingsError) as raised:
        line.line_settings({}, secrets_file=secrets)
    assert "[line]" in str(raised.value) and TOKEN not in str(raised.value)


# --- the request ------------------------------------------------------------------------------------------------

def test_the_push_is_the_card_and_the_link_to_the_group(receiver, card_dir):
    server = receiver(OK)
    pusher, slept = _pusher(card_dir, server.url)
    png = _card_png()
    text = "INFO จังหวัดเชียงใหม่: เหลือเวลาอีก ๑๐ วัน\nhttps://info.example.go.th/province?province=50&fy=2570"
    with pusher:
        assert pusher.push(GROUP, png, text, KEY) == (True, 1, None)
    [request] = server.requests
    assert (request.method, request.path) == ("POST", "/v2/bot/message/push")
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["x-line-retry-key"] == KEY
    assert request.body["to"] == GROUP
    image, words = request.body["messages"]
    assert image["type"] == "image" and words == {"type": "text", "text": text}
    original, preview = _file_of(image["originalContentUrl"], card_dir), _file_of(image["previewImageUrl"], card_dir)
    assert original.read_bytes() == png
    assert original.stat().st_mode & 0o044 == 0o044  # the web server may read it
    assert preview.stat().st_size <= 1024 * 1024
    with Image.open(preview) as small:
        assert small.format in ("JPEG", "PNG") and small.width == line.PREVIEW_WIDTH < 1080
    name = original.stem
    assert len(name) >= 32 and preview.name.startswith(name)  # unguessable
    assert sorted(p.name for p in card_dir.iterdir()) == sorted([original.name, preview.name])  # no temp files
    assert slept == []


def test_each_push_publishes_the_card_under_a_new_name(receiver, card_dir):
    server = receiver(OK)
    pusher, _ = _pusher(card_dir, server.url)
    png = _card_png()
    pusher.push(GROUP, png, "a", KEY)
    pusher.push(OTHER_GROUP, png, "b", "223e4567-e89b-12d3-a456-426614174000")
    urls = [r.body["messages"][0]["originalContentUrl"] for r in server.requests]
    assert len(set(urls)) == 2
    pusher.close()


def test_a_500_is_retried_with_the_same_key_and_the_same_card(receiver, card_dir):
    server = receiver((500, {"message": "An error occurred in the internal server"}), OK)
    pusher, slept = _pusher(card_dir, server.url)
    assert pusher.push(GROUP, _card_png(), "t", KEY) == (True, 2, None)
    first, second = server.requests
    assert first.headers["x-line-retry-key"] == second.headers["x-line-retry-key"] == KEY
    assert first.body == second.body
    assert slept == [0.5]
    assert len(list(card_dir.iterdir())) == 2  # published once


def test_429_and_lost_connections_are_retried_then_reported(receiver, card_dir):
    server = receiver((429, {"message": "Too Many Requests"}))
    pusher, slept = _pusher(card_dir, server.url)
    assert pusher.push(GROUP, _card_png(), "t", KEY) == (False, 3, "LINE answered 429: Too Many Requests")
    assert len(server.requests) == 3 and slept == [0.5, 1.0]
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    pusher, slept = _pusher(card_dir, closed, attempts=2)
    sent, attempts, reason = pusher.push(GROUP, None, "t", KEY)
    assert (sent, attempts, reason) == (False, 2, "cannot reach LINE (ConnectionRefusedError)")
    assert slept == [0.5]


def test_the_monthly_limit_is_not_retried(receiver, card_dir):
    server = receiver((429, {"message": "You have reached your monthly limit."}))
    pusher, _ = _pusher(card_dir, server.url)
    assert pusher.push(GROUP, None, "t", KEY) == (False, 1, "LINE answered 429: You have reached your monthly limit.")


def test_a_400_is_final_with_the_reason_in_words(receiver, card_dir):
    server = receiver((400, {"message": "The property, 'to', in the request body is invalid",
                             "details": [{"message": "invalid group id\nsecond line", "property": "to"}]}))
    pusher, slept = _pusher(card_dir, server.url)
    sent, attempts, reason = pusher.push(GROUP, _card_png(), "t", KEY)
    assert (sent, attempts) == (False, 1) and slept == [] and len(server.requests) == 1
    assert reason == ("LINE answered 400: The property, 'to', in the request body is invalid "
                      "(to: invalid group id second line)")


def test_409_means_an_earlier_try_was_accepted(receiver, card_dir):
    server = receiver((409, {"message": "The retry key is already accepted"}))
    pusher, _ = _pusher(card_dir, server.url)
    sent, attempts, note = pusher.push(GROUP, _card_png(), "t", KEY)
    assert (sent, attempts) == (True, 1) and "409" in note


def test_a_lost_answer_is_retried_safely_and_lands_once(receiver, card_dir):
    """LINE accepts the first try but its answer comes too late: the retry, with the same key, gets 409."""
    server = receiver(("line", 1.5), "line")
    pusher, slept = _pusher(card_dir, server.url, INFO_LINE_TIMEOUT="0.3")
    sent, attempts, note = pusher.push(GROUP, None, "t", KEY)
    assert (sent, attempts) == (True, 2) and "409" in note and slept == [0.5]
    assert [r.headers["x-line-retry-key"] for r in server.requests] == [KEY, KEY]
    assert server.accepted == [KEY]  # in the group once


def test_a_bad_group_id_is_not_sent(receiver, card_dir):
    server = receiver(OK)
    pusher, _ = _pusher(card_dir, server.url)
    sent, attempts, reason = pusher.push("C123; rm -rf /", _card_png(), "t", KEY)
    assert (sent, attempts) == (False, 0) and "not a LINE group id" in reason
    assert server.requests == [] and list(card_dir.iterdir()) == []


def test_the_token_is_in_no_reason_and_no_log(receiver, card_dir, caplog):
    caplog.set_level(logging.DEBUG)
    echo = lambda r: (401, {"message": f"Authentication failed: {r.headers['authorization']}"})
    server = receiver(echo, (500, {"message": "boom"}), OK)
    pusher, _ = _pusher(card_dir, server.url, attempts=1)
    outcomes = [pusher.push(GROUP, _card_png(), "t", KEY) for _ in range(3)]
    assert [o[0] for o in outcomes] == [False, False, True]
    assert outcomes[0][2] == "LINE answered 401: Authentication failed: Bearer …"
    assert TOKEN not in json.dumps(outcomes) and TOKEN not in caplog.text
    assert all(TOKEN not in str(record.args) for record in caplog.records)


# --- the text ---------------------------------------------------------------------------------------------------

def _lines(place: str, link: str = f"{BASE}/province?province=50&fy=2570") -> CardLines:
    return CardLines(title="INFO ปีงบประมาณ ๒๕๗๐", place=place, days_label="เหลือเวลาอีก", days="๑๐ วัน",
                     until="ถึง ๖ ธ.ค. ๒๕๖๙", kpis=(Row("อปท. ที่ครบ 8 ด้าน", "๔๕.๖%", "๑๒ จาก ๓๐"),),
                     lagging_title="", lagging=(), todo_title="", reasons=(), levels="", as_of="", link=link)


def test_the_text_is_one_line_of_standing_then_the_link():
    text = line.line_text(_lines("จังหวัดเชียงใหม่"))
    assert text == (f"INFO จังหวัดเชียงใหม่: เหลือเวลาอีก ๑๐ วัน · อปท. ที่ครบ 8 ด้าน ๔๕.๖%\n"
                    f"{BASE}/province?province=50&fy=2570")


def test_a_hostile_place_name_stays_one_bounded_line():
    place = "<script>alert(1)</script>\nX-Injected: 1\r\n\x00\u202e" + "ก" * 10_000
    text = line.line_text(_lines(place, link=f"{BASE}/province?province=50\n\nsecond"))
    summary, link = text.split("\n")
    assert len(text) <= line.TEXT_LIMIT and len(summary) <= line.SUMMARY_LIMIT
    assert summary.startswith("INFO <script>alert(1)</script> X-Injected: 1 ") and summary.endswith("…")
    assert not any(ord(ch) < 32 or ch == "\u202e" for ch in text.replace("\n", ""))
    assert link == f"{BASE}/province?province=50 second"
    assert len(line.message_text("x\n" * 10_000 + "y" * 10_000)) == line.TEXT_LIMIT


def test_the_retry_key_is_a_uuid_fixed_per_day_and_group():
    key = line.retry_key(PINNED_TODAY, GROUP)
    assert key == line.retry_key(PINNED_TODAY, GROUP) and len(key) == 36
    assert key != line.retry_key(PINNED_TODAY, OTHER_GROUP)
    assert key != line.retry_key(PINNED_TODAY.replace(day=27), GROUP)


# --- push_cards on a real database ------------------------------------------------------------------------------

@pytest.fixture
def morning(morning_copy):
    """The demo database's copy with province 50's office in a LINE group."""
    offices.set_office(morning_copy, "50", "test", line_group=GROUP)
    offices.set_office(morning_copy, "83", "test", email="office83@example.go.th")  # an office without a LINE group
    return morning_copy


def _leaks(eng) -> str:
    return json.dumps(audit.entries(eng), default=str) + json.dumps(mail_log.sent_on(eng, PINNED_TODAY), default=str)


def test_push_cards_pushes_each_group_once_a_day(morning, receiver, card_dir):
    server = receiver(OK)
    pusher, _ = _pusher(card_dir, server.url)
    morning_digest = digest.Digest(morning, 2570, PINNED_TODAY, BASE)
    section = morning_digest.section("50")
    outcomes = line.push_cards(morning, morning_digest, pusher, PINNED_TODAY)
    assert [(o.recipient, o.kind, o.result, o.attempts) for o in outcomes] == [(GROUP, "line", "sent", 1)]
    [request] = server.requests
    assert request.body["to"] == GROUP
    assert request.headers["x-line-retry-key"] == line.retry_key(PINNED_TODAY, GROUP)
    image, words = request.body["messages"]
    assert section.png is not None and _file_of(image["originalContentUrl"], card_dir).read_bytes() == section.png
    assert words["text"].startswith("INFO จังหวัดเชียงใหม่: ") and words["text"].endswith("\n" + section.lines.link)
    assert section.lines.kpis[0].value in words["text"]
    [row] = mail_log.sent_on(morning, PINNED_TODAY, line.KIND)
    assert (row["recipient"], row["state"], row["message_id"]) == (GROUP, "sent", line.retry_key(PINNED_TODAY, GROUP))
    [entry] = [e for e in audit.entries(morning) if e["action"] == "line-push"]
    assert (entry["outcome"], entry["target"], entry["actor"]) == ("done", GROUP, "digest")
    assert "province 50" in entry["detail"]

    again = line.push_cards(morning, morning_digest, pusher, PINNED_TODAY)
    assert [(o.recipient, o.result) for o in again] == [(GROUP, "already sent")]
    assert len(server.requests) == 1
    assert TOKEN not in _leaks(morning) + json.dumps([o.__dict__ for o in outcomes + again])


def test_a_failed_push_is_audited_and_the_next_run_retries_with_the_same_key(morning, receiver, card_dir):
    server = receiver((503, {"message": "Service Unavailable"}), OK)
    pusher, _ = _pusher(card_dir, server.url, attempts=1)
    no_pictures = digest.Digest(morning, 2570, PINNED_TODAY, BASE, draw=False)  # the card could not be drawn
    [failed] = line.push_cards(morning, no_pictures, pusher, PINNED_TODAY)
    assert (failed.result, failed.reason, failed.failed) == ("failed", "LINE answered 503: Service Unavailable", True)
    [entry] = [e for e in audit.entries(morning) if e["action"] == "line-push"]
    assert entry["outcome"] == "failed" and "503" in entry["detail"] and "without the card" in entry["detail"]
    [sent] = line.push_cards(morning, no_pictures, pusher, PINNED_TODAY)
    assert sent.result == "sent"
    first, second = server.requests
    assert first.headers["x-line-retry-key"] == second.headers["x-line-retry-key"]
    assert [m["type"] for m in second.body["messages"]] == ["text"]
    assert TOKEN not in _leaks(morning)


def test_two_offices_in_one_group_get_a_sentence_not_a_silent_skip(morning, receiver, card_dir):
    offices.set_office(morning, "83", "test", line_group=GROUP)
    server = receiver(OK)
    pusher, _ = _pusher(card_dir, server.url)
    outcomes = line.push_cards(morning, digest.Digest(morning, 2570, PINNED_TODAY, BASE, draw=False), pusher,
                               PINNED_TODAY)
    assert [o.result for o in outcomes] == ["sent", "not sent"]
    assert "also the group of province 50" in outcomes[1].reason and len(server.requests) == 1
