const sessions = new Map();

function current(req, res) {
  const s = sessions.get(req.user.id);
  if (!s) return res.status(404).end();
  return res.json(s);
}

function create(req, res) {
  const session = { id: Date.now().toString(36), user: req.body.user };
  sessions.set(session.user, session);
  res.status(201).json(session);
}

module.exports = { current, create };
