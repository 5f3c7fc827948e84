/*
 * CareerPath chat widget.
 *
 * BUILT FILE: edit web/src/*.js and web/src/widget.css, then run `.venv/bin/python web/build.py`
 * (tests/test_web_widget.py fails while this file is not what the build makes of them).
 *
 * Embed it in any page with ONE tag:
 *
 *   <script src="https://your.site/widget.js" data-server="https://bot.your.site" defer></script>
 *
 * It talks to Rasa's REST channel (POST {server}/webhooks/rest/webhook), keeps the conversation
 * across page reloads (sender id and a capped transcript in localStorage), and injects its own
 * styles inside a shadow root so the host page's CSS and ours cannot disturb each other.
 *
 * The same settings can come from `window.CareerPathConfig = {server, title, open, storageKey, lang}`
 * defined before the tag; they win over the attributes.
 *
 * Optional attributes on the script tag:
 *   data-title="CareerPath"        name shown in the header and launcher
 *   data-open="true"               open the panel when the page loads
 *   data-storage-key="careerpath"  localStorage prefix (two widgets on one site need different keys)
 *   data-lang="en"                 the widget's own words (default: the page's lang, else English)
 * Page URL `?mode=guided` starts the counselor's guided session ("/guided_mode").
 * Any element with a `data-careerpath-open` attribute opens the chat when clicked.
 *
 * Safety: user and bot text is only ever put in the page with textContent / DOM nodes, never innerHTML.
 */
