'use strict';

const express = require('express');
const path = require('path');

const accountsRouter = require('./routes/accounts');
const authRouter = require('./routes/auth');
// const legacyRouter = require('./routes/legacy');   // retired in 1.3, see CHANGELOG
const { requireAuth } = require('./middleware/auth');
const sessions = require('./sessions');

const app = express();
app.use(express.json());

app.get('/', (req, res) => {
  res.json({ service: 'accounts', docs: '/docs/index.html' });
});

// Static SPA assets, served by a catch-all under /static
app.get('/static/*', (req, res) => {
  res.sendFile(path.join(__dirname, '..', 'public', req.params[0]));
});

app
  .route('/api/sessions')
  .get(requireAuth, sessions.current)
  .post(sessions.create);

// Liveness probe – accepts whatever verb the LB sends
app.all('/api/ping', (req, res) => res.send('pong'));

app.use('/api/accounts', requireAuth, accountsRouter);
app.use('/api/auth', authRouter);
// app.use('/legacy', legacyRouter);

app.use((req, res) => {
  res.status(404).json({ error: `no route for ${req.method} ${req.path}` });
});

module.exports = app;
