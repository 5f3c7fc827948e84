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

// The language picked with the header's button wins over data-lang and the page's language.
var storedLanguage = store.get("lang", null);
if (LANGUAGES.indexOf(storedLanguage) >= 0) CONFIG.lang = storedLanguage;

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
// Switches the widget's words and asks the bot to answer in the other language.
var languageButton = el("button", "cp-lang-btn", say("switch_language"));
languageButton.type = "button";
languageButton.title = say("switch_language_label");
languageButton.setAttribute("aria-label", say("switch_language_label"));
header.appendChild(resetButton);
header.appendChild(languageButton);
header.appendChild(closeButton);

var banner = el("div", "cp-banner");
banner.hidden = true;
banner.setAttribute("role", "alert");
var bannerText = el("span", "cp-banner-text");
var bannerRetry = el("button", "cp-banner-retry", say("retry_now"));
bannerRetry.type = "button";
banner.appendChild(bannerText);
banner.appendChild(bannerRetry);

// ↺ asks first: a bar with Cancel focused, so a stray Enter or tap keeps the conversation.
var confirmBar = el("div", "cp-confirm");
confirmBar.hidden = true;
confirmBar.setAttribute("role", "alertdialog");
confirmBar.setAttribute("aria-label", say("new_conversation"));
confirmBar.appendChild(el("span", "cp-confirm-text", say(CONFIG.guided ? "confirm_reset_guided" : "confirm_reset")));
var confirmYes = el("button", "cp-confirm-yes", say("confirm_reset_yes"));
confirmYes.type = "button";
var confirmNo = el("button", "cp-confirm-no", say("cancel"));
confirmNo.type = "button";
confirmBar.appendChild(confirmNo);
confirmBar.appendChild(confirmYes);

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
input.placeholder = say("placeholder");
input.setAttribute("autocomplete", "off");
var sendButton = el("button", "cp-send", say("send"));
sendButton.type = "submit";
// Too long: said here, with the limit, and the text stays in the box (nothing is cut).
var inputHint = el("p", "cp-input-hint");
inputHint.id = "cp-input-hint";
inputHint.hidden = true;
inputHint.setAttribute("role", "alert");
input.setAttribute("aria-describedby", inputHint.id);
form.appendChild(label);
form.appendChild(input);
form.appendChild(sendButton);

panel.appendChild(header);
panel.appendChild(banner);
panel.appendChild(confirmBar);
panel.appendChild(log);
panel.appendChild(typing);
panel.appendChild(inputHint);
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

// The problem as its key ({ key, params }), so switching the language says it again.
var connectionProblem = null;
function setConnectionProblem(problem) {
  connectionProblem = problem;
  var text = problem && typeof problem === "object" ? say(problem.key, problem.params) : problem;
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
    // Opened from the counselor workspace, the student is named there already.
    if (pageConfig.guidedTicket) startGuided("");
    else askStudentName();
  } else if (!CONFIG.guided && !transcript.length && !outbox.length) {
    send("/greet", { silent: true });
  }
}

function startGuided(name) {
  store.set("guidedFor", senderId());
  var key = name ? "guided_started_for" : "guided_started";
  addEntry({ kind: "note", say: key, params: { name: name }, text: say(key, { name: name }) });
  send("/guided_mode", { silent: true, metadata: name ? { student_name: name } : null });
}