(function () {
  "use strict";

  if (window.CareerPathChat) return; // the tag was included twice

  var script = document.currentScript || document.querySelector("script[data-server]");
  // window.CareerPathConfig (set by the page before this script runs) overrides the data-* attributes:
  // for sites that template their settings in script rather than in markup.
  var pageConfig = window.CareerPathConfig && typeof window.CareerPathConfig === "object" ? window.CareerPathConfig : {};
  var dataset = {};
  var attributes = (script && script.dataset) || {};
  ["server", "title", "open", "storageKey", "lang"].forEach(function (key) {
    var value = pageConfig[key] !== undefined ? pageConfig[key] : attributes[key];
    if (value !== undefined && value !== null) dataset[key] = String(value);
  });

  var CONFIG = {
    server: (dataset.server || "http://localhost:5005").replace(/\/+$/, ""),
    title: dataset.title || "CareerPath",
    lang: (dataset.lang || document.documentElement.lang || "en").toLowerCase().split("-")[0],
    storagePrefix: (dataset.storageKey || "careerpath") + ".",
    openOnLoad: dataset.open === "true",
    guided: new URLSearchParams(window.location.search).get("mode") === "guided",
    maxMessageChars: 1000, // longer input is refused in the box, with the limit said
    transcriptLimit: 150, // entries kept across reloads
    transcriptMaxChars: 400000, // and never more than this much JSON (localStorage is ~5 MB per origin)
    requestTimeoutMs: 60000, // Rasa may take a while on a cold action server
    retryDelaysMs: [1000, 2000, 4000, 8000, 15000, 30000],
  };
  var ENDPOINT = CONFIG.server + "/webhooks/rest/webhook";
  var GUIDED_START = "/guided_mode"; // the bot's "New guided session" button sends this

  // ------------------------------------------------------------------ wording
  // The widget's own words (buttons, labels, notes), by key and language. What the bot says comes
  // from the server, in the conversation's language; these follow CONFIG.lang (data-lang or
  // CareerPathConfig.lang), and a language or key missing here falls back to English.
  var UI_TEXT = {
    en: {
      unreachable: "Can't reach {title} right now — retrying…",
      not_answered: "Sorry, {title} couldn't answer that ({reason}). Please try again.",
      no_answer: "No answer this time. Try saying it another way, or ↺ to start over.",
      guided_started: "Counselor guided session started",
      launcher: "Chat with {title}",
      subtitle: "Career guidance for BPO & KPO roles",
      subtitle_guided: "Counselor guided session",
      new_conversation: "Start a new conversation",
      close: "Close chat",
      retry_now: "Retry now",
      conversation: "Conversation",
      typing: "{title} is typing",
      send_a_message: "Send a message",
      message_label: "Message {title}",
      placeholder: "Type your message…",
      send: "Send",
      dialog: "{title} chat",
      you: "You: ",
      bot: "{title}: ",
      suggested_replies: "Suggested replies",
      image_from: "Image from {title}",
      cards_heading: "Your top matches",
      recommendations: "Recommendations",
      recommendation: "Recommendation {rank}: {role}",
      first_steps: "First steps",
      good_to_know: "Good to know",
      role: "Role",
      skills_you_have: "Skills you have",
      skills_to_build: "Skills to build",
      start_as: "Start as: ",
      work: "Work: ",
      growth_path: "Growth path",
      years: "{years} yrs",
      tell_me_more: "Tell me more about this role",
      tell_me_more_about: "Tell me more about {role}",
      read_more: "Read more",
      show_less: "Show less",
      fit_strong: "Strong fit",
      fit_good: "Good fit",
      fit_possible: "Possible fit",
      fit_stretch: "Stretch",
      fit_unknown: "Match",
      percent_match: "{percent}% match",
      training_plan: "Training plan ({count})",
      for_skill: "for {skill}",
      weeks: "{weeks} weeks",
      certificate: "certificate",
      not_sent_yet: "not sent yet",
      send_picked: "Send ({count})",
      origin_refused:
        "{title} is running but does not accept messages from this page ({origin}). " +
        "The site's administrator must allow this address; see the browser console.",
      origin_refused_console:
        "CareerPath: the server refused this page's origin {origin} (CORS). Start Rasa with " +
        "--cors {origin} (or fix data-server). Messages stay queued; press Retry now after the fix.",
      too_long: "Your message is {count} characters long; the limit is {limit}. Please shorten it " +
        "(it is still in the box) or send it in parts.",
      confirm_reset: "Start a new conversation? This one will be kept above, folded.",
      confirm_reset_guided: "Start a new session? This student's conversation is cleared from the " +
        "screen (a saved report stays in the counselor workspace).",
      confirm_reset_yes: "Start new",
      cancel: "Cancel",
      previous_conversation: "Previous conversation ({count} messages)",
      student_name_label: "Student's name (optional, shown on the report)",
      student_name_placeholder: "e.g. Priya Sharma",
      start_session: "Start session",
      skip_name: "Skip",
      guided_started_for: "Counselor guided session started for {name}",
      switch_language: "हिन्दी",
      switch_language_label: "हिंदी में बात करें",
      switch_language_request: "हिंदी में बात करें",
    },
    hi: {
      unreachable: "{title} से अभी संपर्क नहीं हो पा रहा — फिर कोशिश कर रहे हैं…",
      not_answered: "माफ़ कीजिए, {title} इसका जवाब नहीं दे पाया ({reason})। फिर कोशिश कीजिए।",
      no_answer: "इस बार कोई जवाब नहीं आया। दूसरे शब्दों में लिखिए, या ↺ से नए सिरे से शुरू कीजिए।",
      guided_started: "Counselor guided session शुरू हुआ",
      launcher: "{title} से बात करें",
      subtitle: "BPO और KPO roles के लिए करियर सलाह",
      subtitle_guided: "Counselor guided session",
      new_conversation: "नई बातचीत शुरू करें",
      close: "Chat बंद करें",
      retry_now: "अभी फिर कोशिश करें",
      conversation: "बातचीत",
      typing: "{title} लिख रहा है",
      send_a_message: "Message भेजें",
      message_label: "{title} को message",
      placeholder: "अपना message लिखिए…",
      send: "भेजें",
      dialog: "{title} chat",
      you: "आप: ",
      bot: "{title}: ",
      suggested_replies: "सुझाए गए जवाब",
      image_from: "{title} की तस्वीर",
      cards_heading: "आपके सबसे अच्छे मैच",
      recommendations: "सुझाव",
      recommendation: "सुझाव {rank}: {role}",
      first_steps: "पहले कदम",
      good_to_know: "जानने लायक",
      role: "रोल",
      skills_you_have: "आपकी स्किल",
      skills_to_build: "सीखने वाली स्किल",
      start_as: "शुरुआत: ",
      work: "काम: ",
      growth_path: "आगे बढ़ने का रास्ता",
      years: "{years} साल",
      tell_me_more: "इस role के बारे में और बताइए",
      tell_me_more_about: "{role} के बारे में और बताइए",
      read_more: "और पढ़ें",
      show_less: "कम दिखाएँ",
      fit_strong: "बहुत अच्छा मैच",
      fit_good: "अच्छा मैच",
      fit_possible: "ठीक-ठाक मैच",
      fit_stretch: "थोड़ा मुश्किल",
      fit_unknown: "मैच",
      percent_match: "{percent}% मैच",
      training_plan: "ट्रेनिंग प्लान ({count})",
      for_skill: "{skill} के लिए",
      weeks: "{weeks} हफ़्ते",
      certificate: "सर्टिफ़िकेट",
      not_sent_yet: "अभी नहीं भेजा गया",
      send_picked: "भेजें ({count})",
      origin_refused:
        "{title} चल रहा है, पर इस page ({origin}) से messages नहीं ले रहा। " +
        "Site के administrator को यह address allow करना होगा; browser console देखिए।",
      origin_refused_console:
        "CareerPath: the server refused this page's origin {origin} (CORS). Start Rasa with " +
        "--cors {origin} (or fix data-server). Messages stay queued; press Retry now after the fix.",
      too_long: "आपका message {count} अक्षरों का है; सीमा {limit} है। इसे छोटा कीजिए " +
        "(यह अभी box में ही है) या हिस्सों में भेजिए।",
      confirm_reset: "नई बातचीत शुरू करें? यह बातचीत ऊपर मुड़ी हुई रखी रहेगी।",
      confirm_reset_guided: "नया session शुरू करें? इस student की बातचीत screen से हट जाएगी " +
        "(save हुई रिपोर्ट counselor workspace में रहेगी)।",
      confirm_reset_yes: "नया शुरू करें",
      cancel: "रद्द करें",
      previous_conversation: "पिछली बातचीत ({count} messages)",
      student_name_label: "Student का नाम (ज़रूरी नहीं, रिपोर्ट पर दिखेगा)",
      student_name_placeholder: "जैसे Priya Sharma",
      start_session: "Session शुरू करें",
      skip_name: "छोड़ें",
      guided_started_for: "{name} के लिए counselor guided session शुरू हुआ",
      switch_language: "English",
      switch_language_label: "Talk in English",
      switch_language_request: "Reply in English",
    },
  };

  // A language the student picked with the header's button outlives a reload (storage is
  // defined later, so it is read when the panel is built: applyStoredLanguage()).
  var LANGUAGES = ["en", "hi"];

  function say(key, params) {
    var table = UI_TEXT[CONFIG.lang] || UI_TEXT.en;
    var value = table[key] !== undefined ? table[key] : UI_TEXT.en[key];
    var values = params || {};
    return String(value).replace(/\{(\w+)\}/g, function (whole, name) {
      if (name === "title") return CONFIG.title;
      return values[name] !== undefined ? String(values[name]) : whole;
    });
  }

  // ---------------------------------------------------------------- storage
  // localStorage can be missing or throw (privacy modes, full quota); the chat still works in memory.
  // A guided session lives in sessionStorage instead: it survives a reload of its tab, but a new
  // tab or browser on a shared counselor computer never continues the previous student's chat.
  var memoryStore = {};
  var backing = null;
  try {
    backing = CONFIG.guided ? window.sessionStorage : window.localStorage;
  } catch (e) {
    backing = null;
  }
  var store = {
    get: function (key, fallback) {
      var raw;
      try {
        raw = backing.getItem(CONFIG.storagePrefix + key);
      } catch (e) {
        raw = memoryStore[key];
      }
      if (raw === null || raw === undefined) return fallback;
      try {
        return JSON.parse(raw);
      } catch (e) {
        return fallback;
      }
    },
    set: function (key, value) {
      var raw = JSON.stringify(value);
      memoryStore[key] = raw;
      try {
        backing.setItem(CONFIG.storagePrefix + key, raw);
        return true;
      } catch (e) {
        return false;
      }
    },
    remove: function (key) {
      delete memoryStore[key];
      try {
        backing.removeItem(CONFIG.storagePrefix + key);
      } catch (e) {
        /* nothing stored, nothing to remove */
      }
    },
  };

  function randomHex(bytesWanted) {
    // getRandomValues works on plain-http pages too (randomUUID needs a secure context).
    var bytes = new Uint8Array(bytesWanted);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function newSenderId() {
    return "web-" + randomHex(16);
  }

  function senderId() {
    var id = store.get("sender", null);
    if (typeof id !== "string" || !id) {
      id = newSenderId();
      store.set("sender", id);
    }
    return id;
  }

  // ------------------------------------------------------------- transcript
  // Entries: {kind: "user"|"bot"|"cards"|"note"|"image", ...}; bot entries may carry buttons; a
  // user entry still in the outbox carries its key as `pending`.
  var transcript = loadEntries("transcript");
  // The conversation before the last ↺, shown folded and greyed above the current one.
  var previous = loadEntries("previous");

  function loadEntries(key) {
    var saved = store.get(key, []);
    return Array.isArray(saved) ? saved.filter(isEntry) : [];
  }

  function isEntry(entry) {
    return entry && typeof entry === "object" && typeof entry.kind === "string";
  }

  function saveTranscript() {
    if (transcript.length > CONFIG.transcriptLimit) {
      transcript = transcript.slice(-CONFIG.transcriptLimit);
    }
    while (transcript.length > 1 && JSON.stringify(transcript).length > CONFIG.transcriptMaxChars) {
      transcript.shift();
    }
    if (!store.set("transcript", transcript) && transcript.length > 10) {
      transcript = transcript.slice(-10); // quota hit: keep the recent part rather than nothing
      store.set("transcript", transcript);
    }
  }

  function addEntry(entry) {
    transcript.push(entry);
    saveTranscript();
    var node = renderEntry(entry);
    log.appendChild(node);
    scrollToEnd();
    return node;
  }

  // --------------------------------------------------------------- DOM utils
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function asList(value) {
    return Array.isArray(value) ? value.filter(function (x) { return x !== null && x !== undefined && x !== ""; }) : [];
  }

  function isHttpUrl(value) {
    try {
      var url = new URL(String(value), window.location.href);
      return url.protocol === "http:" || url.protocol === "https:";
    } catch (e) {
      return false;
    }
  }

  // Bot text: plain text with line breaks, "•" / "-" bullet lines, **bold** and http(s) links.
  // Built from text nodes only, so nothing in the text can become markup.
  function richText(text) {
    var container = el("div", "cp-text");
    var list = null;
    String(text).split("\n").forEach(function (line) {
      var bullet = /^\s*(?:•|-|\*)\s+(.*)$/.exec(line);
      if (bullet) {
        if (!list) {
          list = el("ul", "cp-bullets");
          container.appendChild(list);
        }
        var item = el("li");
        appendInline(item, bullet[1]);
        list.appendChild(item);
        return;
      }
      list = null;
      var paragraph = el("p");
      if (line.trim() === "") paragraph.className = "cp-gap";
      appendInline(paragraph, line);
      container.appendChild(paragraph);
    });
    return container;
  }

  function appendInline(parent, line) {
    var pattern = /\*\*([^*]+)\*\*|(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)])/g;
    var last = 0;
    var match;
    while ((match = pattern.exec(line)) !== null) {
      if (match.index > last) parent.appendChild(document.createTextNode(line.slice(last, match.index)));
      if (match[1] !== undefined) {
        parent.appendChild(el("strong", null, match[1]));
      } else if (isHttpUrl(match[2])) {
        var link = el("a", null, match[2]);
        link.href = match[2];
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        parent.appendChild(link);
      } else {
        parent.appendChild(document.createTextNode(match[0]));
      }
      last = pattern.lastIndex;
    }
    if (last < line.length) parent.appendChild(document.createTextNode(line.slice(last)));
  }

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

  var FIT_KEYS = { strong: "fit_strong", good: "fit_good", possible: "fit_possible", stretch: "fit_stretch" };

  function renderCards(entry) {
    var group = el("section", "cp-cards");
    // A heading of the widget's own (saved by an older version) follows the language too.
    var own = [UI_TEXT.en.cards_heading, UI_TEXT.hi.cards_heading].indexOf(entry.heading) >= 0;
    var heading = entry.heading && !own ? entry.heading : say("cards_heading");
    group.setAttribute("aria-label", heading);
    group.appendChild(el("h3", "cp-cards-heading", heading));
    // "Show other options" (start > 0) continues the same advice: its summary was said already.
    var summary = Number(entry.start) > 0 ? {} : entry.summary || {};
    if (summary.text && summary.text !== heading) group.appendChild(el("p", "cp-cards-summary", summary.text));
    var reasons = asList(summary.reasons);
    if (reasons.length) {
      var list = el("ul", "cp-cards-reasons");
      reasons.forEach(function (reason) { list.appendChild(el("li", null, reason)); });
      group.appendChild(list);
    }
    var prerequisites = Number(entry.start) > 0 ? [] : asList(entry.prerequisites);
    if (prerequisites.length) {
      var first = el("div", "cp-prereq");
      first.appendChild(el("strong", null, say("first_steps")));
      var steps = el("ul");
      prerequisites.forEach(function (step) { steps.appendChild(el("li", null, step)); });
      first.appendChild(steps);
      group.appendChild(first);
    }
    var start = Number(entry.start) > 0 ? Number(entry.start) : 0;
    asList(entry.items).forEach(function (item, index) {
      if (item && typeof item === "object") group.appendChild(renderCard(item, index, start + index + 1));
    });
    var notes = asList(entry.notes);
    if (notes.length) {
      var good = el("div", "cp-notes");
      good.appendChild(el("strong", null, say("good_to_know")));
      var noteList = el("ul");
      notes.forEach(function (note) { noteList.appendChild(el("li", null, note)); });
      good.appendChild(noteList);
      group.appendChild(good);
    }
    return group;
  }

  // Compact on a phone: the first card of a message is open, the others show their name and fit
  // only, and open with a tap on their header.
  function renderCard(item, index, rank) {
    var name = String(item.name || item.role_type || say("role"));
    var card = el("article", "cp-card");
    card.setAttribute("aria-label", say("recommendation", { rank: rank, role: name }));

    var header = el("header", "cp-card-header");
    var heading = el("h4", "cp-card-heading");
    var toggle = el("button", "cp-card-toggle");
    toggle.type = "button";
    toggle.appendChild(el("span", "cp-rank", rank));
    toggle.appendChild(el("span", "cp-card-title", name));
    if (item.track) {
      var track = String(item.track);
      toggle.appendChild(el("span", "cp-badge cp-track-" + track.toLowerCase().replace(/[^a-z]/g, ""), track));
    }
    toggle.appendChild(icon("M6 9l6 6 6-6", "cp-chevron"));
    heading.appendChild(toggle);
    header.appendChild(heading);
    card.appendChild(header);
    card.appendChild(renderFit(item));

    var body = el("div", "cp-card-body");
    var open = index === 0;
    function setOpen(value) {
      open = value;
      body.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      card.classList.toggle("cp-folded", !open);
    }
    toggle.addEventListener("click", function () { setOpen(!open); });
    setOpen(open);
    card.appendChild(body);

    if (item.why) body.appendChild(renderWhy(String(item.why)));

    var education = item.education_fit;
    if (education && education.note && education.status && education.status !== "meets") {
      body.appendChild(el("p", "cp-edu cp-edu-" + String(education.status).replace(/[^a-z]/g, ""), education.note));
    }

    appendChips(body, say("skills_you_have"), asList(item.matched_skills), "cp-chip-have", "✓ ");
    appendChips(body, say("skills_to_build"), asList(item.missing_skills), "cp-chip-gap", "+ ");

    var entryRoles = asList(item.entry_roles);
    if (entryRoles.length) {
      var start = el("p", "cp-entry");
      start.appendChild(el("strong", null, say("start_as")));
      start.appendChild(document.createTextNode(entryRoles.join(", ")));
      body.appendChild(start);
    }

    // "voice or non-voice · day shifts": the knowledge base's values as words, from the bot's catalog.
    var workStyle = typeof item.work === "string" ? item.work : "";
    if (workStyle) {
      var style = el("p", "cp-entry");
      style.appendChild(el("strong", null, say("work")));
      style.appendChild(document.createTextNode(workStyle));
      body.appendChild(style);
    }

    var path = growthSteps(item);
    if (path.length) {
      var section = el("div", "cp-section");
      section.appendChild(el("h5", "cp-section-title", say("growth_path")));
      var steps = el("ol", "cp-path");
      path.forEach(function (step) {
        var node = el("li", "cp-step");
        node.appendChild(el("span", "cp-step-role", step.title));
        if (step.years) node.appendChild(el("span", "cp-step-years", say("years", { years: step.years })));
        steps.appendChild(node);
      });
      section.appendChild(steps);
      body.appendChild(section);
    }

    var training = renderTraining(asList(item.training));
    if (training) body.appendChild(training);

    var more = el("button", "cp-card-more", say("tell_me_more"));
    more.type = "button";
    more.setAttribute("aria-label", say("tell_me_more_about", { role: name }));
    more.addEventListener("click", function () {
      // An intent payload, like the bot's own buttons, so the click never depends on NLU.
      var payload = item.role_type
        ? "/ask_role_details" + JSON.stringify({ role_type: String(item.role_type) })
        : say("tell_me_more_about", { role: name });
      send(payload, { display: say("tell_me_more_about", { role: name }) });
    });
    body.appendChild(more);
    return card;
  }

  // The steps as data ({title, years}); cards saved before the bot sent them have display texts only.
  function growthSteps(item) {
    var typed = asList(item.growth_steps).filter(function (step) { return step && typeof step === "object" && step.title; });
    if (typed.length) {
      return typed.map(function (step) { return { title: String(step.title), years: step.years ? String(step.years) : "" }; });
    }
    return asList(item.growth_path).map(function (step) { return { title: String(step), years: "" }; });
  }

  // The reasoning is the point of a recommendation, but long: three lines, then "Read more".
  var WHY_CLAMP_CHARS = 220;
  function renderWhy(text) {
    var box = el("div", "cp-why-box");
    var why = el("p", "cp-why", text);
    box.appendChild(why);
    if (text.length > WHY_CLAMP_CHARS) {
      why.classList.add("cp-clamped");
      var toggle = el("button", "cp-why-toggle", say("read_more"));
      toggle.type = "button";
      toggle.setAttribute("aria-expanded", "false");
      toggle.addEventListener("click", function () {
        var expanded = why.classList.toggle("cp-clamped") === false;
        toggle.textContent = expanded ? say("show_less") : say("read_more");
        toggle.setAttribute("aria-expanded", String(expanded));
      });
      box.appendChild(toggle);
    }
    return box;
  }

  function renderFit(item) {
    var fit = String(item.fit || "").toLowerCase();
    var box = el("div", "cp-fit cp-fit-" + fit.replace(/[^a-z]/g, ""));
    box.appendChild(el("span", "cp-fit-label", FIT_KEYS[fit] ? say(FIT_KEYS[fit]) : item.fit || say("fit_unknown")));
    var score = Number(item.score);
    if (isFinite(score)) {
      var percent = Math.max(0, Math.min(100, Math.round(score * 100)));
      var bar = el("span", "cp-fit-bar");
      bar.setAttribute("role", "img");
      bar.setAttribute("aria-label", say("percent_match", { percent: percent }));
      var fill = el("span", "cp-fit-fill");
      fill.style.width = percent + "%";
      bar.appendChild(fill);
      box.appendChild(bar);
      box.appendChild(el("span", "cp-fit-score", percent + "%"));
    }
    return box;
  }

  function appendChips(card, title, values, className, prefix) {
    if (!values.length) return;
    var section = el("div", "cp-section");
    section.appendChild(el("h5", "cp-section-title", title));
    var chips = el("ul", "cp-chips");
    values.forEach(function (value) {
      var chip = el("li", "cp-chip " + className);
      chip.appendChild(el("span", "cp-chip-mark", prefix)).setAttribute("aria-hidden", "true");
      chip.appendChild(document.createTextNode(String(value)));
      chips.appendChild(chip);
    });
    section.appendChild(chips);
    card.appendChild(section);
  }

  function renderTraining(plan) {
    var rows = [];
    plan.forEach(function (skillPlan) {
      asList(skillPlan && skillPlan.courses).slice(0, 2).forEach(function (course) {
        rows.push({ skill: skillPlan.skill, course: course });
      });
    });
    if (!rows.length) return null;
    var details = el("details", "cp-training");
    details.appendChild(el("summary", null, say("training_plan", { count: rows.length })));
    var list = el("ul");
    rows.forEach(function (row) {
      var course = row.course || {};
      var item = el("li");
      item.appendChild(el("strong", null, course.title || row.skill));
      var facts = [];
      if (row.skill && course.title) facts.push(say("for_skill", { skill: row.skill }));
      if (course.duration_weeks) facts.push(say("weeks", { weeks: course.duration_weeks }));
      if (course.mode) facts.push(course.mode);
      if (course.provider) facts.push(course.provider);
      if (course.certification) facts.push(say("certificate"));
      if (facts.length) item.appendChild(el("span", "cp-muted", " — " + facts.join(" · ")));
      list.appendChild(item);
    });
    details.appendChild(list);
    return details;
  }

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

  // Built from web/src/widget.css, one string per line.
  var CSS = [
    ":host { all: initial; }",
    ":host, * { box-sizing: border-box; }",
    ":host {",
    "  --cp-primary: #2347a8; --cp-primary-dark: #17307a; --cp-ink: #1b2333; --cp-muted: #5b6578;",
    "  --cp-line: #e3e7ef; --cp-soft: #f4f6fb; --cp-focus: #f59e0b; --cp-radius: 16px;",
    "  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;",
    "  font: 15px/1.45 system-ui, -apple-system, \"Segoe UI\", Roboto, \"Noto Sans\", \"Noto Sans Devanagari\",",
    "    \"Nirmala UI\", \"Mangal\", Arial, sans-serif;",
    "  color: var(--cp-ink);",
    "}",
    "button, textarea { font: inherit; color: inherit; }",
    ":focus-visible { outline: 3px solid var(--cp-focus); outline-offset: 2px; }",
    "[hidden] { display: none !important; }",
    ".cp-sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;",
    "  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }",
    "",
    ".cp-launcher { display: flex; align-items: center; gap: 10px; margin-left: auto; padding: 12px 20px 12px 16px;",
    "  border: 0; border-radius: 999px; background: var(--cp-primary); color: #fff; font-weight: 600; cursor: pointer;",
    "  box-shadow: 0 8px 24px rgba(23, 48, 122, .35); }",
    ".cp-launcher:hover { background: var(--cp-primary-dark); }",
    ".cp-icon { width: 22px; height: 22px; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round;",
    "  stroke-linejoin: round; }",
    ".cp-icon-chat { fill: currentColor; stroke: none; }",
    ".cp-icon-down, :host([data-open]) .cp-icon-chat { display: none; }",
    ":host([data-open]) .cp-icon-down { display: block; }",
    ":host([data-open]) .cp-launcher-text { display: none; }",
    ":host([data-open]) .cp-launcher { padding: 12px 14px; }",
    "",
    ".cp-panel { position: absolute; right: 0; bottom: 64px; width: 390px; height: min(640px, calc(100vh - 110px));",
    "  display: flex; flex-direction: column; background: #fff; border-radius: var(--cp-radius); overflow: hidden;",
    "  box-shadow: 0 18px 50px rgba(15, 23, 42, .28); border: 1px solid var(--cp-line);",
    "  animation: cp-rise .18s ease-out; }",
    "@keyframes cp-rise { from { transform: translateY(12px); } to { transform: none; } }",
    "",
    ".cp-header { display: flex; align-items: center; gap: 6px; padding: 14px 12px 14px 18px;",
    "  background: linear-gradient(135deg, var(--cp-primary), var(--cp-primary-dark)); color: #fff; }",
    ".cp-titles { flex: 1; min-width: 0; }",
    ".cp-title { margin: 0; font-size: 17px; font-weight: 700; }",
    ".cp-subtitle { margin: 0; font-size: 12.5px; opacity: .85; }",
    ".cp-icon-btn { width: 40px; height: 40px; border: 0; border-radius: 10px; background: rgba(255,255,255,.12);",
    "  color: #fff; font-size: 20px; line-height: 1; cursor: pointer; }",
    ".cp-icon-btn:hover { background: rgba(255,255,255,.24); }",
    ".cp-lang-btn { min-width: 40px; height: 40px; padding: 0 10px; border: 1px solid rgba(255,255,255,.5);",
    "  border-radius: 10px; background: transparent; color: #fff; font-size: 13.5px; cursor: pointer; }",
    ".cp-lang-btn:hover { background: rgba(255,255,255,.18); }",
    ".cp-panel { overflow-wrap: break-word; }",
    "",
    ".cp-banner { display: flex; align-items: center; gap: 10px; padding: 10px 14px; background: #fff4e5;",
    "  color: #7a3e00; border-bottom: 1px solid #f6d3a6; font-size: 13.5px; }",
    ".cp-banner-text { flex: 1; }",
    ".cp-banner-retry { border: 1px solid #c76b00; background: #fff; color: #7a3e00; border-radius: 8px;",
    "  min-height: 40px; padding: 4px 12px; font-size: 13px; cursor: pointer; }",
    ".cp-confirm { display: flex; flex-wrap: wrap; align-items: center; justify-content: flex-end; gap: 8px; padding: 10px 14px;",
    "  background: #eef2fb; border-bottom: 1px solid var(--cp-line); font-size: 14px; }",
    ".cp-confirm-text { flex: 1 1 100%; }",
    ".cp-confirm button { min-height: 40px; padding: 6px 14px; border-radius: 10px; font-weight: 600; cursor: pointer; }",
    ".cp-confirm-no { border: 1.5px solid #c8cfdd; background: #fff; }",
    ".cp-confirm-yes { border: 0; background: var(--cp-primary); color: #fff; }",
    "",
    ".cp-log { position: relative; flex: 1; overflow-y: auto; padding: 16px 14px 8px; background: var(--cp-soft);",
    "  display: flex; flex-direction: column; gap: 10px; overscroll-behavior: contain; }",
    ".cp-row { display: flex; flex-direction: column; gap: 8px; }",
    ".cp-row-user { align-items: flex-end; }",
    ".cp-row-bot { align-items: flex-start; }",
    ".cp-bubble { max-width: 85%; padding: 10px 14px; border-radius: 18px; overflow-wrap: anywhere; }",
    ".cp-bubble-user { background: var(--cp-primary); color: #fff; border-bottom-right-radius: 6px; white-space: pre-wrap; }",
    ".cp-bubble-bot { background: #fff; border: 1px solid var(--cp-line); border-bottom-left-radius: 6px; }",
    ".cp-pending { opacity: .6; }",
    ".cp-pending-mark { display: none; font-size: 12px; opacity: .9; }",
    ".cp-pending .cp-pending-mark { display: inline; }",
    ".cp-text p { margin: 0; }",
    ".cp-text p.cp-gap { height: .5em; }",
    ".cp-text a { color: var(--cp-primary); }",
    ".cp-bullets { margin: 4px 0; padding-left: 1.2em; }",
    ".cp-bullets li { margin: 2px 0; }",
    ".cp-note { align-self: center; font-size: 12.5px; color: var(--cp-muted); background: #e9edf5;",
    "  padding: 4px 12px; border-radius: 999px; text-align: center; }",
    ".cp-image { max-width: 85%; border-radius: 12px; border: 1px solid var(--cp-line); }",
    "",
    ".cp-quick { display: flex; flex-wrap: wrap; gap: 8px; max-width: 100%; }",
    ".cp-quick-btn { border: 1.5px solid var(--cp-primary); background: #fff; color: var(--cp-primary);",
    "  min-height: 40px; padding: 7px 14px; border-radius: 999px; font-size: 14px; font-weight: 600; cursor: pointer; }",
    ".cp-quick-btn:hover:not(:disabled) { background: var(--cp-primary); color: #fff; }",
    ".cp-quick-btn:disabled { cursor: default; border-color: #c8cfdd; color: #8a93a6; background: transparent; }",
    ".cp-chip-pick[aria-pressed=\"true\"] { background: var(--cp-primary); color: #fff; }",
    ".cp-chip-pick[aria-pressed=\"true\"]::before { content: \"✓ \"; }",
    ".cp-chip-pick:hover:not(:disabled) { background: #e5ebfa; color: var(--cp-primary-dark); }",
    ".cp-chip-pick[aria-pressed=\"true\"]:hover:not(:disabled) { background: var(--cp-primary-dark); color: #fff; }",
    ".cp-send-picked:not(:disabled) { background: var(--cp-primary); color: #fff; }",
    ".cp-quick-btn.cp-chosen { border-color: var(--cp-primary); background: #e5ebfa; color: var(--cp-primary-dark); }",
    "",
    ".cp-typing { display: flex; gap: 5px; align-items: center; padding: 6px 18px 10px; background: var(--cp-soft); }",
    ".cp-dot { width: 8px; height: 8px; border-radius: 50%; background: #9aa3b5; animation: cp-blink 1.2s infinite both; }",
    ".cp-dot:nth-of-type(3) { animation-delay: .2s; }",
    ".cp-dot:nth-of-type(4) { animation-delay: .4s; }",
    "@keyframes cp-blink { 0%, 80%, 100% { opacity: .3; transform: scale(.8); } 40% { opacity: 1; transform: none; } }",
    "",
    ".cp-form { display: flex; gap: 8px; align-items: flex-end; padding: 10px 12px; border-top: 1px solid var(--cp-line); background: #fff; }",
    ".cp-input { flex: 1; resize: none; min-height: 42px; max-height: 120px; padding: 10px 14px; border-radius: 21px;",
    "  border: 1.5px solid #cdd4e2; background: #fff; line-height: 1.35; }",
    ".cp-input[aria-invalid=\"true\"] { border-color: #b42318; }",
    ".cp-input-hint { margin: 0; padding: 8px 14px; background: #fdecea; color: #8a1c12; font-size: 13px;",
    "  border-top: 1px solid #f5c2bd; }",
    ".cp-input:focus { border-color: var(--cp-primary); outline: none; box-shadow: 0 0 0 3px rgba(245, 158, 11, .55); }",
    ".cp-send { height: 42px; padding: 0 18px; border: 0; border-radius: 21px; background: var(--cp-primary); color: #fff;",
    "  font-weight: 600; cursor: pointer; }",
    ".cp-send:hover { background: var(--cp-primary-dark); }",
    "",
    ".cp-cards { align-self: stretch; display: flex; flex-direction: column; gap: 10px; }",
    ".cp-cards-heading { margin: 2px 2px 0; font-size: 15px; font-weight: 700; }",
    ".cp-cards-summary { margin: 0 2px; font-size: 13.5px; color: var(--cp-muted); }",
    ".cp-card { background: #fff; border: 1px solid var(--cp-line); border-radius: 14px; padding: 14px;",
    "  box-shadow: 0 2px 6px rgba(15, 23, 42, .05); display: flex; flex-direction: column; gap: 8px; }",
    ".cp-card-header { margin: -6px -8px 0; }",
    ".cp-card-heading { margin: 0; font-size: 15.5px; }",
    ".cp-card-toggle { display: flex; align-items: center; gap: 8px; width: 100%; min-height: 40px; padding: 4px 8px;",
    "  border: 0; border-radius: 10px; background: none; text-align: left; font-weight: 700; cursor: pointer; }",
    ".cp-card-toggle:hover { background: var(--cp-soft); }",
    ".cp-chevron { flex: none; width: 20px; height: 20px; color: var(--cp-muted); transition: transform .15s; }",
    ".cp-card-toggle[aria-expanded=\"true\"] .cp-chevron { transform: rotate(180deg); }",
    ".cp-card-body { display: flex; flex-direction: column; gap: 8px; }",
    ".cp-card-body[hidden] { display: none; }",
    ".cp-folded { gap: 4px; padding-bottom: 10px; }",
    ".cp-rank { flex: none; width: 24px; height: 24px; border-radius: 50%; background: var(--cp-primary); color: #fff;",
    "  font-size: 13px; font-weight: 700; display: grid; place-items: center; }",
    ".cp-card-title { flex: 1; margin: 0; font-size: 15.5px; font-weight: 700; line-height: 1.25; }",
    ".cp-badge { flex: none; font-size: 11.5px; font-weight: 700; letter-spacing: .04em; padding: 3px 8px; border-radius: 6px;",
    "  background: #eef1f6; color: #41506b; }",
    ".cp-track-bpo { background: #dff4f8; color: #0b6378; }",
    ".cp-track-kpo { background: #efe8ff; color: #5b21b6; }",
    ".cp-fit { display: flex; align-items: center; gap: 8px; font-size: 13px; font-weight: 600; --cp-fit: #6b7280; color: var(--cp-fit); }",
    ".cp-fit-strong { --cp-fit: #15803d; } .cp-fit-good { --cp-fit: #0f766e; }",
    ".cp-fit-possible { --cp-fit: #b45309; } .cp-fit-stretch { --cp-fit: #6b7280; }",
    ".cp-fit-bar { flex: 1; height: 6px; border-radius: 3px; background: #e8ebf2; overflow: hidden; }",
    ".cp-fit-fill { display: block; height: 100%; background: var(--cp-fit); border-radius: 3px; }",
    ".cp-fit-score { min-width: 3ch; text-align: right; }",
    ".cp-why { margin: 0; font-size: 13.5px; color: #334055; }",
    ".cp-why.cp-clamped { display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }",
    ".cp-why-toggle { border: 0; background: none; min-height: 40px; padding: 2px 0 0; color: var(--cp-primary);",
    "  font-size: 13px; font-weight: 600; cursor: pointer; }",
    ".cp-cards-reasons { margin: 0 2px; padding-left: 1.2em; font-size: 13px; color: var(--cp-muted); }",
    ".cp-prereq { margin: 0 2px; padding: 8px 12px; border-radius: 10px; background: #fff7e6; color: #6b4300; font-size: 13.5px; }",
    ".cp-prereq ul { margin: 4px 0 0; padding-left: 1.2em; }",
    ".cp-notes { margin: 0 2px; padding: 8px 12px; border-radius: 10px; background: #eef4ff; color: #23324f; font-size: 13px; }",
    ".cp-notes ul { margin: 4px 0 0; padding-left: 1.2em; }",
    ".cp-edu { margin: 0; font-size: 12.5px; padding: 6px 10px; border-radius: 8px; background: #fff7e6; color: #7a4b00; }",
    ".cp-entry { margin: 0; font-size: 13px; color: #334055; }",
    ".cp-section-title { margin: 2px 0 5px; font-size: 11.5px; font-weight: 700; text-transform: uppercase;",
    "  letter-spacing: .05em; color: var(--cp-muted); }",
    ".cp-chips { display: flex; flex-wrap: wrap; gap: 6px; margin: 0; padding: 0; list-style: none; }",
    ".cp-chip { font-size: 12.5px; padding: 3px 10px; border-radius: 999px; }",
    ".cp-chip-have { background: #e3f5e9; color: #166534; }",
    ".cp-chip-gap { background: #fdf0dc; color: #8a4b00; }",
    ".cp-chip-mark { font-weight: 700; }",
    ".cp-path { margin: 0; padding: 0; list-style: none; counter-reset: cp-step; font-size: 13px; }",
    ".cp-step { position: relative; display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 8px;",
    "  padding: 0 0 8px 28px; }",
    ".cp-step::before { counter-increment: cp-step; content: counter(cp-step); position: absolute; left: 0; top: 0;",
    "  width: 20px; height: 20px; border-radius: 50%; background: #e5ebfa; color: var(--cp-primary-dark);",
    "  font-size: 11px; font-weight: 700; display: grid; place-items: center; }",
    ".cp-step:not(:last-child)::after { content: \"\"; position: absolute; left: 9.5px; top: 21px; bottom: 1px;",
    "  border-left: 2px solid #d5ddf0; }",
    ".cp-step:last-child { padding-bottom: 0; }",
    ".cp-step-years { color: var(--cp-muted); font-size: 12px; }",
    ".cp-training { font-size: 13px; }",
    ".cp-training summary { display: flex; align-items: center; min-height: 40px; cursor: pointer; font-weight: 600;",
    "  color: var(--cp-primary); }",
    ".cp-training summary::before { content: \"▸\"; margin-right: 6px; }",
    ".cp-training[open] summary::before { content: \"▾\"; }",
    ".cp-training ul { margin: 6px 0 0; padding-left: 1.1em; }",
    ".cp-training li { margin: 3px 0; }",
    ".cp-muted { color: var(--cp-muted); }",
    ".cp-card-more { align-self: flex-start; margin-top: 2px; border: 0; background: none; min-height: 40px; padding: 4px 0;",
    "  color: var(--cp-primary); font-weight: 600; font-size: 13.5px; cursor: pointer; text-decoration: underline;",
    "  text-underline-offset: 3px; }",
    "",
    ".cp-previous { align-self: stretch; border: 1px dashed #c8cfdd; border-radius: 12px; background: #eceff5; }",
    ".cp-previous-summary { display: flex; align-items: center; min-height: 40px; padding: 6px 12px; cursor: pointer;",
    "  color: var(--cp-muted); font-size: 13.5px; font-weight: 600; }",
    ".cp-previous-log { display: flex; flex-direction: column; gap: 10px; padding: 6px 10px 12px; opacity: .6;",
    "  filter: grayscale(1); }",
    ".cp-name-form { align-self: stretch; display: flex; flex-direction: column; gap: 8px; padding: 12px 14px;",
    "  background: #fff; border: 1px solid var(--cp-line); border-radius: 14px; }",
    ".cp-name-label { font-size: 14px; font-weight: 600; }",
    ".cp-name-input { min-height: 42px; padding: 8px 12px; border: 1.5px solid #cdd4e2; border-radius: 10px; font: inherit; }",
    ".cp-name-buttons { display: flex; justify-content: flex-end; gap: 8px; }",
    ".cp-name-buttons button { min-height: 40px; padding: 6px 16px; border-radius: 10px; font-weight: 600; cursor: pointer; }",
    ".cp-name-skip { border: 1.5px solid #c8cfdd; background: #fff; }",
    ".cp-name-start { border: 0; background: var(--cp-primary); color: #fff; }",
    "",
    "/* Phones (412 px Android included): the chat takes the whole screen. */",
    "@media (max-width: 479.98px) {",
    "  :host { right: 12px; bottom: 12px; }",
    "  .cp-panel { position: fixed; inset: 0; width: 100vw; height: 100vh; height: 100dvh; border-radius: 0; border: 0; }",
    "  :host([data-open]) .cp-launcher { display: none; }",
    "  .cp-bubble { max-width: 92%; }",
    "}",
    "@media (prefers-reduced-motion: reduce) {",
    "  .cp-panel, .cp-dot { animation: none; }",
    "}",
  ].join("\n");

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
})();
