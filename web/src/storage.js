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
