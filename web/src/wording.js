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
