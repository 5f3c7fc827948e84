"""CareerPath's Telegram connector for Rasa 3.6.

credentials.yml registers ``careerpath_rasa.channels.telegram.webhook.SecureTelegramInput``.

Why not Rasa's stock ``telegram`` connector:
- it calls ``setWebhook`` at start-up and ``getMe`` over the network for every update;
- it authenticates an update only by comparing the bot's own username, which anyone who
  knows the webhook URL can put into a forged update;
- with aiogram 2.15 + aiohttp 3.9 its Bot creates the HTTP session inside a short-lived
  start-up event loop, so every later webhook POST fails with "Event loop is closed".

The modules, in the order an update travels:

- ``settings``: configuration from the environment (secrets never live in committed files),
  including the delivery limits.
- ``webhook``: the input channel. Checks Telegram's secret header, records the update in
  the project database (a re-delivered update id is a duplicate, also after a restart or
  at another replica) and answers 200 at once.
- ``workers``: one background task per chat, holding the chat's lease in the database, so
  one chat's updates are handled - and its messages sent - one at a time, in order.
- ``updates``: reads and validates one Telegram Update (plain Python).
- ``turns``: handles one update: checks a button press against the buttons stored with the
  message, closes answered keyboards, notes edits of old messages, points groups to a
  private chat, and hands text to Rasa.
- ``output``: the output channel; turns Rasa's replies into outbox rows.
- ``delivery``: sends each chat's outbox in order within Telegram's limits, retrying 429s
  and transient errors, counting what it had to give up.
- ``documents``: a saved counselor report as a file with a short caption.
- ``bot_api``: a minimal Bot API client over aiohttp, its session made inside the loop
  that uses it.
- ``setup_webhook``: the command that registers the webhook (``make telegram-webhook``);
  the connector itself touches no network at start-up.

The records live in ``careerpath.delivery`` (tables ``chat_update``, ``chat_outbox``,
``chat_lease``; alembic revision 0004) in the database of ``DATABASE_URL``, the same one the
action server uses; Redis is not needed. Delivery is at least once: a process killed
between Telegram accepting a message and the outbox recording it sends that message again
after the restart, and a turn cut off by a kill (not by a normal stop, which lets it
finish) runs again.

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
