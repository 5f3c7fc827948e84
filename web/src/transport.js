// -------------------------------------------------------------- transport
// One request at a time, in order. Every message goes through an outbox kept in storage with a
// random key: it survives a reload, a message not yet answered is shown "not sent yet" and sent
// again (the same key, attempt 2, 3...) after a reload or when the server is back, and the
// server handles a key once (careerpath_rasa/channels/idempotency.py) - a copy gets the first
// answer again, so the next answer never lands on the wrong question.
var outbox = loadOutbox();
var conversation = 0; // bumped by a new conversation: replies to the previous one are dropped
var sending = false;
var failures = 0;
var retryTimer = null;
var originRefused = false;

function loadOutbox() {
  var saved = store.get("outbox", []);
  return Array.isArray(saved)
    ? saved.filter(function (item) {
        return item && typeof item.key === "string" && typeof item.text === "string";
      })
    : [];
}

function saveOutbox() {
  store.set("outbox", outbox);
}

function send(text, options) {
  var message = String(text).trim();
  if (!message) return;
  options = options || {};
  var key = "m" + randomHex(12);
  if (!options.silent) {
    markButtonsUsed(-1, null);
    addEntry({ kind: "user", text: options.display || message, pending: key });
  }
  outbox.push({
    key: key,
    text: message,
    sender: senderId(),
    attempts: 0,
    metadata: options.metadata || null,
  });
  saveOutbox();
  if (sending || failures) showPending();
  pump();
}

function pump() {
  if (sending || !outbox.length) return;
  clearTimeout(retryTimer);
  retryTimer = null;
  var item = outbox[0];
  if (item.sender !== senderId()) {
    outbox.shift(); // left over from a conversation that was closed meanwhile
    saveOutbox();
    return pump();
  }
  sending = true;
  setTyping(true);
  item.attempts = (item.attempts || 0) + 1;
  saveOutbox(); // before the request: after a reload, the server is asked to check for a copy
  var generation = conversation;
  postMessage(item).then(
    function (messages) {
      if (generation !== conversation) return finish();
      delivered(item);
      if (failures || originRefused) setConnectionProblem(null);
      failures = 0;
      originRefused = false;
      showReply(entriesFromReply(messages));
      finish();
    },
    function (error) {
      if (generation !== conversation) return finish();
      if (error.retryable) return stalled(error, generation);
      // The server answered but refused: re-sending the same thing would fail the same way.
      delivered(item);
      if (failures) setConnectionProblem(null);
      failures = 0;
      var reason = { reason: error.message };
      addEntry({ kind: "note", say: "not_answered", params: reason, text: say("not_answered", reason) });
      finish();
    }
  );
}

function delivered(item) {
  outbox = outbox.filter(function (other) { return other.key !== item.key; });
  saveOutbox();
  var changed = false;
  transcript.forEach(function (entry) {
    if (entry.pending === item.key) {
      delete entry.pending;
      changed = true;
    }
  });
  if (changed) saveTranscript();
  var row = log.querySelector('[data-key="' + item.key + '"]');
  if (row) row.classList.remove("cp-pending");
}

// Not delivered: keep it, say so, and try again later - unless the server is up but refuses
// this page's origin (CORS), which no retry can fix: then say what to change, and wait.
function stalled(error, generation) {
  failures += 1;
  showPending();
  sending = false;
  setTyping(false);
  originCheck(error).then(function (refused) {
    if (generation !== conversation) return;
    if (refused) {
      if (!originRefused) {
        originRefused = true;
        if (window.console) {
          window.console.error(say("origin_refused_console", { origin: pageOrigin() }));
        }
      }
      setConnectionProblem({ key: "origin_refused", params: { origin: pageOrigin() } });
      return;
    }
    setConnectionProblem({ key: "unreachable" });
    var delay = CONFIG.retryDelaysMs[Math.min(failures - 1, CONFIG.retryDelaysMs.length - 1)];
    clearTimeout(retryTimer);
    retryTimer = setTimeout(pump, delay);
  });
}

function pageOrigin() {
  return window.location.origin;
}

// A request refused by CORS fails like a dead server. A "no-cors" request to the same server
// tells them apart: it succeeds (with an unreadable answer) whenever the server is up. Only
// from the second failure in a row: one connection cut while the server is up is not a refusal.
function originCheck(error) {
  if (!error.network || failures < 2) return Promise.resolve(false);
  return window
    .fetch(CONFIG.server + "/webhooks/rest/", { mode: "no-cors", credentials: "omit", cache: "no-store" })
    .then(
      function () { return true; },
      function () { return false; }
    );
}

// A long reply (recommendation cards, "More about...") is shown from its start, not its end.
function showReply(entries) {
  if (!entries.length) {
    // Rasa answers [] when a turn produced no message: say so rather than leave the user waiting.
    addEntry({ kind: "note", say: "no_answer", text: say("no_answer") });
    return;
  }
  var first = null;
  entries.forEach(function (entry) {
    var node = addEntry(entry);
    if (!first) first = node;
  });
  if (log.scrollHeight - first.offsetTop > log.clientHeight) {
    log.scrollTop = first.offsetTop - 8; // .cp-log is the offset parent
  }
}

function finish() {
  sending = false;
  setTyping(false);
  pump();
}

function showPending() {
  outbox.forEach(function (item) {
    var row = log.querySelector('[data-key="' + item.key + '"]');
    if (row) row.classList.add("cp-pending");
  });
}

function retryNow() {
  if (!sending && outbox.length) pump();
}

// The key and attempt let the server recognise a copy. A guided session opened from the
// counselor workspace carries a one-time ticket with "/guided_mode": the bot binds the
// conversation to that counselor.
function messageBody(item) {
  // lang: the widget's language, which the bot takes for a conversation that has none yet.
  var metadata = { message_id: item.key, attempt: item.attempts, lang: CONFIG.lang };
  if (item.metadata && typeof item.metadata === "object") {
    Object.keys(item.metadata).forEach(function (name) { metadata[name] = item.metadata[name]; });
  }
  if (pageConfig.guidedTicket && item.text === "/guided_mode") {
    metadata.guided_ticket = String(pageConfig.guidedTicket);
  }
  return { sender: item.sender, message: item.text, metadata: metadata };
}

function postMessage(item) {
  var controller = window.AbortController ? new AbortController() : null;
  var timer = controller ? setTimeout(function () { controller.abort(); }, CONFIG.requestTimeoutMs) : null;
  return window
    .fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(messageBody(item)),
      signal: controller ? controller.signal : undefined,
      credentials: "omit",
    })
    .then(
      function (response) {
        clearTimeout(timer);
        if (response.ok) return response.json();
        // 502/503/504: a proxy in front of Rasa is up but Rasa isn't: same as unreachable.
        throw transportError("error " + response.status, [502, 503, 504].indexOf(response.status) >= 0);
      },
      function (failure) {
        clearTimeout(timer);
        // Network down, refused, CORS refused or timed out (aborted).
        var error = transportError("unreachable", true);
        error.network = !(failure && failure.name === "AbortError");
        throw error;
      }
    )
    .then(function (body) {
      return Array.isArray(body) ? body : [];
    });
}

function transportError(message, retryable) {
  var error = new Error(message);
  error.retryable = retryable;
  return error;
}
