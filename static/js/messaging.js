/* Live messaging: the conversation page and the nav unread badge. Our own code, no dependencies.
 *
 * Without JavaScript (or while the socket is down) the composer is a plain form POST, so nothing
 * here is required for the site to work; this only makes it live. Protocol: messaging/consumers.py.
 */
(function () {
  "use strict";

  var CLOSE_NO_RETRY = { 4401: true, 4403: true, 1000: true };

  function wsUrl(path) {
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
  }

  function setBadge(count) {
    document.querySelectorAll("[data-unread-badge]").forEach(function (badge) {
      badge.textContent = String(count);
      badge.hidden = !count;
      badge.setAttribute("aria-label", count + " unread message" + (count === 1 ? "" : "s"));
    });
  }

  var PING_EVERY_MS = 25000;   // heartbeat; the server also refreshes presence with it
  var PONG_TIMEOUT_MS = 10000; // no answer: the connection is dead even if the browser hasn't noticed

  /* A socket that reconnects with backoff (except when the server said "not allowed") and sends a
   * heartbeat: a connection that stops answering is closed and reopened. */
  function LiveSocket(path, onEvent, onOpen, onClose) {
    this.path = path;  // a string, or a function returning one (re-read on every reconnect)
    this.onClose = onClose || function () {};
    this.onEvent = onEvent;
    this.onOpen = onOpen || function () {};
    this.delay = 1000;
    this.open();
  }
  LiveSocket.prototype.open = function () {
    var self = this;
    var ws = new WebSocket(wsUrl(typeof this.path === "function" ? this.path() : this.path));
    this.ws = ws;
    ws.onopen = function () {
      self.delay = 1000;
      self.heartbeat();
      self.onOpen();
    };
    ws.onmessage = function (e) {
      var data;
      try { data = JSON.parse(e.data); } catch (err) { return; }
      clearTimeout(self.pongTimer);  // anything from the server proves the connection is alive
      if (data.type === "pong") return;
      self.onEvent(data);
    };
    ws.onclose = function (e) {
      clearInterval(self.pingTimer);
      clearTimeout(self.pongTimer);
      if (self.ws !== ws) return;
      self.onClose();
      if (CLOSE_NO_RETRY[e.code]) return;
      setTimeout(function () { self.open(); }, self.delay);
      self.delay = Math.min(self.delay * 2, 30000);
    };
  };
  LiveSocket.prototype.heartbeat = function () {
    var self = this;
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(function () {
      if (!self.ready()) return;
      self.ws.send(JSON.stringify({ type: "ping" }));
      clearTimeout(self.pongTimer);
      self.pongTimer = setTimeout(function () { self.ws.close(); }, PONG_TIMEOUT_MS);
    }, PING_EVERY_MS);
  };
  LiveSocket.prototype.ready = function () {
    return this.ws && this.ws.readyState === WebSocket.OPEN;
  };
  LiveSocket.prototype.send = function (obj) {
    if (!this.ready()) return false;
    this.ws.send(JSON.stringify(obj));
    return true;
  };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function initConversation(root) {
    var conversationId = root.dataset.conversationId;
    var otherName = root.dataset.otherName;
    var thread = document.getElementById("thread");
    var form = document.getElementById("composer");
    var textarea = document.getElementById("composer-body");
    var fileInput = form.querySelector("input[type=file]");
    var sendButton = document.getElementById("composer-send");
    var blockedBox = document.getElementById("composer-blocked");
    var errorBox = document.getElementById("composer-error");
    var typingBox = document.getElementById("typing");
    var pending = {};
    var typingTimer = null;
    var lastTypingSent = 0;
    var counter = 0;

    // The server renders each message for this viewer with the page's own partial.
    function renderMessage(m) {
      var tpl = document.createElement("template");
      tpl.innerHTML = (m.html || "").trim();
      return tpl.content.firstElementChild;
    }

    // Edit links disappear when the edit window closes (the server refuses later edits anyway).
    function expireEditLinks() {
      var now = Date.now();
      thread.querySelectorAll("[data-edit-until]").forEach(function (a) {
        var until = Date.parse(a.dataset.editUntil);
        if (!isNaN(until) && until <= now) a.remove();
      });
    }
    setInterval(expireEditLinks, 15000);
    expireEditLinks();

    function upsert(m) {
      var node = renderMessage(m);
      if (!node) return;
      var empty = thread.querySelector("[data-empty]");
      if (empty) empty.remove();
      var existing = document.getElementById("m-" + m.id);
      if (existing) {
        existing.replaceWith(node);
      } else {
        thread.appendChild(node);
        node.scrollIntoView({ block: "end" });
      }
    }

    function showBlocked(event) {
      blockedBox.textContent = "";
      var box = el("div", { "class": "blocked", role: "alert" });
      box.appendChild(el("strong", {}, "Not sent: this text contains details that can't be shared here."));
      var p = el("p", { "class": "small" });
      // Server-escaped text with <mark class="finding"> around each finding (trust.policy.highlight).
      p.innerHTML = event.highlighted_html || "";
      box.appendChild(p);
      var list = el("ul");
      (event.findings || []).forEach(function (f) { list.appendChild(el("li", {}, f.reason)); });
      box.appendChild(list);
      box.appendChild(el("p", { "class": "small muted" }, event.message));
      blockedBox.appendChild(box);
    }

    function clearErrors() {
      blockedBox.textContent = "";
      errorBox.textContent = "";
    }

    function markRead() {
      if (document.visibilityState === "visible") socket.send({ type: "read" });
    }

    function lastMessageId() {
      var last = 0;
      thread.querySelectorAll("[data-message-id]").forEach(function (n) {
        last = Math.max(last, parseInt(n.dataset.messageId, 10) || 0);
      });
      return last;
    }

    // `after`: the server replays what was sent between this page's render (or a dropped
    // connection) and the moment the socket joined the conversation.
    // `ack=view`: this script shows the sender's own message from its "sent" ack, so the server
    // leaves this socket out of that message's broadcast. `unread=inline`: a new message's frame
    // carries the nav badge's count (`unread`), instead of a second frame.
    var socketPath = function () {
      return "/ws/conversations/" + conversationId + "/?ack=view&unread=inline&after=" + lastMessageId();
    };
    var socket = new LiveSocket(socketPath, function (event) {
      switch (event.type) {
        case "message":
          if (typeof event.unread === "number") setBadge(event.unread);
          upsert(event.message);
          if (!event.message.mine) { typingBox.textContent = ""; markRead(); }
          break;
        case "message_updated":
          if (document.getElementById("m-" + event.message.id)) upsert(event.message);
          break;
        case "sent":
          // The ack carries our own message as we see it (this socket may get no "message" for it).
          if (event.message) upsert(event.message);
          if (pending[event.client_id]) {
            var wasCurrent = pending[event.client_id].body === textarea.value.trim();
            delete pending[event.client_id];
            if (wasCurrent) textarea.value = "";
            clearErrors();
            sendButton.disabled = false;
          }
          break;
        case "error":
          if (event.client_id && pending[event.client_id]) delete pending[event.client_id];
          sendButton.disabled = false;
          if (event.code === "blocked") {
            errorBox.textContent = "";
            showBlocked(event);
          } else {
            blockedBox.textContent = "";
            errorBox.textContent = event.message;
          }
          textarea.focus();
          break;
        case "read":
          thread.querySelectorAll("[data-seen]").forEach(function (n) { n.remove(); });
          var mine = thread.querySelectorAll(".msg.mine");
          if (mine.length) {
            var last = mine[mine.length - 1];
            var meta = last.querySelector(".meta:last-child") || last;
            meta.appendChild(el("span", { "data-seen": "" }, "Seen"));
          }
          break;
        case "unread":
          setBadge(event.count);
          break;
        case "notifications":
          setNotificationBadge(event.count);
          break;
        case "typing":
          typingBox.textContent = otherName + " is typing\u2026";
          clearTimeout(typingTimer);
          typingTimer = setTimeout(function () { typingBox.textContent = ""; }, 4000);
          break;
      }
    }, function () {
      root.dataset.live = "1";
      // Sends the server never acknowledged (the connection dropped first) go again; the server
      // recognises a resend it already stored and just acknowledges it.
      Object.keys(pending).forEach(function (clientId) {
        socket.send({ type: "send", body: pending[clientId].body, client_id: clientId, resend: true });
      });
      markRead();
    }, function () {
      root.dataset.live = "0";
      sendButton.disabled = false;  // never stuck: the unacknowledged send is retried on reconnect
    });

    form.addEventListener("submit", function (e) {
      // Files go through the plain form POST (multipart); so does everything while offline.
      if ((fileInput && fileInput.files.length) || !socket.ready()) return;
      e.preventDefault();
      var body = textarea.value.trim();
      if (!body) { errorBox.textContent = "Write a message or attach a file."; return; }
      var clientId = "c" + (++counter) + "-" + Date.now();
      pending[clientId] = { body: body };
      sendButton.disabled = true;
      if (!socket.send({ type: "send", body: body, client_id: clientId })) {
        delete pending[clientId];
        sendButton.disabled = false;
        form.submit();
      }
    });

    textarea.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        if (typeof form.requestSubmit === "function") form.requestSubmit(); else form.submit();
      }
    });

    textarea.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastTypingSent > 2000) { lastTypingSent = now; socket.send({ type: "typing" }); }
    });

    document.addEventListener("visibilitychange", markRead);
  }

  function setNotificationBadge(count) {  // the bell (notifications app), same socket
    document.querySelectorAll("[data-notification-badge]").forEach(function (badge) {
      badge.textContent = String(count);
      badge.hidden = !count;
      badge.setAttribute("aria-label", count + " unread notification" + (count === 1 ? "" : "s"));
    });
  }

  function init() {
    var root = document.getElementById("conversation");
    if (root) {
      initConversation(root);
    } else if (document.querySelector("[data-unread-badge]")) {
      new LiveSocket("/ws/notifications/", function (event) {
        if (event.type === "unread") setBadge(event.count);
        else if (event.type === "notifications") setNotificationBadge(event.count);
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
