const express = require('express');
const usersRouter = require('./routes/users');
import billing from './routes/billing';

const app = express();
app.set('port', 3000);
console.log(app.get('port'));

app.get('/', (req, res) => res.send('home'));
app.get('/health', (req, res) => res.json({ ok: true }));
app.post("/login", login);
app.use('/users', usersRouter);
app.use('/billing', billing);
app.use('/static', require('./routes/static'));
// app.get('/commented', handler);

app.route('/books/:bookId')
  .get((req, res) => res.json({}))
  .put((req, res) => res.json({}))
  .delete((req, res) => res.sendStatus(204));

app.listen(app.get('port'));
