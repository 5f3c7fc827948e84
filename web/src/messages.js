// -------------------------------------------------------------- rendering
function renderEntry(entry) {
  switch (entry.kind) {
    case "user":
      return renderUser(entry);
    case "bot":
      return renderBot(entry);
    case "cards":
      return renderCards(entry);
    case "image":
      return renderImage(entry);
    default:
      // A note of the widget's own (entry.say: its key) is said in the language of the moment.
      return el("div", "cp-note", entry.say ? say(entry.say, entry.params) : entry.text || "");
  }
}

function renderUser(entry) {
  var row = el("div", "cp-row cp-row-user");
  if (entry.pending) {
    // Still in the outbox (sent again after a reload): marked until the server has it.
    row.setAttribute("data-key", String(entry.pending));
    if (outbox.some(function (item) { return item.key === entry.pending; })) row.classList.add("cp-pending");
  }
  var bubble = el("div", "cp-bubble cp-bubble-user");
  bubble.appendChild(el("span", "cp-sr", say("you")));
  bubble.appendChild(el("span", "cp-user-text", entry.text));
  bubble.appendChild(el("span", "cp-pending-mark", " · " + say("not_sent_yet")));
  row.appendChild(bubble);
  return row;
}

function renderBot(entry) {
  var row = el("div", "cp-row cp-row-bot");
  if (entry.text) {
    var bubble = el("div", "cp-bubble cp-bubble-bot");
    bubble.appendChild(el("span", "cp-sr", say("bot")));
    bubble.appendChild(richText(entry.text));
    row.appendChild(bubble);
  }
  var buttons = asList(entry.buttons);
  if (buttons.length) row.appendChild(renderButtons(entry, buttons));
  return row;
}

// Buttons marked `multiple` (the skills question) are chips: tap several, then "Send"; they go
// as one answer ("MS Excel, Tally"). The other buttons of the group answer at once.
function renderButtons(entry, buttons) {
  var group = el("div", "cp-quick");
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", say("suggested_replies"));
  var picked = [];
  var sendPicked = null;
  if (buttons.some(function (button) { return button.multiple; })) {
    sendPicked = el("button", "cp-quick-btn cp-send-picked", say("send_picked", { count: 0 }));
    sendPicked.type = "button";
    sendPicked.disabled = true;
    sendPicked.addEventListener("click", function () {
      if (entry.used || !picked.length) return;
      var chosen = picked.slice().sort(function (a, b) { return a - b; });
      markButtonsUsed(chosen, entry);
      send(chosen.map(function (i) { return buttons[i].payload; }).join(", "), {
        display: chosen.map(function (i) { return buttons[i].title; }).join(", "),
      });
    });
  }
  buttons.forEach(function (button, index) {
    var title = String(button.title || button.payload || "");
    var node = el("button", "cp-quick-btn", title);
    node.type = "button";
    if (entry.used) {
      node.disabled = true;
      if (isChosen(entry, index)) node.classList.add("cp-chosen");
    }
    if (button.multiple && !entry.used) {
      node.classList.add("cp-chip-pick");
      node.setAttribute("aria-pressed", "false");
      node.addEventListener("click", function () {
        if (entry.used) return;
        var at = picked.indexOf(index);
        if (at >= 0) picked.splice(at, 1);
        else picked.push(index);
        node.setAttribute("aria-pressed", String(at < 0));
        sendPicked.disabled = !picked.length;
        sendPicked.textContent = say("send_picked", { count: picked.length });
      });
      group.appendChild(node);
      return;
    }
    node.addEventListener("click", function () {
      if (entry.used) return;
      var payload = String(button.payload || title);
      if (CONFIG.guided && payload === GUIDED_START) return nextStudent();
      markButtonsUsed(index, entry);
      send(payload, { display: title });
    });
    group.appendChild(node);
  });
  if (sendPicked && !entry.used) group.appendChild(sendPicked);
  group.cpEntry = entry; // read back by markButtonsUsed
  return group;
}

function isChosen(entry, index) {
  return Array.isArray(entry.chosen) ? entry.chosen.indexOf(index) >= 0 : entry.chosen === index;
}

// Quick replies answer the question they came with: once the user answers (by click or typing),
// they are greyed out so an old button cannot derail the conversation later.
function markButtonsUsed(chosenIndex, chosenEntry) {
  var changed = false;
  transcript.forEach(function (entry) {
    if (entry.kind === "bot" && asList(entry.buttons).length && !entry.used) {
      entry.used = true;
      if (entry === chosenEntry) entry.chosen = chosenIndex;
      changed = true;
    }
  });
  if (!changed) return;
  saveTranscript();
  Array.prototype.forEach.call(log.querySelectorAll(".cp-quick"), function (group) {
    var entry = group.cpEntry;
    Array.prototype.forEach.call(group.querySelectorAll("button"), function (node, index) {
      node.disabled = true;
      if (entry && isChosen(entry, index)) node.classList.add("cp-chosen");
    });
    var leftover = group.querySelector(".cp-send-picked");
    if (leftover) group.removeChild(leftover);
  });
}

function renderImage(entry) {
  var row = el("div", "cp-row cp-row-bot");
  if (isHttpUrl(entry.url)) {
    var image = el("img", "cp-image");
    image.src = entry.url;
    image.alt = entry.alt || say("image_from");
    row.appendChild(image);
  }
  return row;
}
