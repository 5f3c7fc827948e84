"""CareerPath's Telegram connector for Rasa 3.6.

credentials.yml registers ``careerpath_rasa.channels.telegram.webhook.SecureTelegramInput``.

Why not Rasa's stock ``telegram`` connector:
- it calls ``setWebhook`` at start-up and ``getMe`` over the network for every update;
- it authenticates an update only by comparing the bot's own username, which anyone who
  knows the webhook URL can put into a forged update;
- with aiogram 2.15 + aiohttp 3.9 its Bot creates the HTTP session inside a short-lived
  start-up event loop, so every later webhook POST fails with "Event loop is closed".

The modules, in the order an update travels:

- ``settings``: configuration from the environment (secrets never live in committed files).
- ``webhook``: the input channel. Checks Telegram's secret header, deduplicates
  re-deliveries and hands text to Rasa; answers media, unknown commands and expired
  buttons itself.
- ``updates``: reads and validates one Telegram Update (plain Python).
- ``output``: the output channel that sends Rasa's replies to the chat.
- ``bot_api``: a minimal Bot API client over aiohttp, its session made inside the loop
  that uses it.
- ``setup_webhook``: the command that registers the webhook (``make telegram-webhook``);
  the connector itself touches no network at start-up.

This package's ``__init__`` imports nothing, so the set-up command loads neither Rasa nor
the patches.

Conversation ids are namespaced: chat 777001 is Rasa sender ``"tg:777001"``
(careerpath/senders.py). Rasa keys conversations by sender id alone, so a bare chat id
would let a REST client that sends ``"sender": "777001"`` read and continue this user's
chat; the REST channel refuses ids in the ``tg:`` namespace. The output channel maps the
sender id back to the chat id and sends nothing to an id outside the namespace.

Only private chats are served: in groups the bot would see (or be asked about) other
people's conversations, and a career profile is personal.
"""
