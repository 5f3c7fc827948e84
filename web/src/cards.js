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
