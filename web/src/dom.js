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
