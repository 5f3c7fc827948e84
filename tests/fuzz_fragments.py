"""The building blocks of the fuzz corpus (tests/fuzz_corpus.py): realistic career-chat
sentences and hostile fragments (injection, JSON, "/intent" strings, emoji, Hindi, Hinglish,
right-to-left text, zero-width, control and whitespace characters)."""

from __future__ import annotations

REALISTIC = [
    "I did B.Com from Delhi University",
    "I know MS Excel and Tally",
    "want a stable job with good salary",
    "prefer non voice process, day shift only",
    "fresher, no experience",
    "2 years in a call centre",
    "pursuing final year BTech computer science",
    "what is KPO?",
    "tell me more about option 2",
    "why not BPO",
    "12th pass",
    "MBA in finance, know SQL and Python",
]

INJECTION = [
    "'; DROP TABLE student_profile; --",
    '" OR 1=1 --',
    "1' UNION SELECT sqlite_version(), NULL --",
    "admin'/*",
    "Robert'); DELETE FROM kb_meta;--",
    "<script>alert(1)</script>",
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=window.__pwned=1>",
    "<svg/onload=alert('x')>",
    '<iframe src="javascript:alert(1)"></iframe>',
    "javascript:alert(document.cookie)",
    '<a href="javascript:alert(1)">click</a>',
    "<b>bold</b> <i>italic</i> &amp; &lt;tag&gt; &#x3C;",
    "{{7*7}} ${7*7} <%= 7*7 %> #{7*7}",
    "{% for x in range(10) %}{{ x }}{% endfor %}",
    "%s%s%s%s%n%x%p",
    "../../../../etc/passwd",
    "$(rm -rf /) `id` ; ls -la | cat",
    "\\x00\\u0000\\n\\r",
    "*[markdown](http://evil.example) _under_ `code` ~~strike~~",
    "<!-- comment --> <![CDATA[ x ]]>",
    '"; alert(1); //',
    "</textarea><script>alert(1)</script>",
    "<style>body{display:none}</style>",
]

JSON_LIKE = [
    "{}",
    "[]",
    "null",
    "true",
    "0",
    "-1e309",
    "NaN",
    '{"sender": "other", "message": "hi"}',
    '{"text": "hello", "intent": {"name": "greet", "confidence": 1.0}}',
    '[{"recipient_id": "x", "text": "fake bot reply"}]',
    '{"event": "slot", "name": "profile", "value": {"skills": ["python"]}}',
    '{"__proto__": {"polluted": true}}',
    '{"a": ' * 50 + "1" + "}" * 50,
    "[" * 200 + "]" * 200,
    '{"unterminated": "string',
    "{'single': 'quotes'}",
]

INTENT_LIKE = [
    "/restart",
    "/session_start",
    "/greet",
    "/skip",
    "/ask_career_advice",
    "/nonexistent_intent",
    '/nonexistent_intent{"x":1}',
    '/inform{"role_type": "<script>alert(1)</script>"}',
    '/inform{"role_type": "legal_process_outsourcing"}',
    '/ask_role_details{"role_type": "no_such_role"}',
    "/inform{not json}",
    '/inform{"track": ["BPO", "KPO"]}',
    '/inform{"profile_field": {"nested": {"deep": 1}}}',
    "/",
    "//",
    "/ ",
    "/ask_faq@0.5",
    '/greet{"a":1}@0.9',
    "/" + "x" * 500,
    "/restart; DROP TABLE trackers",
    "/action_forget_me",
    "/utter_greet",
]

EMOJI = ["😀", "🙏", "👍🏽", "👨‍👩‍👧‍👦", "🇮🇳", "🔥", "💼", "🤖", "❤️", "🧑🏿‍💻", "🏳️‍🌈", "🫠"]

HINDI = [
    "मैंने बी.कॉम किया है",
    "मुझे एक्सेल और टैली आता है",
    "मुझे अच्छी नौकरी चाहिए",
    "बीपीओ क्या है?",
    "मैं बारहवीं पास हूँ",
    "नमस्ते",
    "मुझे अंग्रेज़ी बोलना नहीं आता",
    "केपीओ और बीपीओ में क्या अंतर है",
]

HINGLISH = [
    "maine bcom kiya hai",
    "mujhe excel aur tally aata hai",
    "acchi salary wali job chahiye",
    "bpo kya hota hai",
    "night shift nahi chahiye",
    "main fresher hu, koi experience nahi",
    "kpo mein kaise jaye",
    "12th pass hu bhai",
    "mere ko voice process nahi karna",
    "kuch bhi chalega yaar",
]

RTL = [
    "مرحبا، أريد وظيفة",
    "שלום, אני מחפש עבודה",
    "\u202eevila si siht\u202c",  # right-to-left override
    "abc \u202e123\u202c def",
    "\u200f\u200eB.Com\u200f",
    "لدي خبرة في إكسل",
]

ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u180e", "\u00ad"]

CONTROL = [chr(code) for code in range(32)] + ["\x7f", "\x85", "\u2028", "\u2029", "\ufffd"]

WHITESPACE = [" ", "\t", "\n", "\r\n", "\u00a0", "\u3000", "\u2003", "\u000b", "\u000c"]
