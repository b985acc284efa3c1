"""The conversation page's socket drops while a message is in flight: the page reconnects by itself,
sends the unacknowledged message again, and the server stores it once.

An init script wraps the browser's WebSocket: the page's first conversation socket swallows its first
"send" frame (the drop happens before the server saw it) and closes abnormally; later sockets are the
browser's own, untouched.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from .test_messaging_journey import SETUP, send

pytestmark = pytest.mark.browser

TEXT = "Are you still there after the drop?"

DROP_FIRST_SEND = """
(() => {
  const Native = window.WebSocket;
  window.__dropped = [];
  window.__conversationSockets = 0;
  function Wrapped(url, protocols) {
    const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    if (String(url).includes("/ws/conversations/") && ++window.__conversationSockets === 1) {
      const send = ws.send.bind(ws);
      ws.send = (data) => {
        let frame = null;
        try { frame = JSON.parse(data); } catch (e) { /* not JSON: pass it on */ }
        if (frame && frame.type === "send") {
          window.__dropped.push(data);
          ws.close(4000, "dropped by the test");  // abnormal for the page: it must reconnect
          return;
        }
        send(data);
      };
    }
    return ws;
  }
  Wrapped.prototype = Native.prototype;
  Object.assign(Wrapped, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = Wrapped;
})();
"""


def test_a_dropped_socket_reconnects_and_the_unacknowledged_send_is_stored_once(site, new_page, login, unique_email):
    client_email, freelancer_email = unique_email("client"), unique_email("freelancer")
    site.create_user(client_email, first_name="Rita", last_name="Reconnect", role="client")
    site.create_user(freelancer_email, first_name="Fred", last_name="Flaky", role="freelancer")
    conversation_pk = site.shell(SETUP.format(client=client_email, freelancer=freelancer_email)).split()[-2]
    conversation_url = f"/messages/{conversation_pk}/"

    freelancer_page = new_page()
    login(freelancer_page, freelancer_email)
    freelancer_page.goto(conversation_url)
    expect(freelancer_page.locator("#conversation[data-live='1']")).to_have_count(1)

    client_page = new_page()
    login(client_page, client_email)
    client_page.add_init_script(DROP_FIRST_SEND)
    client_page.goto(conversation_url)
    expect(client_page.locator("#conversation[data-live='1']")).to_have_count(1)

    send(client_page, TEXT)
    # The first connection swallowed the frame and died; the page reconnected and sent it again.
    expect(freelancer_page.locator("#thread")).to_contain_text(TEXT, timeout=15_000)
    expect(client_page.locator("#thread .msg", has_text=TEXT)).to_have_count(1, timeout=15_000)
    assert [json.loads(frame)["body"] for frame in client_page.evaluate("window.__dropped")] == [TEXT]
    assert client_page.evaluate("window.__conversationSockets") >= 2
    expect(client_page.locator("#conversation[data-live='1']")).to_have_count(1)
    stored = site.shell(f"from messaging.models import Message; print(Message.objects.filter(body={TEXT!r}).count())")
    assert stored.split()[-1] == "1"
    expect(freelancer_page.locator("#thread .msg", has_text=TEXT)).to_have_count(1)