// The report names the student: the counselor may type the name first (or skip it).
var namePrompt = null;
function askStudentName() {
  if (namePrompt) return;
  namePrompt = el("form", "cp-name-form");
  var id = "cp-student-name";
  var nameLabel = el("label", "cp-name-label", say("student_name_label"));
  nameLabel.htmlFor = id;
  var nameInput = el("input", "cp-name-input");
  nameInput.id = id;
  nameInput.maxLength = 120;
  nameInput.autocomplete = "off";
  nameInput.placeholder = say("student_name_placeholder");
  var start = el("button", "cp-name-start", say("start_session"));
  start.type = "submit";
  var skip = el("button", "cp-name-skip", say("skip_name"));
  skip.type = "button";
  var buttons = el("div", "cp-name-buttons");
  buttons.appendChild(skip);
  buttons.appendChild(start);
  namePrompt.appendChild(nameLabel);
  namePrompt.appendChild(nameInput);
  namePrompt.appendChild(buttons);
  function begin(name) {
    if (namePrompt && namePrompt.parentNode) namePrompt.parentNode.removeChild(namePrompt);
    namePrompt = null;
    startGuided(String(name).split(/\s+/).join(" ").trim());
    input.focus();
  }
  namePrompt.addEventListener("submit", function (event) {
    event.preventDefault();
    begin(nameInput.value);
  });
  skip.addEventListener("click", function () { begin(""); });
  log.appendChild(namePrompt);
  nameInput.focus();
}

// A new conversation: a new sender id, an empty outbox. The old one stays readable above
// (folded, greyed) unless `forget` - the next student in guided mode sees nothing of the last.
function newConversation(forget) {
  conversation += 1;
  outbox = [];
  saveOutbox();
  clearTimeout(retryTimer);
  failures = 0;
  originRefused = false;
  setConnectionProblem(null);
  hideConfirm();
  store.set("sender", newSenderId());
  store.remove("guidedFor");
  previous = forget ? [] : transcript.slice(-CONFIG.transcriptLimit);
  if (!store.set("previous", previous)) store.remove("previous");
  transcript = [];
  saveTranscript();
  if (namePrompt && namePrompt.parentNode) namePrompt.parentNode.removeChild(namePrompt);
  namePrompt = null;
  while (log.firstChild) log.removeChild(log.firstChild);
  renderPrevious();
  if (isOpen()) startConversationIfNew();
  input.value = "";
  checkLength();
  if (isOpen()) input.focus();
}

// A student's old conversation stays readable; a guided session's is cleared (the next
// student at a counselor's desk sees nothing of the last).
function reset() {
  newConversation(CONFIG.guided);
}

// Guided mode's "New guided session" / next student: a fresh conversation and a clean screen.
// A workspace page sends the counselor back to start the next session with its own ticket.
function nextStudent() {
  if (typeof pageConfig.nextStudentUrl === "string" && pageConfig.nextStudentUrl) {
    newConversation(true);
    window.location.assign(pageConfig.nextStudentUrl);
    return;
  }
  newConversation(true);
}

function renderPrevious() {
  if (!previous.length) return;
  var box = el("details", "cp-previous");
  box.appendChild(el("summary", "cp-previous-summary", say("previous_conversation", { count: previous.length })));
  var inner = el("div", "cp-previous-log");
  previous.forEach(function (entry) {
    inner.appendChild(renderEntry(entry.kind === "bot" ? Object.assign({}, entry, { used: true }) : entry));
  });
  // Read only: its answers belong to a conversation that is over.
  Array.prototype.forEach.call(inner.querySelectorAll(".cp-quick-btn, .cp-card-more"), function (node) {
    node.disabled = true;
  });
  Array.prototype.forEach.call(inner.querySelectorAll(".cp-pending"), function (node) {
    node.classList.remove("cp-pending");
  });
  box.appendChild(inner);
  log.appendChild(box);
}

function showConfirm() {
  confirmBar.hidden = false;
  confirmNo.focus();
}

function hideConfirm() {
  confirmBar.hidden = true;
}

function checkLength() {
  var count = input.value.length;
  var tooLong = count > CONFIG.maxMessageChars;
  inputHint.hidden = !tooLong;
  inputHint.textContent = tooLong ? say("too_long", { count: count, limit: CONFIG.maxMessageChars }) : "";
  input.setAttribute("aria-invalid", String(tooLong));
  return !tooLong;
}

