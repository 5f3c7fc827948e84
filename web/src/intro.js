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
