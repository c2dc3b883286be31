'use strict';
// The Bot API peer of Orbit's Telegram end-to-end test: telegram-test-api 4.2.1, started
// on a loopback port, with a thin layer of routes in front of its app that fills the gaps
// it has against python-telegram-bot 22 and nothing else:
//   getMe                     lacks is_bot (PTB then fails at start-up)       -> add it
//   getUpdates                callback queries lack chat_instance             -> add it
//                             an update is gone once fetched                  -> kept until
//                             a later call's offset confirms it (Telegram's rule)
//   sendMessage               returns its date in milliseconds               -> seconds
//   editMessageText/-Markup   answer null instead of the edited message       -> the message
//   setMyCommands             missing (getMyCommands too, to check the menu)  -> store them
//   sendPhoto                 missing                                         -> store it
// Every other method, the update queue and the client API are the emulator's own.
// EMULATOR_DELAY_MS=N makes every bot call that sends or edits take N ms more (a slow
// Bot API), so a crash test can kill the bot while its replies are on the way.
// Usage: node emulator.js  -> prints {"port": N} once listening on 127.0.0.1:N.
const http = require('http');
const express = require('express');
const TelegramServer = require('telegram-test-api');

const emulator = new TelegramServer({ host: '127.0.0.1', port: 1, storeTimeout: 3600 });
const commands = {};
const app = express();
app.use(express.json());
app.use(express.urlencoded({ extended: true }));

// Let the emulator's own route answer, then correct its answer on the way out.
const patch = (fix) => (req, res, next) => {
  const json = res.json.bind(res);
  res.json = (body) => json(body && body.ok ? { ...body, result: fix(body.result, req) } : body);
  next();
};
const seconds = (millis) => Math.floor(millis / 1000);
const chatOf = (message) => ({ id: Number(message.chat_id), first_name: 'Bot', type: 'private' });

const delay = Number(process.env.EMULATOR_DELAY_MS || 0);
if (delay > 0) {
  const slow = /^\/bot[^/]+\/(send|edit|answerCallbackQuery)/;
  app.use((req, res, next) => (slow.test(req.path) ? setTimeout(next, delay) : next()));
}

app.all('/bot:token/getMe', patch((me) => ({ ...me, is_bot: true })));
const withChatInstance = (update) => {
  const query = update.callback_query;
  if (!query || query.chat_instance) return update;
  const chat = query.message && query.message.chat ? query.message.chat.id : query.from.id;
  return { ...update, callback_query: { ...query, chat_instance: String(chat) } };
};
// Telegram keeps an update until getUpdates is called with an offset above its id.
app.all('/bot:token/getUpdates', (req, res) => {
  const params = { ...req.query, ...(req.body || {}) };
  const offset = Number(params.offset || 0);
  const limit = Number(params.limit || 100);
  const mine = emulator.storage.userMessages.filter((u) => u.botToken === req.params.token);
  for (const update of mine) {
    if (offset && update.updateId < offset) update.confirmed = true;
  }
  const pending = mine
    .filter((u) => !u.confirmed && (!offset || u.updateId >= offset))
    .sort((a, b) => a.updateId - b.updateId)
    .slice(0, limit);
  res.json({
    ok: true,
    result: pending.map((u) => withChatInstance(TelegramServer.formatUpdate(u))),
  });
});
app.all('/bot:token/sendMessage', patch((message) => ({ ...message, date: seconds(message.date) })));
const edited = patch((_null, req) => {
  const stored = emulator.storage.botMessages.find((u) => (
    String(u.messageId) === String(req.body.message_id)
    && String(u.message.chat_id) === String(req.body.chat_id)));
  if (!stored) return true;
  const markup = stored.message.reply_markup;
  return {
    ...stored.message,
    message_id: stored.messageId,
    date: seconds(stored.time),
    chat: chatOf(stored.message),
    reply_markup: markup && markup.inline_keyboard ? markup : undefined,
  };
});
app.all('/bot:token/editMessageText', edited);
app.all('/bot:token/editMessageReplyMarkup', edited);
// sendPhoto: the upload comes as multipart/form-data. Keep the fields and the file's
// size, store it as a bot message (caption, keyboard) like sendMessage does.
const formFields = (body, contentType) => {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType || '')[1];
  const fields = {};
  for (const part of body.toString('latin1').split(`--${boundary}`)) {
    const [head, ...rest] = part.split('\r\n\r\n');
    const name = /name="([^"]+)"/.exec(head || '');
    if (!name) continue;
    const value = rest.join('\r\n\r\n').replace(/\r\n$/, '');
    fields[name[1]] = /filename=/.test(head)
      ? { size: value.length }
      : Buffer.from(value, 'latin1').toString('utf8');
  }
  return fields;
};
app.post('/bot:token/sendPhoto', express.raw({ type: 'multipart/form-data', limit: '20mb' }),
  (req, res) => {
    const fields = Buffer.isBuffer(req.body)
      ? formFields(req.body, req.headers['content-type']) : req.body;
    const size = fields.photo && fields.photo.size ? fields.photo.size : 0;
    const stored = emulator.addBotMessage({ ...fields, photo: { size } }, req.params.token);
    res.json({
      ok: true,
      result: {
        ...stored,
        date: seconds(stored.date),
        photo: [{
          file_id: `photo${stored.message_id}`,
          file_unique_id: `p${stored.message_id}`,
          width: 1200,
          height: 1200,
          file_size: size,
        }],
      },
    });
  });
// One menu per language_code, as Telegram keeps them ('' is the default menu).
const menuKey = (req) => `${req.params.token}:${(req.body && req.body.language_code) || ''}`;
app.all('/bot:token/setMyCommands', (req, res) => {
  const list = req.body.commands;
  commands[menuKey(req)] = typeof list === 'string' ? JSON.parse(list) : list;
  res.json({ ok: true, result: true });
});
app.all('/bot:token/getMyCommands', (req, res) => {
  res.json({ ok: true, result: commands[menuKey(req)] || [] });
});
app.use(emulator.webServer);
// A bot killed mid-request (the crash tests do that) aborts its upload: not worth a trace.
app.use((err, req, res, next) => (err && err.type === 'request.aborted' ? res.end() : next(err)));

const listener = http.createServer(app).listen(0, '127.0.0.1', () => {
  emulator.started = true;
  process.stdout.write(`${JSON.stringify({ port: listener.address().port })}\n`);
});
const stop = () => listener.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
