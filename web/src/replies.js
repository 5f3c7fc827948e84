// ------------------------------------------------------ reply → entries
// A bot message is text (with buttons), an image, or a recommendation card. A card message
// carries all that is said with it - the cards, then the text after them and the buttons that
// answer it (careerpath/conversation/cards.py) - so nothing here has to guess what belongs together.
function entriesFromReply(messages) {
  var entries = [];
  asList(messages).forEach(function (message) {
    if (!message || typeof message !== "object") return;
    var buttons = normaliseButtons(message.buttons || message.quick_replies);
    if (message.text || buttons.length) {
      entries.push({ kind: "bot", text: message.text ? String(message.text) : "", buttons: buttons });
    }
    if (message.image) entries.push({ kind: "image", url: String(message.image) });
    var custom = message.custom && typeof message.custom === "object" ? message.custom : null;
    if (custom && custom.type === "recommendations") {
      entries.push(cardsEntry(custom));
      var after = normaliseButtons(custom.buttons);
      if (custom.text || after.length) {
        entries.push({ kind: "bot", text: custom.text ? String(custom.text) : "", buttons: after });
      }
    } else if (custom && typeof custom.text === "string" && custom.text) {
      entries.push({ kind: "bot", text: custom.text });
    }
  });
  return entries;
}

function cardsEntry(custom) {
  var summary = custom.summary && typeof custom.summary === "object" ? custom.summary : {};
  return {
    kind: "cards",
    // No heading of its own: the widget's "Your top matches", said in the language of the moment.
    heading: custom.heading ? String(custom.heading) : "",
    start: Number(custom.start) > 0 ? Math.floor(Number(custom.start)) : 0,
    summary: { text: summary.text ? String(summary.text) : "", reasons: asList(summary.reasons).map(String) },
    prerequisites: asList(custom.prerequisites).map(String),
    notes: asList(custom.notes).map(String),
    items: asList(custom.items).filter(function (item) { return item && typeof item === "object"; }),
  };
}

function normaliseButtons(buttons) {
  return asList(buttons)
    .filter(function (b) { return b && typeof b === "object" && (b.title || b.payload); })
    .map(function (b) {
      var button = { title: String(b.title || b.payload), payload: String(b.payload || b.title) };
      if (b.multiple === true) button.multiple = true; // one of several to pick (skills)
      return button;
    });
}
