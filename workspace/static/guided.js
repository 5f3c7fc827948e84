// The guided-session page: hands the chat widget its settings, then loads it.
// The one-time ticket arrives in the URL fragment (never sent to a server) and is removed
// from the address bar at once; a reload keeps working because the widget stores its
// conversation per session (storage key) and the ticket is bound on first use.
(function () {
  "use strict";
  var holder = document.getElementById("guided-session");
  var match = /(?:^|[#&])ticket=([A-Za-z0-9_-]{10,128})/.exec(window.location.hash);
  var key = "cp-guided-" + holder.getAttribute("data-session");
  var ticket = match ? match[1] : null;
  try {
    if (ticket) window.sessionStorage.setItem(key + ".ticket", ticket);
    else ticket = window.sessionStorage.getItem(key + ".ticket");
  } catch (e) {
    /* no sessionStorage: the ticket lives only in this page */
  }
  if (match) history.replaceState(null, "", window.location.pathname + window.location.search);
  window.CareerPathConfig = {
    server: holder.getAttribute("data-server"),
    title: "CareerPath",
    storageKey: key,
    open: "true",
    guidedTicket: ticket,
    // "New guided session" in the chat: the next student starts here, with their own ticket.
    nextStudentUrl: "/students",
  };
  var script = document.createElement("script");
  script.src = "/chat/widget.js";
  document.body.appendChild(script);
})();