launcher.addEventListener("click", function () {
  if (isOpen()) close();
  else open();
});
closeButton.addEventListener("click", close);
languageButton.addEventListener("click", function () {
  var request = say("switch_language_request");
  CONFIG.lang = CONFIG.lang === "hi" ? "en" : "hi";
  store.set("lang", CONFIG.lang);
  relabel();
  send(request);
});

// Every word of the widget's own, again in CONFIG.lang, at once: the panel's fixed words and
// those inside the messages already shown (card labels, buttons' "Send", notes), which are
// drawn again from the transcript. What the bot said stays as it was said.
function relabel() {
  launcher.querySelector(".cp-launcher-text").textContent = say("launcher");
  panel.setAttribute("aria-label", say("dialog"));
  subtitle.textContent = say(CONFIG.guided ? "subtitle_guided" : "subtitle");
  languageButton.textContent = say("switch_language");
  languageButton.title = say("switch_language_label");
  languageButton.setAttribute("aria-label", say("switch_language_label"));
  [[resetButton, "new_conversation"], [closeButton, "close"]].forEach(function (pair) {
    pair[0].title = say(pair[1]);
    pair[0].setAttribute("aria-label", say(pair[1]));
  });
  bannerRetry.textContent = say("retry_now");
  confirmNo.textContent = say("cancel");
  confirmYes.textContent = say("confirm_reset_yes");
  confirmBar.querySelector(".cp-confirm-text").textContent = say(CONFIG.guided ? "confirm_reset_guided" : "confirm_reset");
  label.textContent = say("message_label");
  input.placeholder = say("placeholder");
  sendButton.textContent = say("send");
  typing.querySelector(".cp-sr").textContent = say("typing");
  form.setAttribute("aria-label", say("send_a_message"));
  log.setAttribute("aria-label", say("conversation"));
  if (!inputHint.hidden) checkLength();
  if (connectionProblem) setConnectionProblem(connectionProblem);
  host.setAttribute("lang", CONFIG.lang);
  redrawLog();
}

function redrawLog() {
  var typed = namePrompt ? namePrompt.querySelector("input").value : null;
  if (namePrompt && namePrompt.parentNode) namePrompt.parentNode.removeChild(namePrompt);
  namePrompt = null;
  while (log.firstChild) log.removeChild(log.firstChild);
  renderPrevious();
  transcript.forEach(function (entry) {
    log.appendChild(renderEntry(entry));
  });
  if (typed !== null) {
    askStudentName();
    namePrompt.querySelector("input").value = typed;
  }
  scrollToEnd();
}
resetButton.addEventListener("click", showConfirm);
confirmNo.addEventListener("click", function () {
  hideConfirm();
  input.focus();
});
confirmYes.addEventListener("click", reset);
bannerRetry.addEventListener("click", retryNow);
window.addEventListener("online", retryNow);
// Full-screen on a phone, the panel is modal: Tab cycles inside it instead of reaching the hidden page.
var phoneWidth = window.matchMedia ? window.matchMedia("(max-width: 479.98px)") : { matches: false };
panel.addEventListener("keydown", function (event) {
  if (event.key === "Escape" && !confirmBar.hidden) {
    event.preventDefault();
    hideConfirm();
    input.focus();
  } else if (event.key === "Escape") {
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
  if (!checkLength()) {
    input.focus();
    return;
  }
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
input.addEventListener("input", function () {
  autoGrow();
  if (!inputHint.hidden || input.value.length > CONFIG.maxMessageChars) checkLength();
});
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
renderPrevious();
transcript.forEach(function (entry) {
  log.appendChild(renderEntry(entry));
});

function mount() {
  document.body.appendChild(host);
  if (CONFIG.openOnLoad || CONFIG.guided || store.get("open", false)) open();
  // Messages left unsent by the last page (a reload, the server down): sent now, once.
  if (outbox.length) {
    showPending();
    pump();
  }
}

if (document.body) mount();
else document.addEventListener("DOMContentLoaded", mount);

window.CareerPathChat = {
  open: open,
  close: close,
  reset: reset,
  nextStudent: nextStudent,
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
