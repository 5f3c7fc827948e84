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
  },
};

function say(key, params) {
  var table = UI_TEXT[CONFIG.lang] || UI_TEXT.en;
  var value = table[key] !== undefined ? table[key] : UI_TEXT.en[key];
  var values = params || {};
  return String(value).replace(/\{(\w+)\}/g, function (whole, name) {
    if (name === "title") return CONFIG.title;
    return values[name] !== undefined ? String(values[name]) : whole;
  });
}
