// ---------------------------------------------------------------- storage
// localStorage can be missing or throw (privacy modes, full quota); the chat still works in memory.
var memoryStore = {};
var store = {
  get: function (key, fallback) {
    var raw;
    try {
      raw = window.localStorage.getItem(CONFIG.storagePrefix + key);
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
      window.localStorage.setItem(CONFIG.storagePrefix + key, raw);
      return true;
    } catch (e) {
      return false;
    }
  },
  remove: function (key) {
    delete memoryStore[key];
    try {
      window.localStorage.removeItem(CONFIG.storagePrefix + key);
    } catch (e) {
      /* nothing stored, nothing to remove */
    }
  },
};

function newSenderId() {
  // getRandomValues works on plain-http pages too (randomUUID needs a secure context).
  var bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return "web-" + Array.prototype.map.call(bytes, function (b) {
    return ("0" + b.toString(16)).slice(-2);
  }).join("");
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
// Entries: {kind: "user"|"bot"|"cards"|"note"|"image", ...}; bot entries may carry buttons.
var transcript = loadTranscript();

function loadTranscript() {
  var saved = store.get("transcript", []);
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
