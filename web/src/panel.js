// ---------------------------------------------------------------- the UI
// Icons are inline SVG: emoji fonts are missing on many machines and would show as boxes.
function icon(pathData, className) {
  var ns = "http://www.w3.org/2000/svg";
  var svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", "cp-icon " + className);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  var path = document.createElementNS(ns, "path");
  path.setAttribute("d", pathData);
  svg.appendChild(path);
  return svg;
}

var host = el("div");
host.id = "careerpath-chat";
var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
var style = el("style");
style.textContent = CSS;
root.appendChild(style);

var launcher = el("button", "cp-launcher");
launcher.type = "button";
launcher.setAttribute("aria-expanded", "false");
launcher.setAttribute("aria-controls", "cp-panel");
launcher.appendChild(icon("M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6A.5.5 0 0 1 5 19.2V16h0A2.5 2.5 0 0 1 4 13.5z", "cp-icon-chat"));
launcher.appendChild(icon("M6 9l6 6 6-6", "cp-icon-down"));
launcher.appendChild(el("span", "cp-launcher-text", say("launcher")));

var panel = el("div", "cp-panel");
panel.id = "cp-panel";
panel.hidden = true;
panel.setAttribute("role", "dialog");
panel.setAttribute("aria-label", say("dialog"));

var header = el("div", "cp-header");
var titles = el("div", "cp-titles");
titles.appendChild(el("h2", "cp-title", CONFIG.title));
var subtitle = el("p", "cp-subtitle", say(CONFIG.guided ? "subtitle_guided" : "subtitle"));
titles.appendChild(subtitle);
header.appendChild(titles);
var resetButton = el("button", "cp-icon-btn cp-reset", "↺");
resetButton.type = "button";
resetButton.title = say("new_conversation");
resetButton.setAttribute("aria-label", say("new_conversation"));
var closeButton = el("button", "cp-icon-btn cp-close", "×");
closeButton.type = "button";
closeButton.title = say("close");
closeButton.setAttribute("aria-label", say("close"));
header.appendChild(resetButton);
header.appendChild(closeButton);

var banner = el("div", "cp-banner");
banner.hidden = true;
banner.setAttribute("role", "alert");
var bannerText = el("span", "cp-banner-text");
var bannerRetry = el("button", "cp-banner-retry", say("retry_now"));
bannerRetry.type = "button";
banner.appendChild(bannerText);
banner.appendChild(bannerRetry);

var log = el("div", "cp-log");
log.setAttribute("role", "log");
log.setAttribute("aria-live", "polite");
log.setAttribute("aria-relevant", "additions");
log.setAttribute("aria-label", say("conversation"));
log.tabIndex = 0; // keyboard users can scroll the history

var typing = el("div", "cp-typing");
typing.hidden = true;
typing.setAttribute("role", "status");
typing.appendChild(el("span", "cp-sr", say("typing")));
for (var dot = 0; dot < 3; dot++) typing.appendChild(el("span", "cp-dot")).setAttribute("aria-hidden", "true");

var form = el("form", "cp-form");
form.setAttribute("aria-label", say("send_a_message"));
var inputId = "cp-input";
var label = el("label", "cp-sr", say("message_label"));
label.htmlFor = inputId;
var input = el("textarea", "cp-input");
input.id = inputId;
input.rows = 1;
input.maxLength = 1000;
input.placeholder = say("placeholder");
input.setAttribute("autocomplete", "off");
var sendButton = el("button", "cp-send", say("send"));
sendButton.type = "submit";
form.appendChild(label);
form.appendChild(input);
form.appendChild(sendButton);

panel.appendChild(header);
panel.appendChild(banner);
panel.appendChild(log);
panel.appendChild(typing);
panel.appendChild(form);
root.appendChild(panel);
root.appendChild(launcher);

function scrollToEnd() {
  log.scrollTop = log.scrollHeight;
}

function setTyping(on) {
  typing.hidden = !on;
  if (on) scrollToEnd();
}

function setConnectionProblem(text) {
  banner.hidden = !text;
  bannerText.textContent = text || "";
  panel.classList.toggle("cp-offline", !!text);
}

