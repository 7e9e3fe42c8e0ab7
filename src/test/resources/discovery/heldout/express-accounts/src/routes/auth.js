const express = require('express');

const router = express.Router();

router.post('/login', (req, res) => {
  const { username, password } = req.body || {};
  if (!username || !password) {
    return res.status(400).json({ error: 'username and password required' });
  }
  return res.json({ token: Buffer.from(username).toString('base64') });
});

router.post('/logout', (req, res) => {
  res.status(204).end();
});

module.exports = router;
