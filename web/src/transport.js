// -------------------------------------------------------------- transport
// One request at a time, in order. A message that can't be delivered stays at the head of the
// queue and is re-sent when the server is back, so nothing the user typed is lost.
var outbox = [];
var conversation = 0; // bumped by reset(): replies to a previous conversation are dropped
var sending = false;
var failures = 0;
var retryTimer = null;

function send(text, options) {
  var message = String(text).trim();
  if (!message) return;
  options = options || {};
  var pendingNode = null;
  if (!options.silent) {
    markButtonsUsed(-1, null);
    pendingNode = addEntry({ kind: "user", text: options.display || message });
  }
  outbox.push({ text: message, node: pendingNode });
  if (pendingNode && (sending || failures)) pendingNode.classList.add("cp-pending");
  pump();
}

function pump() {
  if (sending || !outbox.length) return;
  clearTimeout(retryTimer);
  retryTimer = null;
  sending = true;
  setTyping(true);
  var item = outbox[0];
  var generation = conversation;
  postMessage(item.text).then(
    function (messages) {
      if (generation !== conversation) return finish();
      outbox.shift();
      if (failures) setConnectionProblem(null);
      failures = 0;
      clearPending();
      showReply(entriesFromReply(messages));
      finish();
    },
    function (error) {
      if (generation !== conversation) return finish();
      if (error.retryable) {
        failures += 1;
        markPending();
        setConnectionProblem(say("unreachable"));
        var delay = CONFIG.retryDelaysMs[Math.min(failures - 1, CONFIG.retryDelaysMs.length - 1)];
        retryTimer = setTimeout(pump, delay);
        sending = false;
        setTyping(false);
        return;
      }
      // The server answered but refused: re-sending the same thing would fail the same way.
      outbox.shift();
      if (item.node) item.node.classList.remove("cp-pending");
      if (failures) setConnectionProblem(null);
      failures = 0;
      addEntry({
        kind: "note",
        text: say("not_answered", { reason: error.message }),
      });
      finish();
    }
  );
}

// Recommendation cards are long: scroll to where they start, not to the end of the last card.
function showReply(entries) {
  if (!entries.length) {
    // Rasa answers [] when a turn produced no message: say so rather than leave the user waiting.
    addEntry({ kind: "note", text: say("no_answer") });
    return;
  }
  var firstCards = null;
  entries.forEach(function (entry) {
    var node = addEntry(entry);
    if (entry.kind === "cards" && !firstCards) firstCards = node;
  });
  if (firstCards) log.scrollTop = firstCards.offsetTop - 8; // .cp-log is the offset parent
}

function finish() {
  sending = false;
  setTyping(false);
  pump();
}

function markPending() {
  outbox.forEach(function (item) {
    if (item.node) item.node.classList.add("cp-pending");
  });
}

function clearPending() {
  Array.prototype.forEach.call(log.querySelectorAll(".cp-pending"), function (node) {
    if (!outbox.some(function (item) { return item.node === node; })) node.classList.remove("cp-pending");
  });
}

function retryNow() {
  if (!sending && outbox.length) pump();
}

// A guided session opened from the counselor workspace carries a one-time ticket with
// "/guided_mode" (as message metadata): the bot binds the conversation to that counselor.
function messageBody(text) {
  var body = { sender: senderId(), message: text };
  if (pageConfig.guidedTicket && text === "/guided_mode") {
    body.metadata = { guided_ticket: String(pageConfig.guidedTicket) };
  }
  return body;
}

function postMessage(text) {
  var controller = window.AbortController ? new AbortController() : null;
  var timer = controller ? setTimeout(function () { controller.abort(); }, CONFIG.requestTimeoutMs) : null;
  return window
    .fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(messageBody(text)),
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
      function () {
        clearTimeout(timer);
        throw transportError("unreachable", true); // network down, refused, CORS refused or timed out
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