function isOpen() {
  return !panel.hidden;
}

function open() {
  if (isOpen()) {
    input.focus();
    return;
  }
  panel.hidden = false;
  panel.setAttribute("aria-modal", phoneWidth.matches ? "true" : "false");
  launcher.setAttribute("aria-expanded", "true");
  host.setAttribute("data-open", "true");
  store.set("open", true);
  scrollToEnd();
  input.focus();
  startConversationIfNew();
}

function close() {
  if (!isOpen()) return;
  panel.hidden = true;
  launcher.setAttribute("aria-expanded", "false");
  host.removeAttribute("data-open");
  store.set("open", false);
  launcher.focus();
}

// A first visit greets (or starts the counselor's guided session) without showing a user message.
function startConversationIfNew() {
  var sender = senderId();
  if (CONFIG.guided && store.get("guidedFor", null) !== sender) {
    store.set("guidedFor", sender);
    addEntry({ kind: "note", text: say("guided_started") });
    send("/guided_mode", { silent: true });
  } else if (!transcript.length && !outbox.length) {
    send("/greet", { silent: true });
  }
}

function reset() {
  conversation += 1;
  outbox = [];
  clearTimeout(retryTimer);
  failures = 0;
  setConnectionProblem(null);
  store.set("sender", newSenderId());
  store.remove("guidedFor");
  transcript = [];
  saveTranscript();
  while (log.firstChild) log.removeChild(log.firstChild);
  if (isOpen()) startConversationIfNew();
  input.focus();
}

launcher.addEventListener("click", function () {
  if (isOpen()) close();
  else open();
});
closeButton.addEventListener("click", close);
resetButton.addEventListener("click", reset);
bannerRetry.addEventListener("click", retryNow);
window.addEventListener("online", retryNow);
// Full-screen on a phone, the panel is modal: Tab cycles inside it instead of reaching the hidden page.
var phoneWidth = window.matchMedia ? window.matchMedia("(max-width: 400px)") : { matches: false };
panel.addEventListener("keydown", function (event) {
  if (event.key === "Escape") {
    event.preventDefault();
    close();
  } else if (event.key === "Tab" && phoneWidth.matches) {
    keepFocusInside(event);
  }
});

function keepFocusInside(event) {
  var focusable = Array.prototype.filter.call(
    panel.querySelectorAll("button, textarea, a[href], summary, [tabindex='0']"),
    function (node) { return !node.disabled && node.offsetParent !== null; }
  );
  if (!focusable.length) return;
  var first = focusable[0];
  var last = focusable[focusable.length - 1];
  var active = root.activeElement || document.activeElement;
  if (event.shiftKey && active === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
}
form.addEventListener("submit", function (event) {
  event.preventDefault();
  var text = input.value;
  if (!text.trim()) return;
  input.value = "";
  autoGrow();
  send(text);
  input.focus();
});
input.addEventListener("keydown", function (event) {
  // Enter sends; Shift+Enter makes a new line; never send mid-composition (IME input).
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
  }
});
input.addEventListener("input", autoGrow);
function autoGrow() {
  input.style.height = "auto";
  input.style.height = Math.min(input.scrollHeight, 120) + "px";
}
document.addEventListener("click", function (event) {
  var target = event.target && event.target.closest && event.target.closest("[data-careerpath-open]");
  if (target) {
    event.preventDefault();
    open();
  }
});

// History is rendered before the widget joins the page, so screen readers don't re-read it.
transcript.forEach(function (entry) {
  log.appendChild(renderEntry(entry));
});

function mount() {
  document.body.appendChild(host);
  if (CONFIG.openOnLoad || CONFIG.guided || store.get("open", false)) open();
}

if (document.body) mount();
else document.addEventListener("DOMContentLoaded", mount);

window.CareerPathChat = {
  open: open,
  close: close,
  reset: reset,
  send: function (text) {
    open();
    send(text);
  },
  senderId: senderId,
  // True while a message waits to be delivered or answered (pages and tests can wait on it).
  busy: function () {
    return sending || outbox.length > 0;
  },
};
