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
